"""``/countries`` and ``/countries/{iso3}/profile``: who the API knows and where each stands.

A profile has two parts. The casebook part (for a country with a built-in case) is the report's own data
model, :func:`multivector.report.build_report_data`: every figure with its text, value, source ids and
resolved citations, so the dashboard and the report show the same numbers. The store part (when data are
imported) is the balance per dimension and year from :mod:`multivector.panels` and the UN vote agreement
with Russia, China and the USA.
"""

from __future__ import annotations

import importlib
import math
from functools import lru_cache
from typing import Any

import pandas as pd
from fastapi import APIRouter, Depends, Path
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from multivector import countries
from multivector.api.datasets import dataset_sources, dimension_sources
from multivector.api.deps import (
    ApiError,
    DataContext,
    balance_dimensions,
    builtin_cases,
    case_for_country,
    check_iso3,
    get_ctx,
    public_message,
)
from multivector.api.routes_series import INDICATORS, dyad_panel
from multivector.api.schemas import Country, ErrorResponse, Indicator, Profile, StoreSeries
from multivector.errors import MultivectorError, StoreBusyError
from multivector.report import ReportData, build_report_data

__all__ = ["CENTRAL_ASIA", "router", "store_balance"]

router = APIRouter(prefix="/countries", tags=["countries"])

#: The countries compared by default when the store has data.
CENTRAL_ASIA: tuple[str, ...] = ("KAZ", "UZB", "KGZ", "TJK", "TKM")
#: Years of the store series on the profile.
PROFILE_YEARS = (1992, 2023)
_ISO3 = Path(description="ISO3 code, e.g. KAZ", pattern=r"^[A-Z]{3}$", min_length=3, max_length=3)


@lru_cache(maxsize=16)
def report_data(case_id: str) -> ReportData:
    """The report's data of a built-in case (cached: the built-in cases do not change while serving)."""
    return build_report_data(case_id)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    clean = frame.astype(object).where(frame.notna(), None)  # type: ignore[call-overload]
    out = []
    for rec in clean.to_dict(orient="records"):
        row: dict[str, Any] = {}
        for k, v in rec.items():
            if hasattr(v, "item"):
                v = v.item()
            if isinstance(v, float) and not math.isfinite(v):
                v = None
            row[str(k)] = v
        out.append(row)
    return out


@lru_cache(maxsize=256)
def _store_balance(
    ctx: DataContext, version: int, iso3: str
) -> tuple[tuple[dict[str, Any], ...], str | None]:
    panels = importlib.import_module("multivector.panels")
    fn = getattr(panels, "balance_over_time", None)
    if fn is None:
        return (), "balance over time is not available in this version (multivector.panels.balance_over_time)"
    dims, note = balance_dimensions(ctx)
    if not dims:
        return (), None
    try:
        table = fn(iso3, dimensions=list(dims), years=PROFILE_YEARS, store=ctx.store())
    except StoreBusyError:
        raise  # a 503, never cached as a note
    except MultivectorError as exc:
        return (), f"balance over time: {public_message(str(exc), ctx.settings.store_path)}"
    rows = tuple(_records(table))
    return rows, note if rows else None


def store_balance(ctx: DataContext, iso3: str) -> tuple[list[dict[str, Any]], str | None]:
    """Balance and tilt per dimension and year from the store's series, and a note when there are none."""
    if not ctx.tables():
        return [], None
    rows, note = _store_balance(ctx, ctx.store_version(), iso3)
    return list(rows), note


def _alignment(ctx: DataContext, iso3: str) -> tuple[list[dict[str, Any]] | None, str | None]:
    spec = INDICATORS[Indicator.unga_agreement]
    if not ctx.has(*spec.tables):
        return None, None
    partners = [p for p in ("RUS", "CHN", "USA") if p != iso3]
    try:
        frame, _ = dyad_panel(ctx, [iso3], partners, (1992, 2024), spec.steps)
    except StoreBusyError:
        raise
    except (ApiError, MultivectorError) as exc:
        text = exc.error if isinstance(exc, ApiError) else str(exc)
        return None, f"UN vote alignment: {public_message(text, ctx.settings.store_path)}"
    if spec.column not in frame.columns:
        return None, None
    rows = frame[["partner_iso3", "year", spec.column]].rename(
        columns={"partner_iso3": "partner", spec.column: "agreement"}
    )
    return _records(rows), None


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    return {}


def _name(iso3: str) -> str:
    names = _names()
    if iso3 not in names:
        try:
            names[iso3] = countries.name(iso3)
        except MultivectorError:
            names[iso3] = iso3
    return names[iso3]


@router.get("", response_model=list[Country], summary="Countries with a built-in case or imported data")
def list_countries(ctx: DataContext = Depends(get_ctx)) -> list[Country]:
    """The countries of the built-in cases, and Central Asia's five when the store has data."""
    has_data = bool(ctx.tables())
    cases = {iso3: cid for cid, iso3 in builtin_cases().items()}
    codes = list(dict.fromkeys([*cases, *(CENTRAL_ASIA if has_data else ())]))
    return [
        Country(iso3=c, name=_name(c), case=cases.get(c), has_case=c in cases, has_series=has_data)
        for c in codes
    ]


@router.get(
    "/{iso3}/profile",
    response_model=Profile,
    responses={404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
    summary="A country's balance profile with every figure's sources",
)
async def profile(iso3: str = _ISO3, ctx: DataContext = Depends(get_ctx)) -> Response:
    """Balance, tilt and largest exposure per dimension and as a composite (from the built-in case), with
    every figure's citations; plus, when the store has data, the balance per dimension and year and the UN
    vote agreement with RUS, CHN and USA."""
    key = ("profile", ctx.store_version(), iso3)
    cached = ctx.responses.get(key)
    if cached is None:
        answer = await run_in_threadpool(_profile, ctx, iso3)
        cached = answer.model_dump_json().encode()
        ctx.responses.put(key, cached)
    return Response(cached, media_type="application/json")


def _profile(ctx: DataContext, iso3: str) -> Profile:
    code = check_iso3(iso3, "iso3")
    cid = case_for_country(code)
    notes: list[str] = []
    rows, note = store_balance(ctx, code)
    if note:
        notes.append(note)
    alignment, note = _alignment(ctx, code)
    if note:
        notes.append(note)
    if cid is None and not rows and not alignment:
        raise ApiError(
            404,
            f"nothing known about {code} ({_name(code)}): it has no built-in case and this server's store "
            "holds no series for it (whoever runs the server can import data with "
            "`multivector data import all DIR`)",
            "iso3",
        )
    store_series = None
    if rows:
        dims = dict.fromkeys(str(r["dimension"]) for r in rows if r.get("dimension") is not None)
        store_series = StoreSeries(rows=rows, sources=dimension_sources(ctx, dims))
    alignment_sources = dataset_sources(ctx, INDICATORS[Indicator.unga_agreement].tables) if alignment else []
    if cid is not None:
        data = report_data(cid)
        return Profile(
            country=code, name=_name(code), case=cid, summary=data.summary, composite=data.composite,
            pole_shares=data.pole_shares, series=data.series, ties=data.ties, timeline=data.timeline,
            sources=data.sources, store_series=store_series, alignment=alignment,
            alignment_sources=alignment_sources, notes=notes,
        )  # fmt: skip
    return Profile(
        country=code, name=_name(code), case=None, summary=[], composite=None, pole_shares=[], series=[],
        ties=[], timeline=[], sources=[], store_series=store_series, alignment=alignment,
        alignment_sources=alignment_sources, notes=notes,
    )  # fmt: skip
