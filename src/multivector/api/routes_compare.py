"""``/compare``: countries side by side, ranked by their assessment's composite balance.

Each row is :func:`multivector.assessment.compare_row` of :func:`multivector.assess_many` on the app's
store (built-in casebooks join their country), so a country's composite here is the one of its profile:
``country``, ``name``, ``year``, ``balance``, ``largest_power``, ``largest_exposure``, ``tilt_*``,
``coverage``, ``dimensions_used``, ``excluded`` (``dimension:flag``), ``case``, and per dimension
``balance_<dimension>`` and ``year_<dimension>``; ``rank`` (1 = most balanced). ``sources`` lists every
dataset and casebook source the rows' figures cite, numbered once.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query

from multivector.api.deps import ApiError, DataContext, get_ctx, parse_iso3_list
from multivector.api.routes_countries import parse_weights_query
from multivector.api.schemas import CompareResponse, ErrorResponse
from multivector.assessment import CENTRAL_ASIA, assess_many, compare_row

__all__ = ["router"]

router = APIRouter(tags=["compare"])


@router.get(
    "/compare",
    response_model=CompareResponse,
    responses={404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
    summary="Countries ranked by their composite balance",
)
def compare(
    countries: str | None = Query(
        None, description="comma-separated ISO3 codes (default KAZ,UZB,KGZ,TJK,TKM)", max_length=800
    ),
    year: int | None = Query(None, ge=1800, le=2100, description="the year (default: each country's latest)"),
    weights: str | None = Query(None, max_length=400, description="composite weights, e.g. security=2"),
    ctx: DataContext = Depends(get_ctx),
) -> CompareResponse:
    """One row per country with its composite balance and each dimension's, ranked from most balanced."""
    codes = parse_iso3_list(countries, "countries", limit=200) if countries else list(CENTRAL_ASIA)
    store = ctx.store() if ctx.tables() else None
    found = assess_many(codes, year, weights=parse_weights_query(weights), store=store)
    if not found:
        raise ApiError(
            404,
            "nothing is known about these countries: this server's store holds no figure for "
            "them and they have no built-in case",
            "countries",
        )
    rows: list[dict[str, Any]] = [compare_row(a) for a in found]
    order = sorted(
        range(len(rows)), key=lambda i: -(rows[i]["balance"] if rows[i]["balance"] is not None else -1.0)
    )
    sources: dict[str, dict[str, Any]] = {}
    for i in order:
        a = found[i]
        rows[i]["sources"] = [c.id for c in a.sources]
        for c in a.sources:
            sources.setdefault(c.id, c.model_dump())
    ranked = [rows[i] for i in order]
    for rank, row in enumerate(ranked, start=1):
        row["rank"] = rank if row["balance"] is not None else None
    numbered = [{**entry, "number": n} for n, entry in enumerate(sources.values(), start=1)]
    missing = [c for c in codes if c not in {a.country for a in found}]
    notes = [f"{c}: nothing known (no data in this server's store, no built-in case)" for c in missing]
    return CompareResponse(countries=codes, rows=ranked, sources=numbered, notes=notes)
