"""The report's "Trade by basis" section as data: :class:`TradeBasesSection` (``ReportData.trade_bases``).

Built by :mod:`multivector.report.trade_bases_section` from
:func:`multivector.panels.trade_spread.trade_spread`: for the latest years in which two or more full-year
figures exist for the country's trade with a power, every basis's figure side by side, labelled, the one
the assessment uses marked, and a sentence where they disagree by more than the threshold. Each figure
cites the dataset it was read from (``sources`` ids, resolved into ``citations`` like every figure of the
report); a cited figure also carries the ``url`` it was copied from.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from multivector.citations import Citation

__all__ = ["TradeBasesSection", "TradeBasisFigure", "TradeBasisRow"]

_SIDES = {"reporter": "the country's report", "partner": "the partner's report", "other": "a third party"}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class TradeBasisFigure(_Model):
    """One basis's figure for a flow: ``text`` is what the report prints (million USD), ``label`` whose
    figure it is (``BNS``, ``China (GACC)``), ``selected`` True for the one the assessment uses,
    ``compared`` False for a figure left out of the comparison (part of a year), ``vs_selected`` its
    distance from the selected figure (value / selected - 1)."""

    id: str
    label: str
    basis: str
    side: str
    reporter: str | None = None
    source: str | None = None
    period: str
    preliminary: bool = False
    selected: bool
    compared: bool
    value_musd: float
    text: str
    vs_selected: float | None = None
    url: str | None = None
    sources: list[str] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)

    def side_text(self) -> str:
        """Whose report the figure is, in words (both renderers print it)."""
        return _SIDES.get(self.side, self.side)

    def period_text(self) -> str:
        """``full year``, or the part of the year (``jan-sep``), and ``preliminary`` where it is."""
        text = "full year" if self.period == "full_year" else self.period.replace("_", "-")
        return f"{text}, preliminary" if self.preliminary else text


class TradeBasisRow(_Model):
    """The figures for one year, partner and flow (``total``: imports + exports), with their ``spread``
    (highest / lowest full-year figure - 1; ``None`` with fewer than two), whether it is above the
    section's threshold (``disagree``) and the sentence saying so (``note``)."""

    year: int
    partner: str
    partner_name: str
    flow: str
    figures: list[TradeBasisFigure]
    n_compared: int
    spread: float | None = None
    disagree: bool = False
    note: str | None = None


class TradeBasesSection(_Model):
    """The section: the ``years`` shown, the ``threshold`` above which a spread is a disagreement, the
    rule in words (``rule``), the rows and the disagreement sentences (``notes``, in row order)."""

    country: str
    years: list[int]
    threshold: float
    rule: str
    rows: list[TradeBasisRow]
    notes: list[str] = Field(default_factory=list)

    def entries(self) -> Iterator[TradeBasisFigure]:
        """Every figure of the section, in the order the report shows them."""
        for row in self.rows:
            yield from row.figures
