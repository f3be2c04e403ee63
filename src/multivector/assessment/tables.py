"""Assessments as tables: :func:`compare` and :func:`rank` (countries side by side) and :func:`add_balance`
(the country-year panel step). They are views of :func:`~multivector.assessment.assess_many` and
:func:`~multivector.assessment.assess_series`, so their numbers are the assessment's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from multivector import dimensions as vocab
from multivector.assessment.assess import SERIES_COLUMNS, assess_many, assess_series
from multivector.assessment.model import Assessment
from multivector.errors import InputError, StoreError
from multivector.panels.frames import check_frame, finish
from multivector.store.db import Store

__all__ = ["CENTRAL_ASIA", "COMPARE_COLUMNS", "add_balance", "compare", "compare_row", "rank"]

#: Central Asia's five states, the default of :func:`compare` and :func:`rank`.
CENTRAL_ASIA: tuple[str, ...] = ("KAZ", "UZB", "KGZ", "TJK", "TKM")
#: The columns of :func:`compare` before the per-dimension ``balance_<dimension>`` and ``year_<dimension>``.
COMPARE_COLUMNS: tuple[str, ...] = (
    "country",
    "name",
    "year",
    "balance",
    "largest_power",
    "largest_exposure",
    "tilt_rus",
    "tilt_chn",
    "tilt_west",
    "tilt_lean",
    "tilt_strength",
    "coverage",
    "dimensions_used",
    "excluded",
    "case",
)


def compare_row(a: Assessment) -> dict[str, object]:
    """One row of :func:`compare` from an assessment: the composite, then each dimension's balance and the
    year of its figure (whether the composite uses it or not: ``excluded`` says which it leaves out)."""
    c = a.composite
    row: dict[str, object] = {
        "country": a.country,
        "name": a.name,
        "year": a.year,
        "balance": c.balance,
        "largest_power": c.largest_power,
        "largest_exposure": c.largest_exposure,
        "tilt_rus": c.tilt.rus,
        "tilt_chn": c.tilt.chn,
        "tilt_west": c.tilt.west,
        "tilt_lean": c.tilt.lean,
        "tilt_strength": c.tilt.strength,
        "coverage": c.coverage,
        "dimensions_used": ",".join(c.dimensions_used),
        "excluded": ",".join(f"{d}:{why}" for d, why in c.excluded.items()),
        "case": a.case,
    }
    for e in a.dimensions:
        row[f"balance_{e.dimension}"] = e.balance
        row[f"year_{e.dimension}"] = e.year
    return row


def compare(
    countries: Iterable[str] = CENTRAL_ASIA,
    year: int | None = None,
    *,
    weights: Mapping[str, float] | None = None,
    store: Store | str | Path | None = None,
    casebooks: bool = True,
) -> pd.DataFrame:
    """One row per country (in the order given): its assessment's composite and each dimension's balance
    (:data:`COMPARE_COLUMNS`, then ``balance_<dimension>`` and ``year_<dimension>`` in registry order).

    ``year`` None: each country's latest year with data. Countries with nothing known are left out (the
    ``note`` attribute ``df.attrs["missing"]`` names them). Built-in casebooks join their country's
    assessment, as in :func:`~multivector.assessment.assess`.
    """
    codes = list(countries)
    if not codes:
        raise InputError("compare() needs at least one country")
    found = assess_many(codes, year, weights=weights, store=store, casebooks=casebooks)
    if not found:
        raise StoreError(
            f"nothing to compare for {', '.join(codes)}: the store holds no figure for them; import data "
            "with `multivector data import all DIR`"
        )
    dims = [f"{k}_{d}" for d in vocab.DIMENSIONS for k in ("balance", "year")]
    table = pd.DataFrame([compare_row(a) for a in found], columns=[*COMPARE_COLUMNS, *dims])
    for d in vocab.DIMENSIONS:
        table[f"year_{d}"] = table[f"year_{d}"].astype("Int64")
    table["year"] = table["year"].astype("Int64")
    got = set(table["country"])
    table.attrs["missing"] = [c for c in (a for a in codes) if c.upper() not in got]
    return table


def rank(
    countries: Iterable[str] = CENTRAL_ASIA,
    year: int | None = None,
    *,
    by: str = "balance",
    weights: Mapping[str, float] | None = None,
    store: Store | str | Path | None = None,
) -> pd.DataFrame:
    """:func:`compare` sorted by ``by`` (default the composite balance, most balanced first) with a
    ``rank`` column (1 = highest; ties share the lower rank; missing last)."""
    table = compare(countries, year, weights=weights, store=store)
    if by not in table.columns:
        raise InputError(f"cannot rank by {by!r}; columns: {list(table.columns)}")
    table = table.sort_values(by, ascending=False, na_position="last", kind="stable").reset_index(drop=True)
    table.insert(0, "rank", pd.to_numeric(table[by], errors="coerce").rank(ascending=False, method="min"))
    table["rank"] = table["rank"].astype("Int64")
    return table


def add_balance(
    df: pd.DataFrame,
    store: Store | str | Path | None = None,
    *,
    weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Add the assessment of each country-year (:func:`~multivector.assessment.assess_series`) to a
    country-year frame: ``balance_<dimension>`` and ``figure_year_<dimension>`` (the figure the year uses;
    NA when there is none or it is older than the dimension's horizon) for every dimension, and
    ``composite_balance``, ``composite_coverage``, ``composite_tilt_rus``/``_chn``/``_west``. Keeps rows
    and keys; needs a frame made by ``create_country_years``. A country with nothing known gets NA."""
    check_frame(df, "add_balance", units=("country_year",))
    years = df["year"].astype("int64")
    span = (int(years.min()), int(years.max()))
    parts = []
    for iso3 in sorted(set(df["iso3"].dropna().astype(str))):
        try:
            parts.append(assess_series(iso3, span, weights=weights, store=store))
        except StoreError:
            continue
    key = pd.MultiIndex.from_arrays([df["iso3"].astype(str), years], names=["country", "year"])
    series = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(SERIES_COLUMNS))
    values = pd.DataFrame(index=df.index)

    def column(dim: str, col: str) -> np.ndarray:
        sub = series[series["dimension"] == dim].set_index(["country", "year"])[col]
        return sub.reindex(key).to_numpy()

    for name, col in _COMPOSITE_COLUMNS.items():
        values[name] = pd.to_numeric(pd.Series(column("composite", col)), errors="coerce").to_numpy("float64")
    for dim in vocab.DIMENSIONS:
        stale = np.array(["stale" in str(f) for f in column(dim, "flags")], dtype=bool)
        balance = pd.to_numeric(pd.Series(column(dim, "balance")), errors="coerce").to_numpy("float64")
        fig_year = pd.array(column(dim, "figure_year"), dtype="Int64")
        values[f"balance_{dim}"] = np.where(stale, np.nan, balance)
        fig_year[stale] = pd.NA
        values[f"figure_year_{dim}"] = fig_year
    return finish(df, values, "add_balance", span)


_COMPOSITE_COLUMNS = {
    "composite_balance": "balance",
    "composite_coverage": "coverage",
    "composite_tilt_rus": "tilt_rus",
    "composite_tilt_chn": "tilt_chn",
    "composite_tilt_west": "tilt_west",
}
