"""How concentrated a country's ties are on few partners: Herfindahl-Hirschman, Shannon entropy, Hill numbers.

These measures look at *all* partners, not only the great powers (for those see
:mod:`multivector.indicators.balance`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from multivector.indicators.ties import DEFAULT_BY, group_ties

__all__ = ["concentration"]


def concentration(ties: pd.DataFrame, by: Sequence[str] = DEFAULT_BY) -> pd.DataFrame:
    """Partner concentration of each group: HHI, normalised HHI, Shannon entropy and effective partners.

    With s_i the partner shares of a group (see :func:`partner_shares`) and N the number of partners with
    s_i > 0:

    * ``hhi`` = sum_i s_i^2, in [1/N, 1] (Herfindahl 1950; Hirschman 1945, 1964). UNCTAD's product and
      market concentration index is this measure normalised as below, computed over trade partners
      (UNCTAD, *Handbook of Statistics*, "concentration index");
    * ``hhi_norm`` = (HHI - 1/N) / (1 - 1/N), in [0, 1]: 0 when the N partners have equal shares,
      1 when one partner has everything;
    * ``entropy`` H = -sum_i s_i ln s_i, in nats (Shannon 1948), with 0 ln 0 = 0;
    * ``entropy_norm`` = H / ln N, in [0, 1] (Pielou's evenness): 1 when all N partners are equal;
    * ``effective_partners`` = exp(H), the Hill number of order 1 (Hill 1973): the number of equal
      partners that would give the same entropy;
    * ``effective_partners_hhi`` = 1 / HHI, the Hill number of order 2 (the "numbers-equivalent" of HHI,
      Adelman 1969). Always <= ``effective_partners`` <= N.

    Edge cases (documented choices):

    * zero-value partners are not counted in N and add nothing, so listing a partner with 0 changes no
      measure;
    * N = 1 (one partner): HHI = 1, ``hhi_norm`` = 1 (fully concentrated; the formula is 0/0 there),
      H = 0, ``entropy_norm`` = 0 (no diversity), both effective numbers 1;
    * a group whose total is 0 (N = 0) gets NaN in every measure and ``n_partners`` = 0;
    * with a ``WLD`` row the unlisted remainder ``OTHER_UNLISTED`` counts as *one* partner. Its true
      split is unknown, so HHI is an upper bound (and entropy a lower bound) of the true values.

    Returns columns ``by + n_partners, hhi, hhi_norm, entropy, entropy_norm, effective_partners,
    effective_partners_hhi, total_basis`` with one row per group.

    References: O. C. Herfindahl, *Concentration in the Steel Industry*, PhD thesis, Columbia University,
    1950. A. O. Hirschman, *National Power and the Structure of Foreign Trade*, 1945. C. E. Shannon,
    "A Mathematical Theory of Communication", *Bell System Technical Journal* 27, 1948. M. O. Hill,
    "Diversity and Evenness: A Unifying Notation and Its Consequences", *Ecology* 54(2), 1973.
    UNCTAD, *Handbook of Statistics*, technical notes on the market concentration index.
    """
    g = group_ties(ties, by)
    n = g.n_groups
    gid = g.rows["gid"].to_numpy()
    s = g.rows["share"].to_numpy(dtype="float64")
    pos = np.nan_to_num(s, nan=0.0) > 0
    sp = np.where(pos, s, 1.0)  # placeholder 1 -> s ln s = 0 for non-positive shares
    n_partners = np.bincount(gid, weights=pos, minlength=n).astype("int64")
    hhi = np.bincount(gid, weights=np.where(pos, s * s, 0.0), minlength=n)
    ent: np.ndarray = -np.bincount(gid, weights=np.where(pos, sp * np.log(sp), 0.0), minlength=n)

    empty = n_partners == 0
    many = n_partners > 1
    nn = np.maximum(n_partners, 1).astype("float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        hhi_norm = np.where(many, (hhi - 1.0 / nn) / (1.0 - 1.0 / nn), 1.0)
        ent_norm = np.where(many, ent / np.log(np.maximum(nn, 2.0)), 0.0)
        eff_hhi = np.where(empty, np.nan, 1.0 / np.where(empty, 1.0, hhi))
    hhi_norm = np.clip(hhi_norm, 0.0, 1.0)
    ent_norm = np.clip(ent_norm, 0.0, 1.0)
    ent = np.maximum(ent, 0.0) + 0.0  # + 0.0 turns -0.0 into 0.0

    out = g.keys[list(g.by)].copy()
    out["n_partners"] = n_partners
    out["hhi"] = np.where(empty, np.nan, hhi)
    out["hhi_norm"] = np.where(empty, np.nan, hhi_norm)
    out["entropy"] = np.where(empty, np.nan, ent)
    out["entropy_norm"] = np.where(empty, np.nan, ent_norm)
    out["effective_partners"] = np.where(empty, np.nan, np.exp(ent))
    out["effective_partners_hhi"] = eff_hhi
    out["total_basis"] = g.basis
    return out
