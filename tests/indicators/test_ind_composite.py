"""composite_balance and balance_profile: weights, coverage, latest year, sources."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from _indicator_ties import ties

from multivector.errors import InputError
from multivector.indicators import (
    DEFAULT_WEIGHTS,
    DIMENSIONS,
    PROFILE_COLUMNS,
    balance,
    balance_profile,
    composite_balance,
)


def kaz() -> pd.DataFrame:
    """Security all Russia (80 of a stated 84: the other powers hold at most 4); trade even between Russia
    and China (two years); energy China and the West."""
    return pd.concat(
        [
            ties({"RUS": 80, "WLD": 84}, dimension="security", year=2023, unit="share").assign(
                source="sipri"
            ),
            ties({"RUS": 10, "CHN": 30}, year=2023).assign(source="bns23"),
            ties({"RUS": 20, "CHN": 20}, year=2024).assign(source=["bns24", "gacc24"]),
            ties({"CHN": 3, "USA": 1, "NLD": 2}, dimension="energy", year=2022, unit="Mt").assign(
                source="iea"
            ),
        ],
        ignore_index=True,
    )


def test_default_weights_are_equal_over_seven_dimensions() -> None:
    assert tuple(DEFAULT_WEIGHTS) == DIMENSIONS
    assert sum(DEFAULT_WEIGHTS.values()) == pytest.approx(1.0)
    assert len(set(DEFAULT_WEIGHTS.values())) == 1


def test_composite_uses_latest_year_and_renormalises() -> None:
    table = balance(kaz())
    row = composite_balance(table).iloc[0]
    bal = table.set_index(["dimension", "year"])["balance"]
    expected = (bal[("security", 2023)] + bal[("trade", 2024)] + bal[("energy", 2022)]) / 3
    assert row["balance"] == pytest.approx(expected)
    assert row["dimensions_used"] == "security,trade,energy"
    assert row["as_of"] == "security=2023,trade=2024,energy=2022"
    assert row["coverage"] == pytest.approx(3 / 7)
    assert row["tilt_rus"] + row["tilt_chn"] + row["tilt_west"] == pytest.approx(1.0)
    assert row["tilt_rus"] == pytest.approx((1 + 0.5 + 0) / 3)
    assert row["largest_power"] == "RUS"


def test_as_of_year_and_composite_per_year() -> None:
    table = balance(kaz())
    row = composite_balance(table, as_of=2023).iloc[0]
    assert row["as_of"] == "security=2023,trade=2023,energy=2022"
    per_year = composite_balance(table, by=("country", "year"))
    assert set(per_year["year"]) == {2022, 2023, 2024}
    assert per_year.set_index("year").loc[2024, "dimensions_used"] == "trade"
    assert per_year.set_index("year").loc[2023, "dimensions_used"] == "security,trade"


def test_custom_weights() -> None:
    table = balance(kaz())
    only_security = composite_balance(table, weights={"security": 1.0}).iloc[0]
    assert only_security["balance"] == 0.0
    assert only_security["coverage"] == 1.0
    assert only_security["dimensions_used"] == "security"
    heavier = composite_balance(table, weights={**DEFAULT_WEIGHTS, "security": 5 / 7}).iloc[0]
    assert heavier["coverage"] == pytest.approx(7 / 11)
    assert heavier["tilt_rus"] > composite_balance(table).iloc[0]["tilt_rus"]


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"culture": 1.0}, r"unknown dimension 'culture'; known dimensions: security, trade"),
        ({"trade": -1.0}, r"weights\['trade'\] is -1.0: weights must be finite and >= 0"),
        ({"trade": 0.0, "energy": 0.0}, r"weights are all zero"),
        ({"trade": float("nan")}, r"weights\['trade'\]"),
        ({"trade": "heavy"}, r"weights\['trade'\] must be a number"),
    ],
)
def test_bad_weights(weights: dict[str, float], message: str) -> None:
    with pytest.raises(InputError, match=message):
        composite_balance(balance(kaz()), weights=weights)


def test_bad_balance_table() -> None:
    with pytest.raises(InputError, match=r"lacks columns? \['tilt_rus'"):
        composite_balance(balance(kaz()).drop(columns=["tilt_rus"]))
    with pytest.raises(InputError, match="dimension"):
        composite_balance(balance(kaz()), by=("country", "dimension"))


def test_nan_dimension_is_left_out() -> None:
    df = pd.concat([ties({"RUS": 1, "CHN": 1}), ties({"KGZ": 1}, dimension="energy")])
    row = composite_balance(balance(df)).iloc[0]
    assert row["dimensions_used"] == "trade"
    assert row["balance"] == pytest.approx(0.5)
    assert row["coverage"] == pytest.approx(1 / 7)


def test_profile() -> None:
    out = balance_profile(kaz())
    assert tuple(out.columns) == PROFILE_COLUMNS
    assert out["dimension"].tolist() == ["security", "trade", "energy", "composite"]
    trade = out.set_index("dimension").loc["trade"]
    assert trade["year"] == 2024
    assert trade["balance"] == pytest.approx(0.5)
    assert trade["sources"] == "bns24,gacc24"
    comp = out.set_index("dimension").loc["composite"]
    assert comp["sources"] == "bns24,gacc24,iea,sipri"
    assert pd.isna(comp["year"]) and pd.isna(comp["n_partners"])
    assert comp["balance"] == pytest.approx(out["balance"].iloc[:3].mean())


def test_profile_without_source_column_and_with_weights() -> None:
    out = balance_profile(kaz().drop(columns="source"), weights={"trade": 1})
    assert (out["sources"] == "").all()
    assert out.set_index("dimension").loc["composite", "balance"] == pytest.approx(0.5)


def test_profile_several_countries() -> None:
    df = pd.concat([kaz(), ties({"RUS": 1, "CHN": 3}, country="UZB")])
    out = balance_profile(df)
    assert out["country"].tolist() == ["KAZ"] * 4 + ["UZB"] * 2
    assert not math.isnan(out.iloc[-1]["balance"])
