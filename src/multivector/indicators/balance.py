"""Where a country stands between the great powers: the power vector, the balance index and the tilt.

Every partner falls into one of five poles (:data:`multivector.powers.POLES`): Russia, China, the USA,
the EU27 as one bloc (member codes such as ``DEU`` and ``ITA`` count as ``EU27``) and ``OTHER``. The
tilt triangle merges USA and EU27 into the West.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from multivector.errors import InputError
from multivector.indicators.ties import DEFAULT_BY, OTHER_UNLISTED, GroupedTies, group_ties
from multivector.powers import EU27_MEMBERS, POLES, POWERS, TRIANGLE, pole_of

__all__ = [
    "SINGLE_POWER_MAX_BALANCE",
    "TILT_TOLERANCE",
    "balance",
    "balance_from_powers",
    "balance_series",
    "power_vector",
    "single_power_bound",
    "tilt_from_coordinates",
]

#: A point is "balanced" when each of its three tilt coordinates is within this distance of 1/3.
TILT_TOLERANCE = 0.05
#: A group with one quantified power counts as covered (``coverage_ok``) only when its world total bounds
#: the balance the three unquantified powers could add to at most this (see :func:`single_power_bound`).
SINGLE_POWER_MAX_BALANCE = 0.25

_CENTROID_TO_CORNER = float(np.sqrt(2.0 / 3.0))


def _power_matrix(g: GroupedTies, eu_members: frozenset[str]) -> np.ndarray:
    """Sum of values per group and pole: an array of shape (groups, 5) in :data:`POLES` order."""
    partner = g.rows["partner"]
    pole = partner.map({p: POLES.index(pole_of(p, eu_members)) for p in partner.unique()}).to_numpy(
        dtype=np.int64
    )
    mat = np.zeros((g.n_groups, len(POLES)))
    np.add.at(mat, (g.rows["gid"].to_numpy(), pole), g.rows["value"].to_numpy(dtype="float64"))
    return mat


def _divide(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.divide(a, b, out=np.full(np.broadcast(a, b).shape, np.nan), where=b > 0)


def power_vector(
    ties: pd.DataFrame, by: Sequence[str] = DEFAULT_BY, eu_members: frozenset[str] = EU27_MEMBERS
) -> pd.DataFrame:
    """The great-power vector of each group: the value and share of each of the five poles.

    Formula: v_k = sum of x_i over partners i with pole(i) = k, for k in (RUS, CHN, USA, EU27, OTHER);
    share_k = v_k / T with T the group total (the ``WLD`` value when present, so the unlisted remainder
    goes to OTHER; else the sum of the listed partners). pole(i) is :func:`multivector.powers.pole_of`:
    EU member codes (``eu_members``) and ``EU27``/``EUU`` map to EU27. The grouping of partners into
    competing poles follows the "hedging between great powers" framing of multi-vector foreign policy
    (e.g. Vanderhill, Joireman & Tulepbayeva, "Between the bear and the dragon: multivectorism in
    Kazakhstan", *International Affairs* 96(4), 2020).

    All five rows are present for every group, with value 0 where there is no tie; ``share`` is NaN
    only when the group total is 0. Shares sum to 1 per group.

    Returns long columns ``by + pole, value, unit, share``.
    """
    g = group_ties(ties, by, eu_members)
    mat = _power_matrix(g, eu_members)
    k = len(POLES)
    out = g.keys.loc[np.repeat(np.arange(g.n_groups), k), list(g.by)].reset_index(drop=True)
    out["pole"] = np.tile(np.array(POLES, dtype=object), g.n_groups)
    out["value"] = mat.ravel()
    out["unit"] = np.repeat(g.keys["unit"].to_numpy(dtype=object), k)
    out["share"] = _divide(mat, g.total[:, None]).ravel()
    return out


def tilt_from_coordinates(
    rus: np.ndarray, chn: np.ndarray, west: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Lean and strength of points given by barycentric coordinates in the Russia-China-West triangle.

    ``tilt_strength`` = |b - c| / |e - c|, with b = (rus, chn, west), c = (1/3, 1/3, 1/3) the centroid and
    e a corner (|e - c| = sqrt(2/3)). For an equilateral triangle distances in barycentric coordinates
    are proportional to distances on the plotted (ternary) chart, so this is the distance on the chart from
    the centre, in units of the centre-to-corner distance: 0 at the centre, 1 at a corner.

    ``tilt_lean`` is the corner (RUS, CHN or WEST) with the largest coordinate (the first in that order on
    a tie within rounding, 1e-12 relative), or ``"balanced"`` when every coordinate is within
    :data:`TILT_TOLERANCE` of 1/3. NaN coordinates give NaN strength and a missing lean.
    """
    b = np.stack([rus, chn, west], axis=1).astype("float64")
    nan = np.isnan(b).any(axis=1)
    strength = np.sqrt(((b - 1.0 / 3.0) ** 2).sum(axis=1)) / _CENTROID_TO_CORNER
    strength = np.where(nan, np.nan, np.clip(strength, 0.0, 1.0))
    filled = np.where(nan[:, None], 0.0, b)
    top = filled.max(
        axis=1, keepdims=True
    )  # ties within rounding go to the first corner, as for largest_power
    corner = np.array(TRIANGLE, dtype=object)[np.argmax(filled >= top * (1 - 1e-12), axis=1)]
    balanced = np.abs(b - 1.0 / 3.0).max(axis=1) <= TILT_TOLERANCE
    lean = np.where(balanced, "balanced", corner).astype(object)
    lean[nan] = None
    return lean, strength


def single_power_bound(share: np.ndarray, remainder: np.ndarray) -> np.ndarray:
    """The largest balance a group with ONE quantified power could have, given what its total leaves.

    Formula: the power holds s of the total T (``share``) and a part u of T (``remainder``: the world total
    less every listed partner) is not attributed to anyone, so the three unquantified powers hold x in
    [0, u] together. For a given x the entropy is largest with x split evenly (entropy is Schur-concave),
    q = (s, x/3, x/3, x/3) / (s + x), and it grows with x while s / (s + x) > 1/4, i.e. up to x = 3s. So

        balance_max = H(q at x* = min(u, 3 s)) / ln 4

    (H the Shannon entropy; computed by :func:`balance_from_powers`). Without a world total u is unbounded
    and balance_max = 1; with s = 0 the balance is undefined (NaN). Kazakhstan's arms imports 94 % from
    Russia of a stated 100 %: u = 0.06, balance_max = 0.21; Russia 30 % of a total with nothing else
    listed: u = 0.7, balance_max = 0.995; Russia 5 %, a non-power 85 % and u = 0.10: balance_max = 0.99 (a
    small remainder alone proves nothing).
    """
    s = np.asarray(share, dtype="float64")
    u = np.asarray(remainder, dtype="float64")
    x = np.minimum(np.where(np.isnan(u), np.inf, u), 3.0 * s)
    values = np.stack([s, x / 3.0, x / 3.0, x / 3.0], axis=1)
    bound, _ = balance_from_powers(values, s + x)
    return np.where(s > 0, bound, np.nan)


def balance_from_powers(powers: np.ndarray, total: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The balance index and the largest single-power exposure of each row of ``powers``.

    ``powers`` (n, 4) holds the values v_k of RUS, CHN, USA, EU27 (:data:`~multivector.powers.POWERS`
    order) and ``total`` (n,) the total T they are a part of (OTHER included). With P = sum_k v_k:

    * ``balance`` = -sum_k q_k ln q_k / ln 4 with q_k = v_k / P (0 ln 0 = 0), the normalised Shannon
      entropy (Shannon 1948; Pielou's evenness J) of the shares renormalised over the four powers, in
      [0, 1]; NaN where P = 0;
    * ``largest_exposure`` = max_k v_k / T; NaN where T = 0.

    The one implementation of the formula: :func:`balance` uses it on the ties of each group and the
    scenario engine (:func:`multivector.scenarios.network.balance_arrays`) on every Monte Carlo draw, so it
    works column by column on (n,) arrays with reused buffers (the log is taken once per power).
    """
    n, m = powers.shape
    if m != len(POWERS):
        raise InputError(f"powers must have {len(POWERS)} columns ({', '.join(POWERS)}), got {m}")
    p_total = powers[:, 0].copy()
    for c in range(1, m):
        p_total += powers[:, c]
    pos = p_total > 0
    ent = np.zeros(n)
    q = np.empty(n)
    lg = np.empty(n)
    for c in range(m):
        q.fill(0.0)
        np.divide(powers[:, c], p_total, out=q, where=pos)
        lg.fill(0.0)
        np.log(q, out=lg, where=q > 0)
        lg *= q
        ent += lg
    bal = np.negative(ent, out=ent)
    bal /= np.log(m)
    np.clip(bal, 0.0, 1.0, out=bal)
    bal += 0.0  # turns -0.0 (a single power) into 0.0
    bal[~pos] = np.nan
    top = powers[:, 0].copy()
    for c in range(1, m):
        np.maximum(top, powers[:, c], out=top)
    largest = np.divide(top, total, out=np.full(n, np.nan), where=total > 0)
    return bal, largest


def balance(
    ties: pd.DataFrame, by: Sequence[str] = DEFAULT_BY, eu_members: frozenset[str] = EU27_MEMBERS
) -> pd.DataFrame:
    """Balance between the four great powers, the largest single-power exposure and the tilt, per group.

    With v_RUS, v_CHN, v_USA, v_EU27 from :func:`power_vector`, T the group total and P = sum of the four:

    * ``balance`` = -sum_k q_k ln q_k / ln 4 with q_k = v_k / P, the normalised Shannon entropy (Shannon
      1948; Pielou's evenness J) of the shares *renormalised over the four powers*: 1 when the four are
      equal, 0 when the ties go to a single power. It ignores OTHER: how much goes to the powers at all is
      ``power_share``;
    * ``power_share`` = P / T, the share of the total that goes to the four powers;
    * ``largest_power`` = argmax_k v_k (first in RUS, CHN, USA, EU27 order on a tie) and
      ``largest_exposure`` = max_k v_k / T, the largest single-power share of the *total* (OTHER included):
      the dependence on one power (cf. Hirschman 1945 on the power that asymmetric trade dependence gives);
    * ``tilt_rus, tilt_chn, tilt_west`` = (v_RUS, v_CHN, v_USA + v_EU27) / P: barycentric coordinates of
      the country in the Russia-China-West triangle (West = USA + EU27), in [0, 1], summing to 1;
    * ``tilt_lean`` and ``tilt_strength``: see :func:`tilt_from_coordinates` (strength 0 at the centroid,
      1 at a corner; lean a corner or ``"balanced"`` within :data:`TILT_TOLERANCE`);
    * ``share_rus, share_chn, share_usa, share_eu27, share_other``: v_k / T for the five poles;
    * ``n_partners`` (partners with value > 0, the unlisted remainder counted as one), ``total`` (T) and
      ``total_basis`` (``"world"`` when T is the WLD value, ``"listed"`` when it is the sum of the rows);
    * ``n_powers_quantified``: how many of the four powers have a stated tie in the group (a row, whatever
      its value: a stated 0 is a measurement; EU member states count for EU27). A power without a row
      counts as 0 in every formula above, so with ONE power quantified the balance is 0 *by construction*
      (technology: one US deal; transit: the routes through Russia), not by measurement;
    * ``coverage_ok``: the balance says something about the four powers: ``n_powers_quantified >= 2``; or
      exactly one power quantified *and* a world total that leaves the other three so little that even
      if they held all of the unattributed remainder, evenly, the balance could not exceed
      :data:`SINGLE_POWER_MAX_BALANCE` = 0.25 (a quarter of the scale; see :func:`single_power_bound`:
      arms imports 94 % from Russia of a stated total pass, bound 0.21). False otherwise (and when no
      power has a tie). :func:`multivector.indicators.composite_balance` leaves such groups out by default.

    Edge cases: when no power has a tie (P = 0) ``balance``, the tilt and ``largest_power`` are missing,
    ``power_share`` and ``largest_exposure`` are 0, and ``note`` says why; when T = 0 every share is NaN.
    ``note`` is empty otherwise.

    Returns one row per group: ``by + unit, balance, power_share, largest_power, largest_exposure,
    tilt_rus, tilt_chn, tilt_west, tilt_lean, tilt_strength, n_partners, total, total_basis, share_rus,
    share_chn, share_usa, share_eu27, share_other, n_powers_quantified, coverage_ok, note``. With the
    default ``by`` this is a time series (one row per country, dimension and year).
    """
    g = group_ties(ties, by, eu_members)
    mat = _power_matrix(g, eu_members)
    powers = mat[:, : len(POWERS)]
    p_total = powers.sum(axis=1)
    has_power = p_total > 0
    q = _divide(powers, p_total[:, None])
    total = g.total
    bal, largest_exposure = balance_from_powers(powers, total)
    pole_share = _divide(mat, total[:, None])
    # ties within rounding (EU27 is a sum of members, whose float sum depends on row order) go to the
    # first power in RUS, CHN, USA, EU27 order
    top = powers.max(axis=1, keepdims=True)
    largest_idx = np.argmax(powers >= top * (1 - 1e-12), axis=1)
    largest = np.array(POWERS, dtype=object)[largest_idx]
    largest[~has_power] = None

    rus = q[:, 0]
    chn = q[:, 1]
    west = q[:, 2] + q[:, 3]
    lean, strength = tilt_from_coordinates(rus, chn, west)

    gid = g.rows["gid"].to_numpy()
    n_partners = np.bincount(gid, weights=g.rows["value"].to_numpy() > 0, minlength=g.n_groups).astype(
        "int64"
    )

    out = g.keys.copy()
    out["balance"] = bal
    out["power_share"] = pole_share[:, : len(POWERS)].sum(axis=1)
    out["largest_power"] = largest
    out["largest_exposure"] = largest_exposure
    out["tilt_rus"] = np.clip(rus, 0.0, 1.0)
    out["tilt_chn"] = np.clip(chn, 0.0, 1.0)
    out["tilt_west"] = np.clip(west, 0.0, 1.0)
    out["tilt_lean"] = lean
    out["tilt_strength"] = strength
    out["n_partners"] = n_partners
    out["total"] = total
    out["total_basis"] = g.basis
    for i, pole in enumerate(POLES):
        out[f"share_{pole.lower()}"] = pole_share[:, i]
    n_quantified, covered = _coverage(g, eu_members, powers, total)
    out["n_powers_quantified"] = n_quantified
    out["coverage_ok"] = covered
    note = np.where(has_power, "", "no tie to any of RUS, CHN, USA, EU27: balance and tilt undefined")
    out["note"] = np.where(total > 0, note, "group total is 0: shares undefined").astype(object)
    return out


def _coverage(
    g: GroupedTies, eu_members: frozenset[str], powers: np.ndarray, total: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``n_powers_quantified`` and ``coverage_ok`` of every group (see :func:`balance`)."""
    partner = g.rows["partner"]
    pole = partner.map({p: POLES.index(pole_of(p, eu_members)) for p in partner.unique()}).to_numpy(
        dtype=np.int64
    )
    gid = g.rows["gid"].to_numpy()
    is_power = (pole < len(POWERS)) & (partner != OTHER_UNLISTED).to_numpy()
    seen = np.zeros((g.n_groups, len(POWERS)), dtype=bool)
    seen[gid[is_power], pole[is_power]] = True
    n_quantified = seen.sum(axis=1).astype("int64")
    unlisted = np.bincount(
        gid,
        weights=np.where(partner == OTHER_UNLISTED, g.rows["value"].to_numpy(dtype="float64"), 0.0),
        minlength=g.n_groups,
    )
    world = g.basis == "world"
    share = _divide(powers.sum(axis=1), total)
    remainder = np.where(world, _divide(unlisted, total), np.nan)
    bound = single_power_bound(np.nan_to_num(share), remainder)
    single_ok = (n_quantified == 1) & world & (np.nan_to_num(bound, nan=1.0) <= SINGLE_POWER_MAX_BALANCE)
    covered = (n_quantified >= 2) & (powers.sum(axis=1) > 0) | single_ok
    return n_quantified, covered.astype(bool)


def balance_series(
    ties: pd.DataFrame,
    country: str,
    dimension: str | None = None,
    eu_members: frozenset[str] = EU27_MEMBERS,
) -> pd.DataFrame:
    """The balance table of one country over the years, for one dimension or (``dimension=None``) all.

    Same formulas and columns as :func:`balance` with the default ``by`` (country, dimension, year),
    sorted by dimension and year. Raises :class:`~multivector.errors.InputError` naming the countries (or
    dimensions) present when ``country`` (or ``dimension``) has no rows.
    """
    table = balance(ties, eu_members=eu_members)
    rows = table[table["country"] == country.strip()]
    if rows.empty:
        have = sorted(table["country"].unique())
        raise InputError(f"ties column 'country' has no rows for {country!r}; countries present: {have!r}")
    if dimension is not None:
        dim = dimension.strip().lower()
        sub = rows[rows["dimension"] == dim]
        if sub.empty:
            have = sorted(rows["dimension"].unique())
            raise InputError(
                f"ties column 'dimension' has no rows for {dimension!r} of {country!r}; "
                f"dimensions present: {have!r}"
            )
        rows = sub
    return rows.sort_values(["dimension", "year"], kind="stable").reset_index(drop=True)
