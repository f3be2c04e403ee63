"""composite_balance: weights (the one rule of multivector.dimensions.normalise_weights), coverage,
latest year."""

from __future__ import annotations

import pandas as pd
import pytest
from _indicator_ties import ties

from multivector import dimensions as vocab
from multivector.errors import InputError
from multivector.indicators import balance, composite_balance, intended_weight

#: With the default weights (1 each) the intended weight is the number of comparable dimensions (8).
N_COMPARABLE = len(vocab.comparable_dimensions())


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


def test_default_weights_are_equal_over_every_dimension() -> None:
    weights = vocab.default_weights()
    assert tuple(weights) == tuple(vocab.DIMENSIONS)
    assert set(weights.values()) == {1.0}
    assert N_COMPARABLE == 8 and intended_weight(weights) == 8


def test_composite_uses_latest_year_and_renormalises() -> None:
    table = balance(kaz())
    row = composite_balance(table).iloc[0]
    bal = table.set_index(["dimension", "year"])["balance"]
    expected = (bal[("security", 2023)] + bal[("trade", 2024)] + bal[("energy", 2022)]) / 3
    assert row["balance"] == pytest.approx(expected)
    assert row["dimensions_used"] == "security,trade,energy"
    assert row["as_of"] == "security=2023,trade=2024,energy=2022"
    assert row["coverage"] == pytest.approx(3 / N_COMPARABLE)
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


def test_custom_weights_override_the_named_and_keep_the_rest() -> None:
    table = balance(kaz())
    bal = table.set_index(["dimension", "year"])["balance"]
    parts = [bal[("security", 2023)], bal[("trade", 2024)], bal[("energy", 2022)]]
    # security=5: (5 s + t + e) / 7 (trade and energy keep weight 1)
    heavier = composite_balance(table, weights={"security": 5}).iloc[0]
    assert heavier["balance"] == pytest.approx((5 * parts[0] + parts[1] + parts[2]) / 7)
    assert heavier["coverage"] == pytest.approx(7 / (N_COMPARABLE + 4))
    assert heavier["tilt_rus"] > composite_balance(table).iloc[0]["tilt_rus"]
    # 0 leaves a dimension out
    no_trade = composite_balance(table, weights={"trade": 0, "energy": 0}).iloc[0]
    assert no_trade["dimensions_used"] == "security" and no_trade["balance"] == 0.0


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"culture": 1.0}, r"unknown dimension 'culture'; known dimensions: security, alliances, trade"),
        ({"trade": -1.0}, r"weights\['trade'\] is -1.0: weights must be finite and >= 0"),
        ({d: 0.0 for d in vocab.DIMENSIONS}, r"weights are all zero"),
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
    with pytest.raises(InputError, match="by= names no column"):
        composite_balance(balance(kaz()), by=())


def test_nan_dimension_is_left_out() -> None:
    df = pd.concat([ties({"RUS": 1, "CHN": 1}), ties({"KGZ": 1}, dimension="energy")])
    row = composite_balance(balance(df)).iloc[0]
    assert row["dimensions_used"] == "trade"
    assert row["balance"] == pytest.approx(0.5)
    assert row["coverage"] == pytest.approx(1 / N_COMPARABLE)
