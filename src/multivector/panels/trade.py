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

Former Soviet republics, 1992-1993 (:data:`FORMER_SOVIET`, :data:`SOVIET_GAP_YEARS`): a 0 there is not a
measurement. COW v4 takes post-war flows from the IMF's Direction of Trade Statistics (Barbieri and Keshk
2016, codebook v4.0), which in the first two years after the USSR's dissolution did not yet record most
trade *among* the fifteen successor states; Barbieri, Keshk and Pollins (2009) show why a flow nobody
reported must not be read as zero trade. The file shows the gap: in 1992-93 COW gives 0 both ways for
Russia-Kazakhstan, Russia-Ukraine, Russia-Uzbekistan, Ukraine-Kazakhstan, Kazakhstan-Uzbekistan ..., pairs
whose flows are billions of dollars from 1994 on (RUS-KAZ 1994: 3.3 bn, RUS-UKR: 10.4 bn), and 21 of the 105
pairs are absent in 1992; from 1994 the zeros left are between small, distant or warring republics
(ARM-AZE, ARM-TJK ...). The national totals have the same hole: in 1992 the COW total of 10 of the 15
republics is within 20% of the sum of their flows with *non*-Soviet partners alone (RUS 74.9 bn vs 72.4 bn;
UKR 3.5 vs 3.8; KAZ 0.70 vs 0.77), in 1993 Russia's total (70.8 bn) is below its non-Soviet flows (73.6 bn),
and the totals jump in 1994 when the intra-Soviet flows appear (KAZ 2.8 -> 6.5 bn, UKR 8.3 -> 20.6 bn).
Hence, in 1992-1993:

* a flow between two former Soviet republics that COW gives as 0, or a pair of them absent from the file,
  is NA (unknown), not 0; non-zero flows are kept (e.g. Russia-Belarus, reported). On COW v4 this makes
  130 of the 378 flows of the 189 such dyad rows NA (72 rows, 144 directed dyad-years, 58 rows zero both
  ways) and keeps the 21 pairs absent in 1992 (42 directed dyad-years) NA instead of 0;
* the national total of a former Soviet republic is NA for all fifteen (``trade_country_total``,
  ``trade_partner_total``; one rule for all: a few 1992 totals, e.g. Belarus's, do include the intra-Soviet
  trade, but for 1993 the flows that would tell which are the missing ones), so the shares that divide by it
  (``trade_dependence``, ``trade_partner_dependence``, ``trade_asymmetry``) are NA rather than shares of
  the non-Soviet trade alone. The flows with other partners are kept.

* the EU27 flow of a former Soviet republic is NA (imports and exports separately) when the flow with a
  member that is itself a former Soviet republic (Estonia, Latvia, Lithuania) is NA under this rule and
  that member exists as a state that year (it has a row in COW's national file; a member with no row is
  not a state and adds nothing). The sum would otherwise silently leave the unknown flow out: Russia-EU27
  1992 would include Russia-Latvia (reported) but not Russia-Estonia or Russia-Lithuania (0 in COW). On COW
  v4 Russia-EU27 is NA in 1992 and a sum in 1993 (all three Baltic flows reported).

The store keeps COW's values as published; the rule is applied here, where zeros are interpreted. The EU27
total still sums the members' totals as published (the Baltic states' 1992-93 totals included).

States with several COW codes (DEU: 255 GMY and 260 GFR; YEM: 678 YAR and 679): COW codes map to one ISO3,
so one ISO3-year can have two national rows (GMY 255 carries West Germany's totals 1960-1990 while GFR 260
is listed with missing values in the same years) and, in principle, two directed flows. The codes of one
ISO3 are codings of one state, so their values are never added: per ISO3-year (per ISO3-partner-year for
flows) the value kept is the reported one; when several codes report, the state's current COW code
(:func:`multivector.countries.iso3_to_cow`: DEU 255, YEM 679) wins, then the lowest code. All codes missing
stays NA. A table without the ``ccode`` columns (hand-made stores) keeps the first reported row.

EU27: flows are summed over the 27 member states (members with no recorded flow count as 0, all-missing
stays NA; a former Soviet republic's 1992-93 flows with the Baltic members: above); the EU's total is the
sum of the members' world totals, so it includes intra-EU trade, as the member-state figures do.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from multivector.countries import iso3_to_cow
from multivector.dimensions import COW_TRADE, COW_TRADE_NATIONAL, SRC_BACI, SRC_IMTS
from multivector.errors import InputError
from multivector.panels.frames import SUM_OR_NA, check_frame, finish, in_years, lookup, opened, stored_tables
from multivector.panels.trade_reported import BASES, basis_values, empty_values
from multivector.powers import EU27, EU27_MEMBERS
from multivector.store.db import Store

__all__ = [
    "COW",
    "DEFAULT_BASES",
    "FORMER_SOVIET",
    "SOVIET_GAP_YEARS",
    "TRADE_COLUMNS",
    "add_trade",
    "basis_tables",
    "soviet_gap",
]

TRADE_COLUMNS: tuple[str, ...] = (
    "trade_imports",
    "trade_exports",
    "trade_total",
    "trade_country_total",
    "trade_partner_total",
    "trade_dependence",
    "trade_partner_dependence",
    "trade_asymmetry",
    "trade_basis",
    "trade_source",
    "trade_basis_break",
    "trade_preliminary",
    "trade_note",
)
#: The basis name of Correlates of War Trade v4.0.
COW = "cow"
COW_SOURCE = "Correlates of War Trade v4.0 (Barbieri and Keshk 2016; from IMF DOTS)"
SOVIET_GAP_NOTE = "1992-93: COW lacks trade among former Soviet republics; totals and shares are NA"
#: The order in which ``add_trade`` looks for a basis covering a country-year (module docstring).
DEFAULT_BASES: tuple[str, ...] = (SRC_IMTS, SRC_BACI, COW, "national_statistics", "comtrade")

#: The fifteen successor states of the USSR (ISO3; COW 359, 365-373, 701-705).
FORMER_SOVIET: frozenset[str] = frozenset(
    {"ARM", "AZE", "BLR", "EST", "GEO", "KAZ", "KGZ", "LTU", "LVA", "MDA", "RUS", "TJK", "TKM", "UKR", "UZB"}
)
#: Years (inclusive) in which COW's data lack most trade among the former Soviet republics (module docstring).
SOVIET_GAP_YEARS: tuple[int, int] = (1992, 1993)


def basis_tables(basis: str) -> tuple[str, ...]:
    """The store tables a ``trade_basis`` value reads (``cow`` -> COW's dyadic and national tables)."""
    if basis == COW:
        return (COW_TRADE, COW_TRADE_NATIONAL)
    spec = BASES.get(basis)
    return (spec.table,) if spec is not None else ()


def soviet_gap(iso3: pd.Series, year: pd.Series, partner_iso3: pd.Series | None = None) -> np.ndarray:
    """Boolean mask: the side ``iso3`` (and, if given, ``partner_iso3`` too) is a former Soviet republic and
    ``year`` is in :data:`SOVIET_GAP_YEARS`, where COW's zeros and totals are not measurements."""
    first, last = SOVIET_GAP_YEARS
    y = pd.to_numeric(year, errors="coerce").to_numpy(dtype="float64")
    mask = (y >= first) & (y <= last) & iso3.astype("string").isin(FORMER_SOVIET).to_numpy(dtype=bool)
    if partner_iso3 is not None:
        mask &= partner_iso3.astype("string").isin(FORMER_SOVIET).to_numpy(dtype=bool)
    return np.asarray(mask, dtype=bool)


def _unreported_zeros(flows: pd.DataFrame) -> pd.DataFrame:
    """``flows`` with COW's zeros between former Soviet republics in 1992-93 made NA (module docstring)."""
    gap = soviet_gap(flows["iso3"], flows["year"], flows["partner_iso3"])
    if not gap.any():
        return flows
    out = flows.copy()
    for col in ("imports", "exports"):
        values = out[col].astype("float64")
        out[col] = values.mask(gap & (values == 0).to_numpy(dtype=bool))
    return out


def _eu_gap(
    df: pd.DataFrame, flows: pd.DataFrame, states: set[tuple[str, int]]
) -> tuple[np.ndarray, np.ndarray]:
    """Masks (imports, exports) of the rows of ``df`` whose EU27 flow would leave out an unknown 1992-93 flow
    with a member that is a former Soviet republic and a state that year (``states``: its ``(iso3, year)``
    rows in the national file); ``flows`` are the directed flows after :func:`_unreported_zeros`."""
    n = len(df)
    imports, exports = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    rows = (df["partner_iso3"].astype("string") == EU27).fillna(False).to_numpy(dtype=bool)
    rows &= soviet_gap(df["iso3"], df["year"])
    if not rows.any():
        return imports, exports
    soviet_members = sorted(FORMER_SOVIET & set(EU27_MEMBERS))
    known = {
        (str(c), str(m), int(y)): (i, e)
        for c, m, y, i, e in flows.loc[
            flows["partner_iso3"].isin(soviet_members), ["iso3", "partner_iso3", "year", "imports", "exports"]
        ].itertuples(index=False)
    }
    for pos in np.flatnonzero(rows):
        country, year = str(df["iso3"].iloc[pos]), int(df["year"].iloc[pos])
        for member in soviet_members:
            if member == country or (member, year) not in states:
                continue
            imp, exp = known.get((country, member, year), (np.nan, np.nan))
            imports[pos] |= bool(pd.isna(imp))
            exports[pos] |= bool(pd.isna(exp))
    return imports, exports


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
    has_code = "ccode" in store.table(COW_TRADE_NATIONAL).columns
    nat = store.query_df(
        f"SELECT iso3, {'ccode, ' if has_code else ''}year, imports + exports AS total"
        f" FROM {COW_TRADE_NATIONAL}"
        f" WHERE iso3 IN ({', '.join('?' * len(wanted))}) AND year BETWEEN ? AND ?",
        [*wanted, first, last],
    )
    # One total per ISO3-year (DEU has COW 255 and 260): never summed, the reported/current code wins.
    nat = one_per_state(nat, ["iso3", "year"], ["total"], {"iso3": "ccode"})[["iso3", "year", "total"]]
    out = nat[nat["iso3"].isin(codes)]
    if EU27 in codes:
        eu = nat[nat["iso3"].isin(EU27_MEMBERS)].groupby("year", as_index=False)["total"].sum(min_count=1)
        eu["iso3"] = EU27
        out = pd.concat([out, eu], ignore_index=True)
    out = out.astype({"iso3": "string"})
    out["year"] = out["year"].astype("int64")
    return out


def cow_values(df: pd.DataFrame, st: Store) -> tuple[pd.DataFrame, tuple[int, int] | None]:
    """COW's figures for every row of ``df`` in the :data:`~multivector.panels.trade_reported.VALUE_COLUMNS`
    layout, with the rules of the module docstring, and COW's year bounds (None when not stored)."""
    out = pd.DataFrame(index=df.index)
    tables = stored_tables(st)
    if COW_TRADE not in tables or COW_TRADE_NATIONAL not in tables:
        return empty_values(df), None
    bounds = st.query_df(f"SELECT min(year), max(year) FROM {COW_TRADE_NATIONAL}").iloc[0]
    first, last = int(bounds.iloc[0]), int(bounds.iloc[1])
    countries = sorted(set(df["iso3"].dropna()))
    partners = sorted(set(df["partner_iso3"].dropna()))
    sides = sorted(set(countries) | set(partners) - {EU27})
    members = sorted(set(sides) | (set(EU27_MEMBERS) if EU27 in partners else set()))
    flow_cols = set(st.table(COW_TRADE).columns)
    code_cols = "".join(f"{c}, " for c in ("ccode", "partner_ccode") if c in flow_cols)
    flows = st.query_df(
        f"SELECT {code_cols}iso3, partner_iso3, year, imports, exports FROM {COW_TRADE}"
        f" WHERE iso3 IN ({', '.join('?' * len(countries))})"
        f" AND partner_iso3 IN ({', '.join('?' * len(members))})",
        [*countries, *members],
    )
    nat = _national(st, sorted(set(countries) | set(partners)), first, last)
    gap_first, gap_last = SOVIET_GAP_YEARS
    baltic = sorted(FORMER_SOVIET & set(EU27_MEMBERS))
    states = {
        (str(c), int(y))
        for c, y in st.query_df(
            f"SELECT DISTINCT iso3, year FROM {COW_TRADE_NATIONAL}"
            f" WHERE iso3 IN ({', '.join('?' * len(baltic))}) AND year BETWEEN ? AND ?",
            [*baltic, gap_first, gap_last],
        ).itertuples(index=False)
    }
    flows = one_per_state(
        flows,
        ["iso3", "partner_iso3", "year"],
        ["imports", "exports"],
        {"iso3": "ccode", "partner_iso3": "partner_ccode"},
    )
    flows = _unreported_zeros(flows)
    got = lookup(df, flows, ["imports", "exports"], agg=SUM_OR_NA)
    # an EU27 sum that would leave out an unknown Baltic flow of 1992-93 is unknown, not a partial sum
    eu_imports, eu_exports = _eu_gap(df, flows, states)
    totals = nat.set_index(["iso3", "year"])["total"]
    key_c = pd.MultiIndex.from_arrays([df["iso3"].astype("string"), df["year"].astype("int64")])
    key_p = pd.MultiIndex.from_arrays([df["partner_iso3"].astype("string"), df["year"].astype("int64")])
    own = totals.reindex(key_c).to_numpy(dtype="float64")
    other = totals.reindex(key_p).to_numpy(dtype="float64")
    covered = in_years(df["year"], first, last).to_numpy()
    exists = covered & key_c.isin(totals.index)  # COW has a national row: the basis covers the country-year
    both_exist = ~np.isnan(own) & ~np.isnan(other)
    absent = got[["imports", "exports"]].isna().all(axis=1).to_numpy()
    # Inside coverage an absent dyad of two existing states is zero trade; a COW-missing flow stays NA, and
    # so does an absent pair of former Soviet republics in 1992-93 (not recorded, not zero).
    fill = covered & both_exist & absent & ~soviet_gap(df["iso3"], df["year"], df["partner_iso3"])
    # A former Soviet republic's 1992-93 total leaves out its trade with the other republics: not a total.
    gap_own = soviet_gap(df["iso3"], df["year"])
    own[gap_own] = np.nan
    other[soviet_gap(df["partner_iso3"], df["year"])] = np.nan
    imports = np.where(fill, 0.0, got["imports"].to_numpy())
    exports = np.where(fill, 0.0, got["exports"].to_numpy())
    imports[eu_imports] = np.nan
    exports[eu_exports] = np.nan
    imports[~covered] = np.nan
    exports[~covered] = np.nan
    out["imports"] = imports
    out["exports"] = exports
    out["country_total"] = np.where(covered, own, np.nan)
    out["partner_total"] = np.where(covered, other, np.nan)
    out["available"] = exists
    out["preliminary"] = False
    out["unallocated"] = np.nan
    out["source"] = pd.Series([COW_SOURCE if e else None for e in exists], index=df.index, dtype="string")
    notes = [SOVIET_GAP_NOTE if e and g else None for e, g in zip(exists, gap_own, strict=True)]
    out["note"] = pd.Series(notes, index=df.index, dtype="string")
    return out, (first, last)


def _order(bases: Sequence[str] | None) -> tuple[str, ...]:
    order = tuple(DEFAULT_BASES if bases is None else bases)
    unknown = [b for b in order if b not in (COW, *BASES)]
    if unknown or not order or len(set(order)) != len(order):
        raise InputError(f"bases must be distinct names among {', '.join((COW, *BASES))}; got {list(order)}")
    return order


def _with_previous_year(df: pd.DataFrame) -> pd.DataFrame:
    """``df``'s keys plus, per country, one row for the year before the frame's first (its basis tells
    whether the first year is a basis change)."""
    keys = df[["iso3", "partner_iso3", "year"]].astype({"iso3": "string", "partner_iso3": "string"})
    first = keys.groupby("iso3", as_index=False).agg(
        partner_iso3=("partner_iso3", "first"), year=("year", "min")
    )
    first["year"] = first["year"].astype("int64") - 1
    return pd.concat([keys, first], ignore_index=True)


def _select(values: dict[str, pd.DataFrame], order: tuple[str, ...], n: int) -> np.ndarray:
    """Per row, the first basis of ``order`` that covers the country-year (None where none does)."""
    chosen = np.full(n, None, dtype=object)
    for name in reversed(order):
        available = values[name]["available"].to_numpy(dtype=bool)
        chosen = np.where(available, name, chosen)
    return chosen


def _breaks(keys: pd.DataFrame, chosen: np.ndarray) -> np.ndarray:
    """True where the basis differs from the country's basis in the nearest earlier year that has one."""
    basis_by_year = (
        pd.DataFrame({"iso3": keys["iso3"].to_numpy(), "year": keys["year"].to_numpy(), "b": chosen})
        .dropna()
        .drop_duplicates(["iso3", "year"])
        .sort_values(["iso3", "year"])
    )
    basis_by_year["prev"] = basis_by_year.groupby("iso3")["b"].shift()
    changed = basis_by_year[basis_by_year["prev"].notna() & (basis_by_year["prev"] != basis_by_year["b"])]
    marks = set(zip(changed["iso3"], changed["year"], strict=True))
    return np.array([(c, int(y)) in marks for c, y in zip(keys["iso3"], keys["year"], strict=True)])


def add_trade(
    df: pd.DataFrame, store: Store | str | Path | None = None, *, bases: Sequence[str] | None = None
) -> pd.DataFrame:
    """Add the trade columns (:data:`TRADE_COLUMNS`, see the module docstring) to a dyad-year frame.

    Each country-year takes its figures from ONE basis: the first of ``bases`` (default
    :data:`DEFAULT_BASES`) that has the country's world total that year; ``trade_basis`` names it,
    ``trade_source`` its publisher, ``trade_basis_break`` marks the year it differs from the year before.
    Keeps rows and keys. Raises :class:`PipelineError` for a frame not made by ``create_dyad_years``,
    :class:`InputError` for an unknown basis and :class:`StoreError` (naming the imports) when the store
    holds no trade table at all.
    """
    check_frame(df, "add_trade")
    order = _order(bases)
    keys = _with_previous_year(df)
    with opened(store) as st:
        stored = stored_tables(st)
        if not stored & {COW_TRADE, *(b.table for b in BASES.values())}:
            st.table(COW_TRADE)  # StoreError naming `multivector data import cow_trade`
        values: dict[str, pd.DataFrame] = {}
        cow_bounds = None
        for name in order:
            if name == COW:
                values[name], cow_bounds = cow_values(keys, st)
            else:
                values[name] = basis_values(keys, st, name)
    chosen = _select(values, order, len(keys))
    breaks = _breaks(keys, chosen)
    n = len(df)
    chosen, breaks = chosen[:n], breaks[:n]
    picked = {c: np.full(n, np.nan) for c in ("imports", "exports", "country_total", "partner_total")}
    text = {c: np.full(n, None, dtype=object) for c in ("source", "note")}
    preliminary = np.zeros(n, dtype=bool)
    for name, frame in values.items():
        rows = chosen == name
        for col in picked:
            picked[col] = np.where(rows, frame[col].to_numpy(dtype="float64")[:n], picked[col])
        for col in text:
            text[col] = np.where(rows, frame[col].astype(object).to_numpy()[:n], text[col])
        preliminary |= rows & frame["preliminary"].to_numpy(dtype=bool)[:n]
    imports, exports = picked["imports"], picked["exports"]
    total = imports + exports
    own, other = picked["country_total"], picked["partner_total"]
    with np.errstate(divide="ignore", invalid="ignore"):
        dep = np.where(own > 0, total / own, np.nan)
        pdep = np.where(other > 0, total / other, np.nan)
    result = pd.DataFrame(
        {
            "trade_imports": imports,
            "trade_exports": exports,
            "trade_total": total,
            "trade_country_total": own,
            "trade_partner_total": other,
            "trade_dependence": dep,
            "trade_partner_dependence": pdep,
            "trade_asymmetry": dep - pdep,
        },
        index=df.index,
    )
    result["trade_basis"] = pd.Series(chosen, index=df.index, dtype="string")
    result["trade_source"] = pd.Series(text["source"], index=df.index, dtype="string")
    result["trade_basis_break"] = pd.Series(breaks, index=df.index, dtype="boolean")
    result["trade_preliminary"] = pd.Series(preliminary, index=df.index, dtype="boolean")
    result["trade_note"] = pd.Series(text["note"], index=df.index, dtype="string")
    have = pd.Series(chosen).notna().to_numpy()
    years = df["year"].astype("int64").to_numpy()[have]
    coverage = (int(years.min()), int(years.max())) if len(years) else cow_bounds
    return finish(df, result, "add_trade", coverage)
