"""The vocabulary of multivector, defined once: every store table and every dimension of the balance.

Everything else derives from this module: the panels (which step measures a dimension, from which
columns), the assessment (evidence minimums, staleness horizons, default weights, comparability), the
report, the CLI, the API and the dashboard (which ask ``GET /api/v1/dimensions``), the benchmarks. No other
module spells a dimension or table name as a string literal (``tests/test_vocabulary.py`` scans for
them); they import the constants below.

Tables
    :data:`TABLES` maps each store table to its :class:`TableSpec`: the source that fills it and what one
    row counts. The module-level constants (``COW_TRADE``, ``UNGA_VOTES`` ...) are the names to use.

Dimensions
    :data:`DIMENSIONS` maps each dimension to its :class:`DimensionSpec`, in output order. A dimension is
    measured from the store (``step`` names the panel step, ``value_column`` the tie to each power,
    ``world_column`` the country's total) and/or stated in a casebook (``casebook=True``). Its
    ``construction`` says how the balance is built and ``comparable`` whether it enters the composite
    (only the evenness of shares of an additive quantity does). ``evidence`` is the minimum a figure needs
    and ``horizon`` how many years a figure may be carried forward before it is stale.
"""

from __future__ import annotations

from dataclasses import dataclass

from multivector.specs import CONSTRUCTIONS, Construction, Evidence, SourceInfo, TableSpec

__all__ = [
    "ALLIANCES",
    "ATOP",
    "BACI_TRADE",
    "CITED_ENERGY_ROUTES",
    "CITED_FDI",
    "CITED_GAS_EXPORTS",
    "CITED_TRADE",
    "CONSTRUCTIONS",
    "COW_ALLIANCE",
    "COW_MAJORS",
    "COW_STATES",
    "COW_TRADE",
    "COW_TRADE_NATIONAL",
    "DIMENSIONS",
    "DIPLOMACY",
    "ENERGY",
    "EVENTS",
    "FIRST_YEAR",
    "GDELT_EVENTS",
    "GDELT_FILES",
    "IGO",
    "IMTS_TRADE",
    "INVESTMENT",
    "MONITOR_ALERTS",
    "MONITOR_DETECTORS",
    "MONITOR_SERIES",
    "MONITOR_STATE",
    "SECURITY",
    "SIPRI_ARMS",
    "SIPRI_REGISTER",
    "SIPRI_REGISTER_2024",
    "SIPRI_TIV",
    "SOURCES",
    "SRC_ATOP",
    "SRC_BACI",
    "SRC_CITED",
    "SRC_COW_ALLIANCE",
    "SRC_COW_MAJORS",
    "SRC_COW_TRADE",
    "SRC_GDELT",
    "SRC_IGO",
    "SRC_IMTS",
    "SRC_MONITOR",
    "SRC_SIPRI",
    "SRC_SIPRI_2024",
    "SRC_TRADE_CURRENT",
    "SRC_UNGA",
    "SRC_UNGA_UNDL",
    "TABLES",
    "TECHNOLOGY",
    "TRADE",
    "TRADE_NATIONAL_STATS",
    "TRADE_WITS",
    "TRANSIT",
    "UNDL_ROLLCALLS",
    "UNDL_VOTES",
    "UNGA",
    "UNGA_ROLLCALLS",
    "UNGA_VOTES",
    "Construction",
    "DimensionSpec",
    "Evidence",
    "SourceInfo",
    "TableSpec",
    "casebook_dimensions",
    "comparable_dimensions",
    "data_dimensions",
    "default_weights",
    "dimension",
    "normalise_weights",
    "releases_of",
    "tables_of_source",
]


# ----------------------------------------------------------------------------------------------- sources
SRC_ATOP = "atop"
SRC_BACI = "baci"
SRC_CITED = "cited"
SRC_COW_ALLIANCE = "cow_alliance"
SRC_COW_MAJORS = "cow_majors"
SRC_COW_TRADE = "cow_trade"
SRC_GDELT = "gdelt"
SRC_IGO = "igo"
SRC_IMTS = "imts"
SRC_MONITOR = "monitor"
SRC_SIPRI = "sipri"
SRC_SIPRI_2024 = "sipri_2024"
SRC_TRADE_CURRENT = "trade_current"
SRC_UNGA = "unga"
SRC_UNGA_UNDL = "unga_undl"

#: Every data source, by name (the monitor's tables are written by the monitor, not imported).
SOURCES: dict[str, SourceInfo] = {
    s.name: s
    for s in (
        SourceInfo(SRC_ATOP, "alliances"),
        SourceInfo(SRC_BACI, "baci"),
        SourceInfo(SRC_CITED, "."),
        SourceInfo(SRC_COW_ALLIANCE, "alliances"),
        SourceInfo(SRC_COW_MAJORS, "alliances"),
        SourceInfo(SRC_COW_TRADE, "trade"),
        SourceInfo(SRC_GDELT, "gdelt"),
        SourceInfo(SRC_IGO, "alliances"),
        SourceInfo(SRC_IMTS, "imts"),
        SourceInfo(SRC_MONITOR, "."),
        SourceInfo(SRC_SIPRI, "arms"),
        SourceInfo(SRC_SIPRI_2024, "arms_2024"),
        SourceInfo(SRC_TRADE_CURRENT, "trade_current"),
        SourceInfo(SRC_UNGA, "unga"),
        SourceInfo(SRC_UNGA_UNDL, "unga_2025"),
    )
}


# ------------------------------------------------------------------------------------------------ tables
ATOP = "atop"
COW_ALLIANCE = "cow_alliance"
COW_MAJORS = "cow_majors"
COW_TRADE = "cow_trade"
COW_TRADE_NATIONAL = "cow_trade_national"
COW_STATES = "cow_states"
GDELT_EVENTS = "gdelt_events"
GDELT_FILES = "gdelt_files"
IGO = "igo"
SIPRI_TIV = "sipri_tiv"
SIPRI_REGISTER = "sipri_register"
SIPRI_REGISTER_2024 = "sipri_register_2024"
UNGA_VOTES = "unga_votes"
UNGA_ROLLCALLS = "unga_rollcalls"
UNDL_VOTES = "unga_undl_votes"
UNDL_ROLLCALLS = "unga_undl_rollcalls"
TRADE_NATIONAL_STATS = "trade_national_stats"
TRADE_WITS = "trade_wits"
IMTS_TRADE = "imts_trade"
BACI_TRADE = "baci_trade"
CITED_ENERGY_ROUTES = "cited_energy_routes"
CITED_GAS_EXPORTS = "cited_gas_exports"
CITED_FDI = "cited_fdi"
CITED_TRADE = "cited_trade"
MONITOR_SERIES = "monitor_series"
MONITOR_DETECTORS = "monitor_detectors"
MONITOR_ALERTS = "monitor_alerts"
MONITOR_STATE = "monitor_state"

#: The dataset whose releases the SIPRI tables are (:func:`releases_of`).
SIPRI_ARMS = "sipri_arms_transfers"
_VOTES = "country votes (one country on one roll call)"
_DELIVERIES = "deal-delivery years (one deal's deliveries in one year)"
_CITED = "cited figures"
_FLOWS = "reporter-partner-year-flow figures"

#: Every store table, by name.
TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
        TableSpec(ATOP, SRC_ATOP, "directed dyad-years", "ATOP 5.1 alliance obligations", ("iso3",), "year"),
        TableSpec(
            COW_ALLIANCE,
            SRC_COW_ALLIANCE,
            "directed dyad-years",
            "COW formal alliances v4.1",
            rows_read="file rows (COW's own release: one per alliance and directed dyad-year)",
            rows_why="the rows of one dyad-year (one per alliance) are merged into one",
        ),
        TableSpec(COW_MAJORS, SRC_COW_MAJORS, "major-power spells", "COW major powers 2016"),
        TableSpec(
            COW_TRADE,
            SRC_COW_TRADE,
            "directed dyad-years (2 per COW dyad row)",
            "COW Trade v4 dyadic flows, million current USD",
            ("iso3",),
            "year",
            rows_read="COW dyad rows (non-directed dyad-years, ccode1 < ccode2)",
            rows_why="each is stored once per direction (rows = 2 x rows kept)",
        ),
        TableSpec(COW_TRADE_NATIONAL, SRC_COW_TRADE, "country-years", "COW Trade v4 national totals"),
        TableSpec(COW_STATES, SRC_COW_TRADE, "state-system membership spells", "COW state system codes"),
        TableSpec(
            GDELT_EVENTS,
            SRC_GDELT,
            "events (one per GLOBALEVENTID)",
            "GDELT 1.0/2.0 events (CAMEO coded)",
            ("actor1_iso3", "actor2_iso3"),
            "year",
            rows_read="event records",
        ),
        TableSpec(
            GDELT_FILES, SRC_GDELT, "event files", "state of each GDELT file imported (per-file import)"
        ),
        TableSpec(
            IGO, SRC_IGO, "non-directed dyad-years (ccode < partner_ccode)", "COW IGO v3 shared memberships"
        ),
        TableSpec(
            SIPRI_TIV,
            SRC_SIPRI,
            "supplier-recipient-years",
            "SIPRI TIV, millions",
            ("recipient_iso3",),
            "year",
            SIPRI_ARMS,
        ),
        TableSpec(SIPRI_REGISTER, SRC_SIPRI, _DELIVERIES, "SIPRI trade register", dataset=SIPRI_ARMS),
        TableSpec(
            SIPRI_REGISTER_2024,
            SRC_SIPRI_2024,
            _DELIVERIES,
            "SIPRI trade register, deliveries 1990-2024 (export generated Feb 2026)",
            ("recipient_iso3",),
            "delivery_year",
            SIPRI_ARMS,
        ),
        TableSpec(UNGA_VOTES, SRC_UNGA, _VOTES, "UN General Assembly votes", ("iso3",), "year"),
        TableSpec(UNGA_ROLLCALLS, SRC_UNGA, "roll calls", "UN General Assembly roll calls"),
        TableSpec(
            UNDL_VOTES, SRC_UNGA_UNDL, _VOTES, "UN General Assembly votes after the Voeten file (UNDL)"
        ),
        TableSpec(
            UNDL_ROLLCALLS,
            SRC_UNGA_UNDL,
            "roll calls",
            "UN General Assembly roll calls (UNDL scrape)",
            rows_read="file rows (General Assembly and Security Council votes)",
        ),
        TableSpec(
            TRADE_NATIONAL_STATS,
            SRC_TRADE_CURRENT,
            _FLOWS,
            "bilateral goods trade by partner from national statistics agencies, million USD",
            rows_read="file rows (one partner per row, with several years or both flows)",
            rows_why="each file row holds several figures (one per year and flow)",
        ),
        TableSpec(
            TRADE_WITS,
            SRC_TRADE_CURRENT,
            _FLOWS,
            "Kazakhstan as reporter in UN Comtrade via WITS, million USD",
            rows_read="file rows (one per partner, product and year; one per year in the derived panels)",
            rows_why="a row of a derived panel holds the figures of several partners and flows",
        ),
        TableSpec(
            IMTS_TRADE,
            SRC_IMTS,
            "reporter-partner-period-indicator observations",
            "IMF IMTS goods trade, million USD",
            rows_read="SDMX observations",
        ),
        TableSpec(
            BACI_TRADE,
            SRC_BACI,
            "exporter-importer-years",
            "CEPII BACI, HS6 rows summed, million USD",
            rows_read="BACI HS6 rows (exporter, importer, product, year)",
            rows_why="the HS6 rows of a country pair and year are summed into one",
        ),
        TableSpec(CITED_ENERGY_ROUTES, SRC_CITED, _CITED, "Kazakh oil export routes (cited)"),
        TableSpec(CITED_GAS_EXPORTS, SRC_CITED, _CITED, "Kazakh gas exports (cited)"),
        TableSpec(CITED_FDI, SRC_CITED, _CITED, "FDI into Kazakhstan by source (cited)"),
        TableSpec(CITED_TRADE, SRC_CITED, _CITED, "bilateral trade figures (cited)"),
        TableSpec(
            MONITOR_SERIES, SRC_MONITOR, "country-power-periods", "monitor series per day, week and session"
        ),
        TableSpec(MONITOR_DETECTORS, SRC_MONITOR, "detector states", "online change detector per series"),
        TableSpec(MONITOR_ALERTS, SRC_MONITOR, "alerts", "detected shifts with their evidence"),
        TableSpec(MONITOR_STATE, SRC_MONITOR, "settings", "the monitor's closed periods and settings"),
    )
}


def tables_of_source(source: str) -> tuple[str, ...]:
    """The tables a registered source fills, in :data:`TABLES` order."""
    return tuple(t.name for t in TABLES.values() if t.source == source)


def releases_of(dataset: str) -> tuple[str, ...]:
    """The tables that hold releases of ``dataset`` (e.g. :data:`SIPRI_ARMS`), in :data:`TABLES` order."""
    return tuple(t.name for t in TABLES.values() if t.dataset == dataset)


# -------------------------------------------------------------------------------------------- dimensions
#: The first year of every series and assessment: the year after the Soviet Union's end, when the
#: Central Asian states' own foreign ties begin (figures from up to a dimension's horizon before it are read
#: to assess it).
FIRST_YEAR = 1992

SECURITY = "security"
ALLIANCES = "alliances"
TRADE = "trade"
ENERGY = "energy"
TRANSIT = "transit"
INVESTMENT = "investment"
TECHNOLOGY = "technology"
DIPLOMACY = "diplomacy"
UNGA = "unga"
EVENTS = "events"


@dataclass(frozen=True)
class DimensionSpec:
    """One dimension of the balance (see the module docstring)."""

    name: str
    label: str
    unit: str
    description: str
    construction: Construction
    evidence: Evidence
    horizon: int
    horizon_why: str
    casebook: bool = False
    step: str | None = None
    value_column: str | None = None
    world_column: str | None = None
    tables: tuple[str, ...] = ()
    weight: float = 1.0
    citation: str = ""
    #: The colour of the dimension in every chart (report and dashboard).
    colour: str = "#666666"

    @property
    def comparable(self) -> bool:
        """True when the balance is the evenness of shares of an additive quantity (flows, or counts of
        commitments): on the composite's scale."""
        return self.construction in ("share-of-flows", "defence-pledge-presence")

    @property
    def measured(self) -> bool:
        """True when the store can measure the dimension for any country (a panel step)."""
        return self.step is not None

    @property
    def sources(self) -> tuple[str, ...]:
        """The registered sources whose tables the dimension reads."""
        return tuple(dict.fromkeys(TABLES[t].source for t in self.tables))


_POWERS2 = Evidence("powers", 2, "one power quantified gives a balance of 0 by construction")

#: Every dimension, in output order.
DIMENSIONS: dict[str, DimensionSpec] = {
    d.name: d
    for d in (
        DimensionSpec(
            name=SECURITY,
            colour="#b2182b",
            label="Security: arms imports",
            unit="TIV millions, 5-year total",
            description="major conventional arms delivered by each power over five years (SIPRI TIV)",
            construction="share-of-flows",
            evidence=_POWERS2,
            horizon=5,
            horizon_why="the figure is already a five-year total; older than that it describes another "
            "procurement cycle",
            casebook=True,
            step="add_arms",
            value_column="arms_tiv_5y",
            world_column="arms_tiv_all_5y",
            tables=(SIPRI_TIV, SIPRI_REGISTER, SIPRI_REGISTER_2024),
            citation="SIPRI Arms Transfers Database; SIPRI's five-year convention for trend shares",
        ),
        DimensionSpec(
            name=ALLIANCES,
            colour="#5e3c99",
            label="Alliances: defence pledges",
            unit="defence pledge (0/1)",
            description="an ATOP defence pledge with each power (EU27: with any member)",
            construction="defence-pledge-presence",
            evidence=Evidence("powers", 4, "all four powers coded (ATOP lists every alliance)"),
            horizon=10,
            horizon_why="defence treaties run for decades; ATOP ends in 2018, so a pledge is carried for "
            "ten years and no longer",
            step="add_alliances",
            value_column="atop_defense",
            tables=(ATOP,),
            citation="Leeds et al., Alliance Treaty Obligations and Provisions (ATOP) 5.1",
        ),
        DimensionSpec(
            name=TRADE,
            colour="#2166ac",
            label="Trade",
            unit="million USD",
            description="imports plus exports with each power, as a share of the country's total trade",
            construction="share-of-flows",
            evidence=_POWERS2,
            horizon=3,
            horizon_why="trade shares move within a few years (2014 and 2022 sanctions); a figure older "
            "than three years no longer describes the present",
            casebook=True,
            step="add_trade",
            value_column="trade_total",
            world_column="trade_country_total",
            tables=(COW_TRADE, COW_TRADE_NATIONAL, TRADE_NATIONAL_STATS, TRADE_WITS, IMTS_TRADE, BACI_TRADE),
            citation="Barbieri and Keshk, Correlates of War Trade v4.0; national statistics agencies; UN "
            "Comtrade via WITS; IMF IMTS; CEPII BACI (one basis per country-year: trade_basis)",
        ),
        DimensionSpec(
            name=ENERGY,
            colour="#e08214",
            label="Energy: export routes",
            unit="as stated (e.g. million tonnes of oil)",
            description="oil and gas exported through routes to or through each power (casebook)",
            construction="share-of-flows",
            evidence=_POWERS2,
            horizon=3,
            horizon_why="route volumes change year to year (outages, new capacity)",
            casebook=True,
        ),
        DimensionSpec(
            name=TRANSIT,
            colour="#8073ac",
            label="Transit",
            unit="as stated (e.g. thousand tonnes)",
            description="goods and energy in transit through the country for each power (casebook)",
            construction="share-of-flows",
            evidence=_POWERS2,
            horizon=3,
            horizon_why="transit volumes change year to year",
            casebook=True,
        ),
        DimensionSpec(
            name=INVESTMENT,
            colour="#1b7837",
            label="Investment",
            unit="billion USD",
            description="foreign direct investment inflows from each power (casebook)",
            construction="share-of-flows",
            evidence=_POWERS2,
            horizon=3,
            horizon_why="FDI inflows are volatile from year to year",
            casebook=True,
        ),
        DimensionSpec(
            name=TECHNOLOGY,
            colour="#01665e",
            label="Technology",
            unit="billion USD",
            description="technology deals and cooperation with each power (casebook)",
            construction="share-of-flows",
            evidence=_POWERS2,
            horizon=3,
            horizon_why="deals are one-off; three years is their usual delivery span",
            casebook=True,
        ),
        DimensionSpec(
            name=DIPLOMACY,
            colour="#8c510a",
            label="Diplomacy: shared IGOs",
            unit="count",
            description="intergovernmental organisations shared with each power (casebook)",
            construction="shared-membership-count",
            evidence=_POWERS2,
            horizon=10,
            horizon_why="memberships change slowly; COW IGO ends in 2014",
            casebook=True,
            citation="Pevehouse et al., COW Intergovernmental Organizations v3",
        ),
        DimensionSpec(
            name=UNGA,
            colour="#35978f",
            label="UN votes: equidistance",
            unit="vote equidistance (0-1)",
            description="how evenly the country's UN General Assembly votes sit between the powers",
            construction="vote-equidistance",
            evidence=Evidence(
                "votes",
                30,
                "the mean of n per-vote scores has a standard error up to 0.5/sqrt(n): 0.09 at 30",
            ),
            horizon=2,
            horizon_why="one session a year; alignment can move from one session to the next",
            step="add_unga",
            value_column="unga_agreement",
            tables=(UNGA_VOTES, UNGA_ROLLCALLS, UNDL_VOTES, UNDL_ROLLCALLS),
            citation="Voeten, Strezhnev and Bailey, United Nations General Assembly Voting Data",
        ),
        DimensionSpec(
            name=EVENTS,
            colour="#d6604d",
            label="Events: cooperation",
            unit="cooperative events",
            description="cooperative events (GDELT QuadClass 1-2, either direction) with each power",
            construction="share-of-flows",
            evidence=Evidence(
                "events",
                100,
                "shares of a few dozen events are noise (standard error about 0.05 at 100); GDELT "
                "samples of a few 15-minute files rarely reach it",
            ),
            horizon=1,
            horizon_why="events describe the year they happen in",
            step="add_events",
            value_column="events_coop_both",
            world_column="events_coop_all",
            tables=(GDELT_EVENTS,),
            citation="Leetaru and Schrodt, GDELT; CAMEO QuadClass",
        ),
    )
}


def dimension(name: str) -> DimensionSpec:
    """The spec of dimension ``name`` (case-insensitive); :class:`~multivector.errors.InputError` names the
    known dimensions otherwise."""
    spec = DIMENSIONS.get(str(name).strip().lower())
    if spec is None:
        from multivector.errors import InputError

        raise InputError(f"unknown dimension {name!r}; known dimensions: {', '.join(DIMENSIONS)}")
    return spec


def data_dimensions() -> tuple[str, ...]:
    """The dimensions the store measures for any country (a panel step), in output order."""
    return tuple(d.name for d in DIMENSIONS.values() if d.measured)


def casebook_dimensions() -> tuple[str, ...]:
    """The dimensions a casebook may state ties on, in output order."""
    return tuple(d.name for d in DIMENSIONS.values() if d.casebook)


def comparable_dimensions() -> tuple[str, ...]:
    """The dimensions on the composite's scale, in output order."""
    return tuple(d.name for d in DIMENSIONS.values() if d.comparable)


def default_weights() -> dict[str, float]:
    """The default composite weight of every dimension (equal: 1 each)."""
    return {d.name: d.weight for d in DIMENSIONS.values()}


def normalise_weights(weights: dict[str, float] | None) -> dict[str, float]:
    """The one weights rule: the weights of every dimension, where ``weights`` overrides the defaults of
    the dimensions it names and every other dimension keeps its default (1).

    ``{"security": 2}`` counts security twice as much as each other dimension; ``{"events": 0}`` leaves
    events out. Names are case-insensitive. Unknown names, non-numbers, negative or non-finite values and
    all-zero weights raise :class:`~multivector.errors.InputError`.
    """
    import math

    from multivector.errors import InputError

    out = default_weights()
    if weights is None:
        return out
    if not isinstance(weights, dict):
        try:
            weights = dict(weights)
        except (TypeError, ValueError):
            raise InputError(f"weights must map dimension -> number, got {type(weights).__name__}") from None
    for key, value in weights.items():
        name = dimension(str(key)).name
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise InputError(f"weights[{key!r}] must be a number, got {value!r}") from None
        if not math.isfinite(number) or number < 0:
            raise InputError(f"weights[{key!r}] is {value!r}: weights must be finite and >= 0")
        out[name] = number
    if sum(out.values()) <= 0:
        raise InputError("weights are all zero: give at least one dimension a positive weight")
    return out
