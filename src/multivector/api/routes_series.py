"""``/series`` and ``/indicators``: a dyad series for any indicator, computed by the panel steps.

Each :class:`~multivector.api.schemas.Indicator` names one column of one ``add_*`` step of
:mod:`multivector.panels` (``trade`` is ``add_trade``'s ``trade_total``, ...). The API builds the frame with
``create_dyad_years`` and runs that step on the app's read-only store; results are cached per store
version, so repeated requests cost a dictionary lookup.
"""

from __future__ import annotations

import importlib
import math
import threading
from dataclasses import dataclass
from typing import Any

import pandas as pd
from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

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
from multivector.api.limits import CACHE_BYTES, ByteLRU
from multivector.api.schemas import ErrorResponse, Indicator, IndicatorInfo, SeriesResponse, SeriesRow
from multivector.errors import PipelineError, StoreBusyError, StoreError
from multivector.powers import POWERS

__all__ = ["INDICATORS", "IndicatorSpec", "dataset_sources", "dyad_panel", "router", "step_function"]

router = APIRouter(tags=["series"])


@dataclass(frozen=True)
class IndicatorSpec:
    """Where an indicator comes from: the panel step, its column, its unit and its source tables."""

    label: str
    unit: str
    step: str
    column: str
    tables: tuple[str, ...]
    description: str
    needs: tuple[str, ...] = ()
    #: Tables read by the ``needs`` steps when the store has them (named in ``sources``, not required).
    optional: tuple[str, ...] = ()

    @property
    def steps(self) -> tuple[str, ...]:
        """The steps to run, in order: those whose columns the step needs, then the step itself."""
        return (*self.needs, self.step)


_TRADE = ("cow_trade", "cow_trade_national")
#: The indicators, by name. ``tables`` are the store tables the step reads (for a clear 404 when absent,
#: and the datasets named in the answer's ``sources``).
INDICATORS: dict[Indicator, IndicatorSpec] = {
    Indicator.trade: IndicatorSpec(
        "Bilateral trade", "million current USD", "add_trade", "trade_total", _TRADE,
        "imports + exports between country and partner (Correlates of War Trade v4, 1870-2014)",
    ),
    Indicator.trade_share: IndicatorSpec(
        "Partner's share of the country's trade", "share (0-1)", "add_trade", "trade_dependence", _TRADE,
        "trade with the partner / the country's world trade (COW Trade v4)",
    ),
    Indicator.arms: IndicatorSpec(
        "Arms deliveries from the partner", "SIPRI TIV (million)", "add_arms", "arms_tiv", ("sipri_tiv",),
        "major conventional arms delivered by the partner to the country (SIPRI trend-indicator values)",
    ),
    Indicator.arms_share: IndicatorSpec(
        "Partner's 5-year share of arms imports", "share (0-1)", "add_arms", "arms_supplier_share_5y",
        ("sipri_tiv",), "the partner's share of the country's arms imports over 5 years (SIPRI convention)",
    ),
    Indicator.alliance: IndicatorSpec(
        "Alliance (any ATOP pledge)", "0/1", "add_alliances", "atop_any", ("atop",),
        "1 when the two share an alliance with any ATOP 5.1 pledge in the year (1815-2018)",
    ),
    Indicator.igo: IndicatorSpec(
        "Shared IGO memberships", "count", "add_igos", "igo_shared", ("igo",),
        "intergovernmental organisations both are full members of (COW IGO v3, 1816-2014)",
    ),
    Indicator.unga_agreement: IndicatorSpec(
        "UN General Assembly agreement", "share (0-1)", "add_unga", "unga_agreement", ("unga_votes",),
        "Voeten agreement 1 - |v1 - v2|/2 over non-unanimous roll calls in the calendar year",
    ),
    Indicator.events: IndicatorSpec(
        "Events (GDELT)", "count", "add_events", "events_total", ("gdelt_events",),
        "GDELT events from the country to the partner in the year",
    ),
    Indicator.net_cooperation: IndicatorSpec(
        "Net cooperation (GDELT Goldstein)", "Goldstein sum", "add_events", "events_net_cooperation",
        ("gdelt_events",),
        "cooperative minus conflictual Goldstein sums of the country's events to the partner",
    ),
    Indicator.influence: IndicatorSpec(
        "Influence of the partner (FBIC-style)", "index (0-1)", "add_influence", "influence_index",
        (*_TRADE, "unga_votes"),
        "bandwidth x dependence of the country on the partner, from trade, arms, alliances, IGOs, UN votes",
        needs=("add_trade", "add_arms", "add_igos", "add_alliances", "add_unga"),
        optional=("sipri_tiv", "igo", "atop"),
    ),
}  # fmt: skip

#: Steps that compute from the frame's columns and read no store.
STORELESS = frozenset({"add_influence"})
#: Step order when a panel runs several (``add_influence`` uses the columns of the others).
STEP_ORDER: tuple[str, ...] = ("add_trade", "add_arms", "add_alliances", "add_igos", "add_unga", "add_events",
                               "add_influence")  # fmt: skip


def step_function(step: str) -> Any:
    """The ``add_*`` function of :mod:`multivector.panels`, or a 501 naming the missing step."""
    try:
        panels = importlib.import_module("multivector.panels")
    except ImportError:
        panels = None
    fn = getattr(panels, step, None) if panels is not None else None
    if fn is None:  # the package may not re-export it yet: look in its modules
        for module in ("trade", "arms", "alliances", "unga", "events", "influence"):
            try:
                mod = importlib.import_module(f"multivector.panels.{module}")
            except ImportError:
                continue
            fn = getattr(mod, step, None)
            if fn is not None:
                break
    if fn is None:
        raise ApiError(501, f"the panel step {step}() is not available in this version of multivector", None)
    return fn


def _create_dyad_years() -> Any:
    try:
        return importlib.import_module("multivector.panels").create_dyad_years
    except (ImportError, AttributeError):
        return importlib.import_module("multivector.panels.frames").create_dyad_years


#: Computed panels by (app, key), bounded by the frames' bytes (not by a number of entries).
_PANELS: ByteLRU[tuple[Any, ...], tuple[pd.DataFrame, tuple[str, ...]]] = ByteLRU(
    CACHE_BYTES, lambda v: int(v[0].memory_usage(index=True, deep=True).sum())
)


def _cached_panel(ctx: DataContext, *key: Any) -> tuple[pd.DataFrame, tuple[str, ...]]:
    hit = _PANELS.get((ctx, *key))
    if hit is None:
        hit = _compute_panel(ctx, *key)
        _PANELS.put((ctx, *key), hit)
    return hit


def _compute_panel(
    ctx: DataContext,
    version: int,
    countries: tuple[str, ...],
    partners: tuple[str, ...],
    years: tuple[int, int],
    steps: tuple[str, ...],
    lenient: bool,
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    frame = _create_dyad_years()(list(countries), list(partners), years, directed=True)
    notes: list[str] = []
    for step in steps:
        fn = step_function(step)
        try:
            frame = fn(frame) if step in STORELESS else fn(frame, store=ctx.store())
        except StoreBusyError:
            raise  # a 503, never cached as a skipped step
        except (StoreError, PipelineError) as exc:
            if step == steps[-1] and not lenient:
                raise
            notes.append(f"{step}: {public_message(str(exc), ctx.settings.store_path)}")
    return frame, tuple(notes)


def dyad_panel(
    ctx: DataContext,
    countries: list[str],
    partners: list[str],
    years: tuple[int, int],
    steps: list[str] | tuple[str, ...],
    *,
    strict: bool = True,
) -> tuple[pd.DataFrame, list[str]]:
    """The dyad-year panel of ``countries`` x ``partners`` over ``years`` with ``steps`` run on the store.

    Checks the row cap first (413 when the panel would be larger); a 404 when there is no store. With
    ``strict`` a step that cannot run (its table is not in the store) is an error when it is the last one
    (the one whose column was asked for) and skipped otherwise; without it every such step is skipped and
    named in the notes. The frame is cached: callers must not modify it.
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
    ordered = sorted(dict.fromkeys(steps), key=lambda s: STEP_ORDER.index(s) if s in STEP_ORDER else 99)
    key = (ctx.store_version(), tuple(countries), tuple(partners), years, tuple(ordered), not strict)
    with _lock_for(key):  # one computation per key at a time; the others wait for the cache
        frame, notes = _cached_panel(ctx, *key)
    return frame, list(notes)


_LOCKS: dict[tuple[Any, ...], threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _lock_for(key: tuple[Any, ...]) -> threading.Lock:
    with _LOCKS_GUARD:
        if len(_LOCKS) > 4096:
            _LOCKS.clear()
        return _LOCKS.setdefault(key, threading.Lock())


def _value(v: object) -> float | None:
    if v is None or v is pd.NA:
        return None
    try:
        f = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


@router.get("/indicators", response_model=list[IndicatorInfo], summary="The indicators /series knows")
def list_indicators() -> list[IndicatorInfo]:
    """Every indicator name accepted by ``/series`` and the panel export, with its unit and step."""
    return [
        IndicatorInfo(name=k.value, label=s.label, unit=s.unit, step=s.step, column=s.column,
                      description=s.description)
        for k, s in INDICATORS.items()
    ]  # fmt: skip


@router.get(
    "/series",
    response_model=SeriesResponse,
    responses={
        400: {"model": ErrorResponse},
        404: {"model": ErrorResponse},
        413: {"model": ErrorResponse},
        422: {"model": ErrorResponse},
        501: {"model": ErrorResponse},
    },
    summary="A dyad series for one indicator",
)
async def series(
    country: str = Query(..., description="ISO3 code of the country", examples=["KAZ"], max_length=3),
    indicator: Indicator = Query(..., description="indicator name (see /indicators)"),
    partner: str | None = Query(
        None, description="comma-separated ISO3 codes or EU27; default the four powers", max_length=400
    ),
    years: str | None = Query(
        None, description="YYYY or YYYY-YYYY within 1816-2100; default 1992-2023", max_length=16
    ),
    ctx: DataContext = Depends(get_ctx),
) -> Response:
    """The values of ``indicator`` for ``country`` and each partner, one row per partner and year (missing
    values, e.g. years outside a source's coverage, are ``null``, never 0)."""
    key = ("series", ctx.store_version(), country, indicator, partner, years)
    cached = ctx.responses.get(key)
    if cached is None:
        answer = await run_in_threadpool(_series, ctx, country, indicator, partner, years)
        cached = answer.model_dump_json().encode()
        ctx.responses.put(key, cached)
    return Response(cached, media_type="application/json")


def _series(ctx: DataContext, country: str, indicator: Indicator, partner: str | None,
            years: str | None) -> SeriesResponse:  # fmt: skip
    code = check_iso3(country, "country")
    partners = parse_iso3_list(partner, "partner", allow_blocs=True) if partner else list(POWERS)
    span = parse_years(years, (1992, 2023))
    spec = INDICATORS[indicator]
    missing = [t for t in spec.tables if t not in ctx.tables()]
    if ctx.tables() and missing:
        raise ApiError(404, missing_data_message(f"the indicator {indicator.value!r}", missing), "indicator")
    if code in partners:
        partners = [p for p in partners if p != code]
        if not partners:
            raise ApiError(422, "the partner list holds only the country itself", "partner")
    frame, _ = dyad_panel(ctx, [code], partners, span, spec.steps)
    if spec.column not in frame.columns:
        raise ApiError(501, f"{spec.step}() gives no column {spec.column!r} in this version", "indicator")
    rows = [
        SeriesRow(country=str(c), partner=str(p), year=int(y), value=_value(v))
        for c, p, y, v in zip(frame["iso3"], frame["partner_iso3"], frame["year"], frame[spec.column],
                              strict=True)
    ]  # fmt: skip
    return SeriesResponse(
        country=code, partners=partners, indicator=indicator.value, label=spec.label, unit=spec.unit,
        years=[span[0], span[1]], rows=rows, sources=dataset_sources(ctx, (*spec.tables, *spec.optional)),
    )  # fmt: skip
