"""``add_arms``: SIPRI arms deliveries from the partner to the country, and 5-year supplier shares.

Source: SIPRI Arms Transfers Database, trend-indicator values (TIV, millions; a measure of transferred
military capability, not money). The store keeps SIPRI's releases side by side (dataset
:data:`multivector.dimensions.SIPRI_ARMS`, see docs/store.md "Releases"): the TIV tables ``sipri_tiv``
(deliveries 1950-2021, generated July 2022), the trade register ``sipri_register`` (2000-2023, generated
January 2025) and ``sipri_register_2024`` (1990-2024, generated February 2026). SIPRI revises past years in
every release, so one call reads ONE release and never splices two: by default the newest stored (by
generation date); ``release=`` names another: its table, its generation date or year (``"2025"``), or
``"tiv"`` (the TIV tables, the older ``source="tiv"``) / ``"register"`` (the newest stored register).
``arms_release`` names the release read (its version, which states the generation date SIPRI asks to
cite). Columns added:

* ``arms_tiv``: TIV delivered by the partner to the country in the year;
* ``arms_tiv_sent``: TIV delivered by the country to the partner;
* ``arms_tiv_all``: TIV the country received from all suppliers (states, non-state and unknown);
* ``arms_tiv_5y`` and ``arms_tiv_all_5y``: the same summed over the 5 years t-4..t;
* ``arms_supplier_share_5y`` = arms_tiv_5y / arms_tiv_all_5y: the partner's share of the country's arms
  imports over 5 years. SIPRI's convention: deliveries are lumpy (one ship, one batch of aircraft), so SIPRI
  compares 5-year totals (its *Trends in International Arms Transfers* fact sheets use 5-year periods and
  5-year moving averages); a share of a 5-year total equals the share of the 5-year moving average.
  NA when the country received nothing over the 5 years;
* ``arms_release``: the release the row's figures come from (one per call).

Missing versus zero: SIPRI's database records every delivery of major conventional arms, so inside the
source's years a dyad with no record is 0 (SIPRI: "0" in its tables is below 0.5 TIV). Outside them the
value is NA, and the 5-year columns are NA until 5 covered years are available (from first year + 4).
EU27: deliveries are summed over the 27 member states (the SIPRI actor "European Union**" is not added).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from multivector.dimensions import SIPRI_ARMS, SIPRI_REGISTER, SIPRI_REGISTER_2024, SIPRI_TIV
from multivector.panels.frames import check_frame, finish, in_years, lookup, opened
from multivector.store.db import Store
from multivector.store.releases import pick_release

__all__ = ["ARMS_COLUMNS", "WINDOW", "add_arms"]

#: Years summed by the rolling columns (SIPRI's 5-year convention).
WINDOW = 5
ARMS_COLUMNS: tuple[str, ...] = (
    "arms_tiv",
    "arms_tiv_sent",
    "arms_tiv_all",
    "arms_tiv_5y",
    "arms_tiv_all_5y",
    "arms_supplier_share_5y",
    "arms_release",
)
#: release table -> (year column, TIV column)
_COLUMNS = {
    SIPRI_TIV: ("year", "tiv"),
    SIPRI_REGISTER: ("delivery_year", "tiv_delivered"),
    SIPRI_REGISTER_2024: ("delivery_year", "tiv_delivered"),
}


def _release(st: Store, release: str | None) -> tuple[str, str]:
    """(table, version) of the release to read (module docstring)."""
    if release == "tiv":
        st.table(SIPRI_TIV)  # StoreError naming `multivector data import sipri` when absent
        release = SIPRI_TIV
    elif release == "register":
        stored = st.releases(SIPRI_ARMS)
        registers = stored[stored["table"] != SIPRI_TIV]
        if registers.empty:
            st.table(SIPRI_REGISTER)  # StoreError naming the import
        release = str(registers.iloc[0]["table"])
    row = pick_release(st, SIPRI_ARMS, release)
    return str(row["table"]), str(row["version"])


def add_arms(
    df: pd.DataFrame, store: Store | str | Path | None = None, release: str | None = None
) -> pd.DataFrame:
    """Add the SIPRI columns (:data:`ARMS_COLUMNS`, see the module docstring) to a dyad-year frame, from
    one release: the newest stored unless ``release`` names another.

    Keeps rows and keys. Raises :class:`PipelineError` for a frame not made by ``create_dyad_years``,
    :class:`InputError` for a ``release`` that matches no stored release, :class:`StoreError` when no
    release of SIPRI's database is stored.
    """
    check_frame(df, "add_arms")
    years = df["year"].astype("int64")
    lo, hi = int(years.min()) - (WINDOW - 1), int(years.max())
    with opened(store) as st:
        table, version = _release(st, release)
        ycol, vcol = _COLUMNS[table]
        first, last = (int(v) for v in st.query_df(f"SELECT min({ycol}), max({ycol}) FROM {table}").iloc[0])
        raw = st.query_df(
            f"SELECT supplier_iso3, recipient_iso3, {ycol} AS year, sum({vcol}) AS tiv FROM {table}"
            f" WHERE {ycol} BETWEEN ? AND ? GROUP BY ALL",
            [lo, hi],
        )
    # all years needed by the rolling windows, every dyad of the frame
    dyads = df[["iso3", "partner_iso3"]].drop_duplicates()
    span = pd.DataFrame({"year": np.arange(lo, hi + 1, dtype="int64")})
    grid = dyads.merge(span, how="cross")
    grid.attrs = {}
    recv = lookup(grid, raw, ["tiv"], country_col="recipient_iso3", partner_col="supplier_iso3")["tiv"]
    sent = lookup(grid, raw, ["tiv"], country_col="supplier_iso3", partner_col="recipient_iso3")["tiv"]
    allrecv = raw.groupby(["recipient_iso3", "year"])["tiv"].sum()
    key = pd.MultiIndex.from_arrays([grid["iso3"].astype("string"), grid["year"].astype("int64")])
    covered = in_years(grid["year"], first, last).to_numpy()
    grid["arms_tiv"] = np.where(covered, recv.fillna(0.0).to_numpy(), np.nan)
    grid["arms_tiv_sent"] = np.where(covered, sent.fillna(0.0).to_numpy(), np.nan)
    grid["arms_tiv_all"] = np.where(covered, allrecv.reindex(key).fillna(0.0).to_numpy(), np.nan)
    grid = grid.sort_values(["iso3", "partner_iso3", "year"])
    grouped = grid.groupby(["iso3", "partner_iso3"], sort=False)
    for col in ("arms_tiv", "arms_tiv_all"):
        # min_periods=WINDOW: a window reaching outside coverage (NA) gives NA
        grid[f"{col}_5y"] = grouped[col].transform(lambda s: s.rolling(WINDOW, min_periods=WINDOW).sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        grid["arms_supplier_share_5y"] = np.where(
            grid["arms_tiv_all_5y"] > 0, grid["arms_tiv_5y"] / grid["arms_tiv_all_5y"], np.nan
        )
    grid = grid.astype({"iso3": "string", "partner_iso3": "string"})
    merged = (
        df[["iso3", "partner_iso3", "year"]]
        .astype({"iso3": "string", "partner_iso3": "string", "year": "int64"})
        .reset_index(drop=True)
        .merge(grid, on=["iso3", "partner_iso3", "year"], how="left")
    )
    merged.index = df.index
    values = merged[list(ARMS_COLUMNS[:-1])].astype("float64")
    values["arms_release"] = pd.Series(f"{table}: {version}", index=df.index, dtype="string")
    return finish(df, values, "add_arms", (first, last))
