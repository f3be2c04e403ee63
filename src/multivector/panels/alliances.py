"""``add_alliances`` (ATOP pledges) and ``add_igos`` (COW shared IGO memberships).

ATOP 5.1 (Leeds et al. 2002), table ``atop``, directed dyad-years 1815-2018. Columns added:
``atop_defense, atop_offense, atop_neutral, atop_nonagg, atop_consul`` (1 = the two share an alliance with
that pledge in the year) and ``atop_any`` (1 = any of the five). ATOP lists every alliance, so inside
1815-2018 a dyad absent from the table has no alliance (0); outside those years every column is NA.
EU27: a pledge is 1 when the country has it with *any* member state (the EU itself signs no ATOP alliance).

COW IGO v3 (Pevehouse et al. 2020), table ``igo``, non-directed dyad-years 1816-2014 (stored with
``ccode < partner_ccode``: looked up from both sides). Column added: ``igo_shared`` = the number of IGOs in
which both are full members. Inside 1816-2014 an absent dyad shares none (0); outside, NA. EU27: the
*largest* count over the member states (the IGOs shared with the best-connected member; a lower bound on
the IGOs shared with at least one member, which the dyadic file cannot give).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from multivector.dimensions import ATOP, IGO
from multivector.panels.frames import check_frame, finish, in_years, lookup, opened
from multivector.powers import EU27, EU27_MEMBERS
from multivector.store.db import Store

__all__ = ["ATOP_COLUMNS", "PLEDGES", "add_alliances", "add_igos"]

#: ATOP pledge types, in ATOP's order.
PLEDGES: tuple[str, ...] = ("defense", "offense", "neutral", "nonagg", "consul")
ATOP_COLUMNS: tuple[str, ...] = (*(f"atop_{p}" for p in PLEDGES), "atop_any")


def _sides(df: pd.DataFrame) -> tuple[list[str], list[str]]:
    countries = sorted(set(df["iso3"].dropna()))
    partners = set(df["partner_iso3"].dropna())
    members = sorted((partners - {EU27}) | (set(EU27_MEMBERS) if EU27 in partners else set()))
    return countries, members


def _in(n: int) -> str:
    return ", ".join("?" * n)


def add_alliances(df: pd.DataFrame, store: Store | str | Path | None = None) -> pd.DataFrame:
    """Add the ATOP pledge columns (:data:`ATOP_COLUMNS`) to a dyad-year frame. Keeps rows and keys."""
    check_frame(df, "add_alliances")
    countries, members = _sides(df)
    with opened(store) as st:
        st.table(ATOP)
        first, last = (int(v) for v in st.query_df(f"SELECT min(year), max(year) FROM {ATOP}").iloc[0])
        raw = st.query_df(
            f"SELECT iso3, partner_iso3, year, {', '.join(PLEDGES)} FROM atop"
            f" WHERE iso3 IN ({_in(len(countries))}) AND partner_iso3 IN ({_in(len(members))})",
            [*countries, *members],
        )
    raw = raw.groupby(["iso3", "partner_iso3", "year"], as_index=False)[list(PLEDGES)].max()
    got = lookup(df, raw, list(PLEDGES), agg="max")
    covered = in_years(df["year"], first, last).to_numpy()
    values = pd.DataFrame(index=df.index)
    for p in PLEDGES:
        values[f"atop_{p}"] = np.where(covered, got[p].fillna(0.0).clip(0, 1).to_numpy(), np.nan)
    values["atop_any"] = np.where(covered, got[list(PLEDGES)].fillna(0.0).max(axis=1).clip(0, 1), np.nan)
    values = values.round().astype("Int64")
    return finish(df, values, "add_alliances", (first, last))


def add_igos(df: pd.DataFrame, store: Store | str | Path | None = None) -> pd.DataFrame:
    """Add ``igo_shared`` (COW IGO v3 shared full memberships) to a dyad-year frame. Keeps rows and keys."""
    check_frame(df, "add_igos")
    countries, members = _sides(df)
    with opened(store) as st:
        st.table(IGO)
        first, last = (int(v) for v in st.query_df(f"SELECT min(year), max(year) FROM {IGO}").iloc[0])
        a, b = _in(len(countries)), _in(len(members))
        raw = st.query_df(
            "SELECT iso3 AS c, partner_iso3 AS p, year, dyadigos FROM igo"
            f" WHERE (iso3 IN ({a}) AND partner_iso3 IN ({b})) OR (partner_iso3 IN ({a}) AND iso3 IN ({b}))",
            [*countries, *members, *countries, *members],
        )
    both = pd.concat(
        [
            raw.rename(columns={"c": "iso3", "p": "partner_iso3"}),
            raw.rename(columns={"p": "iso3", "c": "partner_iso3"}),
        ],
        ignore_index=True,
    )
    both = both.groupby(["iso3", "partner_iso3", "year"])["dyadigos"].max().reset_index()
    shared = lookup(df, both, ["dyadigos"], agg="max")["dyadigos"]
    covered = in_years(df["year"], first, last).to_numpy()
    values = pd.DataFrame({"igo_shared": np.where(covered, shared.fillna(0.0), np.nan)}, index=df.index)
    values = values.round().astype("Int64")
    return finish(df, values, "add_igos", (first, last))
