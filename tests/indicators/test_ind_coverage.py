"""Single-power dimensions: ``n_powers_quantified``, ``coverage_ok``, and their place in the composite."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from _indicator_ties import ties
from hypothesis import given, settings
from hypothesis import strategies as st

from multivector.casebook import headline_ties, load_case
from multivector.indicators import balance, composite_balance
from multivector.indicators.balance import SINGLE_POWER_MAX_BALANCE, single_power_bound


def one(df: pd.DataFrame) -> pd.Series:
    out = balance(df)
    assert len(out) == 1
    return out.iloc[0]


def _h(*q: float) -> float:
    """Normalised entropy (ln 4) of shares, by hand."""
    return -sum(x * math.log(x) for x in q if x > 0) / math.log(4)


# --------------------------------------------------------------------------- the flags, by hand
def test_one_power_without_total_is_zero_by_construction() -> None:
    row = one(ties({"USA": 7.0}, dimension="technology"))
    assert row["balance"] == 0.0
    assert row["n_powers_quantified"] == 1
    assert not row["coverage_ok"]


def test_several_routes_through_one_power_still_one_power() -> None:
    row = one(ties({"RUS": 46.3, "AZE": 1.2}).pipe(lambda d: pd.concat([d, ties({"RUS": 7.2})])))
    assert row["n_powers_quantified"] == 1 and not row["coverage_ok"]


def test_eu_members_count_as_one_power() -> None:
    row = one(ties({"DEU": 5, "FRA": 5, "KGZ": 3}))
    assert row["n_powers_quantified"] == 1 and not row["coverage_ok"]
    assert one(ties({"DEU": 5, "CHN": 1}))["n_powers_quantified"] == 2


def test_a_stated_zero_is_a_measurement() -> None:
    row = one(ties({"RUS": 10, "CHN": 0}))
    assert row["balance"] == 0.0
    assert row["n_powers_quantified"] == 2 and row["coverage_ok"]


def test_two_or_more_powers_are_covered() -> None:
    row = one(ties({"RUS": 3, "CHN": 1, "WLD": 100}))
    assert row["n_powers_quantified"] == 2 and row["coverage_ok"]
    assert one(ties({"RUS": 1, "CHN": 1, "USA": 1, "EU27": 1}))["n_powers_quantified"] == 4


def test_no_power_is_not_covered() -> None:
    row = one(ties({"KGZ": 3, "UZB": 1}))
    assert math.isnan(row["balance"])
    assert row["n_powers_quantified"] == 0 and not row["coverage_ok"]


def test_one_power_with_a_tight_world_total_is_covered() -> None:
    # Kazakhstan's arms imports: Russia 94 % of a stated 100 %; the other three hold at most 6 %
    row = one(ties({"RUS": 94, "WLD": 100}, dimension="security", unit="percent"))
    assert row["n_powers_quantified"] == 1 and row["coverage_ok"]
    # by hand: the remainder spread evenly over the three, (0.94, 0.02, 0.02, 0.02)
    bound = single_power_bound(np.array([0.94]), np.array([0.06]))[0]
    assert bound == pytest.approx(_h(0.94, 0.02, 0.02, 0.02))
    assert bound == pytest.approx(0.21127, abs=1e-5) and bound <= SINGLE_POWER_MAX_BALANCE


def test_one_power_with_a_loose_world_total_is_not_covered() -> None:
    row = one(ties({"RUS": 30, "WLD": 100}))
    assert row["n_powers_quantified"] == 1 and not row["coverage_ok"]
    # x* = min(0.7, 3 * 0.3) = 0.7: (0.3, 0.7/3, 0.7/3, 0.7/3)
    bound = single_power_bound(np.array([0.3]), np.array([0.7]))[0]
    assert bound == pytest.approx(_h(0.3, 0.7 / 3, 0.7 / 3, 0.7 / 3))


def test_small_remainder_but_small_power_share_is_not_covered() -> None:
    # Russia 5 %, Uzbekistan 85 %, 10 % unattributed: the other powers could match Russia
    row = one(ties({"RUS": 5, "UZB": 85, "WLD": 100}))
    assert not row["coverage_ok"]
    # x* = min(0.10, 0.15) = 0.10: (0.05, 0.1/3, 0.1/3, 0.1/3) / 0.15
    bound = single_power_bound(np.array([0.05]), np.array([0.10]))[0]
    assert bound == pytest.approx(_h(1 / 3, 2 / 9, 2 / 9, 2 / 9))


def test_bound_edge_cases() -> None:
    out = single_power_bound(np.array([0.5, 0.0, 0.2]), np.array([np.nan, 0.5, 0.0]))
    assert out[0] == pytest.approx(1.0)  # no world total: the others could be anything
    assert math.isnan(out[1])  # no tie at all: undefined
    assert out[2] == 0.0  # the total is fully attributed: nothing left for the others


@settings(deadline=None, max_examples=60)
@given(
    st.floats(min_value=0.01, max_value=1.0),
    st.floats(min_value=0.0, max_value=1.0),
    st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=3, max_size=3),
)
def test_bound_is_an_upper_bound(share: float, rest: float, split: list[float]) -> None:
    """Any split of the unattributed remainder among the three other powers stays below the bound."""
    remainder = (1.0 - share) * rest  # the rest of the total goes to a non-power partner
    other = 1.0 - share - remainder
    bound = single_power_bound(np.array([share]), np.array([remainder]))[0]
    total = sum(split)
    given_out = [remainder * x / total if total > 0 else 0.0 for x in split]
    df = ties({"RUS": share, "CHN": given_out[0], "USA": given_out[1], "EU27": given_out[2], "UZB": other})
    assert one(df)["balance"] <= bound + 1e-9


# --------------------------------------------------------------------------- the composite
def _case() -> pd.DataFrame:
    return pd.concat(
        [
            ties({"RUS": 94, "WLD": 100}, dimension="security", year=2023, unit="percent"),
            ties({"RUS": 26.1, "CHN": 24.1, "EU27": 39.9}, year=2022),
            ties({"RUS": 9979}, dimension="transit", year=2024, unit="kt"),
            ties({"USA": 7.0}, dimension="technology", year=2025),
        ],
        ignore_index=True,
    )


def test_composite_leaves_single_power_dimensions_out() -> None:
    table = balance(_case())
    row = composite_balance(table).iloc[0]
    bal = table.set_index("dimension")["balance"]
    assert row["dimensions_used"] == "security,trade"
    assert row["dimensions_excluded"] == "transit,technology"
    assert row["balance"] == pytest.approx((bal["security"] + bal["trade"]) / 2)
    assert row["coverage"] == pytest.approx(2 / 8)  # of the 8 comparable dimensions, weight 1 each
    full = composite_balance(table, include_single_power=True).iloc[0]
    assert full["dimensions_used"] == "security,trade,transit,technology"
    assert full["dimensions_excluded"] == ""
    assert full["balance"] == pytest.approx(bal.mean())
    assert full["balance"] < row["balance"]


def test_composite_without_flag_columns_uses_everything() -> None:
    table = balance(_case()).drop(columns=["coverage_ok"])
    assert composite_balance(table).iloc[0]["dimensions_used"] == "security,trade,transit,technology"


# --------------------------------------------------------------------------- Kazakhstan's casebook
def test_kazakhstan_casebook_transit_and_technology_are_single_power() -> None:
    table = balance(headline_ties(load_case("kazakhstan"))).set_index("dimension")
    for dim in ("transit", "technology"):
        assert table.loc[dim, "n_powers_quantified"] == 1
        assert table.loc[dim, "balance"] == 0.0  # by construction: one power
        assert not table.loc[dim, "coverage_ok"]
    # security is one power too, but the SIPRI share is of a stated total: Russia 94 %, measured
    assert table.loc["security", "n_powers_quantified"] == 1 and table.loc["security", "coverage_ok"]
    comp = composite_balance(table.reset_index()).iloc[0]
    used = comp["dimensions_used"].split(",")
    assert "transit" not in used and "technology" not in used and "security" in used
    everything = composite_balance(table.reset_index(), include_single_power=True).iloc[0]
    assert comp["balance"] > everything["balance"]  # the two zeros pulled it down
