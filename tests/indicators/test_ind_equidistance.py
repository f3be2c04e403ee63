"""vote_equidistance: hand-computed cases, bounds on real voting records, and why shares of agreement fail."""

from __future__ import annotations

import math

import numpy as np
import pytest
from _indicator_ties import ties
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from multivector.errors import InputError
from multivector.indicators import balance
from multivector.indicators.equidistance import POWER_PAIRS, vote_equidistance


def test_pairs_order() -> None:
    assert POWER_PAIRS == (
        ("RUS", "CHN"), ("RUS", "USA"), ("RUS", "EU27"), ("CHN", "USA"), ("CHN", "EU27"), ("USA", "EU27"),
    )  # fmt: skip


def test_hand_computed_kazakhstan_2023() -> None:
    # agreement with RUS, CHN, USA, EU27 and the powers' own (rounded 2023 values from the shared data)
    a = np.array([[0.64, 0.83, 0.34, 0.64]])
    b = np.array([[0.79, 0.27, 0.49, 0.28, 0.56, 0.70]])
    # spread = .19 + .30 + 0 + .49 + .19 + .30 = 1.47; span = .21 + .73 + .51 + .72 + .44 + .30 = 2.91
    assert vote_equidistance(a, b)[0] == pytest.approx(1 - 1.47 / 2.91)


def test_equal_agreement_is_one_whatever_the_level() -> None:
    b = np.array([[0.8, 0.3, 0.55, 0.3, 0.55, 0.75]] * 2)
    out = vote_equidistance(np.array([[0.6] * 4, [0.4] * 4]), b)
    assert out.tolist() == [1.0, 1.0]


def test_voting_like_russia_is_low() -> None:
    b = np.array([[0.8, 0.3, 0.55, 0.3, 0.55, 0.75]])
    like_russia = np.array([[1.0, 0.8, 0.3, 0.55]])  # its agreement with each power is Russia's
    # spread = .2 + .7 + .45 + .5 + .25 + .25 = 2.35; span = .2 + .7 + .45 + .7 + .45 + .25 = 2.75
    assert vote_equidistance(like_russia, b)[0] == pytest.approx(1 - 2.35 / 2.75)


def test_missing_or_degenerate_rows_are_nan() -> None:
    a = np.array([[0.5, np.nan, 0.5, 0.5], [0.5, 0.6, 0.7, 0.8], [0.5, 0.6, 0.7, 0.8]])
    b = np.array([[0.5] * 6, [0.5, np.nan, 0.5, 0.5, 0.5, 0.5], [1.0] * 6])
    assert np.isnan(vote_equidistance(a, b)).all()


def test_shape_is_checked() -> None:
    with pytest.raises(InputError, match=r"\(n, 4\)"):
        vote_equidistance(np.zeros((2, 3)), np.zeros((2, 6)))


def test_shares_of_agreement_look_balanced_by_construction() -> None:
    """The old construction: agreement renormalised to shares. With the high floor of UN agreement (0.5
    and up) the share-entropy cannot fall below 0.96, however one-sided the votes."""
    row = balance(ties({"RUS": 1.0, "CHN": 0.5, "USA": 0.5, "EU27": 0.5}, unit="agreement")).iloc[0]
    assert row["balance"] == pytest.approx(0.9610, abs=1e-4)
    # the same country, measured against the powers' own disagreement
    b = np.array([[0.5, 0.5, 0.5, 0.5, 0.5, 0.5]])
    assert vote_equidistance(np.array([[1.0, 0.5, 0.5, 0.5]]), b)[0] == pytest.approx(1 - 1.5 / 3.0)


def _agreement(v1: np.ndarray, v2: np.ndarray) -> float:
    """Voeten's agreement over the same roll calls: 1 - mean |v1 - v2| / 2 with yes 1, abstain 2, no 3."""
    return float(1.0 - np.mean(np.abs(v1 - v2)) / 2.0)


@settings(deadline=None, max_examples=80)
@given(arrays(np.int64, st.tuples(st.just(5), st.integers(1, 40)), elements=st.integers(1, 3)))
def test_bounded_without_clipping_on_real_voting_records(votes: np.ndarray) -> None:
    """On one set of roll calls d = 1 - agreement is a metric, so the index is in [0, 1] by the triangle
    inequality (no clipping needed)."""
    country, powers = votes[0], votes[1:]
    a = np.array([[_agreement(country, p) for p in powers]])
    b = np.array(
        [[_agreement(powers[i], powers[j]) for i, j in ((0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3))]]
    )
    spread = sum(abs(a[0, i] - a[0, j]) for i, j in ((0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)))
    span = float((1 - b).sum())
    out = vote_equidistance(a, b)[0]
    if span == 0:
        assert math.isnan(out)
        return
    assert spread <= span + 1e-12
    assert out == pytest.approx(1 - spread / span)
    assert 0.0 <= out <= 1.0


@settings(deadline=None, max_examples=60)
@given(arrays(np.float64, (1, 4), elements=st.floats(0.5, 1.0)))
def test_share_entropy_of_agreement_above_floor_is_near_one(a: np.ndarray) -> None:
    """Any agreement vector above a 0.5 floor gives the share-based balance >= 0.959: by construction.

    The normalised entropy is Schur-concave, so its minimum over the box [0.5, 1]^4 is at a vertex: two powers
    at 1 and two at 0.5, shares (1/3, 1/3, 1/6, 1/6), entropy (2/3 ln 3 + 1/3 ln 6) / ln 4 = 0.9591.
    """
    floor = (2 / 3 * np.log(3) + 1 / 3 * np.log(6)) / np.log(4)
    assert abs(floor - 0.95915) < 1e-4
    row = balance(ties(dict(zip(("RUS", "CHN", "USA", "EU27"), a[0].tolist(), strict=True)))).iloc[0]
    assert row["balance"] >= floor - 1e-12


def test_a_clone_of_a_middle_power_scores_high_as_documented() -> None:
    """The documented limitation: centrality, not independence. A country voting exactly as a power in the
    middle of the configuration (EU27 between USA and RUS/CHN) scores high; as one at the end, 0."""
    # pairs RUS-CHN, RUS-USA, RUS-EU27, CHN-USA, CHN-EU27, USA-EU27; 1D: RUS 0, CHN 0, EU 0.5, USA 1
    b = np.array([[1.0, 0.0, 0.5, 0.0, 0.5, 0.5]])
    as_eu = np.array([[0.5, 0.5, 0.5, 1.0]])  # agreement with RUS, CHN, USA, EU27
    as_usa = np.array([[0.0, 0.0, 1.0, 0.5]])
    # spread as EU: |.5-.5| + |.5-.5| + |.5-1| + |.5-.5| + |.5-1| + |.5-1| = 1.5; span = 0+1+.5+1+.5+.5 = 3.5
    assert vote_equidistance(as_eu, b)[0] == pytest.approx(1 - 1.5 / 3.5)
    # as USA: |0-0| + |0-1|*2 + |0-.5|*2 + |1-.5| = 3.5 = span -> 0
    assert vote_equidistance(as_usa, b)[0] == pytest.approx(0.0)
