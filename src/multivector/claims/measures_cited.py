"""Measures from cited figures: oil and gas routes (the casebook's infrastructure and energy ties) and FDI
(the store's cited FDI table).

These are not datasets but figures copied from company reports, ministries and news agencies, each with
its page. A figure counts as evidence only when its source is a report, a web page or a dataset (never the
article whose claims are being checked) and not the claim's own source (a casebook figure is not checked
against itself).

Energy units: tonnes and barrels are converted with :data:`BARRELS_PER_TONNE` (7.33, the average for crude
oil used by the Energy Institute's *Statistical Review of World Energy*; light Kazakh crudes run a few
percent higher, which the reason states). Partner volumes ("oil exported to China") are checked only when a
single route carries the trade to that partner in the data, since the data do not cover every route to
every partner every year.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from multivector.casebook.schema import Case, Infrastructure, Tie
from multivector.claims.evidence import EVIDENCE_KINDS, Evidence, casebook_source, latest_within_horizon
from multivector.claims.model import Claim, Figure, NotCheckable, Period, Source
from multivector.claims.parse_economy import ROUTE_PATTERNS
from multivector.claims.resolve import find_countries
from multivector.claims.verdict import Measured
from multivector.dimensions import CITED_FDI, ENERGY, INVESTMENT
from multivector.powers import EU27, WORLD

__all__ = [
    "BARRELS_PER_TONNE",
    "fdi_rank",
    "fdi_share",
    "fdi_value",
    "route_capacity",
    "route_share",
    "route_volume",
]

#: Barrels of crude oil per tonne (Energy Institute, Statistical Review of World Energy, approximate
#: conversion factors: 7.33 for average gravity).
BARRELS_PER_TONNE = 7.33
_EXPORT_METRICS = ("exports", "throughput_kazakh_oil")


@dataclass(frozen=True)
class _Row:
    value: float
    unit: str
    year: int | None
    period: str | None
    sources: tuple[str, ...]
    basis: str
    what: str


def _case(ev: Evidence) -> Case:
    if ev.case is None:
        raise NotCheckable(
            "oil and gas routes are checked against a casebook's cited figures; none is loaded"
        )
    return ev.case


def _evidence_sources(ev: Evidence, claim: Claim, ids: tuple[str, ...]) -> tuple[Source, ...] | None:
    """The row's sources as evidence, or None when they are only the article or the claim's own source."""
    case = _case(ev)
    kinds = {s.id: s.kind for s in case.sources}
    usable = [i for i in ids if kinds.get(i) in EVIDENCE_KINDS]
    if not usable or any(i in claim.own_sources for i in usable):
        return None
    return tuple(casebook_source(case, i) for i in usable)


def _to_unit(value: float, unit: str, wanted: str | None) -> float | None:
    """``value`` in ``unit`` expressed in ``wanted`` (tonnes and barrels per day), or None."""
    unit, wanted = unit.lower(), (wanted or unit).lower()
    tonnes = {"million tonnes": 1.0, "thousand tonnes": 1e-3, "million tonnes per year": 1.0}
    if unit in tonnes and wanted in tonnes:
        return value * tonnes[unit] / tonnes[wanted]
    if unit in tonnes and wanted == "barrels per day":
        return value * tonnes[unit] * 1e6 * BARRELS_PER_TONNE / 365.0
    if unit == "barrels per day" and wanted in tonnes:
        return value * 365.0 / BARRELS_PER_TONNE / 1e6
    if unit.startswith("billion cubic metres") and wanted.startswith("billion cubic metres"):
        return value
    if unit == wanted:
        return value
    return None


def _own_country(ev: Evidence, claim: Claim) -> None:
    """The casebook's routes are its country's: a claim about another country's routes is not checkable."""
    case = _case(ev)
    if claim.country not in (None, case.country):
        raise NotCheckable(
            f"the casebook's routes are {case.country}'s; none is recorded for {claim.country}"
        )


def _infra(ev: Evidence, route: str) -> Infrastructure:
    for inf in _case(ev).infrastructure:
        if inf.id == route:
            return inf
    raise NotCheckable(f"the route {route!r} is not in the casebook")


def _figures(ev: Evidence, claim: Claim, rows: list[_Row], period: Period | None) -> list[Figure]:
    out: list[Figure] = []
    assert claim.quantity is not None
    for row in rows:
        sources = _evidence_sources(ev, claim, row.sources)
        value = _to_unit(row.value, row.unit, claim.quantity.unit)
        if sources is None or value is None:
            continue
        when = (
            str(row.year)
            if row.year
            else ("undated" if row.period in (None, "full_year", "annual_approx") else row.period)
        )
        note = (
            f"converted from {row.value:g} {row.unit} at {BARRELS_PER_TONNE} barrels per tonne"
            if ("barrel" in (claim.quantity.unit or "")) != ("barrel" in row.unit)
            else ""
        )
        out.append(
            Figure(
                value,
                claim.quantity.unit or row.unit,
                when,
                row.basis,
                "dataset",
                sources,
                note=note,
                label=row.what,
            )
        )
    return out


def _year_in(text: str) -> int | None:
    m = re.search(r"\b((?:19|20)\d\d)\b", text)
    return int(m.group(1)) if m else None


def route_capacity(claim: Claim, ev: Evidence) -> Measured:
    """A pipeline's or port's capacity: the casebook's capacity (dated when its description names a year)
    and capacity flows; the claim's year, or the latest when it states none."""
    _own_country(ev, claim)
    inf = _infra(ev, claim.detail.get("route", ""))
    rows: list[_Row] = []
    if inf.capacity is not None and inf.capacity.value is not None:
        rows.append(
            _Row(
                inf.capacity.value,
                inf.capacity.unit,
                _year_in(inf.capacity.what),
                None,
                tuple(inf.sources),
                inf.name,
                inf.capacity.what,
            )
        )
    for f in inf.flows:
        if f.metric == "capacity":
            rows.append(_Row(f.value, f.unit, f.year, f.period, tuple(f.sources), inf.name, "capacity"))
    usable = [r for r in rows if _evidence_sources(ev, claim, r.sources) is not None]
    if claim.period.stated and claim.period.start is not None:
        usable = [r for r in usable if r.year == claim.period.start]
    elif usable:
        undated = [r for r in usable if r.year is None]
        latest = max((r.year for r in usable if r.year is not None), default=None)
        if latest is not None and not undated:
            latest_within_horizon(claim, latest, ENERGY, ev.current_year, "capacity figures")
        usable = undated + sorted((r for r in usable if r.year is not None), key=lambda r: -(r.year or 0))
    figures = _figures(ev, claim, usable, None)
    if not figures:
        raise NotCheckable(_only_own(rows, f"no capacity of {inf.name} for {claim.period.label()}"))
    notes = [f.note for f in figures[:1] if f.note]
    return Measured(figures, notes=notes)


def _only_own(rows: list[_Row], otherwise: str) -> str:
    """The reason when no row is evidence: they are the claim's own source (or the article), or none."""
    if rows:
        return f"{otherwise} from a source other than the claim's own (or the article being checked)"
    return otherwise


def _tie_route(tie: Tie) -> str | None:
    text = f"{tie.description or ''} {tie.id}"
    return next((rid for rid, rx in ROUTE_PATTERNS.items() if re.search(rx, text, re.I)), None)


_KINDS = {
    ("oil", "exports"): ("oil_exports_by_route",),
    ("oil", "transit"): ("transit",),
    ("gas", "exports"): ("gas_exports", "gas_export_value"),
}


def _route_rows(ev: Evidence, claim: Claim) -> list[_Row]:
    """Flows of the claimed route (infrastructure), or the energy ties to the claimed partner."""
    commodity, flow = claim.detail.get("commodity", "oil"), claim.flow or "exports"
    route = claim.detail.get("route")
    if route:
        inf = _infra(ev, route)
        metrics = ("transit",) if flow == "transit" else _EXPORT_METRICS
        return [
            _Row(f.value, f.unit, f.year, f.period, tuple(f.sources), inf.name, f.metric)
            for f in inf.flows
            if f.metric in metrics
        ]
    partner = claim.partner or WORLD
    ties = [
        t
        for t in _case(ev).ties
        if t.to == partner and t.kind in _KINDS.get((commodity, flow), ()) and t.value is not None and t.unit
    ]
    destination = claim.detail.get("destination")
    if destination is not None:  # transit to a named destination: the ties that name it
        ties = [t for t in ties if destination in {m.code for m in find_countries(t.description or "")}]
    routes = {_tie_route(t) for t in ties if partner != WORLD}
    if len(routes - {None}) > 1:
        raise NotCheckable(
            f"the data list several routes to {partner} ({', '.join(sorted(r for r in routes if r))})"
            " but not every route's volume in every year: a total cannot be formed"
        )
    titles = {s.id: s.title for s in _case(ev).sources}
    return [
        _Row(
            float(t.value or 0.0),
            str(t.unit),
            t.year,
            t.period or "full_year",
            tuple(t.sources),
            t.basis or titles.get(t.sources[0], t.kind),
            t.kind,
        )
        for t in ties
    ]


def _full_year(row: _Row) -> bool:
    return row.period in (None, "full_year", "annual_approx") or bool(
        row.period and re.fullmatch(r"\d{4}", row.period)
    )


def route_volume(claim: Claim, ev: Evidence) -> Measured:
    """Oil or gas shipped through a route or to a partner in the claim's year (full years only)."""
    _own_country(ev, claim)
    assert claim.quantity is not None
    rows = [r for r in _route_rows(ev, claim) if _full_year(r)]
    rows = [r for r in rows if _to_unit(r.value, r.unit, claim.quantity.unit) is not None]
    usable = [r for r in rows if _evidence_sources(ev, claim, r.sources) is not None]
    if not usable:
        raise NotCheckable(
            "no full-year figure of this route or partner from a source other than the claim's own"
        )
    dated = [r.year for r in usable if r.year is not None]
    if claim.period.stated:
        period = latest_within_horizon(
            claim, max(dated, default=ev.current_year), ENERGY, ev.current_year, ""
        )
        usable = [r for r in usable if r.year in period.years]
    elif dated:
        latest_within_horizon(claim, max(dated), ENERGY, ev.current_year, "route volumes")
        usable = [r for r in usable if r.year == max(dated)]
    else:
        usable = [r for r in usable if r.year is None]
    figures = _figures(ev, claim, usable, None)
    if not figures:
        raise NotCheckable(f"no figure for {claim.period.label()} from a source other than the claim's own")
    if claim.period.stated and len(claim.period.years) > 1:
        raise NotCheckable("route volumes are checked one year at a time")
    notes = [f"{f.label}" for f in figures[:1] if f.label and f.label not in _EXPORT_METRICS]
    return Measured(figures, notes=notes)


def route_share(claim: Claim, ev: Evidence) -> Measured:
    """The route's share (percent) of the country's oil exports in a year with both figures."""
    _own_country(ev, claim)
    route = claim.detail.get("route", "")
    inf = _infra(ev, route)
    flows = {
        f.year: f for f in inf.flows if f.metric in _EXPORT_METRICS and f.period == "full_year" and f.year
    }
    totals = {
        t.year: t
        for t in _case(ev).ties
        if t.to == WORLD
        and t.kind == "oil_exports_by_route"
        and t.year
        and t.value is not None
        and not t.period
    }
    years = sorted(set(flows) & set(totals))
    if claim.period.stated:
        years = [y for y in years if y in claim.period.years]
    if not years:
        raise NotCheckable(f"no year with both {inf.name}'s volume and the national oil exports")
    year = years[-1]
    if not claim.period.stated:
        latest_within_horizon(claim, year, ENERGY, ev.current_year, "route shares")
    flow, total = flows[year], totals[year]
    part = _to_unit(flow.value, flow.unit, "million tonnes")
    whole = _to_unit(float(total.value or 0), str(total.unit), "million tonnes")
    if part is None or not whole:
        raise NotCheckable("the route's and the national figures are in units that cannot be compared")
    sources = (_evidence_sources(ev, claim, tuple(flow.sources)) or ()) + (
        _evidence_sources(ev, claim, tuple(total.sources)) or ()
    )
    if not sources:
        raise NotCheckable("the only figures are the claim's own")
    note = f"{part:g} of {whole:g} million tonnes"
    return Measured(
        [Figure(100.0 * part / whole, "percent", str(year), inf.name, "dataset", sources, note=note)],
        notes=[note],
    )


# --------------------------------------------------------------------------------------------------- FDI
_FDI_MEASURES = {
    "inflow": ("gross_fdi_inflow", "fdi_inflow"),
    "stock": ("fdi_stock", "fdi_inward_stock"),
    "cumulative": ("cumulative_gross_fdi_inflow",),
}


def _fdi_rows(ev: Evidence, claim: Claim) -> pd.DataFrame:
    if claim.country not in (None, "KAZ"):
        raise NotCheckable("the cited FDI figures are Kazakhstan's only")
    ev.require(CITED_FDI)
    rows = ev.query(f"SELECT * FROM {CITED_FDI}").copy()
    names = rows["source_country"].astype(str).str.lower()
    code = rows["source_iso3"].astype("string")
    code = code.where(names != "world", WORLD).where(names != "european union", EU27)
    rows["partner_code"] = code
    rows = rows[rows["measure"].isin(_FDI_MEASURES[claim.flow or "inflow"])]
    own = rows["source_url"].astype(str).isin(claim.own_urls)
    if own.any() and own.all():
        raise NotCheckable("the only cited FDI figures of this kind come from the claim's own source")
    kept = rows[~own]
    if own.any():
        mine = rows[own & (rows["partner_code"] == (claim.partner or WORLD))]
        same = kept[(kept["partner_code"] == (claim.partner or WORLD))]
        if len(mine) and not len(same[same["year_end"].isin(mine["year_end"])]):
            raise NotCheckable("the only cited figure for this investor and period is the claim's own source")
    return kept


def _fdi_period(claim: Claim, rows: pd.DataFrame, ev: Evidence) -> pd.DataFrame:
    """The rows of the claim's period (the latest when none is stated)."""
    if rows.empty:
        raise NotCheckable(f"no cited FDI figure of this kind ({claim.flow or 'inflow'})")
    if claim.flow == "cumulative":
        if claim.period.stated and claim.period.start is not None:
            close = (rows["year"] - claim.period.start).abs().le(1)
            if claim.period.end is None:  # "since independence": the latest total from then
                rows = rows[close]
                rows = rows[rows["year_end"] == rows["year_end"].max()]
            else:
                rows = rows[close & (rows["year_end"] - claim.period.end).abs().le(1)]
        else:
            rows = rows[rows["year_end"] == rows["year_end"].max()]
    else:
        latest = int(rows["year_end"].max())
        period = latest_within_horizon(claim, latest, INVESTMENT, ev.current_year, "FDI figures")
        if len(period.years) != 1:
            raise NotCheckable("annual FDI is checked one year at a time (say 'cumulative' for a total)")
        rows = rows[(rows["year"] == period.years[0]) & (rows["year_end"] == period.years[0])]
    if rows.empty:
        raise NotCheckable(f"no cited FDI figure for {claim.period.label()}")
    return rows


def _fdi_figure(rec: Mapping[Hashable, Any], value: float, unit: str) -> Figure:
    period = str(rec["year"]) if rec["year"] == rec["year_end"] else f"{rec['year']}-{rec['year_end']}"
    src = Source(
        "page",
        CITED_FDI,
        str(rec["reported_by"]),
        version="hand-copied",
        url=str(rec["source_url"]),
        citation=str(rec["measure"]),
    )
    basis = "OECD (balance of payments)" if str(rec["measure"]) == "fdi_inflow" else str(rec["reported_by"])
    raw = rec.get("note")
    note = str(raw) if isinstance(raw, str) and raw else ""
    return Figure(value, unit, period, basis, "dataset", (src,), note=note)


def fdi_value(claim: Claim, ev: Evidence) -> Measured:
    """FDI into the country from the partner (``WLD``: all sources), billion USD."""
    rows = _fdi_period(claim, _fdi_rows(ev, claim), ev)
    mine = rows[rows["partner_code"] == (claim.partner or WORLD)]
    if mine.empty:
        raise NotCheckable(
            f"no cited FDI figure for investors from {claim.partner} in {claim.period.label()}"
        )
    mine = mine.sort_values("measure")
    return Measured([_fdi_figure(r, float(r["value"]), "billion USD") for r in mine.to_dict("records")])


def fdi_share(claim: Claim, ev: Evidence) -> Measured:
    """The partner's share (percent) of all FDI into the country, same measure and period."""
    rows = _fdi_period(claim, _fdi_rows(ev, claim), ev)
    mine, world = rows[rows["partner_code"] == claim.partner], rows[rows["partner_code"] == WORLD]
    if mine.empty or world.empty:
        raise NotCheckable(
            f"the cited figures do not give both {claim.partner}'s and the total FDI for this period"
        )
    rec = mine.iloc[0].to_dict()
    share = 100.0 * float(rec["value"]) / float(world.iloc[0]["value"])
    fig = _fdi_figure(rec, share, "percent")
    return Measured([fig], notes=[f"{rec['value']:g} of {float(world.iloc[0]['value']):g} billion USD"])


def fdi_rank(claim: Claim, ev: Evidence) -> Measured:
    """The partner's rank among the investors, when the cited figures can prove it: no investor left out of
    the list could be larger (the unattributed remainder is smaller than the partner's figure)."""
    rows = _fdi_period(claim, _fdi_rows(ev, claim), ev)
    world = rows[rows["partner_code"] == WORLD]
    listed = rows[(rows["partner_code"] != WORLD) & rows["partner_code"].notna()]
    listed = listed[listed["partner_code"] != EU27].sort_values("value", ascending=False)
    if world.empty or listed.empty or claim.partner not in set(listed["partner_code"]):
        raise NotCheckable("the cited figures do not list this investor with the total for the period")
    remainder = float(world.iloc[0]["value"]) - float(listed["value"].sum())
    mine = float(listed.loc[listed["partner_code"] == claim.partner, "value"].iloc[0])
    if remainder >= mine:
        raise NotCheckable(
            f"the cited figures list {len(listed)} investors; the {remainder:g} billion USD not "
            "attributed to them could hide a larger one"
        )
    rank = int((listed["value"] > mine).sum()) + 1
    rec = listed.iloc[0].to_dict()
    fig = _fdi_figure(rec, float(rank), "rank")
    return Measured(
        [Figure(fig.value, "rank", fig.period, fig.basis, "dataset", fig.sources, label=str(rank))]
    )
