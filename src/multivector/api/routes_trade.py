"""``/countries/{iso3}/trade-bases``: a country's trade with each power as every basis reports it.

The rows are :func:`multivector.panels.trade_spread.trade_spread` on the app's store (the same columns,
one row per figure: ``basis, side, reporter_iso3, source, period, preliminary, url, selected, label``, and
the comparison ``compared, n_compared, spread, vs_selected, disagree``); ``disagreements`` is
:func:`multivector.panels.trade_spread.disagreements` of them (one row per flow whose bases are more than
``threshold`` apart, with the sentence the report prints); ``sources`` cites the datasets the figures were
read from.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Path, Query

from multivector.api.datasets import dataset_sources, missing_data_message
from multivector.api.deps import ApiError, DataContext, check_iso3, get_ctx, parse_iso3_list, parse_years
from multivector.api.schemas import ErrorResponse
from multivector.panels.trade import COW, basis_tables
from multivector.panels.trade_reported import BASES
from multivector.panels.trade_spread import (
    FULL_YEAR,
    LATEST_YEARS,
    SPREAD_THRESHOLD,
    disagreements,
    trade_spread,
    trade_spread_tables,
)
from multivector.powers import POWERS
from multivector.store.memo import memoized
from multivector.values import json_records

__all__ = ["MAX_DYAD_YEARS", "router"]

router = APIRouter(prefix="/countries", tags=["trade"])

#: The most partner-years one request may ask for (each is several figures, from every basis).
MAX_DYAD_YEARS = 400
#: The first table of each basis: a store holding none of them has no trade to compare.
_TRADE_TABLES = [basis_tables(b)[0] for b in (COW, *BASES)]
_ISO3 = Path(description="ISO3 code, e.g. KAZ", pattern=r"^[A-Z]{3}$", min_length=3, max_length=3)
_PARTNER = Query(
    None, max_length=200, description="comma-separated ISO3 codes or EU27; default the four powers (RUS, "
    "CHN, USA, EU27) other than the country",
)  # fmt: skip
_YEARS = Query(
    None,
    max_length=16,
    description=f"YYYY or YYYY-YYYY; default the {LATEST_YEARS} latest years with a figure",
)


def _partners(text: str | None, country: str) -> list[str]:
    if text is None or not text.strip():
        return [p for p in POWERS if p != country]
    partners = [p for p in parse_iso3_list(text, "partner", allow_blocs=True, limit=10) if p != country]
    if not partners:
        raise ApiError(422, f"partner: the only partner given is the country itself ({country})", "partner")
    return partners


@router.get(
    "/{iso3}/trade-bases",
    responses={code: {"model": ErrorResponse} for code in (404, 413, 422)},
    summary="Trade with each power as every basis reports it, labelled, and where the bases disagree",
)
def trade_bases(
    iso3: str = _ISO3,
    partner: str | None = _PARTNER,
    years: str | None = _YEARS,
    ctx: DataContext = Depends(get_ctx),
) -> dict[str, Any]:
    """Every figure the store holds for the country's exports, imports and total trade with each partner
    per year: its basis, side (the country's report or the partner's), source, period, url, whether the
    assessment uses it (``selected``), and how far the full-year figures of the flow are apart (``spread``
    = max / min - 1; ``disagree`` above ``threshold``). Missing values are ``null``, never 0."""
    code = check_iso3(iso3, "iso3")
    partners = _partners(partner, code)
    span = parse_years(years, (0, 0)) if years is not None and years.strip() else None
    if span is not None and len(partners) * (span[1] - span[0] + 1) > MAX_DYAD_YEARS:
        raise ApiError(
            413,
            f"{len(partners)} partners x {span[1] - span[0] + 1} years is more than {MAX_DYAD_YEARS} "
            "partner-years: ask for fewer partners or years",
            "years",
        )
    if not ctx.tables() & set(_TRADE_TABLES):
        raise ApiError(404, missing_data_message("trade by basis", [_TRADE_TABLES]), None)
    store = ctx.store()
    table = memoized(
        store,
        ("trade_spread", code, tuple(partners), span),
        lambda: trade_spread(code, partners, span, store),
    )
    found = disagreements(table)
    shown = sorted({int(y) for y in table["year"]})
    return {
        "country": code,
        "partners": partners,
        "years": [shown[0], shown[-1]] if shown else ([span[0], span[1]] if span else []),
        "threshold": SPREAD_THRESHOLD,
        "compared": f"figures with period {FULL_YEAR!r} and a value",
        "rows": json_records(table),
        "disagreements": json_records(found),
        "sources": dataset_sources(ctx, trade_spread_tables(table)),
    }
