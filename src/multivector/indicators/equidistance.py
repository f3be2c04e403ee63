"""Balance in UN General Assembly votes: how evenly a country stands between the powers' positions.

Vote agreement is not a flow that a country splits between partners: agreeing with Russia does not use up
agreement with the USA, and Voeten's agreement has a high floor (most resolutions pass by large
majorities), so agreement scores renormalised to shares (0.6 with Russia and 0.5 with the USA become
0.55 / 0.45) look nearly balanced whatever the real alignment: the entropy balance of Kazakhstan's
agreement scores is 0.91-0.99 in every year 1992-2024. This module measures the balance in votes on the
votes' own metric instead, with the powers' disagreement among themselves as the benchmark.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from multivector.errors import InputError
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
    (equidistant, whatever the level); 0 = on every pair it stands at one end.

    Limitation (what it measures): this is *centrality among the powers' positions*, not independence
    from each power. A country that votes exactly as one power scores what that power's own position
    scores: 0 for a power at an end of the configuration, high for a power in its middle. On the real votes
    1992-2023 a country voting exactly as EU27 (the mean of its members, between the USA and Russia/China)
    would score 0.36-0.55 (median 0.45), above Kazakhstan's own median of 0.32; exactly as Russia
    0.14-0.44, as China 0.03-0.18, as the USA 0.02-0.13. Read it with the country's agreement with each
    power (``largest_power`` names the closest) and do not rank it against share-of-flows balances: the
    panels flag it (``construction="vote-equidistance"``, ``comparable=False``) and keep it out of the
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
        raise InputError(
            f"vote_equidistance: expected agreement of shape (n, 4) and power_agreement (n, 6), got "
            f"{a.shape} and {b.shape}; order the columns as POWERS and POWER_PAIRS"
        )
    spread = sum(np.abs(a[:, i] - a[:, j]) for i, j in _IDX)
    span = (1.0 - b).sum(axis=1)
    ok = ~np.isnan(a).any(axis=1) & ~np.isnan(b).any(axis=1) & (span > 0)
    out = 1.0 - np.divide(spread, span, out=np.full(len(a), np.nan), where=ok)
    return np.where(ok, np.clip(out, 0.0, 1.0), np.nan)
