"""The State Department's voting coincidence, ``state_dept``: each year's formula on hand-counted votes.

One table of 10 roll calls, counted by hand for the dyad A-B (codes 1 yes, 2 abstain, 3 no, 8 absent):

    rc    1  2  3  4  5  6  7  8  9  10
    A     Y  Y  N  N  A  A  Y  -  Y  -
    B     Y  N  N  Y  A  Y  N  Y  -  -
    kind  S  O  S  O  S  P  O  a  a  (both absent)

S = same vote (YY, NN, AA): rc1, rc3, rc5 -> n_same = 3 (of which yes/yes + no/no = 2)
O = opposite (one yes, one no): rc2, rc4, rc7 -> n_oppose = 3
P = partial (exactly one abstained, the other yes or no): rc6 -> n_partial = 1
a = one absent while the other cast a vote: rc8, rc9 -> n_absent = 2; rc10 (both absent) counts nowhere
C votes yes on every roll call so that no roll call is empty.
"""

from __future__ import annotations

import pandas as pd
import pytest

from multivector.alignment import dyad_alignment
from multivector.alignment.agreement import STATE_DEPT_RULES, state_dept_rule

VOTES = {
    "A": [1, 1, 3, 3, 2, 2, 1, 8, 1, 8],
    "B": [1, 3, 3, 1, 2, 1, 3, 1, 8, 8],
    "C": [1] * 10,
}


def _ab(year: int, by: str = "year") -> pd.Series:
    rows = [
        {"vote_id": f"rc{j + 1}", "iso3": iso, by: year, "vote_code": code}
        for iso, codes in VOTES.items()
        for j, code in enumerate(codes)
    ]
    out = dyad_alignment(pd.DataFrame(rows), by=by)
    return out[(out["iso3"] == "A") & (out["partner"] == "B")].iloc[0]


def test_counts_by_hand() -> None:
    r = _ab(2023)
    assert (r["n_same"], r["n_oppose"], r["n_partial"], r["n_absent"]) == (3, 3, 1, 2)
    assert r["n_votes"] == 7  # roll calls where both cast a vote: rc1-rc7


def test_votes_only_until_2017() -> None:
    # (yes/yes + no/no) / (that + opposite) = 2 / (2 + 3); the joint abstention rc5, the partial rc6 and
    # the absences are outside "votes only"; equal to `coincidence`
    for year in (1995, 2017):
        r = _ab(year)
        assert r["state_dept"] == pytest.approx(2 / 5)
        assert r["state_dept"] == pytest.approx(r["coincidence"])


def test_partial_credit_2018_to_2021() -> None:
    # (same + partial/2) / (same + oppose + partial) = (3 + 0.5) / (3 + 3 + 1) = 3.5 / 7
    for year in (2018, 2021):
        assert _ab(year)["state_dept"] == pytest.approx(3.5 / 7)
    assert _ab(2018)["coincidence"] == pytest.approx(2 / 5)  # the pre-2018 rule, unchanged


def test_absences_half_from_2022() -> None:
    # (same + partial/2 + absent/2) / (same + oppose + partial + absent) = (3 + .5 + 1) / (3 + 3 + 1 + 2)
    for year in (2022, 2025):
        assert _ab(year)["state_dept"] == pytest.approx(4.5 / 9)


def test_sessions_take_the_rule_of_their_opening_year() -> None:
    # session 73 opens in September 2018 (73 + 1945): partial credit; session 72 (2017): votes only
    assert _ab(73, by="session")["state_dept"] == pytest.approx(3.5 / 7)
    assert _ab(72, by="session")["state_dept"] == pytest.approx(2 / 5)


def test_rule_table() -> None:
    assert [state_dept_rule(y) for y in (1946, 2017, 2018, 2021, 2022, 2030)] == [
        "votes_only", "votes_only", "partial", "partial", "partial_absent", "partial_absent",
    ]  # fmt: skip
    assert STATE_DEPT_RULES[0] == (0, "votes_only")
