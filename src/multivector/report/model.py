"""The report's data model: every figure the report shows, with its source ids and resolved citations.

:class:`ReportData` is the single source of truth of a report. The HTML page, the Markdown file and the
JSON document are three renderings of the same object, so they hold the same figures: each number is a
:class:`Figure` whose ``text`` is exactly what the page prints and whose ``citations`` point into
:attr:`ReportData.sources`. The JSON schema is documented in ``docs/report.md``; it is versioned by
:data:`SCHEMA_VERSION` and only grows (new optional fields) within one version.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from multivector.citations import Citation
from multivector.report.claims_section import ClaimsChecked
from multivector.report.model_trade import TradeBasesSection

__all__ = [
    "SCHEMA_VERSION",
    "SINGLE_POWER_MARK",
    "Citation",
    "ClaimRow",
    "CompositeRow",
    "Figure",
    "FrontierPoint",
    "FrontierSection",
    "InfrastructureRow",
    "LineNote",
    "OverTime",
    "PoleShareRow",
    "ReportData",
    "SankeyLink",
    "ScenarioRow",
    "ScenarioSection",
    "SeriesLine",
    "SeriesPoint",
    "SummaryRow",
    "TieRow",
    "TimelineEntry",
    "format_number",
    "format_share",
    "make_figure",
]

#: Version of the JSON layout written by ``--format json``.
SCHEMA_VERSION = "2"
#: Printed after the balance of a dimension with one power quantified (``coverage_ok`` False): its balance
#: is 0 by construction, not by measurement (see :attr:`SummaryRow.single_power`).
SINGLE_POWER_MARK = "*"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Figure(_Model):
    """One number shown in the report.

    ``text`` is what the report prints (``"0.62"``, ``"43.1%"``, ``"about 400,000"``); ``value`` the
    number behind it (``None`` when missing); ``unit`` its unit; ``sources`` the source ids and
    ``citations`` the same sources resolved into entries of the sources list.
    """

    id: str
    section: str
    label: str
    value: float | None
    text: str
    unit: str | None = None
    year: int | None = None
    sources: list[str] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)


class SummaryRow(_Model):
    """One dimension of the assessment: the figure it uses (its year, origin data or casebook, evidence),
    with the flags that keep it out of the composite (:data:`multivector.assessment.FLAGS`)."""

    dimension: str
    label: str = ""
    year: int | None
    origin: str | None = None
    age: int | None = None
    evidence: str | None = None
    basis: str | None = None
    total_basis: str | None = None
    flags: list[str] = Field(default_factory=list)
    unit: str | None
    balance: Figure
    tilt_rus: Figure
    tilt_chn: Figure
    tilt_west: Figure
    tilt_strength: Figure
    tilt_lean: str | None
    largest_power: str | None
    largest_exposure: Figure
    power_share: Figure
    n_partners: int | None
    sources: list[str]
    #: How many of the four powers have a stated tie (:func:`multivector.indicators.balance`).
    n_powers_quantified: int | None = None
    #: False when the balance says nothing about the four powers: one power quantified, so the balance is
    #: 0 by construction (:func:`multivector.indicators.balance`); ``None`` on the composite row.
    coverage_ok: bool | None = None
    #: Whether the composite uses this dimension (``None`` on the composite row).
    in_composite: bool | None = None

    @property
    def single_power(self) -> bool:
        """The balance is 0 by construction (one power quantified): the report prints it with
        :data:`SINGLE_POWER_MARK` and a footnote."""
        return "single_power" in self.flags and self.balance.value is not None

    def figures(self) -> list[Figure]:
        """The numeric cells of the row, in table order."""
        return [
            self.balance,
            self.tilt_rus,
            self.tilt_chn,
            self.tilt_west,
            self.tilt_strength,
            self.largest_exposure,
            self.power_share,
        ]


class CompositeRow(SummaryRow):
    """The assessment's composite: ``as_of`` says which year each dimension contributes, ``weights`` the
    weights used and ``coverage`` the share of the comparable weight the figures cover; ``excluded`` names
    each dimension with a figure that the composite leaves out, and why (its first flag)."""

    as_of: str
    weights: dict[str, float]
    coverage: float | None
    dimensions_used: list[str]
    dimensions_excluded: list[str] = Field(default_factory=list)
    excluded: dict[str, str] = Field(default_factory=dict)


class PoleShareRow(_Model):
    """One row of the dimension x power heat map: the share of each pole (RUS, CHN, USA, EU27, OTHER)."""

    dimension: str
    year: int | None
    unit: str | None
    total_basis: str | None
    shares: dict[str, Figure]


class SeriesPoint(_Model):
    """A point of the ternary chart's path over time (one dimension, one year)."""

    dimension: str
    year: int | None
    tilt_rus: float
    tilt_chn: float
    tilt_west: float
    balance: float | None
    sources: list[str]


class LineNote(_Model):
    """A documented caveat on years of a line (:data:`multivector.report.movement.ARTEFACTS`)."""

    first_year: int
    last_year: int
    text: str
    documented: str


class SeriesLine(_Model):
    """One line of a chart over the years: ``values[i]`` belongs to ``years[i]``; ``None`` is a year the
    source does not cover (drawn as a gap, never as 0). ``sources`` are dataset ids (``data-unga``)."""

    key: str
    label: str
    years: list[int]
    values: list[float | None]
    extra: dict[str, list[float | None]] = Field(default_factory=dict)
    sources: list[str] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    #: How the balance is built (:data:`multivector.dimensions.CONSTRUCTIONS`); ``None`` for other lines.
    construction: str | None = None
    #: False for a balance on another scale than the shares of flows (the UN-vote equidistance): dotted.
    comparable: bool = True
    notes: list[LineNote] = Field(default_factory=list)


class OverTime(_Model):
    """Movement over the years, from :func:`multivector.assess_series`: the composite balance and tilt per
    year (``composite``, ``tilt``) with the year of every figure each year uses (``figure_years``), the
    composite's path on the ternary chart (``ternary``), each dimension's balance in the years it was
    measured (``balance``), and the UN General Assembly agreement with each power (``alignment``)."""

    country: str
    first_year: int
    last_year: int
    composite: list[SeriesLine] = Field(default_factory=list)
    tilt: list[SeriesLine] = Field(default_factory=list)
    figure_years: dict[str, dict[str, int]] = Field(default_factory=dict)
    balance: list[SeriesLine]
    alignment: list[SeriesLine]
    alignment_measure: str
    ternary: list[SeriesPoint]
    datasets: list[str]
    notes: list[str] = Field(default_factory=list)


class SankeyLink(_Model):
    """One flow of the rerouting Sankey: ``source`` channel -> ``target`` (a channel or ``lost``)."""

    source: str
    target: str
    volume: float
    unit: str | None
    kind: str


class ScenarioRow(_Model):
    """One preset scenario run at its defaults (``draws=0``): what is lost and rerouted, the balance and the
    largest exposure before and after, the binding limits, the tilt before/after and the flows. The
    figures are model outputs: they cite the sourced inputs; ``assumptions`` are the preset's assumptions."""

    name: str
    title: str
    dimension: str
    parameters: dict[str, float | int | bool]
    window_days: float
    lost: list[Figure]
    rerouted: list[Figure]
    value_lost: Figure
    balance_before: Figure
    balance_after: Figure
    exposure_before: Figure
    exposure_after: Figure
    largest_power_before: str | None
    largest_power_after: str | None
    tilt_before: list[float] | None
    tilt_after: list[float] | None
    binding: list[str]
    assumptions: list[str]
    links: list[SankeyLink]
    sources: list[str]
    citations: list[Citation] = Field(default_factory=list)

    def figures(self) -> list[Figure]:
        return [
            *self.lost,
            *self.rerouted,
            self.value_lost,
            self.balance_before,
            self.balance_after,
            self.exposure_before,
            self.exposure_after,
        ]


class FrontierPoint(_Model):
    """A point of the gains-vs-dependence frontier (:func:`multivector.scenarios.frontier`)."""

    epsilon: float
    gains: float
    balance: float | None
    largest_exposure: float
    lam: float | None


class FrontierSection(_Model):
    """The frontier of the dimension and the country's current position on it (figures cite the network's
    sources)."""

    dimension: str
    points: list[FrontierPoint]
    current_gains: Figure
    current_exposure: Figure
    current_balance: Figure
    gain_gap: Figure
    exposure_gap: Figure
    sources: list[str]

    def figures(self) -> list[Figure]:
        return [
            self.current_gains,
            self.current_exposure,
            self.current_balance,
            self.gain_gap,
            self.exposure_gap,
        ]


class ScenarioSection(_Model):
    """The scenario section: each preset's outcome and the frontier."""

    scenarios: list[ScenarioRow]
    frontier: FrontierSection | None
    assumptions_note: str


class TieRow(_Model):
    """One tie behind the profile: a stated value to one partner on one dimension."""

    tie_id: str | None
    dimension: str
    partner: str
    partner_name: str
    year: int | None
    kind: str | None
    basis: str | None
    value: Figure


class TimelineEntry(_Model):
    """A dated agreement, meeting or event of the casebook."""

    id: str
    date: str
    kind: str
    title: str
    parties: list[str]
    dimensions: list[str]
    place: str | None = None
    description: str | None = None
    amounts: list[Figure]
    sources: list[str]
    citations: list[Citation]


class InfrastructureRow(_Model):
    """A pipeline, route, port or cosmodrome: capacity, operator, owners, the states it crosses, the
    power it ties the country to and its latest stated flow."""

    id: str
    name: str
    kind: str
    dimension: str
    capacity: Figure | None
    operator: str | None
    owners: str
    crosses: list[str]
    pole: str | None
    latest_flow: Figure | None
    sources: list[str]
    citations: list[Citation]


class ClaimRow(_Model):
    """A statement as made, with its status: a claim is not a fact."""

    id: str
    statement: str
    speaker: str | None
    date: str | None
    status: str
    status_note: str | None
    amounts: list[Figure]
    sources: list[str]
    citations: list[Citation]


class ReportData(_Model):
    """Everything a report shows. Build it with :func:`multivector.report.build_report_data`: the
    assessment (``assessment``, :meth:`multivector.Assessment.to_dict`) rendered as figures with resolved
    citations, its movement over the years, and, for a country with a casebook, the casebook's ties,
    timeline, infrastructure and claims."""

    schema_version: str = SCHEMA_VERSION
    generated_with: str
    case_id: str | None
    case_name: str
    country: str
    year: int | None = None
    assessment: dict[str, Any] = Field(default_factory=dict)
    title: str | None
    description: str | None
    how_to_read: list[str]
    summary: list[SummaryRow]
    composite: CompositeRow | None
    #: Footnotes of the summary table (what :data:`SINGLE_POWER_MARK` means), printed under it.
    summary_notes: list[str] = Field(default_factory=list)
    pole_shares: list[PoleShareRow]
    series: list[SeriesPoint]
    ties: list[TieRow]
    timeline: list[TimelineEntry]
    infrastructure: list[InfrastructureRow]
    claims: list[ClaimRow]
    sources: list[Citation]
    #: Movement over the years (:mod:`multivector.report.movement`; ``None`` without series).
    over_time: OverTime | None = None
    #: Why the series are missing or rest on the casebook alone (no store): the top of "Over time".
    data_note: str | None = None
    #: The scenario section (``None`` when no scenario was run).
    scenarios: ScenarioSection | None = None
    #: The "Claims checked" section: the casebook's claims ledger (:mod:`multivector.report.claims_section`).
    claims_checked: ClaimsChecked | None = None
    trade_bases: TradeBasesSection | None = None  # "Trade by basis" (report/model_trade.py)

    def figures(self) -> Iterator[Figure]:
        """Every figure of the report, in the order the report shows them."""
        for row in self.summary:  # a dimension without a figure shows none ("n/a")
            yield from row.figures() if "no_data" not in row.flags else ()
        if self.composite is not None:
            yield from self.composite.figures()
        for share_row in self.pole_shares:
            yield from share_row.shares.values()
        for tie in self.ties:
            yield tie.value
        for entry in self.timeline:
            yield from entry.amounts
        for infra in self.infrastructure:
            if infra.capacity is not None:
                yield infra.capacity
            if infra.latest_flow is not None:
                yield infra.latest_flow
        for claim in self.claims:
            yield from claim.amounts
        if self.scenarios is not None:
            for sc in self.scenarios.scenarios:
                yield from sc.figures()
            if self.scenarios.frontier is not None:
                yield from self.scenarios.frontier.figures()

    def citation(self, source_id: str) -> Citation:
        """The sources-list entry of ``source_id`` (``KeyError`` when the report does not cite it)."""
        for c in self.sources:
            if c.id == source_id:
                return c
        raise KeyError(source_id)


def format_number(value: float | None, qualifier: str | None = None) -> str:
    """Print a stated figure as the source gives it: integers with thousands separators, other values
    with up to four decimals, trailing zeros dropped; ``qualifier`` (``"about"``) goes in front;
    a missing value prints as ``"n/a"`` (or the qualifier alone, e.g. ``"multi-billion"``)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return qualifier or "n/a"
    if float(value).is_integer() and abs(value) < 1e15:
        text = f"{int(value):,}"
    else:
        text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return f"{qualifier} {text}" if qualifier else text


def format_share(value: float | None) -> str:
    """A share in [0, 1] as a percentage with one decimal (``"43.1%"``); missing as ``"n/a"``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{100.0 * value:.1f}%"


def format_index(value: float | None) -> str:
    """An index in [0, 1] (balance, tilt coordinates, tilt strength) with two decimals; ``"n/a"`` missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:.2f}"


# ------------------------------------------------------------ building rows from casebook entries
def make_figure(
    fid: str,
    section: str,
    label: str,
    value: float | None,
    text: str,
    sources: list[str],
    unit: str | None = None,
    year: int | None = None,
) -> Figure:
    return Figure(
        id=fid,
        section=section,
        label=label,
        value=value,
        text=text,
        unit=unit,
        year=year,
        sources=list(dict.fromkeys(sources)),
    )
