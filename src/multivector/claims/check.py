"""Check claims: a claim -> its measure function -> the verdict; a text -> the claims of every sentence.

:func:`check_claim` refuses what no data can test before measuring anything (a plan or forecast, part of a
year when the data are annual, a date relative to today, a missing country), calls the measure function of
:data:`MEASURE_FUNCTIONS` and hands the figures to :func:`multivector.claims.verdict.decide`.
:func:`check_text` parses a text (:func:`multivector.claims.parse.parse_claims`) and checks every claim;
:func:`claims_json` is the ``{"claims": [...]}`` document of the CLI and the REST API.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from multivector.casebook.schema import Case
from multivector.claims.evidence import Evidence
from multivector.claims.measures_cited import (
    fdi_rank,
    fdi_share,
    fdi_value,
    route_capacity,
    route_share,
    route_volume,
)
from multivector.claims.measures_security import alliance, arms_rank, arms_share, defence_pact, shared_igos
from multivector.claims.measures_trade import trade_rank, trade_share, trade_value
from multivector.claims.measures_unga import unga_agreement, unga_vote
from multivector.claims.model import CheckResult, Claim, NotCheckable
from multivector.claims.parse import parse_claims
from multivector.claims.verdict import Measured, decide, not_checkable
from multivector.errors import MultivectorError
from multivector.store.db import Store

__all__ = ["MEASURE_FUNCTIONS", "check_claim", "check_text", "claims_json", "evidence_for", "opened_store"]

#: The function that measures each supported measure.
MEASURE_FUNCTIONS: dict[str, Callable[[Claim, Evidence], Measured]] = {
    "trade_value": trade_value,
    "trade_share": trade_share,
    "trade_rank": trade_rank,
    "arms_share": arms_share,
    "arms_rank": arms_rank,
    "unga_vote": unga_vote,
    "unga_agreement": unga_agreement,
    "defence_pact": defence_pact,
    "alliance": alliance,
    "shared_igos": shared_igos,
    "route_volume": route_volume,
    "route_capacity": route_capacity,
    "route_share": route_share,
    "fdi_value": fdi_value,
    "fdi_share": fdi_share,
    "fdi_rank": fdi_rank,
}
#: Measures whose claims may be about part of a year (a vote has a date, not a year).
_DATED = frozenset({"unga_vote"})


def _refusal(claim: Claim) -> str | None:
    """Why no data can test ``claim``, before any data are read; None when it can be measured."""
    if claim.reason:
        return claim.reason
    if claim.measure is None or claim.measure not in MEASURE_FUNCTIONS:
        return "no supported measure"
    if claim.quantity is None:
        return "the claim states no figure, rank or vote to compare"
    p = claim.period
    if p.future:
        return f"a plan or forecast ({p.label()}): no data can test a claim about the future"
    if p.partial == "relative date":
        return 'the date is relative ("last year"): give the year'
    if p.partial and claim.measure not in _DATED and p.partial != "day":
        return f"the claim is about part of a year ({p.label()}); the data are annual"
    if claim.country is None and not str(claim.measure).startswith("route_"):
        return "the country whose ties are measured is not named"
    return None


def check_claim(claim: Claim, evidence: Evidence) -> CheckResult:
    """The verdict on one claim (see the module docstring); never raises for a claim the data cannot test."""
    refusal = _refusal(claim)
    if refusal is not None:
        context = _context_for_future(claim, evidence) if claim.period.future and not claim.reason else None
        return not_checkable(
            claim, refusal + (context[1] if context else ""), context[0] if context else None
        )
    try:
        measured = MEASURE_FUNCTIONS[str(claim.measure)](claim, evidence)
    except NotCheckable as exc:
        return not_checkable(claim, str(exc))
    except MultivectorError as exc:  # bad code in a casebook, a store without a column: the claim stays open
        return not_checkable(claim, f"could not be measured: {exc}")
    return decide(claim, measured)


def _context_for_future(claim: Claim, ev: Evidence) -> tuple[Any, str] | None:
    """The latest measured figure, to set a plan against (verdict stays not checkable)."""
    from dataclasses import replace

    from multivector.claims.model import Period

    try:
        latest = MEASURE_FUNCTIONS[str(claim.measure)](replace(claim, period=Period()), ev)
    except (NotCheckable, MultivectorError, KeyError):
        return None
    if not latest.figures:
        return None
    f = latest.figures[0]
    ratio = ""
    if claim.quantity is not None and claim.quantity.value and f.value and f.unit == claim.quantity.unit:
        ratio = f", {claim.quantity.value / f.value:.0f} times that"
    return f, f"; the latest figure in the data is {f.value:g} {f.unit} ({f.basis}, {f.period}){ratio}"


def evidence_for(
    store: Store | None = None, case: Case | str | None = "kazakhstan", current_year: int | None = None
) -> Evidence:
    """An :class:`Evidence` over ``store`` (an open store or None) and ``case`` (a :class:`Case`, a built-in
    case id, or None)."""
    from multivector.casebook import load_case

    the_case = load_case(case) if isinstance(case, str) else case
    return Evidence(store=store, case=the_case, current_year=current_year or dt.date.today().year)


@contextmanager
def opened_store(store: Store | str | Path | None) -> Iterator[Store | None]:
    """``store`` as an open read-only store: a :class:`Store` as given, a path opened (and closed after),
    None or a path that does not exist as None."""
    if store is None or isinstance(store, Store):
        yield store
        return
    path = Path(store).expanduser()
    if not path.is_file():
        yield None
        return
    st = Store(path, read_only=True)
    try:
        yield st
    finally:
        st.close()


def check_text(
    text: str,
    store: Store | str | Path | None = None,
    *,
    country: str | None = None,
    case: Case | str | None = "kazakhstan",
    current_year: int | None = None,
) -> list[CheckResult]:
    """Parse ``text`` and check every claim in it, in order.

    ``store`` is an open :class:`~multivector.store.Store` or the path of one (None, or a path that does
    not exist: checks that need data are not checkable and say so). ``country`` (ISO3) is the country the
    text is about when a sentence does not name it; ``case`` supplies the cited infrastructure figures
    (oil and gas routes). ``current_year`` (default: this year) decides what is the future and how old the
    latest data may be for a claim that states no year.
    """
    year = current_year or dt.date.today().year
    with opened_store(store) as st:
        ev = evidence_for(st, case, year)
        out: list[CheckResult] = []
        for _, claims in parse_claims(text, country=country, current_year=year):
            out.extend(check_claim(c, ev) for c in claims)
    return out


def claims_json(results: Sequence[CheckResult]) -> dict[str, list[dict[str, Any]]]:
    """``{"claims": [{"text", "verdict", "claimed", "measured", "unit", "period", "basis", "sources",
    "reason", "measure"}, ...]}``."""
    return {"claims": [r.as_dict() for r in results]}
