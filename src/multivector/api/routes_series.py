"""``/series`` and ``/indicators``: dyad series computed by the panel steps; ``/dimensions`` and ``/flags``:
the vocabulary.

Each indicator is a :data:`multivector.panels.SERIES` entry (one column of one ``add_*`` step); the API
builds the frame with :func:`multivector.panels.build_panel` on the app's read-only store. ``/dimensions``
serves :mod:`multivector.dimensions` and ``/flags`` the assessment's flags, so the dashboard never keeps its
own list.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from fastapi import APIRouter, Depends, Query

from multivector import dimensions as vocab
from multivector.api.datasets import dataset_sources, missing_data_message
from multivector.api.deps import (
    ApiError,
    DataContext,
    check_iso3,
    get_ctx,
    parse_iso3_list,
    parse_years,
    public_message,
)
from multivector.api.schemas import ErrorResponse, Indicator, IndicatorInfo, SeriesResponse, SeriesRow
from multivector.assessment import FLAGS
from multivector.panels import SERIES, build_panel
from multivector.panels.build import SKIPPED_ATTR, STEPS, tables_read
from multivector.powers import POWERS
from multivector.store.memo import memoized
from multivector.values import number_or_none

__all__ = ["dyad_panel", "router"]

router = APIRouter(tags=["series"])


def dyad_panel(
    ctx: DataContext,
    countries: list[str],
    partners: list[str],
    years: tuple[int, int],
    steps: list[str] | tuple[str, ...],
    *,
    strict: bool = True,
) -> tuple[pd.DataFrame, list[str]]:
    """The dyad-year panel of ``countries`` x ``partners`` over ``years`` with ``steps``
    (:func:`multivector.panels.build_panel`, memoised per store).

    413 when the panel would exceed the row cap; 404 when the store holds nothing. With ``strict`` a step
    whose tables are missing is an error; otherwise it is skipped and named in the notes.
    """
    n_rows = len(countries) * len(partners) * (years[1] - years[0] + 1)
    if n_rows > ctx.settings.max_rows:
        raise ApiError(
            413,
            f"the panel would have {n_rows:,} rows, more than the limit of {ctx.settings.max_rows:,}: "
            "ask for fewer countries, partners or years",
            "years",
        )
    if not ctx.tables():
        raise ApiError(
            404,
            "this server's store holds no data yet: whoever runs the server can import some with "
            "`multivector data import all DIR`, or serve a store that has data (`multivector serve --store "
            "PATH`)",
            None,
        )
    store = ctx.store()
    key = ("dyad_panel", tuple(countries), tuple(partners), years, tuple(steps), strict)

    def compute() -> pd.DataFrame:
        frame = build_panel(countries, partners, years, steps=steps, store=store, skip_missing=not strict)
        skipped = frame.attrs.get(SKIPPED_ATTR, {})
        out = pd.DataFrame(frame)
        out.attrs = {}
        out["_skipped"] = "; ".join(f"{k}: {v}" for k, v in skipped.items())
        return out

    frame = memoized(store, key, compute)
    skipped = str(frame["_skipped"].iloc[0]) if len(frame) else ""
    notes = [public_message(n, ctx.settings.store_path) for n in skipped.split("; ") if n]
    return frame.drop(columns="_skipped"), notes


def _read(frame: pd.DataFrame, step: str, ctx: DataContext) -> list[str]:
    """The tables behind the rows of a series (the step's, and for influence those of the steps it uses)."""
    steps = [*STEPS[step].needs, step] if STEPS[step].storeless else [step]
    return [t for s in steps for t in tables_read(frame, s, ctx.tables())]


@router.get("/indicators", response_model=list[IndicatorInfo], summary="The indicators /series knows")
def list_indicators() -> list[IndicatorInfo]:
    """Every indicator name accepted by ``/series`` and the panel export, with its unit and step."""
    return [
        IndicatorInfo(
            name=s.name, label=s.label, unit=s.unit, step=s.step, column=s.column, description=s.description
        )
        for s in SERIES.values()
    ]


@router.get("/dimensions", summary="The dimensions of the balance (the registry)")
def list_dimensions() -> list[dict[str, Any]]:
    """Every dimension of :mod:`multivector.dimensions` in output order: label, unit, construction,
    whether the composite can use it, whether the store or a casebook measures it, its evidence minimum,
    staleness horizon, default weight and tables."""
    return [
        {
            "name": d.name,
            "label": d.label,
            "unit": d.unit,
            "description": d.description,
            "construction": d.construction,
            "comparable": d.comparable,
            "measured": d.measured,
            "casebook": d.casebook,
            "horizon": d.horizon,
            "weight": d.weight,
            "tables": list(d.tables),
            "evidence": {"kind": d.evidence.kind, "minimum": d.evidence.minimum, "why": d.evidence.why},
        }
        for d in vocab.DIMENSIONS.values()
    ]


@router.get("/flags", summary="Why a dimension's figure stays out of the composite (the flags)")
def list_flags() -> dict[str, str]:
    """Each flag an assessment may set on a dimension, with its meaning, in the order they are checked
    (:data:`multivector.assessment.FLAGS`): the dashboard shows flags in these words."""
    return dict(FLAGS)


@router.get(
    "/series",
    response_model=SeriesResponse,
    responses={code: {"model": ErrorResponse} for code in (400, 404, 413, 422)},
    summary="A dyad series for one indicator",
)
def series(
    country: str = Query(..., description="ISO3 code of the country", examples=["KAZ"], max_length=3),
    indicator: Indicator = Query(..., description="indicator name (see /indicators)"),
    partner: str | None = Query(
        None, description="comma-separated ISO3 codes or EU27; default the four powers", max_length=400
    ),
    years: str | None = Query(
        None, description="YYYY or YYYY-YYYY within 1816-2100; default 1992-2023", max_length=16
    ),
    ctx: DataContext = Depends(get_ctx),
) -> SeriesResponse:
    """The values of ``indicator`` for ``country`` and each partner, one row per partner and year (missing
    values, e.g. years outside a source's coverage, are ``null``, never 0)."""
    code = check_iso3(country, "country")
    partners = parse_iso3_list(partner, "partner", allow_blocs=True) if partner else list(POWERS)
    span = parse_years(years, (1992, 2023))
    spec = SERIES[indicator.value]
    missing = spec.missing_tables(ctx.tables())
    if ctx.tables() and missing:
        raise ApiError(404, missing_data_message(f"the indicator {indicator.value!r}", missing), "indicator")
    if code in partners:
        partners = [p for p in partners if p != code]
        if not partners:
            raise ApiError(422, "the partner list holds only the country itself", "partner")
    frame, _ = dyad_panel(ctx, [code], partners, span, [spec.step], strict=spec.step != "add_influence")
    rows = [
        SeriesRow(country=str(c), partner=str(p), year=int(y), value=number_or_none(v))
        for c, p, y, v in zip(
            frame["iso3"], frame["partner_iso3"], frame["year"], frame[spec.column], strict=True
        )
    ]
    return SeriesResponse(
        country=code,
        partners=partners,
        indicator=indicator.value,
        label=spec.label,
        unit=spec.unit,
        years=[span[0], span[1]],
        rows=rows,
        sources=dataset_sources(ctx, _read(frame, spec.step, ctx)),
    )
