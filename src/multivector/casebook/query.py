"""Questions asked of a loaded case: its tidy ties table, the headline ties, figures, citations, timeline.

The tidy ties table (:func:`case_ties`) is what the balance indicators consume. Its columns, in order::

    country, partner, dimension, year, value, unit, kind, basis, source, tie_id

:func:`headline_ties` picks, per dimension, the one comparable group the balance profile is computed on.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

from multivector.casebook.schema import (
    DIMENSIONS,
    Actor,
    Agreement,
    Amount,
    Case,
    Claim,
    Flow,
    Infrastructure,
    Source,
    Tie,
)
from multivector.errors import CasebookError
from multivector.powers import EU27, OTHER, POWERS, WORLD, pole_of

__all__ = [
    "ONE_OFF_KINDS",
    "TIES_COLUMNS",
    "TIMELINE_COLUMNS",
    "case_ties",
    "citation",
    "find_figures",
    "format_amount",
    "headline_ties",
    "source_of",
    "tie_year",
    "timeline",
]

#: Columns of :func:`case_ties` and :func:`headline_ties`, in order.
TIES_COLUMNS: tuple[str, ...] = (
    "country",
    "partner",
    "dimension",
    "year",
    "value",
    "unit",
    "kind",
    "basis",
    "source",
    "tie_id",
)
#: Columns of :func:`timeline`, in order.
TIMELINE_COLUMNS: tuple[str, ...] = (
    "date",
    "date_precision",
    "kind",
    "title",
    "parties",
    "dimensions",
    "amounts",
    "sources",
    "id",
)
#: Tie kinds that record a one-off event (a deal, a count of signed agreements) rather than a flow, stock or
#: share; :func:`headline_ties` prefers any other group over these when the power coverage is equal.
ONE_OFF_KINDS: frozenset[str] = frozenset({"deal_value", "agreements_signed"})

_YEAR = re.compile(r"(1[89]|20)\d\d")


def tie_year(tie: Tie) -> int | None:
    """The year a tie is dated to: ``year``, else the end year of ``period`` (``1992-2021`` -> 2021)."""
    if tie.year is not None:
        return tie.year
    if tie.period:
        years = [int(m.group(0)) for m in _YEAR.finditer(tie.period)]
        if years:
            return years[-1]
    return None


def _actor_code(actors: dict[str, Actor], actor_id: str) -> str:
    actor = actors.get(actor_id)
    return actor.iso3 if actor is not None and actor.iso3 else actor_id


def case_ties(case: Case) -> pd.DataFrame:
    """The tidy ties table: one row per tie that states a value.

    Columns are :data:`TIES_COLUMNS`: ``country`` (the ``from`` actor's ISO3, or its id), ``partner`` (the
    ``to`` id: ISO3 for states, ``EU27`` for the EU, ``WLD`` for a world total), ``dimension``, ``year``
    (nullable ``Int64``: the tie's year or the end year of its period), ``value`` (float), ``unit``, ``kind``,
    ``basis`` (whose statistics, may be missing), ``source`` (the first source id) and ``tie_id``.
    Ties without a value (memberships, qualitative relations) are left out; rows keep the case's order.
    """
    actors = {a.id: a for a in case.actors}
    rows = [
        {
            "country": _actor_code(actors, tie.from_),
            "partner": tie.to,
            "dimension": tie.dimension,
            "year": tie_year(tie),
            "value": float(tie.value),
            "unit": tie.unit,
            "kind": tie.kind,
            "basis": tie.basis,
            "source": tie.sources[0],
            "tie_id": tie.id,
        }
        for tie in case.ties
        if tie.value is not None
    ]
    frame = pd.DataFrame(rows, columns=list(TIES_COLUMNS))
    frame["year"] = frame["year"].astype("Int64")
    frame["value"] = frame["value"].astype("float64")
    for column in ("country", "partner", "dimension", "unit", "kind", "basis", "source", "tie_id"):
        frame[column] = frame[column].astype("object")
    return frame


def headline_ties(case: Case) -> pd.DataFrame:
    """Per dimension, the comparable group of ties the balance profile is computed on.

    Only the case country's own numeric ties count (``country == case.country``). A *comparable group* is
    the set of ties with the same ``kind``, ``unit``, ``basis``, ``year`` and ``period`` (so a Jan-Oct figure
    never joins a full-year one, and Kazakh and Chinese customs figures never mix). In each dimension the
    group chosen is the first by:

    1. most great-power poles covered (RUS, CHN, USA, EU27; a member state such as DEU covers EU27);
    2. most poles covered by the power's own code (``EU27`` rather than one member state);
    3. recurring measures (flows, stocks, shares) before one-off kinds (:data:`ONE_OFF_KINDS`);
    4. latest year first (undated groups last);
    5. full-year before partial-year figures;
    6. more rows.

    A world total (partner ``WLD``) in the group is kept: the indicators compute "others" as the total minus
    the listed partners. Several rows for one partner (e.g. two routes through Russia) are to be summed.
    Returns the rows of the chosen groups with the :func:`case_ties` columns, dimensions in
    :data:`~multivector.casebook.schema.DIMENSIONS` order.
    """
    ties = case_ties(case)
    periods = {t.id: t.period for t in case.ties}
    ties = ties[ties["country"] == case.country].copy()
    ties["_period"] = ties["tie_id"].map(periods)
    key = ["dimension", "kind", "unit", "basis", "year", "_period"]
    chosen: list[pd.DataFrame] = []
    for dimension in DIMENSIONS:
        rows = ties[ties["dimension"] == dimension]
        if rows.empty:
            continue
        best: tuple[Any, ...] | None = None
        best_group: pd.DataFrame | None = None
        for _, group in rows.groupby(key, dropna=False, sort=False):
            score = _group_score(group)
            if best is None or score > best:
                best, best_group = score, group
        if best_group is not None:
            chosen.append(best_group)
    if not chosen:
        return ties.drop(columns="_period").iloc[0:0]
    out = pd.concat(chosen, ignore_index=True).drop(columns="_period")
    return out.loc[:, list(TIES_COLUMNS)]


def _group_score(group: pd.DataFrame) -> tuple[Any, ...]:
    partners = [p for p in group["partner"] if p != WORLD]
    poles = {pole_of(p) for p in partners} - {OTHER}
    own = {p for p in partners if p in POWERS or (p == "EUU" and EU27 in poles)}
    year = group["year"].iloc[0]
    dated = not pd.isna(year)
    period = group["_period"].iloc[0]
    full_year = period is None or (isinstance(period, float) and math.isnan(period))
    recurring = str(group["kind"].iloc[0]) not in ONE_OFF_KINDS
    return (len(poles), len(own), recurring, dated, int(year) if dated else 0, full_year, len(group))


def _same_unit(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _amount_matches(
    value: float | None, unit: str | None, target: float, want_unit: str | None, tol: float
) -> bool:
    if value is None or not math.isclose(value, target, rel_tol=tol, abs_tol=0.0):
        return False
    return want_unit is None or _same_unit(unit, want_unit)


def find_figures(
    case: Case, value: float, unit: str | None = None, rel_tol: float = 1e-9
) -> list[tuple[str, str]]:
    """Every entry that states ``value`` (in ``unit``, when given), as ``(section, entry id)`` pairs.

    Searches tie values, agreement and claim amounts, and infrastructure capacities and flows; units compare
    case- and space-insensitively. Each entry appears once, in case order.
    """
    found: list[tuple[str, str]] = []

    def add(section: str, entry_id: str) -> None:
        if (section, entry_id) not in found:
            found.append((section, entry_id))

    for tie in case.ties:
        if _amount_matches(tie.value, tie.unit, value, unit, rel_tol):
            add("ties", tie.id)
    for agreement in case.agreements:
        if any(_amount_matches(a.value, a.unit, value, unit, rel_tol) for a in agreement.amounts):
            add("agreements", agreement.id)
    for infra in case.infrastructure:
        figures: list[Amount | Flow] = [*([infra.capacity] if infra.capacity else []), *infra.flows]
        if any(_amount_matches(f.value, f.unit, value, unit, rel_tol) for f in figures):
            add("infrastructure", infra.id)
    for claim in case.claims:
        if any(_amount_matches(a.value, a.unit, value, unit, rel_tol) for a in claim.amounts):
            add("claims", claim.id)
    return found


def source_of(case: Case, source_id: str) -> Source:
    """The :class:`~multivector.casebook.schema.Source` with id ``source_id``; CasebookError if none."""
    for source in case.sources:
        if source.id == source_id:
            return source
    raise CasebookError(f"case {case.id!r} has no source with id {source_id!r}")


_SECTIONS = ("actors", "ties", "agreements", "infrastructure", "claims")
_Entry = Actor | Tie | Agreement | Infrastructure | Claim | Flow | Source


def _find_entry(case: Case, entry_id: str) -> _Entry:
    for section in _SECTIONS:
        for entry in getattr(case, section):
            if entry.id == entry_id:
                return entry
    for source in case.sources:
        if source.id == entry_id:
            return source
    raise CasebookError(f"case {case.id!r} has no entry with id {entry_id!r}")


def citation(case: Case, entry: _Entry | str) -> list[Source]:
    """The sources an entry cites, as :class:`~multivector.casebook.schema.Source` objects, in order.

    ``entry`` is an entry object (tie, agreement, infrastructure, claim, actor, flow) or an entry id. For
    infrastructure the sources of its flows follow its own. A source cites itself.
    """
    if isinstance(entry, str):
        entry = _find_entry(case, entry)
    if isinstance(entry, Source):
        return [entry]
    ids: list[str] = list(entry.sources)
    if isinstance(entry, Infrastructure):
        for flow in entry.flows:
            ids.extend(flow.sources)
    return [source_of(case, sid) for sid in dict.fromkeys(ids)]


def _format_number(value: float) -> str:
    text = f"{value:,.10f}".rstrip("0").rstrip(".")
    return text or "0"


def format_amount(amount: Amount) -> str:
    """One amount as text, keeping its qualifier: ``"record 4.2 billion USD (supply of locomotives)"``."""
    if amount.value is None:
        head = f"{amount.qualifier or 'unstated'} (value not stated, {amount.unit})"
    else:
        number = f"{_format_number(amount.value)} {amount.unit}"
        head = f"{amount.qualifier} {number}" if amount.qualifier else number
    return f"{head} ({amount.what})"


def _join_amounts(amounts: Iterable[Amount]) -> str:
    return "; ".join(format_amount(a) for a in amounts)


def timeline(case: Case) -> pd.DataFrame:
    """The case's dated agreements and events, sorted by date (then id).

    Columns are :data:`TIMELINE_COLUMNS`: ``date`` (datetime64), ``date_precision`` (day/month/year: a date
    known only to the month is stored as its first day), ``kind``, ``title``, ``parties`` (list of actor
    ids), ``dimensions`` (list), ``amounts`` (text, qualifiers kept), ``sources`` (list of source ids) and
    ``id``.
    """
    rows = [
        {
            "date": pd.Timestamp(ag.date),
            "date_precision": ag.date_precision,
            "kind": ag.kind,
            "title": ag.title,
            "parties": list(ag.parties),
            "dimensions": list(ag.dimensions),
            "amounts": _join_amounts(ag.amounts),
            "sources": list(ag.sources),
            "id": ag.id,
        }
        for ag in case.agreements
    ]
    frame = pd.DataFrame(rows, columns=list(TIMELINE_COLUMNS))
    frame["date"] = pd.to_datetime(frame["date"])
    return frame.sort_values(["date", "id"], kind="stable").reset_index(drop=True)
