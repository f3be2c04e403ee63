"""``/panel.csv`` and ``/panel.parquet``: the dyad-year panel export (what ``multivector panel`` writes)."""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from multivector.api.deps import ApiError, DataContext, get_ctx, parse_iso3_list, parse_years
from multivector.api.routes_series import dyad_panel
from multivector.api.schemas import ErrorResponse
from multivector.panels import SERIES, resolve_steps
from multivector.powers import POWERS

__all__ = ["router"]

router = APIRouter(tags=["panel"])

_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse} for code in (400, 404, 413, 422, 501)
}


def _steps(indicators: str | None) -> list[str]:
    """The panel steps behind the indicators asked for (all of them by default), in the fixed order."""
    if not indicators:
        return resolve_steps("all")
    steps: list[str] = []
    for name in (t.strip() for t in indicators.split(",") if t.strip()):
        if name not in SERIES:
            known = ", ".join(SERIES)
            raise ApiError(422, f"unknown indicator {name!r}; known: {known}", "indicators")
        steps.append(SERIES[name].step)
    return resolve_steps(steps)


def _panel(ctx: DataContext, country: str, partners: str | None, years: str | None,
           indicators: str | None) -> tuple[pd.DataFrame, list[str]]:  # fmt: skip
    codes = parse_iso3_list(country, "country", limit=10)
    others = parse_iso3_list(partners, "partners", allow_blocs=True) if partners else list(POWERS)
    span = parse_years(years, (1992, 2023))
    if len(codes) == 1 and set(others) == {codes[0]}:
        raise ApiError(422, f"partners: the only partner is the country itself ({codes[0]}); name other "
                       "countries or leave partners out for RUS,CHN,USA,EU27", "partners")  # fmt: skip
    frame, notes = dyad_panel(ctx, codes, others, span, _steps(indicators), strict=False)
    return frame, notes


_COUNTRY = Query("KAZ", description="comma-separated ISO3 codes of the countries (up to 10)", max_length=60)
_PARTNERS = Query(None, description="comma-separated ISO3 codes or EU27; default RUS,CHN,USA,EU27",
                  max_length=400)  # fmt: skip
_YEARS = Query(None, description="YYYY or YYYY-YYYY within 1816-2100; default 1992-2023", max_length=16)
_INDICATORS = Query(None, description="comma-separated indicator names (default all); see /indicators",
                    max_length=400)  # fmt: skip


def _headers(notes: list[str], name: str) -> dict[str, str]:
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if notes:
        headers["X-Multivector-Skipped"] = "; ".join(n.replace("\n", " ") for n in notes)[:1000]
    return headers


@router.get("/panel.csv", responses={200: {"content": {"text/csv": {}}}, **_RESPONSES},
            response_class=Response, summary="The dyad-year panel as CSV")  # fmt: skip
def panel_csv(
    country: str = _COUNTRY,
    partners: str | None = _PARTNERS,
    years: str | None = _YEARS,
    indicators: str | None = _INDICATORS,
    ctx: DataContext = Depends(get_ctx),
) -> Response:
    """One row per country, partner and year with the columns of the panel steps asked for (missing is
    empty, never 0). Steps whose source is not in the store are skipped and named in the
    ``X-Multivector-Skipped`` header."""
    frame, notes = _panel(ctx, country, partners, years, indicators)
    text = frame.to_csv(index=False)
    return Response(text, media_type="text/csv", headers=_headers(notes, "panel.csv"))


_PARQUET: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/vnd.apache.parquet": {}}},
    **_RESPONSES,
}


@router.get("/panel.parquet", responses=_PARQUET, response_class=Response,
            summary="The dyad-year panel as Parquet")  # fmt: skip
def panel_parquet(
    country: str = _COUNTRY,
    partners: str | None = _PARTNERS,
    years: str | None = _YEARS,
    indicators: str | None = _INDICATORS,
    ctx: DataContext = Depends(get_ctx),
) -> Response:
    """The same panel as ``/panel.csv``, as a Parquet file (types kept: missing values stay null)."""
    frame, notes = _panel(ctx, country, partners, years, indicators)
    buf = io.BytesIO()
    out = frame.copy()
    out.attrs = {}
    out.to_parquet(buf, index=False)
    return Response(buf.getvalue(), media_type="application/vnd.apache.parquet",
                    headers=_headers(notes, "panel.parquet"))  # fmt: skip
