"""``/compare``: balance across countries, ranked.

With data in the store the ranking is :func:`multivector.panels.rank` (:func:`multivector.panels.compare`
sorted: balance per dimension from the series, Central Asia's five by default). Without data, the countries
that have a built-in case are compared on their casebook composite (the report's figures), and the others
are named in ``notes``. Either way each row has the same fields for the composite: ``country``, ``rank``,
``balance`` (the composite balance, 0-1), ``largest_power``, ``largest_exposure``, ``tilt_*``, ``coverage``,
``source`` and ``balance_<dimension>`` per dimension, and ``dimensions_used`` / ``dimensions_excluded``
(comma-joined): the dimensions the composite averages and those it leaves out (from the store: ``unga``, the
UN-vote equidistance, not a share of flows; from the casebook: dimensions with one power quantified, whose
balance is 0 by construction).

Every row names what its numbers rest on: ``sources`` (ids) and ``sources_detail`` (title, publisher, version,
citation and URL of each dataset whose dimension has a value in the row, or each casebook source cited by the
row's figures); the answer's ``sources`` lists them all once.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Depends, Query

from multivector.api.datasets import citation_source, dimension_sources
from multivector.api.deps import (
    ApiError,
    DataContext,
    balance_dimensions,
    case_for_country,
    get_ctx,
    parse_iso3_list,
    public_message,
)
from multivector.api.routes_countries import CENTRAL_ASIA, _records, report_data
from multivector.api.schemas import CompareResponse, ErrorResponse
from multivector.errors import MultivectorError, StoreBusyError

__all__ = ["router"]

router = APIRouter(tags=["compare"])


@lru_cache(maxsize=64)
def _from_store(
    ctx: DataContext, version: int, codes: tuple[str, ...], include_noncomparable: bool = False
) -> tuple[tuple[dict[str, Any], ...], str]:
    panels = importlib.import_module("multivector.panels")
    fn = getattr(panels, "rank", None)
    if fn is None:
        return (), "comparison from the series is not available in this version (multivector.panels.rank)"
    dims, note = balance_dimensions(ctx)
    if not dims:
        return (), "comparison from the series: no balance dimension has its data in the store"
    try:
        table = fn(
            list(codes), store=ctx.store(), dimensions=list(dims), include_noncomparable=include_noncomparable
        )
    except StoreBusyError:
        raise  # a 503, never cached as a note
    except MultivectorError as exc:
        return (), f"comparison from the series: {public_message(str(exc), ctx.settings.store_path)}"
    rows = _records(table.reset_index(drop=True))
    for row in rows:
        row["source"] = "store series"
        used = [d for d in dims if row.get(f"balance_{d}") is not None]
        detail = dimension_sources(ctx, used)
        row["sources"] = [d["id"] for d in detail]
        row["sources_detail"] = detail
    return tuple(rows), note or ""


def _from_cases(codes: list[str]) -> tuple[list[dict[str, Any]], list[str]]:
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    for code in codes:
        cid = case_for_country(code)
        if cid is None:
            notes.append(f"{code}: no built-in case and no series in this server's store")
            continue
        data = report_data(cid)
        comp = data.composite
        row: dict[str, Any] = {"country": code, "source": f"casebook {cid}", "balance": None}
        figures = [r.balance for r in data.summary] + ([comp.balance] if comp is not None else [])
        cites = {c.id: c for f in figures for c in f.citations}
        row["sources"] = list(cites)
        row["sources_detail"] = [citation_source(c) for c in cites.values()]
        if comp is not None:
            row.update(
                balance=comp.balance.value, largest_power=comp.largest_power,
                largest_exposure=comp.largest_exposure.value, tilt_rus=comp.tilt_rus.value,
                tilt_chn=comp.tilt_chn.value, tilt_west=comp.tilt_west.value, tilt_lean=comp.tilt_lean,
                coverage=comp.coverage, sources=list(dict.fromkeys([*comp.sources, *cites])),
                dimensions_used=",".join(comp.dimensions_used),
                dimensions_excluded=",".join(comp.dimensions_excluded),
            )  # fmt: skip
        for r in data.summary:
            row[f"balance_{r.dimension}"] = r.balance.value
        rows.append(row)
    rows.sort(key=lambda row: -(row["balance"] if row["balance"] is not None else -1.0))
    for rank, ranked in enumerate(rows, start=1):
        ranked["rank"] = rank
    return rows, notes


@router.get(
    "/compare",
    response_model=CompareResponse,
    responses={404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
    summary="Balance compared across countries",
)
def compare(
    countries: str | None = Query(
        None, description="comma-separated ISO3 codes (default KAZ,UZB,KGZ,TJK,TKM)", max_length=200
    ),
    include_noncomparable: bool = Query(
        False,
        description="average the dimensions that are not shares of flows (UN vote equidistance) into the "
        "composite too; by default they are shown but left out",
    ),
    ctx: DataContext = Depends(get_ctx),
) -> CompareResponse:
    """One row per country with its balance (composite and per dimension), ranked from most balanced."""
    codes = parse_iso3_list(countries, "countries", limit=30) if countries else list(CENTRAL_ASIA)
    notes: list[str] = []
    if ctx.tables():
        rows, note = _from_store(ctx, ctx.store_version(), tuple(codes), include_noncomparable)
        if rows:
            return CompareResponse(countries=codes, rows=list(rows), sources=_all_sources(rows),
                                   notes=[note] if note else [])  # fmt: skip
        notes.append(note)
    case_rows, case_notes = _from_cases(codes)
    if not case_rows:
        raise ApiError(404, "none of these countries has a built-in case or series in this server's store: "
                       + "; ".join(case_notes), "countries")  # fmt: skip
    return CompareResponse(countries=codes, rows=case_rows, sources=_all_sources(case_rows),
                           notes=[n for n in notes if n] + case_notes)  # fmt: skip


def _all_sources(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every row's sources, each once (a dataset feeding several rows names all their dimensions)."""
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        for entry in row.get("sources_detail", ()):
            held = out.setdefault(entry["id"], {**entry, "dimensions": list(entry.get("dimensions", []))})
            for dim in entry.get("dimensions", []):
                if dim not in held["dimensions"]:
                    held["dimensions"].append(dim)
    return list(out.values())
