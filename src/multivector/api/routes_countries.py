"""``/countries``: who the API knows; ``/countries/{iso3}/profile``: the assessment; ``/.../series``: its
movement over the years.

The profile is :meth:`multivector.Assessment.to_dict` of :func:`multivector.assess` on the app's store,
the same document as ``multivector profile ISO3 --format json``. The series is
:func:`multivector.assess_series` (the composite and each dimension per year, with the year of every
figure) and the UN General Assembly agreement with each power.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Path, Query

from multivector import countries
from multivector.api.datasets import dataset_sources
from multivector.api.deps import ApiError, DataContext, builtin_cases, check_iso3, get_ctx
from multivector.api.routes_series import dyad_panel
from multivector.api.schemas import Country, ErrorResponse
from multivector.assessment import Assessment, assess, assess_series, store_countries
from multivector.dimensions import DIMENSIONS, UNGA_VOTES, normalise_weights
from multivector.errors import InputError, MultivectorError
from multivector.powers import POWERS
from multivector.values import json_records

__all__ = ["parse_weights_query", "router"]

router = APIRouter(prefix="/countries", tags=["countries"])

_ISO3 = Path(description="ISO3 code, e.g. KAZ", pattern=r"^[A-Z]{3}$", min_length=3, max_length=3)
_YEAR = Query(None, ge=1800, le=2100, description="the year to assess (default: the latest year with data)")
_WEIGHTS = Query(
    None,
    max_length=400,
    description="composite weights, e.g. security=2,events=0 (dimensions not named keep weight 1)",
)
_RESPONSES: dict[int | str, dict[str, Any]] = {code: {"model": ErrorResponse} for code in (404, 422)}


def parse_weights_query(text: str | None) -> dict[str, float] | None:
    """``security=2,events=0`` as a weights mapping (the library applies the one weights rule)."""
    if text is None or not text.strip():
        return None
    out: dict[str, float] = {}
    for part in (p.strip() for p in text.split(",") if p.strip()):
        name, sep, value = part.partition("=")
        try:
            out[name.strip().lower()] = float(value) if sep else float("nan")
        except ValueError:
            raise ApiError(422, f"weights: {value!r} for {name!r} is not a number", "weights") from None
        if not sep:
            raise ApiError(422, f"weights: {part!r} is not NAME=NUMBER (e.g. security=2)", "weights")
    try:
        normalise_weights(out)
    except InputError as exc:
        raise ApiError(422, f"weights: {exc}", "weights") from None
    return out


def _name(iso3: str) -> str:
    try:
        return countries.name(iso3)
    except MultivectorError:
        return iso3


@router.get("", response_model=list[Country], summary="Countries with data or a built-in case")
def list_countries(ctx: DataContext = Depends(get_ctx)) -> list[Country]:
    """Every country the store has data for since 1992, and the countries of the built-in cases."""
    cases = {iso3: cid for cid, iso3 in builtin_cases().items()}
    with_data = set(store_countries(ctx.store(), 1992)) if ctx.tables() else set()
    codes = sorted(set(cases) | with_data)
    return [
        Country(iso3=c, name=_name(c), case=cases.get(c), has_case=c in cases, has_data=c in with_data)
        for c in codes
    ]


@router.get(
    "/{iso3}/profile",
    response_model=Assessment,
    responses=_RESPONSES,
    summary="A country's assessment: per dimension the figure used, its sources, and the composite",
)
def profile(
    iso3: str = _ISO3,
    year: int | None = _YEAR,
    weights: str | None = _WEIGHTS,
    ctx: DataContext = Depends(get_ctx),
) -> dict[str, Any]:
    """:func:`multivector.assess` of the country on this server's store (the built-in casebook joins its
    country): per dimension the balance, tilt, shares, largest exposure, the year and origin of the figure,
    its evidence, sources and flags; the composite; the numbered sources."""
    code = check_iso3(iso3, "iso3")
    store = ctx.store() if ctx.tables() else None
    return assess(code, year, weights=parse_weights_query(weights), store=store).to_dict()


@router.get("/{iso3}/series", responses=_RESPONSES, summary="The assessment in every year, and UN alignment")
def series(
    iso3: str = _ISO3,
    weights: str | None = _WEIGHTS,
    ctx: DataContext = Depends(get_ctx),
) -> dict[str, Any]:
    """:func:`multivector.assess_series`: one row per year and dimension (and a ``composite`` row per year)
    with the year of the figure each uses, from 1992 to the latest year with data; ``alignment``: the Voeten
    agreement with each of RUS, CHN, USA and EU27 per year (``partial`` marks a year the votes cover in
    part, ``coverage`` the share of the calendar year covered); ``sources``: the datasets."""
    code = check_iso3(iso3, "iso3")
    store = ctx.store() if ctx.tables() else None
    table = assess_series(code, weights=parse_weights_query(weights), store=store)
    alignment: list[dict[str, Any]] = []
    if ctx.has(UNGA_VOTES):
        last = int(table["year"].max())
        partners = [p for p in POWERS if p != code]
        frame, _ = dyad_panel(ctx, [code], partners, (1992, last), ["add_unga"])
        cols = ["partner_iso3", "year", "unga_agreement", "unga_n_votes"]
        cols += ["unga_coverage", "unga_partial_year"]
        names = {"partner_iso3": "partner", "unga_coverage": "coverage", "unga_partial_year": "partial"}
        alignment = json_records(frame[cols].rename(columns=names))
    tables = [t for d in DIMENSIONS.values() for t in d.tables]
    return {
        "country": code,
        "name": _name(code),
        "rows": json_records(table),
        "alignment": alignment,
        "sources": dataset_sources(ctx, tables) if ctx.tables() else [],
    }
