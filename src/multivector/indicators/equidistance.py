"""Balance in UN General Assembly votes: how evenly a country stands between the powers' positions.

Vote agreement is not a flow that a country splits between partners: agreeing with Russia does not use up
agreement with the USA, and Voeten's agreement has a high floor (most resolutions pass by large
majorities), so agreement scores renormalised to shares (0.6 with Russia and 0.5 with the USA become
0.55 / 0.45) look nearly balanced whatever the real alignment: Kazakhstan's "balance" in votes was 0.91-0.99
in every year 1992-2024. This module measures the balance in votes on the votes' own metric instead,
with the powers' disagreement among themselves as the benchmark.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from multivector.powers import POWERS

__all__ = ["POWER_PAIRS", "vote_equidistance"]

#: The six pairs of the four powers, in :data:`multivector.powers.POWERS` order: (RUS, CHN), (RUS, USA),
#: (RUS, EU27), (CHN, USA), (CHN, EU27), (USA, EU27). The columns of ``power_agreement``.
POWER_PAIRS: tuple[tuple[str, str], ...] = tuple(combinations(POWERS, 2))
_IDX = tuple(combinations(range(len(POWERS)), 2))


def vote_equidistance(agreement: np.ndarray, power_agreement: np.ndarray) -> np.ndarray:
    """Equidistance of a country from the four powers in UN votes, 0-1, relative to how far apart they are.

    Formula: with a_k the country's agreement with power k and a_ij the powers' agreement with each other
    (Voeten's agreement, 1 - mean |v1 - v2| / 2 over the non-unanimous joint roll calls, yes = 1,
    abstain = 2, no = 3; Voeten 2013), d = 1 - a is a mean of per-vote distances |v1 - v2| / 2, an L1
    distance between voting records (the distance behind Signorino and Ritter's 1999 S-score,
    S = 1 - 2d). By the triangle inequality |d_ci - d_cj| <= d_ij: a country cannot be further apart from
    two powers' positions than the powers are from each other. So

        equidistance = 1 - sum_{i<j} |a_i - a_j| / sum_{i<j} (1 - a_ij)

    over the six pairs of powers (:data:`POWER_PAIRS`): the country's discrimination between the powers
    as a share of the largest the powers' own disagreement allows. 1 = it agrees equally with all four
    (equidistant, whatever the level); 0 = on every pair it stands at one end. A country that votes exactly
    as one power does scores low but above 0, since it cannot be at an end of the pairs that exclude that
    power: 0.15 as Russia when the powers agree RUS-CHN 0.8, RUS-USA and CHN-USA 0.3, RUS-EU27 and
    CHN-EU27 0.55, USA-EU27 0.75. Pairs that vote alike (Russia-China) carry little weight: a country
    cannot take sides between them. It is a distance-based evenness, not a share: its values are not on
    the scale of the shares-entropy balance of flows, which is why the panels keep it out of the
    composite by default.

    Arguments are arrays of shape (n, 4) (country-power agreement, :data:`multivector.powers.POWERS` order)
    and (n, 6) (power-power agreement, :data:`POWER_PAIRS` order). Rows with a missing value, or whose
    powers agree perfectly with each other (no disagreement to divide by), give NaN. Each pair's agreement
    is taken over the roll calls both sides voted in, so the triangle inequality holds only up to absences;
    the result is clipped to [0, 1].
    """
    a = np.asarray(agreement, dtype="float64")
    b = np.asarray(power_agreement, dtype="float64")
    if a.ndim != 2 or a.shape[1] != len(POWERS) or b.shape != (a.shape[0], len(_IDX)):
        raise ValueError(f"expected agreement (n, 4) and power_agreement (n, 6), got {a.shape} and {b.shape}")
    spread = sum(np.abs(a[:, i] - a[:, j]) for i, j in _IDX)
    span = (1.0 - b).sum(axis=1)
    ok = ~np.isnan(a).any(axis=1) & ~np.isnan(b).any(axis=1) & (span > 0)
    out = 1.0 - np.divide(spread, span, out=np.full(len(a), np.nan), where=ok)
    return np.where(ok, np.clip(out, 0.0, 1.0), np.nan)
