"""Balance over time, per dimension, from the dyad panel for the four powers; comparisons and rankings.

Chain: :func:`create_dyad_years` (the country x RUS, CHN, USA, EU27) -> the ``add_*`` steps ->
:func:`ties_from_panel` (a tidy ties table) -> :func:`multivector.indicators.balance` (balance index =
normalised entropy over the four powers, tilt in the Russia-China-West triangle, largest exposure).

Dimensions and the value of a tie to each power (``WLD`` = the country's total, so the rest is OTHER):

* ``trade`` (COW, 1870-2014): trade_total (imports + exports, million USD), EU27 summed over the members;
  WLD = the country's world trade (national file), so largest_exposure is a share of all trade (where COW's
  national total falls below the sum of the dyadic flows, e.g. TKM 1992, it is raised to that sum);
* ``arms`` (SIPRI TIV, 1950-2021): arms_tiv_5y, deliveries over t-4..t (SIPRI's 5-year convention); WLD =
  all the country's arms imports over the same 5 years;
* ``alliances`` (ATOP, 1815-2018): the number of ATOP pledge types (defense, offense, neutral, nonagg,
  consul: 0-5) the country has with the power (EU27: with any member); no WLD (shares of the listed ties).
  A year with no pledge to any power has no balance (NaN, with a note), not a balance of 0;
* ``unga`` (UNGA votes, 1946-2024): the **closeness vector** is the Voeten agreement (0-1) with each power,
  renormalised over the four (q_k = a_k / sum a). It shows *relative* closeness: agreement has a high floor
  (most votes pass with large majorities), so the balance index is high and the tilt compressed towards
  the centre; compare years and countries rather than reading the level. No WLD;
* ``events`` (GDELT sample days only): cooperative events (QuadClass 1-2, either direction) with each power;
  WLD = all the country's cooperative events with foreign actors.

``source`` names the dataset of each row. Years without data for a dimension have no row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from multivector.errors import InputError
from multivector.indicators import balance as _balance
from multivector.indicators import composite_balance
from multivector.panels.alliances import PLEDGES, add_alliances
from multivector.panels.arms import add_arms
from multivector.panels.events import add_events
from multivector.panels.frames import (
    Years,
    check_frame,
    codes_of,
    create_dyad_years,
    finish,
    opened,
    parse_years,
    require_columns,
)
from multivector.panels.trade import add_trade
from multivector.panels.unga import add_unga
from multivector.powers import POWERS, WORLD
from multivector.store.db import Store

__all__ = [
    "BALANCE_COLUMNS",
    "CENTRAL_ASIA",
    "DIMENSIONS",
    "add_balance",
    "balance_over_time",
    "compare",
    "rank",
    "ties_from_panel",
]

#: The dimensions measured from the panel, in output order.
DIMENSIONS: tuple[str, ...] = ("trade", "arms", "alliances", "unga", "events")
#: Central Asia's five states, the default of :func:`compare` and :func:`rank`.
CENTRAL_ASIA: tuple[str, ...] = ("KAZ", "UZB", "KGZ", "TJK", "TKM")
#: Columns of :func:`balance_over_time`.
BALANCE_COLUMNS: tuple[str, ...] = (
    "country",
    "dimension",
    "year",
    "balance",
    "tilt_rus",
    "tilt_chn",
    "tilt_west",
    "tilt_lean",
    "tilt_strength",
    "largest_power",
    "largest_exposure",
    "power_share",
    "total_basis",
    "unit",
    "source",
)
DEFAULT_YEARS = (1992, 2025)

# dimension -> (step, power value column, world column or None, unit, source)
_SPEC: dict[str, tuple[str, str, str | None, str, str]] = {
    "trade": ("add_trade", "trade_total", "trade_country_total", "million USD", "cow_trade"),
    "arms": ("add_arms", "arms_tiv_5y", "arms_tiv_all_5y", "TIV millions, 5-year total", "sipri_tiv"),
    "alliances": ("add_alliances", "atop_pledges", None, "ATOP pledge types", "atop"),
    "unga": ("add_unga", "unga_agreement", None, "vote agreement (0-1)", "unga_votes"),
    "events": ("add_events", "events_coop_both", "events_coop_all", "cooperative events", "gdelt_events"),
}
_STEPS = {"add_trade": add_trade, "add_arms": add_arms, "add_alliances": add_alliances, "add_unga": add_unga}


def _dims(dimensions: Iterable[str] | str | None) -> list[str]:
    if dimensions is None:
        return list(DIMENSIONS)
    if isinstance(dimensions, str):
        dimensions = [d for d in dimensions.split(",") if d.strip()]
    out = [d.strip().lower() for d in dimensions]
    bad = [d for d in out if d not in DIMENSIONS]
    if bad or not out:
        raise InputError(f"unknown dimension(s) {bad}; choose from {list(DIMENSIONS)}")
    return out


def ties_from_panel(panel: pd.DataFrame, dimensions: Iterable[str] | str | None = None) -> pd.DataFrame:
    """A tidy ties table (country, partner, dimension, year, value, unit, source) from a dyad panel whose
    partners are the powers, for :func:`multivector.indicators.balance` (see the module docstring).

    Raises :class:`PipelineError` naming the ``add_*`` step whose columns a dimension needs.
    """
    check_frame(panel, "ties_from_panel")
    parts = []
    for dim in _dims(dimensions):
        step, col, world, unit, source = _SPEC[dim]
        needed = [f"atop_{p}" for p in PLEDGES] if dim == "alliances" else [col]
        require_columns(panel, "ties_from_panel", {step: needed + ([world] if world else [])})
        frame = panel[panel["partner_iso3"].isin(POWERS)]
        if dim == "alliances":
            value = frame[[f"atop_{p}" for p in PLEDGES]].astype("Float64").sum(axis=1, skipna=False)
        else:
            value = frame[col]
        rows = pd.DataFrame(
            {
                "country": frame["iso3"].astype(str),
                "partner": frame["partner_iso3"].astype(str),
                "year": frame["year"].astype("int64"),
                "value": pd.to_numeric(value, errors="coerce").astype("float64"),
            }
        )
        if world is not None:
            wld = frame[["iso3", "year", world]].drop_duplicates(["iso3", "year"])
            rows = pd.concat(
                [
                    rows,
                    pd.DataFrame(
                        {
                            "country": wld["iso3"].astype(str),
                            "partner": WORLD,
                            "year": wld["year"].astype("int64"),
                            "value": pd.to_numeric(wld[world], errors="coerce").astype("float64"),
                        }
                    ),
                ]
            )
        rows = rows.dropna(subset=["value"])
        if world is not None:
            # COW's national total is sometimes below the sum of its dyadic flows (e.g. TKM 1992): the
            # total is then raised to that sum (OTHER = 0) rather than rejecting the year.
            is_w = rows["partner"] == WORLD
            listed = rows[~is_w].groupby(["country", "year"])["value"].transform("sum")
            floor = rows[~is_w].assign(_s=listed).groupby(["country", "year"])["_s"].first()
            key = pd.MultiIndex.from_frame(rows.loc[is_w, ["country", "year"]])
            rows.loc[is_w, "value"] = np.fmax(
                rows.loc[is_w, "value"].to_numpy(), floor.reindex(key).to_numpy()
            )
        # a country-year needs every power measured (a missing power would bias the balance)
        n = rows[rows["partner"].isin(POWERS)].groupby(["country", "year"])["partner"].transform("nunique")
        complete = rows.loc[n[n == len(POWERS)].index, ["country", "year"]].drop_duplicates()
        rows = rows.merge(complete, on=["country", "year"])
        rows["dimension"], rows["unit"], rows["source"] = dim, unit, source
        parts.append(rows)
    ties = pd.concat(parts, ignore_index=True)
    return ties[["country", "partner", "dimension", "year", "value", "unit", "source"]]


def _panel(countries: Sequence[str], dims: list[str], years: Years, store: Store) -> pd.DataFrame:
    ys = parse_years(years)
    lo = ys[0]
    panel = create_dyad_years(countries, POWERS, (lo, ys[-1]))
    for dim in dims:
        step = _SPEC[dim][0]
        if step == "add_events":
            panel = add_events(panel, store)
        elif step not in panel.attrs.get("multivector_steps", []):
            panel = _STEPS[step](panel, store)
    return panel[panel["year"].isin(ys)]


def _balance_table(countries: Sequence[str], dims: list[str], years: Years, store: Store) -> pd.DataFrame:
    panel = _panel(countries, dims, years, store)
    ties = ties_from_panel(panel, dims)
    if ties.empty:
        return pd.DataFrame(columns=list(BALANCE_COLUMNS))
    table = _balance(ties)
    src = {d: _SPEC[d][4] for d in dims}
    table["source"] = table["dimension"].map(src)
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    table = table.sort_values(
        ["country", "dimension", "year"], key=lambda s: s.map(order) if s.name == "dimension" else s
    )
    return table.reset_index(drop=True)


def balance_over_time(
    country: str,
    dimensions: Iterable[str] | str | None = None,
    years: Years | None = None,
    store: Store | str | Path | None = None,
) -> pd.DataFrame:
    """The balance index and tilt of ``country`` per dimension and year (:data:`BALANCE_COLUMNS`).

    ``dimensions``: a subset of :data:`DIMENSIONS` (default all); ``years``: default 1992-2025 (each
    dimension has rows only for the years its source covers). See the module docstring for each series.
    """
    dims = _dims(dimensions)
    with opened(store) as st:
        table = _balance_table([country], dims, years or DEFAULT_YEARS, st)
    return table[list(BALANCE_COLUMNS)]


def add_balance(
    df: pd.DataFrame, store: Store | str | Path | None = None, dimensions: Iterable[str] | str | None = None
) -> pd.DataFrame:
    """Add per-dimension balance columns to a country-year frame (from :func:`balance_over_time`).

    For each dimension d: ``balance_<d>``, ``tilt_rus_<d>``, ``tilt_chn_<d>``, ``tilt_west_<d>``,
    ``largest_power_<d>``, ``largest_exposure_<d>``; and ``balance_mean`` = the mean balance over the
    dimensions measured that year, with ``balance_dimensions`` = how many. NA where a dimension's source
    does not cover the year. Keeps rows and keys; needs a frame made by ``create_country_years``.
    """
    check_frame(df, "add_balance", units=("country_year",))
    dims = _dims(dimensions)
    countries = sorted(set(df["iso3"].dropna().astype(str)))
    years = sorted({int(y) for y in df["year"]})
    with opened(store) as st:
        table = _balance_table(countries, dims, (years[0], years[-1]), st)
    key = df[["iso3", "year"]].astype({"iso3": str, "year": "int64"}).reset_index(drop=True)
    values = pd.DataFrame(index=df.index)
    measures = ("balance", "tilt_rus", "tilt_chn", "tilt_west", "largest_power", "largest_exposure")
    for dim in dims:
        sub = table[table["dimension"] == dim].rename(columns={"country": "iso3"})
        sub = sub.astype({"iso3": str, "year": "int64"})[["iso3", "year", *measures]]
        got = key.merge(sub, on=["iso3", "year"], how="left")
        for m in measures:
            col = got[m].astype("string") if m == "largest_power" else got[m].astype("float64")
            values[f"{m}_{dim}"] = col.to_numpy()
    bal = values[[f"balance_{d}" for d in dims]].astype("float64")
    values["balance_mean"] = bal.mean(axis=1).to_numpy()
    values["balance_dimensions"] = bal.notna().sum(axis=1).astype("int64").to_numpy()
    return finish(df, values, "add_balance", dims)


def compare(
    countries: Iterable[str] = CENTRAL_ASIA,
    year: int | None = None,
    store: Store | str | Path | None = None,
    dimensions: Iterable[str] | str | None = None,
    weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """One row per country: the composite balance over the dimensions and each dimension's balance.

    For each dimension the latest year with data up to ``year`` (default: the latest) is used; the
    composite is :func:`multivector.indicators.composite_balance` with equal weights over the dimensions
    (``weights`` maps dimension -> weight). Columns: country, balance, power_share, largest_power,
    largest_exposure, tilt_rus, tilt_chn, tilt_west, tilt_lean, tilt_strength, dimensions_used, coverage,
    as_of, then ``balance_<dimension>`` per dimension. Countries keep the order given.
    """
    codes = list(countries)
    if not codes:
        raise InputError("compare() needs at least one country")
    dims = _dims(dimensions)
    last = year if year is not None else DEFAULT_YEARS[1]
    with opened(store) as st:
        panel_countries = codes_of(codes, CENTRAL_ASIA, allow_bloc=False)
        table = _balance_table(panel_countries, dims, (DEFAULT_YEARS[0] - 5, last), st)
    w = dict(weights) if weights is not None else {d: 1.0 for d in dims}
    table = table.dropna(subset=["balance"])
    comp = composite_balance(table, weights=w, by=("country",), as_of=year)
    latest = table[table["year"] <= last].sort_values("year").groupby(["country", "dimension"]).tail(1)
    wide = latest.pivot(index="country", columns="dimension", values="balance")
    wide.columns = [f"balance_{c}" for c in wide.columns]
    out = pd.DataFrame({"country": panel_countries}).merge(comp, on="country", how="left")
    out = out.merge(wide.reset_index(), on="country", how="left")
    for d in dims:
        if f"balance_{d}" not in out.columns:
            out[f"balance_{d}"] = np.nan
    return out


def rank(
    countries: Iterable[str] = CENTRAL_ASIA,
    year: int | None = None,
    store: Store | str | Path | None = None,
    by: str = "balance",
    dimensions: Iterable[str] | str | None = None,
) -> pd.DataFrame:
    """:func:`compare` sorted by ``by`` (default the composite balance, most balanced first) with a
    ``rank`` column (1 = highest; ties share the lower rank; NaN last)."""
    table = compare(countries, year=year, store=store, dimensions=dimensions)
    if by not in table.columns:
        raise InputError(f"cannot rank by {by!r}; columns: {list(table.columns)}")
    table = table.sort_values(by, ascending=False, na_position="last", kind="stable").reset_index(drop=True)
    table.insert(0, "rank", table[by].rank(ascending=False, method="min").astype("Int64"))
    return table
