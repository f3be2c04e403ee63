"""``/compare``: balance across countries, ranked.

With data in the store the ranking is :func:`multivector.panels.rank` (:func:`multivector.panels.compare`
sorted: balance per dimension from the series, Central Asia's five by default). Without data, the countries
that have a built-in case are compared on their casebook composite (the report's figures), and the others
are named in ``notes``. Either way each row has the same fields for the composite: ``country``, ``rank``,
``balance`` (the composite balance, 0-1), ``largest_power``, ``largest_exposure``, ``tilt_*``, ``coverage``,
``source`` and ``balance_<dimension>`` per dimension.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Depends, Query

from multivector.api.deps import (
    ApiError,
    DataContext,
    balance_dimensions,
    case_for_country,
    get_ctx,
    parse_iso3_list,
)
from multivector.api.routes_countries import CENTRAL_ASIA, _records, report_data
from multivector.api.schemas import CompareResponse, ErrorResponse
from multivector.errors import MultivectorError

__all__ = ["router"]

router = APIRouter(tags=["compare"])


@lru_cache(maxsize=64)
def _from_store(
    ctx: DataContext, version: int, codes: tuple[str, ...]
) -> tuple[tuple[dict[str, Any], ...], str]:
    panels = importlib.import_module("multivector.panels")
    fn = getattr(panels, "rank", None)
    if fn is None:
        return (), "comparison from the series is not available in this version (multivector.panels.rank)"
    dims, note = balance_dimensions(ctx)
    if not dims:
        return (), "comparison from the series: no balance dimension has its data in the store"
    try:
        table = fn(list(codes), store=ctx.store(), dimensions=list(dims))
    except MultivectorError as exc:
        return (), f"comparison from the series: {exc}"
    rows = _records(table.reset_index(drop=True))
    for row in rows:
        row["source"] = "store series"
    return tuple(rows), note or ""


def _from_cases(codes: list[str]) -> tuple[list[dict[str, Any]], list[str]]:
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    for code in codes:
        cid = case_for_country(code)
        if cid is None:
            notes.append(f"{code}: no built-in case and no series in the store")
            continue
        data = report_data(cid)
        comp = data.composite
        row: dict[str, Any] = {"country": code, "source": f"casebook {cid}", "balance": None}
        if comp is not None:
            row.update(
                balance=comp.balance.value, largest_power=comp.largest_power,
                largest_exposure=comp.largest_exposure.value, tilt_rus=comp.tilt_rus.value,
                tilt_chn=comp.tilt_chn.value, tilt_west=comp.tilt_west.value, tilt_lean=comp.tilt_lean,
                coverage=comp.coverage, sources=comp.sources,
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
    ctx: DataContext = Depends(get_ctx),
) -> CompareResponse:
    """One row per country with its balance (composite and per dimension), ranked from most balanced."""
    codes = parse_iso3_list(countries, "countries", limit=30) if countries else list(CENTRAL_ASIA)
    notes: list[str] = []
    if ctx.tables():
        rows, note = _from_store(ctx, ctx.store_version(), tuple(codes))
        if rows:
            return CompareResponse(countries=codes, rows=list(rows), notes=[note] if note else [])
        notes.append(note)
    case_rows, case_notes = _from_cases(codes)
    if not case_rows:
        raise ApiError(404, "none of these countries has a built-in case or series in the store: "
                       + "; ".join(case_notes), "countries")  # fmt: skip
    return CompareResponse(countries=codes, rows=case_rows, notes=[n for n in notes if n] + case_notes)
