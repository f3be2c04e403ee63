"""``add_trade``: bilateral trade flows, each side's share of the other's total trade, and asymmetry.

Source: Correlates of War Trade v4.0 (Barbieri and Keshk 2016), tables ``cow_trade`` (directed) and
``cow_trade_national`` (world totals), current million USD, 1870-2014. Columns added:

* ``trade_imports``: the country's imports from the partner; ``trade_exports``: its exports to it (COW's
  flow of the partner's imports from the country);
* ``trade_total`` = imports + exports (the dyad's trade);
* ``trade_country_total``, ``trade_partner_total``: each side's world trade (imports + exports, national
  file);
* ``trade_dependence`` = trade_total / trade_country_total: the partner's share of the country's total
  trade, the country's *dependence* on the partner (Barbieri 1996, "Economic Interdependence: A Path to
  Peace or a Source of Interstate Conflict?", *JPR* 33(1); Keohane and Nye 1977, *Power and
  Interdependence*: sensitivity grows with the share of trade at stake);
* ``trade_partner_dependence`` = trade_total / trade_partner_total: the country's share of the partner's
  trade;
* ``trade_asymmetry`` = trade_dependence - trade_partner_dependence, in [-1, 1]: positive when the country
  depends more on the partner than the partner on it (the asymmetry Keohane and Nye see as a source of
  power; Barbieri's symmetry term, signed).

Missing versus zero: years outside 1870-2014 are NA. Inside, a dyad absent from the COW dyadic file counts
as 0 (COW lists every pair of states with reported trade) *when both sides have a national total that year*
(i.e. both exist as states in COW's data); otherwise NA. A flow COW codes as missing stays NA.

States with several COW codes (DEU: 255 GMY and 260 GFR; YEM: 678 YAR and 679): COW codes map to one ISO3,
so one ISO3-year can have two national rows (GMY 255 carries West Germany's totals 1960-1990 while GFR 260
is listed with missing values in the same years) and, in principle, two directed flows. The codes of one
ISO3 are codings of one state, so their values are never added: per ISO3-year (per ISO3-partner-year for
flows) the value kept is the reported one; when several codes report, the state's current COW code
(:func:`multivector.countries.iso3_to_cow`: DEU 255, YEM 679) wins, then the lowest code. All codes missing
stays NA. A table without the ``ccode`` columns (hand-made stores) keeps the first reported row.

EU27: flows are summed over the 27 member states (members with no recorded flow count as 0, all-missing
stays NA); the EU's total is the sum of the members' world totals, so it includes intra-EU trade, as
the member-state figures do.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from multivector.countries import iso3_to_cow
from multivector.panels.frames import check_frame, finish, in_years, lookup, opened
from multivector.powers import EU27, EU27_MEMBERS
from multivector.store.db import Store

__all__ = ["TRADE_COLUMNS", "add_trade"]

TRADE_COLUMNS: tuple[str, ...] = (
    "trade_imports",
    "trade_exports",
    "trade_total",
    "trade_country_total",
    "trade_partner_total",
    "trade_dependence",
    "trade_partner_dependence",
    "trade_asymmetry",
)


def _sum_or_na(s: pd.Series) -> float:
    return float(s.sum(min_count=1)) if s.notna().any() else np.nan


def one_per_state(
    table: pd.DataFrame, keys: list[str], values: list[str], codes: dict[str, str]
) -> pd.DataFrame:
    """``table`` with one row per ``keys`` where several COW codes map to one ISO3 (see the module docstring).

    ``codes`` maps each ISO3 column to its COW code column (``{"iso3": "ccode"}``); code columns absent from
    ``table`` are ignored. Values are never added across codes: the row kept is a reported one (any of
    ``values`` not NA), from the ISO3's current COW code first, then the lowest code.
    """
    if table.empty or not table.duplicated(keys).any():
        return table
    order = pd.DataFrame({"_missing": table[values].isna().all(axis=1).to_numpy()}, index=table.index)
    sort_cols = ["_missing"]
    for iso_col, code_col in codes.items():
        if code_col not in table.columns:
            continue
        current = iso3_to_cow(table[iso_col].astype("string"), not_found="nan")
        code = pd.to_numeric(table[code_col], errors="coerce").astype("float64").to_numpy()
        now = pd.to_numeric(pd.Series(current), errors="coerce").astype("float64").to_numpy()
        order[f"_old_{code_col}"] = code != now  # NaN compares unequal: an unknown code is not current
        order[f"_code_{code_col}"] = code
        sort_cols += [f"_old_{code_col}", f"_code_{code_col}"]
    ranked = order.sort_values(sort_cols, kind="stable", na_position="last")
    kept = table.loc[ranked.index].drop_duplicates(keys, keep="first")
    return kept.sort_index()


def _national(store: Store, codes: list[str], first: int, last: int) -> pd.DataFrame:
    wanted = sorted(set(codes) | (set(EU27_MEMBERS) if EU27 in codes else set()))
    has_code = "ccode" in store.table("cow_trade_national").columns
    nat = store.query_df(
        f"SELECT iso3, {'ccode, ' if has_code else ''}year, imports + exports AS total"
        " FROM cow_trade_national"
        f" WHERE iso3 IN ({', '.join('?' * len(wanted))}) AND year BETWEEN ? AND ?",
        [*wanted, first, last],
    )
    # One total per ISO3-year (DEU has COW 255 and 260): never summed, the reported/current code wins.
    nat = one_per_state(nat, ["iso3", "year"], ["total"], {"iso3": "ccode"})[["iso3", "year", "total"]]
    out = nat[nat["iso3"].isin(codes)]
    if EU27 in codes:
        eu = nat[nat["iso3"].isin(EU27_MEMBERS)].groupby("year", as_index=False)["total"].agg(_sum_or_na)
        eu["iso3"] = EU27
        out = pd.concat([out, eu], ignore_index=True)
    out = out.astype({"iso3": "string"})
    out["year"] = out["year"].astype("int64")
    return out


def add_trade(df: pd.DataFrame, store: Store | str | Path | None = None) -> pd.DataFrame:
    """Add the COW trade columns (:data:`TRADE_COLUMNS`, see the module docstring) to a dyad-year frame.

    Keeps rows and keys. Raises :class:`PipelineError` for a frame not made by ``create_dyad_years`` and
    :class:`StoreError` (naming ``multivector data import cow_trade``) when the store lacks the tables.
    """
    check_frame(df, "add_trade")
    with opened(store) as st:
        st.table("cow_trade")  # raises StoreError naming the import when absent
        st.table("cow_trade_national")
        bounds = st.query_df("SELECT min(year), max(year) FROM cow_trade_national").iloc[0]
        first, last = int(bounds.iloc[0]), int(bounds.iloc[1])
        countries = sorted(set(df["iso3"].dropna()))
        partners = sorted(set(df["partner_iso3"].dropna()))
        sides = sorted(set(countries) | set(partners) - {EU27})
        members = sorted(set(sides) | (set(EU27_MEMBERS) if EU27 in partners else set()))
        flow_cols = set(st.table("cow_trade").columns)
        code_cols = "".join(f"{c}, " for c in ("ccode", "partner_ccode") if c in flow_cols)
        flows = st.query_df(
            f"SELECT {code_cols}iso3, partner_iso3, year, imports, exports FROM cow_trade"
            f" WHERE iso3 IN ({', '.join('?' * len(countries))})"
            f" AND partner_iso3 IN ({', '.join('?' * len(members))})",
            [*countries, *members],
        )
        nat = _national(st, sorted(set(countries) | set(partners)), first, last)
    flows = one_per_state(
        flows, ["iso3", "partner_iso3", "year"], ["imports", "exports"],
        {"iso3": "ccode", "partner_iso3": "partner_ccode"},
    )  # fmt: skip
    got = lookup(df, flows, ["imports", "exports"], agg=_sum_or_na)
    totals = nat.set_index(["iso3", "year"])["total"]
    key_c = pd.MultiIndex.from_arrays([df["iso3"].astype("string"), df["year"].astype("int64")])
    key_p = pd.MultiIndex.from_arrays([df["partner_iso3"].astype("string"), df["year"].astype("int64")])
    own = totals.reindex(key_c).to_numpy(dtype="float64")
    other = totals.reindex(key_p).to_numpy(dtype="float64")
    covered = in_years(df["year"], first, last).to_numpy()
    both_exist = ~np.isnan(own) & ~np.isnan(other)
    absent = got[["imports", "exports"]].isna().all(axis=1).to_numpy()
    # Inside coverage an absent dyad of two existing states is zero trade; a COW-missing flow stays NA.
    fill = covered & both_exist & absent
    imports = np.where(fill, 0.0, got["imports"].to_numpy())
    exports = np.where(fill, 0.0, got["exports"].to_numpy())
    imports[~covered] = np.nan
    exports[~covered] = np.nan
    total = imports + exports
    with np.errstate(divide="ignore", invalid="ignore"):
        dep = np.where(own > 0, total / own, np.nan)
        pdep = np.where(other > 0, total / other, np.nan)
    values = pd.DataFrame(
        {
            "trade_imports": imports,
            "trade_exports": exports,
            "trade_total": total,
            "trade_country_total": np.where(covered, own, np.nan),
            "trade_partner_total": np.where(covered, other, np.nan),
            "trade_dependence": dep,
            "trade_partner_dependence": pdep,
            "trade_asymmetry": dep - pdep,
        },
        index=df.index,
    )
    return finish(df, values, "add_trade", (first, last))
