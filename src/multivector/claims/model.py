"""What a checked claim is made of: the period, the quantity, the structured claim, a measured figure and the
result.

A :class:`Claim` is what :func:`multivector.claims.parse.parse_claims` reads out of a sentence (or what
:mod:`multivector.claims.ledger` builds from a casebook entry): the ``measure`` (one of :data:`MEASURES`), the
``country`` whose ties are measured, the ``partner``, the ``period``, the claimed :class:`Quantity` and the
basis the claim states. A measure function returns :class:`Figure` objects (a measured value with its period,
basis and sources); :mod:`multivector.claims.verdict` compares them with the quantity and gives a
:class:`CheckResult`, whose :meth:`~CheckResult.as_dict` is one entry of the ``{"claims": [...]}`` JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "BASIS_DIFFERS",
    "CONTRADICTED",
    "MEASURES",
    "NOT_CHECKABLE",
    "SUPPORTED",
    "VERDICTS",
    "CheckResult",
    "Claim",
    "Figure",
    "NotCheckable",
    "Period",
    "Quantity",
    "Side",
    "Source",
]

SUPPORTED = "supported"
CONTRADICTED = "contradicted"
BASIS_DIFFERS = "basis_differs"
NOT_CHECKABLE = "not_checkable"
#: The verdicts, in the order the ledger sorts them.
VERDICTS: tuple[str, ...] = (CONTRADICTED, BASIS_DIFFERS, SUPPORTED, NOT_CHECKABLE)

#: The measures a claim can be checked on, and what each measures.
MEASURES: dict[str, str] = {
    "trade_value": "bilateral trade (turnover, exports or imports), billion current USD",
    "trade_share": "a partner's share of the country's trade (turnover, exports or imports), percent",
    "trade_rank": "a partner's rank among the country's trading partners",
    "arms_share": "a supplier's share of the country's arms imports (SIPRI TIV), percent",
    "arms_rank": "a supplier's rank among the country's arms suppliers (SIPRI TIV)",
    "unga_vote": "the country's vote on a UN General Assembly resolution",
    "unga_agreement": "how often two countries vote alike in the UN General Assembly, percent",
    "defence_pact": "an alliance with a defence pledge between two countries (ATOP)",
    "alliance": "any ATOP alliance pledge (defence, offence, neutrality, non-aggression, consultation)",
    "shared_igos": "intergovernmental organisations in which both are full members (COW IGO)",
    "route_volume": "oil or gas shipped through an export route or to a buyer, as stated in cited reports",
    "route_capacity": "the capacity of a pipeline or port, as stated in cited reports",
    "route_share": "a route's share of the country's oil exports, percent",
    "fdi_value": "foreign direct investment into the country (inflow, stock or cumulative), billion USD",
    "fdi_rank": "a source country's rank among the investors in the country (cited figures)",
    "fdi_share": "a source country's share of the FDI into the country, percent",
}

#: Whose statistics a figure is: the country's own, the partner's (a mirror figure) or a compiled dataset.
Side = Literal["own", "partner", "dataset"]
Comparator = Literal["eq", "about", "gt", "lt", "share_over", "rank", "rank_within", "vote", "presence"]


@dataclass(frozen=True)
class Source:
    """Where a measured figure comes from: a dataset in the store (name = table, version from the store's
    provenance), a hand-copied cited table row (title = who reported it, url = the page) or a casebook source
    (name = its id)."""

    kind: Literal["dataset", "page", "casebook"]
    name: str
    title: str
    version: str | None = None
    url: str | None = None
    citation: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        """A JSON-ready dictionary (keys kind, name, title, version, url, citation)."""
        return {
            "kind": self.kind,
            "name": self.name,
            "title": self.title,
            "version": self.version,
            "url": self.url,
            "citation": self.citation,
        }


@dataclass(frozen=True)
class Period:
    """The time a claim is about: the years ``start``..``end`` (inclusive), or none stated.

    ``partial`` names a part of a year ("Jan-Sep", "March") when the claim is about less than a year;
    ``future`` marks a plan or forecast ("by 2026", "plans to"); ``stated`` is False when the sentence gives
    no time at all (present tense: checked against the latest year in the data).
    """

    start: int | None = None
    end: int | None = None
    partial: str | None = None
    future: bool = False
    stated: bool = False

    @property
    def years(self) -> list[int]:
        """Every year of the period (empty when none is stated)."""
        if self.start is None or self.end is None:
            return []
        return list(range(self.start, self.end + 1))

    def label(self) -> str:
        """``2023``, ``2010-2020``, ``Jan-Sep 2023`` or ``latest``."""
        if self.start is None:
            return "latest"
        if self.end is None:
            return f"since {self.start}"
        years = str(self.start) if self.start == self.end else f"{self.start}-{self.end}"
        return f"{self.partial} {years}" if self.partial else years


@dataclass(frozen=True)
class Quantity:
    """A claimed quantity: ``value`` in ``unit`` compared by ``comparator``.

    ``eq`` an exact figure ("44 billion"), ``about`` an approximate one ("about 400,000"), ``gt``/``lt`` a
    bound ("more than 80%", "under 5%"), ``share_over`` a vague share ("most" = over 50%), ``rank`` a rank
    (``value`` 1 = the largest), ``rank_within`` "one of the largest" (rank <= ``value``), ``vote`` a UN
    vote (``label`` yes/no/abstain), ``presence`` a tie that exists (``value`` 1) or not (0). ``text`` is the
    quantity as written.
    """

    comparator: Comparator
    value: float | None = None
    unit: str | None = None
    text: str = ""
    label: str | None = None

    def describe(self) -> str:
        """The claimed quantity as the ledger prints it."""
        return self.text or (self.label or "")


@dataclass
class Claim:
    """One checkable statement (see the module docstring). ``reason`` says why a claim cannot be checked
    when the sentence names a figure but no supported measure (``measure`` is then None)."""

    text: str
    measure: str | None
    country: str | None = None
    partner: str | None = None
    quantity: Quantity | None = None
    period: Period = field(default_factory=Period)
    #: What is measured within the measure: ``turnover``/``exports``/``imports`` (trade),
    #: ``inflow``/``stock``/``cumulative`` (FDI), ``exports``/``transit`` (energy routes),
    #: ``same_vote``/``coincidence``/``agreement`` (UN votes).
    flow: str | None = None
    #: The basis the claim states: ``own`` (the country's statistics), ``partner`` (the partner's) or None.
    basis: str | None = None
    #: Extra keys a measure needs: ``resolution`` (UN), ``route`` (energy), ``commodity`` (oil/gas).
    detail: dict[str, str] = field(default_factory=dict)
    reason: str | None = None
    #: Ids of casebook sources the claim itself comes from (never counted as evidence for it).
    own_sources: frozenset[str] = frozenset()
    #: URLs the claim was copied from (a cited-table row with one of them is not evidence for it).
    own_urls: frozenset[str] = frozenset()
    #: The casebook entry the claim was built from (ledger), e.g. ``ties.kaz-chn-trade-2022``.
    entry: str | None = None


@dataclass(frozen=True)
class Figure:
    """A measured value: ``value`` in ``unit`` for ``period``, on ``basis`` (whose statistics), from
    ``sources``. ``side`` is ``own`` (the country's statistics), ``partner`` (the partner's, a mirror
    figure), or ``dataset`` (a compiled dataset: COW, SIPRI, ATOP, the UN votes). ``note`` carries caveats."""

    value: float
    unit: str
    period: str
    basis: str
    side: Side
    sources: tuple[Source, ...]
    note: str = ""
    label: str | None = None


class NotCheckable(Exception):
    """Raised by a measure function when the data cannot test the claim; the message is the reason."""


@dataclass
class CheckResult:
    """The verdict on one claim, with the claimed and measured values, the period, the basis of the measured
    figure, its sources and the reason. :meth:`as_dict` is the JSON entry."""

    text: str
    verdict: str
    claimed: str | None
    measured: float | str | None
    unit: str | None
    period: str | None
    basis: str | None
    sources: list[Source]
    reason: str
    measure: str | None = None
    entry: str | None = None
    #: The tolerance rule applied ("about 63 +/- 3.15 points", "'most' = over 50%"); None when not judged.
    tolerance: str | None = None
    #: The reason's tail: the other figures and the notes (what the CLI's table prints beside the rule).
    notes: str = ""

    def as_dict(self) -> dict[str, Any]:
        """``{"text", "verdict", "claimed", "measured", "unit", "period", "basis", "sources", "reason",
        "measure", "tolerance"}`` (plus ``entry`` for a casebook ledger row)."""
        out: dict[str, Any] = {
            "text": self.text,
            "verdict": self.verdict,
            "claimed": self.claimed,
            "measured": self.measured,
            "unit": self.unit,
            "period": self.period,
            "basis": self.basis,
            "sources": [s.as_dict() for s in self.sources],
            "reason": self.reason,
            "measure": self.measure,
            "tolerance": self.tolerance,
        }
        if self.entry is not None:
            out["entry"] = self.entry
        return out
