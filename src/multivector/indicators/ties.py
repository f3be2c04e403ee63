"""The tidy ties table: its checks, and the partner shares every indicator is built on.

A *ties table* is a pandas DataFrame with one row per tie of a country to a partner on one dimension in
one year::

    country  partner  dimension  year  value  unit          [source  kind  basis  tie_id  ...]
    KAZ      CHN      trade      2024  44.0   billion USD
    KAZ      RUS      trade      2024  27.0   billion USD
    KAZ      WLD      trade      2024  142.0  billion USD

``partner`` is an ISO3 code, the bloc code ``EU27`` (``EUU`` and ``EU`` are read as the same bloc) or
``WLD`` for the country's total with the whole world. Extra columns are allowed and ignored.

A *group* is one (country, dimension, year) by default (the ``by=`` argument of every function). Within
a group:

* rows for the same partner are added (several deals with one partner make one tie). Pass one measure
  per group: filter by ``kind`` or ``basis`` first if the table holds, say, both exports and turnover;
* with a ``WLD`` row the group total is the world total and the partners not listed form one residual
  row ``OTHER_UNLISTED`` = WLD - sum(listed). Listed partners may exceed WLD by at most
  :data:`WORLD_TOLERANCE` (a relative rounding tolerance), otherwise the table is rejected. The output
  says ``total_basis="world"``;
* without a ``WLD`` row the total is the sum of the listed partners, ``total_basis="listed"``: shares
  are then shares *of the listed ties*, not of the country's whole trade (or investment, ...);
* listing the ``EU27`` bloc and one of its members (``DEU``) in the same group is rejected: the member
  would be counted twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype, is_bool_dtype, is_numeric_dtype

from multivector.errors import InputError
from multivector.powers import EU27, EU27_MEMBERS, WORLD, pole_of

__all__ = [
    "DEFAULT_BY",
    "OPTIONAL_COLUMNS",
    "OTHER_UNLISTED",
    "REQUIRED_COLUMNS",
    "WORLD_TOLERANCE",
    "GroupedTies",
    "group_ties",
    "partner_shares",
    "validate_ties",
]

#: Columns every ties table must have.
REQUIRED_COLUMNS: tuple[str, ...] = ("country", "partner", "dimension", "year", "value", "unit")
#: Columns that are used when present (``source`` for provenance) and otherwise ignored.
OPTIONAL_COLUMNS: tuple[str, ...] = ("source", "kind", "basis", "tie_id")
#: The default grouping: one group per country, dimension and year.
DEFAULT_BY: tuple[str, ...] = ("country", "dimension", "year")
#: Partner code of the residual row (WLD minus the listed partners).
OTHER_UNLISTED = "OTHER_UNLISTED"
#: How far (relative to the world total) the listed partners may exceed WLD before the group is rejected.
WORLD_TOLERANCE = 0.005

_EU_BLOC_CODES = frozenset({EU27, "EUU", "EU"})
_MAX_SHOWN = 5


def _rows(frame: pd.DataFrame, mask: np.ndarray | pd.Series) -> str:
    """Name the offending rows (index labels) for an error message, at most five of them."""
    labels = list(frame.index[np.asarray(mask, dtype=bool)])
    shown = ", ".join(repr(x) if isinstance(x, str) else str(x) for x in labels[:_MAX_SHOWN])
    more = f" and {len(labels) - _MAX_SHOWN} more" if len(labels) > _MAX_SHOWN else ""
    return f"row{'s' if len(labels) > 1 else ''} {shown}{more} (index labels)"


def _group_label(keys: Sequence[str], values: Sequence[object]) -> str:
    pairs = (f"{k}={v!r}" if isinstance(v, str) else f"{k}={v}" for k, v in zip(keys, values, strict=True))
    return "(" + ", ".join(pairs) + ")"


def _check_strings(df: pd.DataFrame, column: str) -> None:
    col = df[column]
    if infer_dtype(col, skipna=False) == "string":
        return
    bad = ~col.map(lambda x: isinstance(x, str) and x.strip() != "").to_numpy(dtype=bool)
    raise InputError(
        f"ties column {column!r} must hold non-empty text codes; {_rows(df, bad)} hold "
        f"{df.loc[bad, column].head(_MAX_SHOWN).tolist()!r}. Fill in the code (partners are ISO3 codes, "
        f"'EU27' or 'WLD') or drop those rows."
    )


def validate_ties(ties: pd.DataFrame) -> pd.DataFrame:
    """Check a ties table and return a clean copy.

    Checks, each raising :class:`~multivector.errors.InputError` that names the column, the offending rows
    (by index label) or group, and what to do:

    * ``ties`` is a non-empty DataFrame with the columns ``country, partner, dimension, year, value,
      unit`` (:data:`REQUIRED_COLUMNS`);
    * ``country``, ``partner``, ``dimension`` and ``unit`` are non-empty strings;
    * ``value`` is numeric, finite (no NaN: missing means missing, drop the row rather than write 0)
      and non-negative (v >= 0: ties are gross flows or stocks; record exports and imports as two kinds
      rather than a net balance);
    * ``year`` is a whole number or missing;
    * no (country, dimension, year) group mixes units (shares of a sum of USD and tonnes mean nothing).

    The copy has ``year`` as nullable ``Int64``, ``value`` as float, ``partner`` stripped and
    upper-cased, ``dimension`` stripped and lower-cased, ``country`` and ``unit`` stripped. Other
    columns are kept unchanged. Validating an already valid table returns an equal table.
    """
    if not isinstance(ties, pd.DataFrame):
        raise InputError(f"ties must be a pandas DataFrame, got {type(ties).__name__}")
    missing = [c for c in REQUIRED_COLUMNS if c not in ties.columns]
    if missing:
        raise InputError(
            f"ties table is missing column{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))}; "
            f"a ties table needs {', '.join(REQUIRED_COLUMNS)} (has {', '.join(map(str, ties.columns))})"
        )
    if len(ties) == 0:
        raise InputError("ties table is empty: there is nothing to measure; pass at least one tie (row)")
    df = ties.copy()
    for column in ("country", "partner", "dimension", "unit"):
        _check_strings(df, column)
    df["country"] = df["country"].str.strip()
    df["partner"] = df["partner"].str.strip().str.upper()
    df["dimension"] = df["dimension"].str.strip().str.lower()
    df["unit"] = df["unit"].str.strip()

    raw = df["value"]
    if is_numeric_dtype(raw) and not is_bool_dtype(raw):
        value = raw.astype("float64")
    else:
        value = pd.to_numeric(raw, errors="coerce").astype("float64")
        bad = (value.isna() & raw.notna()).to_numpy()
        if bad.any():
            raise InputError(
                f"ties column 'value' must be numeric; {_rows(df, bad)} hold "
                f"{raw[bad].head(_MAX_SHOWN).tolist()!r}. Write plain numbers and put the unit in 'unit'."
            )
    arr = value.to_numpy()
    if np.isnan(arr).any():
        raise InputError(
            f"ties column 'value' is missing (NaN) in {_rows(df, np.isnan(arr))}: missing means missing, "
            f"so drop those rows (do not write 0, which would claim a measured zero tie)"
        )
    if np.isinf(arr).any():
        raise InputError(
            f"ties column 'value' is infinite in {_rows(df, np.isinf(arr))}; fix or drop those rows"
        )
    if (arr < 0).any():
        raise InputError(
            f"ties column 'value' is negative in {_rows(df, arr < 0)} "
            f"(values {arr[arr < 0][:_MAX_SHOWN].tolist()}): "
            f"ties are gross flows or stocks and must be >= 0; record a net balance as two kinds "
            f"(e.g. exports and imports) or drop the rows"
        )
    df["value"] = value

    rawyear = df["year"]
    year = pd.to_numeric(rawyear, errors="coerce")
    bad = (year.isna() & rawyear.notna()).to_numpy() | (year.notna() & (year % 1 != 0)).to_numpy()
    if bad.any():
        raise InputError(
            f"ties column 'year' must be a whole year (or missing); {_rows(df, bad)} hold "
            f"{rawyear[bad].head(_MAX_SHOWN).tolist()!r}"
        )
    df["year"] = year.astype("Int64")

    nunits = df.groupby(list(DEFAULT_BY), dropna=False, sort=True)["unit"].nunique()
    mixed = nunits[nunits > 1]
    if len(mixed):
        key, units = next(
            (k, sorted(u.unique()))
            for k, u in df.groupby(list(DEFAULT_BY), dropna=False, sort=True)["unit"]
            if u.nunique() > 1
        )
        raise InputError(
            f"ties column 'unit' mixes units within group {_group_label(DEFAULT_BY, key)} "
            f"({len(mixed)} group{'s' if len(mixed) > 1 else ''} in all; units seen here: {units!r}): "
            f"shares need one unit per group; convert the values to one unit or split the dimension"
        )
    return df


@dataclass(frozen=True)
class GroupedTies:
    """Partner-level rows of every group, aggregated, with the residual row; the core of all indicators."""

    by: tuple[str, ...]
    keys: pd.DataFrame  # one row per group (by columns + unit), in group-id order, RangeIndex
    rows: pd.DataFrame  # by + partner, value, unit, share, gid, one row per (group, partner)
    total: np.ndarray  # group total (WLD or sum of listed)
    basis: np.ndarray  # "world" or "listed"

    @property
    def n_groups(self) -> int:
        return len(self.keys)


def _check_by(df: pd.DataFrame, by: Sequence[str]) -> tuple[str, ...]:
    if isinstance(by, str):
        by = (by,)
    by = tuple(by)
    if not by:
        raise InputError("by= must name at least one column, e.g. ('country', 'dimension', 'year')")
    missing = [c for c in by if c not in df.columns]
    if missing:
        raise InputError(
            f"by= names column{'s' if len(missing) > 1 else ''} {missing!r} that the ties table lacks"
        )
    clash = [c for c in by if c in ("partner", "value", "unit", "share")]
    if clash:
        raise InputError(f"by= cannot group by {clash!r}: shares are taken over partners within each group")
    return by


def group_ties(
    ties: pd.DataFrame, by: Sequence[str], eu_members: frozenset[str] = EU27_MEMBERS
) -> GroupedTies:
    """Validate, aggregate rows per (group, partner), add the WLD residual and compute shares."""
    df = validate_ties(ties)
    by = _check_by(df, by)
    byl = list(by)

    nunits = df.groupby(byl, dropna=False, sort=True)["unit"].nunique()
    if (nunits > 1).any():
        key = nunits.index[(nunits > 1).to_numpy()][0]
        key = key if isinstance(key, tuple) else (key,)
        raise InputError(
            f"ties column 'unit' mixes units within group {_group_label(by, key)}: a coarser by= "
            f"{by!r} adds rows with different units; convert them to one unit or group by 'dimension'"
        )

    agg = (
        df.groupby([*byl, "partner"], dropna=False, sort=True)
        .agg(value=("value", "sum"), unit=("unit", "first"))
        .reset_index()
    )
    gid = agg.groupby(byl, dropna=False, sort=True).ngroup().to_numpy()
    order = np.argsort(gid, kind="stable")
    agg = agg.iloc[order].reset_index(drop=True)
    gid = gid[order]
    n = int(gid.max()) + 1
    first = np.r_[True, gid[1:] != gid[:-1]]
    keys = agg.loc[first, [*byl, "unit"]].reset_index(drop=True)

    partner = agg["partner"].to_numpy(dtype=object)
    value = agg["value"].to_numpy(dtype="float64")

    # The EU27 bloc and one of its members in one group would count the member twice.
    uniq = agg["partner"].unique()
    is_bloc = agg["partner"].map({p: p in _EU_BLOC_CODES for p in uniq}).to_numpy(dtype=bool)
    is_member = (
        agg["partner"]
        .map({p: p not in _EU_BLOC_CODES and pole_of(p, eu_members) == EU27 for p in uniq})
        .to_numpy(dtype=bool)
    )
    both = (np.bincount(gid, weights=is_bloc, minlength=n) > 0) & (
        np.bincount(gid, weights=is_member, minlength=n) > 0
    )
    if both.any():
        g = int(np.flatnonzero(both)[0])
        members = sorted(set(partner[(gid == g) & (is_member | is_bloc)]))
        raise InputError(
            f"ties column 'partner' lists the EU bloc and EU member states in group "
            f"{_group_label(by, list(keys[byl].iloc[g]))} ({members!r}): the members would be counted "
            f"twice; keep either the bloc row or the member rows"
        )

    is_wld = partner == WORLD
    has_wld = np.bincount(gid, weights=is_wld, minlength=n) > 0
    wld = np.bincount(gid, weights=np.where(is_wld, value, 0.0), minlength=n)
    listed = np.bincount(gid, weights=np.where(is_wld, 0.0, value), minlength=n)
    residual = wld - listed
    over = has_wld & (residual < -(WORLD_TOLERANCE * wld + 1e-12))
    if over.any():
        g = int(np.flatnonzero(over)[0])
        raise InputError(
            f"ties column 'value': the listed partners add up to {listed[g]:.6g}, more than the world total "
            f"(WLD) {wld[g]:.6g} in group {_group_label(by, list(keys[byl].iloc[g]))} "
            f"({int(over.sum())} group{'s' if over.sum() > 1 else ''} in all); check for double counting or "
            f"a WLD row on another basis, or drop the WLD row to take shares over the listed partners"
        )
    residual = np.clip(residual, 0.0, None)
    total = np.where(has_wld, wld, listed)

    listed_rows = agg.loc[~is_wld].assign(gid=gid[~is_wld])
    wg = np.flatnonzero(has_wld)
    resid_rows = keys.loc[wg].assign(partner=OTHER_UNLISTED, value=residual[wg], gid=wg)
    rows = pd.concat([listed_rows, resid_rows[listed_rows.columns]], ignore_index=True)
    rows = rows.sort_values("gid", kind="stable", ignore_index=True)
    tot = total[rows["gid"].to_numpy()]
    val = rows["value"].to_numpy(dtype="float64")
    rows["share"] = np.divide(val, tot, out=np.full(len(val), np.nan), where=tot > 0)
    rows = rows[[*byl, "partner", "value", "unit", "share", "gid"]]
    basis = np.where(has_wld, "world", "listed")
    return GroupedTies(by=by, keys=keys, rows=rows, total=total, basis=basis)


def partner_shares(ties: pd.DataFrame, by: Sequence[str] = DEFAULT_BY) -> pd.DataFrame:
    """Share of each partner in its group's total.

    Formula: s_i = x_i / T, where x_i is the sum of the group's rows for partner i and T is the group
    total: the ``WLD`` value when the group has one, else sum_i x_i. With a ``WLD`` row a residual row
    ``OTHER_UNLISTED`` with x = WLD - sum_i x_i is added (clipped at 0 within :data:`WORLD_TOLERANCE`), so
    the shares of a group always sum to 1. This is the partner share used in trade-partner concentration
    measures (Hirschman 1945, *National Power and the Structure of Foreign Trade*; UNCTAD, *Handbook of
    Statistics*, "market concentration index").

    Edge cases: a group whose total is 0 gets ``share`` NaN (there is nothing to share out); zero-value
    partners are kept with share 0; the ``WLD`` row itself is not a partner and is dropped.

    Returns columns ``by + partner, value, unit, share``, sorted by group and partner, residual last.
    """
    g = group_ties(ties, by)
    return g.rows.drop(columns="gid")
