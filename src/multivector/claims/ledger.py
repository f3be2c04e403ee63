"""The claims ledger of a country: every figure and claim of its casebook, checked against the data.

:func:`casebook_claims` turns a :class:`~multivector.casebook.schema.Case` into claims without parsing text
where the casebook is structured: each tie with a value becomes a claim on the measure its ``kind`` maps to
(:data:`TIE_MEASURES`; ``trade_turnover`` -> ``trade_value``, ``arms_imports_share`` -> ``arms_share``,
``alliance_defense`` -> ``defence_pact`` ...) with its partner, year or period, basis (whose statistics,
or which SIPRI release) and qualifier; each infrastructure capacity and route flow becomes a route claim;
each entry of ``claims`` (statements as made) is parsed as a sentence. A figure whose kind no data measure
(a deal's value, a border's length, signed agreements) is listed as not checkable with the reason
(:data:`UNCHECKABLE_KINDS`); a statement without a figure says so.

A casebook figure is never checked against itself: the claim carries its own source ids and pages, and the
measure functions leave those out of the evidence.

:func:`ledger` checks them all; :func:`ledger_summary` counts the verdicts.
"""

from __future__ import annotations

import copy
import hashlib
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Hashable, Iterator
from pathlib import Path

from multivector.casebook.schema import Case, Infrastructure, Tie
from multivector.claims.check import check_claim, evidence_for, opened_store
from multivector.claims.model import VERDICTS, CheckResult, Claim, Period, Quantity
from multivector.claims.parse import ParseContext, parse_sentence
from multivector.claims.parse_economy import ROUTE_PATTERNS
from multivector.countries import to_iso3
from multivector.dimensions import SIPRI_REGISTER, SIPRI_REGISTER_2024, SIPRI_TIV
from multivector.powers import WORLD
from multivector.store.db import Store
from multivector.store.memo import store_identity

__all__ = ["TIE_MEASURES", "UNCHECKABLE_KINDS", "casebook_claims", "ledger", "ledger_summary"]

#: Tie kind -> (measure, flow). Kinds not listed here or in :data:`UNCHECKABLE_KINDS` are not figures.
TIE_MEASURES: dict[str, tuple[str, str | None]] = {
    "trade_turnover": ("trade_value", "turnover"),
    "exports": ("trade_value", "exports"),
    "imports": ("trade_value", "imports"),
    "imports_share": ("trade_share", "imports"),
    "trade_turnover_share": ("trade_share", "turnover"),
    "arms_imports_share": ("arms_share", None),
    "alliance_defense": ("defence_pact", None),
    "alliance_nonaggression": ("defence_pact", None),
    "shared_igos": ("shared_igos", None),
    "fdi_inflow": ("fdi_value", "inflow"),
    "fdi_stock": ("fdi_value", "stock"),
    "fdi_inward_stock": ("fdi_value", "stock"),
    "cumulative_fdi_inflow": ("fdi_value", "cumulative"),
    "oil_exports_by_route": ("route_volume", "exports"),
    "transit": ("route_volume", "transit"),
    "gas_exports": ("route_volume", "exports"),
    "gas_export_value": ("route_volume", "exports"),
}
#: Tie kinds that state a figure no data measure, and why.
UNCHECKABLE_KINDS: dict[str, str] = {
    "deal_value": "deal and contract values are not in the data; the casebook records them as stated",
    "agreements_signed": "counts of signed agreements are not in the data",
    "border_km": "border lengths are not in the data",
    "gas_export_contract": "a contract's volume is a commitment, not a measured flow",
    "fdi_inflow_share_top5": "the cited figures give the five main investors' 2021 inflows only as one share",
}
_FLOW_METRICS = {"exports": "exports", "throughput_kazakh_oil": "exports", "transit": "transit"}
_ABOUT = {"about", "around", "approximately", "approx.", "roughly", "nearly", "almost", "approx"}
_MORE = {"more than", "over", "over (lower bound)", "above", "at least"}


def _quantity(value: float, unit: str, qualifier: str | None) -> Quantity:
    qual = (qualifier or "").strip().lower()
    comparator = "about" if qual in _ABOUT else ("gt" if qual in _MORE else "eq")
    number = f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"
    text = f"{qualifier} {number} {unit}" if qualifier and comparator != "eq" else f"{number} {unit}"
    return Quantity(comparator, float(value), _unit(unit), text=text)  # type: ignore[arg-type]


def _unit(unit: str) -> str:
    u = unit.strip().lower()
    if u.startswith("million tonnes"):
        return "million tonnes"
    return u if u != "billion usd" else "billion USD"


def _period(year: int | None, period: str | None) -> Period:
    """A casebook ``year``/``period`` (``2023``, ``1992-2021``, ``2023-01/2023-09``, ``mid-2021``)."""
    if period:
        m = re.fullmatch(r"(\d{4})-(\d{2})/(\d{4})-(\d{2})", period)
        if m:
            y1, m1, y2, m2 = (int(g) for g in m.groups())
            if y1 == y2 and (m1, m2) != (1, 12):
                return Period(y1, y2, partial=f"{m1:02d}-{m2:02d}", stated=True)
            return Period(y1, y2, stated=True)
        m = re.fullmatch(r"(\d{4})-(\d{4})", period)
        if m:
            return Period(int(m.group(1)), int(m.group(2)), stated=True)
        years = re.findall(r"(?:19|20)\d\d", period)
        if years:
            return Period(int(years[-1]), int(years[-1]), stated=True)
    if year is not None:
        return Period(year, year, stated=True)
    return Period()


def _basis(basis: str | None) -> tuple[str | None, dict[str, str]]:
    """(whose statistics as ISO3, extra detail) of a casebook ``basis`` text."""
    if not basis:
        return None, {}
    if "SIPRI" in basis:
        releases = {"2022": SIPRI_TIV, "2025": SIPRI_REGISTER, "2026": SIPRI_REGISTER_2024}
        generated = next((table for year, table in releases.items() if year in basis), None)
        return None, {"release": generated} if generated else {}
    head = re.split(r"\s+(?:official|customs|statistics)\b|\s*\(", basis)[0].strip()
    code = to_iso3(head, not_found="nan") if head else None
    return (code if isinstance(code, str) else None), {}


def _urls(case: Case, ids: list[str]) -> frozenset[str]:
    urls = {s.url for s in case.sources if s.id in ids and s.url}
    return frozenset(u for u in urls if u)


def _tie_text(tie: Tie, names: dict[str, str]) -> str:
    who = f"{names.get(tie.from_, tie.from_)} - {names.get(tie.to, tie.to)}"
    when = tie.period or (str(tie.year) if tie.year else "")
    value = (
        f"{tie.qualifier + ' ' if tie.qualifier else ''}{tie.value:g} {tie.unit}"
        if tie.value is not None
        else ""
    )
    parts = [
        f"{who}: {tie.kind.replace('_', ' ')}",
        value,
        f"({when})" if when else "",
        f"[{tie.basis}]" if tie.basis else "",
    ]
    text = " ".join(p for p in parts if p)
    return f"{text}. {tie.description}" if tie.description else text


def _stamp(claim: Claim, case: Case, ids: list[str], entry: str) -> Claim:
    """``claim`` marked with its casebook entry and its own sources (never evidence for it)."""
    claim.own_sources = frozenset(ids)
    claim.own_urls = _urls(case, ids)
    claim.entry = entry
    return claim


def _route_of(text: str | None) -> str | None:
    return next((r for r, rx in ROUTE_PATTERNS.items() if re.search(rx, text or "", re.I)), None)


def _tie_claim(case: Case, tie: Tie, names: dict[str, str]) -> Claim | None:
    text = _tie_text(tie, names)
    if tie.kind in UNCHECKABLE_KINDS and tie.value is not None:
        claim = Claim(text, None, country=tie.from_, partner=tie.to, reason=UNCHECKABLE_KINDS[tie.kind])
        return _stamp(claim, case, tie.sources, f"ties.{tie.id}")
    if tie.kind not in TIE_MEASURES or (tie.value is None and tie.kind != "alliance_nonaggression"):
        return None
    if tie.to == WORLD and (tie.qualifier or "").startswith("by definition"):
        return None  # the 100% denominators of the shares
    measure, flow = TIE_MEASURES[tie.kind]
    basis, detail = _basis(tie.basis)
    if measure == "defence_pact":
        present = tie.kind == "alliance_defense"
        qty = Quantity(
            "presence", 1.0 if present else 0.0, text=("" if present else "no ") + "defence pledge"
        )
    else:
        assert tie.value is not None and tie.unit
        qty = _quantity(tie.value, tie.unit, tie.qualifier)
    if measure == "route_volume":
        detail["commodity"] = "gas" if tie.kind.startswith("gas") else "oil"
        route = _route_of(tie.description)
        if route:
            detail["route"] = route
    claim = Claim(text, measure, country=tie.from_, partner=tie.to, quantity=qty,
                  period=_period(tie.year, tie.period), flow=flow, basis=basis, detail=detail)  # fmt: skip
    return _stamp(claim, case, tie.sources, f"ties.{tie.id}")


def _infra_claims(
    case: Case, inf: Infrastructure, covered: set[tuple[float, int | None, str]]
) -> Iterator[Claim]:
    """Capacity and route flows of one piece of infrastructure (flows already stated by a tie skipped)."""
    detail = {"route": inf.id, "commodity": "gas" if "gas" in inf.id else "oil"}
    cap = inf.capacity
    if cap is not None and cap.value is not None:
        year = re.search(r"\b((?:19|20)\d\d)\b", cap.what)
        when = Period(int(year.group(1)), int(year.group(1)), stated=True) if year else Period()
        text = f"{inf.name}: capacity {cap.value:g} {cap.unit} ({cap.what})"
        qty = _quantity(cap.value, cap.unit, cap.qualifier)
        claim = Claim(
            text, "route_capacity", country=case.country, quantity=qty, period=when, detail=dict(detail)
        )
        yield _stamp(claim, case, inf.sources, f"infrastructure.{inf.id}.capacity")
    for i, f in enumerate(inf.flows):
        if f.metric not in _FLOW_METRICS and f.metric != "capacity":
            continue
        if f.metric != "capacity" and (f.value, f.year, f.sources[0]) in covered:
            continue
        partial = None if f.period in (None, "full_year", "capacity") else f.period
        period = Period(f.year, f.year, partial=partial, stated=True) if f.year else Period()
        measure = "route_capacity" if f.metric == "capacity" else "route_volume"
        dated = " ".join(str(x) for x in (f.year, f.period) if x)
        text = f"{inf.name}: {f.metric.replace('_', ' ')} {f.value:g} {f.unit}" + (
            f" ({dated})" if dated else ""
        )
        claim = Claim(text, measure, country=case.country, quantity=_quantity(f.value, f.unit, f.qualifier),
                      period=period, flow=_FLOW_METRICS.get(f.metric), detail=dict(detail))  # fmt: skip
        yield _stamp(claim, case, f.sources, f"infrastructure.{inf.id}.flows.{i}")


def casebook_claims(case: Case) -> list[Claim]:
    """Every figure and claim of ``case`` as a claim to check (see the module docstring), casebook order:
    ties, infrastructure, then the statements of ``claims``."""
    names = {a.id: a.name for a in case.actors}
    out: list[Claim] = []
    covered: set[tuple[float, int | None, str]] = set()
    for tie in case.ties:
        claim = _tie_claim(case, tie, names)
        if claim is not None:
            out.append(claim)
            if tie.value is not None:
                covered.add((float(tie.value), tie.year, tie.sources[0]))
    for inf in case.infrastructure:
        out.extend(_infra_claims(case, inf, covered))
    for cl in case.claims:
        parsed = parse_sentence(cl.statement, ParseContext(country=case.country))
        if not parsed:
            parsed = [
                Claim(
                    cl.statement, None, reason=f"a statement ({cl.status}) without a figure the data measure"
                )
            ]
        out.extend(_stamp(p, case, cl.sources, f"claims.{cl.id}") for p in parsed)
    return out


#: Ledgers kept per process, keyed by the store file's identity, the case's content and the year.
_LEDGERS: OrderedDict[Hashable, list[CheckResult]] = OrderedDict()
_LEDGERS_KEPT = 4
_ledgers_lock = threading.Lock()


def ledger(
    case: Case | str = "kazakhstan",
    store: Store | str | Path | None = None,
    *,
    current_year: int | None = None,
) -> list[CheckResult]:
    """The checked ledger of ``case`` (a :class:`Case` or a built-in case id): one result per claim of
    :func:`casebook_claims`, each with its casebook ``entry`` id. ``store`` as in
    :func:`multivector.claims.check_text`.

    The last few ledgers are kept in the process, keyed by the store file's identity (path, size,
    modification time: an import changes it), the case's content and the year; a repeat gets a copy."""
    from multivector.casebook import load_case

    the_case = load_case(case) if isinstance(case, str) else case
    with opened_store(store) as st:
        ev = evidence_for(st, the_case, current_year)
        if st is None:
            return [check_claim(c, ev) for c in casebook_claims(the_case)]
        digest = hashlib.sha256(the_case.model_dump_json().encode()).hexdigest()
        key = (store_identity(st), digest, ev.current_year)
        with _ledgers_lock:
            kept = _LEDGERS.get(key)
            if kept is not None:
                _LEDGERS.move_to_end(key)
                return copy.deepcopy(kept)
        results = [check_claim(c, ev) for c in casebook_claims(the_case)]
        with _ledgers_lock:
            _LEDGERS[key] = copy.deepcopy(results)
            while len(_LEDGERS) > _LEDGERS_KEPT:
                _LEDGERS.popitem(last=False)
        return results


def ledger_summary(results: list[CheckResult]) -> dict[str, int]:
    """How many results have each verdict (every verdict listed, 0 included)."""
    counts = Counter(r.verdict for r in results)
    return {v: counts.get(v, 0) for v in VERDICTS}
