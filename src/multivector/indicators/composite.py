"""One number across dimensions: the weighted composite balance (:func:`composite_balance`), the formula
every composite of the package uses (the assessment's, per year and across countries)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from multivector.dimensions import DIMENSIONS, normalise_weights
from multivector.errors import InputError
from multivector.indicators.balance import tilt_from_coordinates
from multivector.powers import POWERS

__all__ = ["composite_balance", "intended_weight"]


_MEANS = ("balance", "power_share", "largest_exposure", "tilt_rus", "tilt_chn", "tilt_west")
_SHARES = tuple(f"share_{p.lower()}" for p in POWERS)
_NEEDED = ("dimension", "balance", "largest_exposure", "tilt_rus", "tilt_chn", "tilt_west")
#: The output columns after ``by`` (the ``share_*`` columns follow when the table has them).
_OUTPUT = (
    "balance",
    "power_share",
    "largest_power",
    "largest_exposure",
    "tilt_rus",
    "tilt_chn",
    "tilt_west",
    "tilt_lean",
    "tilt_strength",
    "dimensions_used",
    "coverage",
    "as_of",
    "dimensions_excluded",
)


def _dimension_rank(dims: pd.Series) -> pd.Series:
    """Sort key: the dimensions in :data:`~multivector.dimensions.DIMENSIONS` order, then any others
    alphabetically."""
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    extra = sorted(set(dims.dropna()) - set(order))
    order.update({d: len(DIMENSIONS) + i for i, d in enumerate(extra)})
    return dims.map(order)


def _check_weights(weights: Mapping[str, float] | None, present: set[str]) -> dict[str, float]:
    """The weights of every dimension (:func:`multivector.dimensions.normalise_weights`: named dimensions
    take the given weight, every other keeps its default of 1); dimensions in the table but not in the
    registry (a user's own ties) get weight 1 unless named."""
    extra = {d: 1.0 for d in present if d not in DIMENSIONS}
    known = {k: v for k, v in (weights or {}).items() if str(k).strip().lower() not in extra}
    out = normalise_weights(known)
    for key, value in (weights or {}).items():
        name = str(key).strip().lower()
        if name in extra:
            extra[name] = float(value)
    return {**out, **extra}


def intended_weight(weights: Mapping[str, float]) -> float:
    """The weight a composite could use at most: that of every dimension on the composite's scale (the
    registry's comparable dimensions, and any dimension of the user's own that the registry does not
    know). ``coverage`` = the weight used / this."""
    return sum(w for d, w in weights.items() if d not in DIMENSIONS or DIMENSIONS[d].comparable)


def _flag(df: pd.DataFrame, column: str) -> pd.Series:
    """A boolean flag column; True where the column is absent or missing (no evidence against the row)."""
    if column not in df.columns:
        return pd.Series(True, index=df.index)
    return df[column].astype("boolean").fillna(True).astype(bool)


def composite_balance(
    balance_table: pd.DataFrame,
    weights: Mapping[str, float] | None = None,
    by: Sequence[str] = ("country",),
    as_of: int | None = None,
    include_single_power: bool = False,
    include_noncomparable: bool = False,
) -> pd.DataFrame:
    """Weighted mean of the per-dimension balance, tilt and largest exposure across dimensions.

    Formula, for each group of ``by`` (one row per country by default) over the dimensions d it uses:
    x_composite = sum_d w_d x_d / sum_d w_d, for x in ``balance``, ``power_share``, ``largest_exposure``,
    ``tilt_rus``, ``tilt_chn``, ``tilt_west`` (and ``share_rus`` ... ``share_eu27`` when present); a
    measure a dimension does not define (NaN, e.g. the tilt of the UN-vote equidistance) is averaged over
    the dimensions that define it. The weights are renormalised over the dimensions present; ``coverage`` =
    sum_d(used) w_d / :func:`intended_weight` says how much of the intended weight the data cover (only
    dimensions on the composite's scale count in the intended weight). This is the linear
    (arithmetic) aggregation of the OECD/JRC *Handbook on Constructing Composite Indicators* (2008), with
    renormalised weights for missing dimensions.

    Dimensions balanced or unbalanced *by construction* are left out by default, and named in
    ``dimensions_excluded``:

    * ``coverage_ok`` False (a column of :func:`balance`): only one power has a quantified tie, so the
      balance is 0 whatever the real split (e.g. Kazakhstan's technology: one US deal; transit: the routes
      through Russia). A mean that counts these zeros measures the casebook's gaps, not the country.
      ``include_single_power=True`` keeps them;
    * ``comparable`` False (a column of :func:`multivector.panels.balance_over_time`): the dimension's
      balance is not the evenness of shares of an additive quantity (the UN-vote equidistance), so it is
      on another scale. ``include_noncomparable=True`` keeps them.

    A table without these columns is used as it is.

    The composite tilt is a weighted mean of points of the triangle, so it is a point of the triangle;
    ``tilt_lean`` and ``tilt_strength`` are recomputed from it. ``largest_power`` is the power with the
    largest weighted mean share and ``largest_exposure`` that weighted mean share, max_p sum_d w_d s_{d,p}
    / sum_d w_d (when the ``share_*`` columns exist; otherwise the weighted mean of each dimension's largest
    exposure). A mean of per-dimension largest shares would mix different powers under one label.

    ``balance_table`` is the output of :func:`balance`. Years: when the table has a ``year`` column and
    ``by`` does not include it, the latest year of each dimension is used (only years <= ``as_of`` when
    given) and reported in ``as_of`` (``"trade=2024,energy=2023"``); group by ``("country", "year")`` for
    a composite per year. Dimensions whose balance is NaN in that year (no tie to any power) and
    dimensions with weight 0 or absent from ``weights`` are left out.

    ``weights`` maps dimension -> weight under the one weights rule of
    :func:`multivector.dimensions.normalise_weights` (a dimension not named keeps its default weight of 1;
    0 leaves it out). Unknown dimension names (neither one of :data:`DIMENSIONS` nor in the table),
    negative, non-finite or all-zero weights raise :class:`~multivector.errors.InputError`.

    Returns ``by + balance, power_share, largest_power, largest_exposure, tilt_rus, tilt_chn, tilt_west,
    tilt_lean, tilt_strength, dimensions_used, coverage, as_of, dimensions_excluded`` (and ``share_rus``
    ... when present). ``dimensions_excluded`` lists, comma-joined, the dimensions with a balance and a
    positive weight that were left out by the rules above. A group with no usable dimension gets NaN
    measures and coverage 0.
    """
    by = _check_table(balance_table, by)
    df = balance_table.copy()
    df["dimension"] = df["dimension"].astype(str).str.strip().str.lower()
    w = _check_weights(weights, set(df["dimension"]))
    has_year = "year" in df.columns and "year" not in by
    if has_year:
        df = _latest_years(df, list(by), as_of)
    groups = df[list(by)].drop_duplicates().reset_index(drop=True)
    used, dropped = _split_dimensions(df, w, list(by), include_single_power, include_noncomparable)
    shares = [c for c in _SHARES if c in used.columns]
    means = _weighted_means(used, list(by), [c for c in _MEANS if c in used.columns] + shares)
    means["coverage"] = means["coverage"] / intended_weight(w)
    out = _label_groups(groups, means, used, dropped, list(by), has_year)
    _add_tilt(out)
    _add_largest_power(out, shares)
    if "power_share" not in out.columns:
        out["power_share"] = np.nan
    return out[[*by, *_OUTPUT, *shares]]


def _check_table(balance_table: pd.DataFrame, by: Sequence[str]) -> tuple[str, ...]:
    """``by`` as a tuple, after checking that ``balance_table`` is a non-empty output of :func:`balance`
    with the ``by`` columns (and that ``by`` does not name the dimension)."""
    if not isinstance(balance_table, pd.DataFrame):
        raise InputError(f"balance_table must be a pandas DataFrame, got {type(balance_table).__name__}")
    by = (by,) if isinstance(by, str) else tuple(by)
    if not by:
        raise InputError("by= names no column: give the columns of one composite, e.g. by=('country',)")
    missing = [c for c in (*by, *_NEEDED) if c not in balance_table.columns]
    if missing:
        raise InputError(
            f"balance_table lacks column{'s' if len(missing) > 1 else ''} {missing!r}: pass the output of "
            f"multivector.indicators.balance(ties)"
        )
    if "dimension" in by:
        raise InputError("by= cannot include 'dimension': the composite is taken across dimensions")
    if balance_table.empty:
        raise InputError("balance_table is empty: there is nothing to combine")
    return by


def _latest_years(df: pd.DataFrame, by: list[str], as_of: int | None) -> pd.DataFrame:
    """The latest row of each group and dimension (only years <= ``as_of`` when given)."""
    df["year"] = pd.to_numeric(df["year"], errors="coerce").astype("Int64")
    if as_of is not None:
        df = df[df["year"].isna() | (df["year"] <= as_of)]
    df = df.sort_values("year", na_position="first", kind="stable")
    return df.groupby([*by, "dimension"], dropna=False, sort=False).tail(1)


def _split_dimensions(
    df: pd.DataFrame,
    weights: dict[str, float],
    by: list[str],
    include_single_power: bool,
    include_noncomparable: bool,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows the composite uses and those it leaves out by construction (``coverage_ok`` or
    ``comparable`` False), each with its weight in ``_w`` and sorted by group and dimension order. Rows
    without a balance or with weight 0 are in neither."""
    df["_w"] = df["dimension"].map(weights).fillna(0.0).astype("float64")
    candidate = (df["_w"] > 0) & df["balance"].notna()
    keep = pd.Series(True, index=df.index)
    if not include_single_power:
        keep &= _flag(df, "coverage_ok")
    if not include_noncomparable:
        keep &= _flag(df, "comparable")

    def ranked(rows: pd.DataFrame) -> pd.DataFrame:
        rows = rows.copy()
        rows["_rank"] = _dimension_rank(rows["dimension"])
        return rows.sort_values([*by, "_rank"], kind="stable")

    return ranked(df[candidate & keep]), ranked(df[candidate & ~keep])


def _weighted_means(used: pd.DataFrame, by: list[str], cols: list[str]) -> pd.DataFrame:
    """Per group: sum_d w_d x_d / sum_d w_d for each column x (over the dimensions where x is not NaN),
    and in ``coverage`` the weight used, sum_d w_d (divided by the intended weight by the caller)."""
    values = used[cols].astype("float64")
    weighted = values.mul(used["_w"], axis=0)
    present = values.notna().mul(used["_w"], axis=0).add_prefix("_w_")
    weighted = pd.concat([weighted, present], axis=1)
    weighted[by] = used[by]
    weighted["_w"] = used["_w"]
    sums = weighted.groupby(by, dropna=False, sort=False).sum()
    denominators = sums[[f"_w_{c}" for c in cols]].set_axis(cols, axis=1)
    means = sums[cols].div(denominators.where(denominators > 0))
    means["coverage"] = sums["_w"]
    return means


def _label_groups(
    groups: pd.DataFrame,
    means: pd.DataFrame,
    used: pd.DataFrame,
    dropped: pd.DataFrame,
    by: list[str],
    has_year: bool,
) -> pd.DataFrame:
    """One row per group: the means, and ``dimensions_used``, ``as_of`` and ``dimensions_excluded``."""
    if has_year:
        labels = used.assign(_as_of=used["dimension"] + "=" + used["year"].astype("string").fillna("NA"))
    else:
        labels = used.assign(_as_of="")
    joined = labels.groupby(by, dropna=False, sort=False).agg(
        dimensions_used=("dimension", ",".join), as_of=("_as_of", ",".join)
    )
    means = means.join(joined).reset_index()
    out = groups.merge(means, on=by, how="left")
    out["coverage"] = out["coverage"].fillna(0.0)
    out["dimensions_used"] = out["dimensions_used"].fillna("")
    out["as_of"] = out["as_of"].fillna("") if has_year else ""
    if dropped.empty:
        out["dimensions_excluded"] = ""
    else:
        names = dropped.groupby(by, dropna=False, sort=False)["dimension"].agg(",".join)
        out = out.merge(names.rename("dimensions_excluded").reset_index(), on=by, how="left")
        out["dimensions_excluded"] = out["dimensions_excluded"].fillna("")
    return out


def _add_tilt(out: pd.DataFrame) -> None:
    """``tilt_lean`` and ``tilt_strength`` of the composite tilt (a point of the triangle)."""
    lean, strength = tilt_from_coordinates(
        out["tilt_rus"].to_numpy(dtype="float64"),
        out["tilt_chn"].to_numpy(dtype="float64"),
        out["tilt_west"].to_numpy(dtype="float64"),
    )
    out["tilt_lean"] = lean
    out["tilt_strength"] = strength


def _add_largest_power(out: pd.DataFrame, shares: list[str]) -> None:
    """``largest_power``: the power with the largest weighted mean share, and ``largest_exposure``: that
    weighted mean share (not a mean of each dimension's largest share: those belong to different powers).
    Without all four ``share_*`` columns ``largest_power`` is missing and ``largest_exposure`` stays the
    weighted mean of the dimensions' largest exposures."""
    if len(shares) != len(POWERS):
        out["largest_power"] = pd.Series([None] * len(out), dtype=object)
        return
    sh = out[list(shares)].to_numpy(dtype="float64")
    ok = ~np.isnan(sh).any(axis=1) & (np.nan_to_num(sh).sum(axis=1) > 0)
    idx = np.argmax(np.nan_to_num(sh), axis=1)
    largest = np.array(POWERS, dtype=object)[idx]
    largest[~ok] = None
    out["largest_power"] = largest
    exposure = np.nan_to_num(sh)[np.arange(len(sh)), idx]
    exposure[~ok] = np.nan
    out["largest_exposure"] = exposure
