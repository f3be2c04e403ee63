"""Dyadic agreement measures on hand-computed vote tables, bounds (Hypothesis) and input errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multivector.alignment import MEASURES, dyad_alignment
from multivector.errors import InputError

# Codes: 1 yes, 2 abstain, 3 no, 8 absent.
#          rc1 rc2 rc3 rc4 rc5
# A         Y   Y   N   A   Y
# B         Y   A   N   Y   N
# C         N   N   N   -   Y      (C absent on rc4)
# rc3 is unanimous (every country that voted cast "no").
HAND = {
    "A": [1, 1, 3, 2, 1],
    "B": [1, 2, 3, 1, 3],
    "C": [3, 3, 3, 8, 1],
}


def _table(votes: dict[str, list[int]], year: int = 2000) -> pd.DataFrame:
    rows = [
        {"vote_id": f"rc{j + 1}", "iso3": iso, "year": year, "vote_code": code}
        for iso, codes in votes.items()
        for j, code in enumerate(codes)
    ]
    return pd.DataFrame(rows)


def _row(frame: pd.DataFrame, a: str, b: str) -> pd.Series:
    hit = frame[(frame["iso3"] == a) & (frame["partner"] == b)]
    assert len(hit) == 1
    return hit.iloc[0]


def test_hand_computed_a_b() -> None:
    r = _row(dyad_alignment(_table(HAND)), "A", "B")
    # joint roll calls: all 5. Pairs: YY, YA, NN, AY, YN.
    assert r["n_votes"] == 5
    # same vote: YY, NN -> 2/5
    assert r["same_vote"] == pytest.approx(0.4)
    # S-score (yes 1, abstain .5, no 0): distances 0, .5, 0, .5, 1 -> d = 2, d_max = 5; S = 1 - 2*2/5
    assert r["s_score"] == pytest.approx(0.2)
    # Voeten agreement: rc3 unanimous -> rc1, rc2, rc4, rc5: 1, 1 - 1/2, 1 - 1/2, 1 - 2/2 -> 2/4
    assert r["n_nonunanimous"] == 4
    assert r["agreement"] == pytest.approx(0.5)
    # State Dept coincidence: identical (YY, NN) = 2, opposite (YN) = 1 -> 2/3
    assert r["coincidence"] == pytest.approx(2 / 3)
    # Hage kappa, interval metric: pA = (.6, .2, .2), pB = (.4, .2, .4) (yes, abstain, no);
    # D_obs = 2/5 = .4; D_exp = .6*(.2*.5 + .4*1) + .2*(.4*.5 + .4*.5) + .2*(.4*1 + .2*.5)
    #   = .30 + .08 + .10 = .48
    assert r["kappa"] == pytest.approx(1 - 0.4 / 0.48)
    # Scott's pi, interval: q = (.5, .2, .3); D_exp = .5*(.2*.5 + .3) + .2*(.5*.5 + .3*.5) + .3*(.5 + .2*.5)
    #   = .20 + .08 + .18 = .46
    assert r["scott_pi"] == pytest.approx(1 - 0.4 / 0.46)


def test_hand_computed_nominal_kappa_pi() -> None:
    r = _row(dyad_alignment(_table(HAND), metric="nominal"), "A", "B")
    # p_o = .4; kappa p_e = .6*.4 + .2*.2 + .2*.4 = .36 -> (.4 - .36)/(1 - .36) = .0625
    assert r["kappa"] == pytest.approx(0.0625)
    # pi p_e = .5^2 + .2^2 + .3^2 = .38 -> (.4 - .38)/(1 - .38)
    assert r["scott_pi"] == pytest.approx(0.02 / 0.62)


def test_hand_computed_a_c_absence_dropped() -> None:
    r = _row(dyad_alignment(_table(HAND)), "A", "C")
    # C absent on rc4 -> joint rc1, rc2, rc3, rc5: YN, YN, NN, YY
    assert r["n_votes"] == 4
    assert r["same_vote"] == pytest.approx(0.5)
    assert r["coincidence"] == pytest.approx(0.5)  # 2 identical / (2 + 2 opposite)
    assert r["s_score"] == pytest.approx(0.0)  # d = 1 + 1 + 0 + 0 = 2 of d_max 4 -> 1 - 2*2/4
    assert r["agreement"] == pytest.approx(1 / 3)  # rc1, rc2, rc5 (rc3 unanimous): 0, 0, 1


def test_both_orders_and_symmetry() -> None:
    out = dyad_alignment(_table(HAND))
    assert len(out) == 6  # 3 countries, ordered pairs
    ab, ba = _row(out, "A", "B"), _row(out, "B", "A")
    for m in MEASURES:
        assert ab[m] == pytest.approx(ba[m])


def test_unanimous_only_gives_nan_agreement_not_zero() -> None:
    out = dyad_alignment(_table({"A": [1, 3], "B": [1, 3]}))
    r = _row(out, "A", "B")
    assert r["n_nonunanimous"] == 0
    assert np.isnan(r["agreement"])
    assert r["same_vote"] == 1.0
    assert r["s_score"] == 1.0
    # kappa: pA = pB = (.5, 0, .5): D_exp = .5*.5*1 + .5*.5*1 = .5 > 0, D_obs = 0 -> kappa = 1
    assert r["kappa"] == pytest.approx(1.0)


def test_kappa_undefined_when_no_variation() -> None:
    # both always vote yes: D_exp = 0, chance-corrected measures undefined (NaN, not 0 or 1)
    r = _row(dyad_alignment(_table({"A": [1, 1], "B": [1, 1], "C": [1, 3]})), "A", "B")
    assert np.isnan(r["kappa"]) and np.isnan(r["scott_pi"])
    assert r["same_vote"] == 1.0
    assert r["n_nonunanimous"] == 1 and r["agreement"] == 1.0  # rc2 is contested (C voted no)


def test_filters_and_session() -> None:
    table = _table(HAND).assign(session=55)
    out = dyad_alignment(table, countries="A", partners=["B", "C"], by="session", measures=["same_vote"])
    counts = ["n_votes", "n_nonunanimous", "n_same", "n_oppose", "n_partial", "n_absent"]
    assert list(out.columns) == ["iso3", "partner", "session", *counts, "same_vote"]
    assert set(out["partner"]) == {"B", "C"}
    assert set(out["iso3"]) == {"A"}


def test_year_from_date() -> None:
    table = _table(HAND).drop(columns="year").assign(date="2001-10-01")
    assert set(dyad_alignment(table)["year"]) == {2001}


@pytest.mark.parametrize(
    ("mutate", "match"),
    [
        (lambda t: t.drop(columns="vote_code"), "vote_code"),
        (lambda t: t.drop(columns="iso3"), "iso3"),
        (lambda t: t.assign(vote_code=5), "vote_code"),
        (lambda t: t.assign(vote_code="yes"), "vote_code"),
        (lambda t: pd.concat([t, t.iloc[:1]]), "duplicate"),
    ],
)
def test_bad_input(mutate: object, match: str) -> None:
    with pytest.raises(InputError, match=match):
        dyad_alignment(mutate(_table(HAND)))  # type: ignore[operator]


def test_bad_arguments() -> None:
    with pytest.raises(InputError, match="measure"):
        dyad_alignment(_table(HAND), measures=["nope"])
    with pytest.raises(InputError, match="metric"):
        dyad_alignment(_table(HAND), metric="cosine")
    with pytest.raises(InputError, match="by"):
        dyad_alignment(_table(HAND), by="month")
    with pytest.raises(InputError):
        dyad_alignment([1, 2])  # type: ignore[arg-type]


votes_matrix = st.lists(
    st.lists(st.sampled_from([1, 2, 3, 8]), min_size=6, max_size=6), min_size=2, max_size=6
)


@settings(max_examples=60, deadline=None)
@given(votes_matrix)
def test_bounds_and_symmetry(matrix: list[list[int]]) -> None:
    table = _table({f"C{i}": row for i, row in enumerate(matrix)})
    out = dyad_alignment(table)
    if out.empty:
        return
    for col, lo, hi in [
        ("agreement", 0, 1),
        ("same_vote", 0, 1),
        ("coincidence", 0, 1),
        ("s_score", -1, 1),
        ("kappa", -np.inf, 1),
        ("scott_pi", -np.inf, 1),
    ]:
        vals = out[col].dropna()
        assert ((vals >= lo - 1e-12) & (vals <= hi + 1e-12)).all(), col
    merged = out.merge(out, left_on=["iso3", "partner", "year"], right_on=["partner", "iso3", "year"])
    for m in MEASURES:
        np.testing.assert_allclose(merged[f"{m}_x"], merged[f"{m}_y"], atol=1e-12, equal_nan=True)
    # S equals 2 * agreement - 1 when no roll call is unanimous
    full = out[out["n_votes"] == out["n_nonunanimous"]]
    np.testing.assert_allclose(full["s_score"], 2 * full["agreement"] - 1, atol=1e-12)
