"""power_vector, balance and the tilt on hand-computed cases."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from _indicator_ties import ties

from multivector.errors import InputError
from multivector.indicators import balance, balance_series, power_vector

BALANCE_COLUMNS = [
    "country", "dimension", "year", "unit", "balance", "power_share", "largest_power", "largest_exposure",
    "tilt_rus", "tilt_chn", "tilt_west", "tilt_lean", "tilt_strength", "n_partners", "total", "total_basis",
    "share_rus", "share_chn", "share_usa", "share_eu27", "share_other", "n_powers_quantified", "coverage_ok",
    "note",
]  # fmt: skip


def one(df: pd.DataFrame) -> pd.Series:
    out = balance(df)
    assert len(out) == 1
    return out.iloc[0]


def test_columns() -> None:
    assert list(balance(ties({"RUS": 1})).columns) == BALANCE_COLUMNS


def test_power_vector_groups_eu_members_and_keeps_five_rows() -> None:
    out = power_vector(ties({"DEU": 6, "ITA": 4, "CHN": 10, "KGZ": 5}))
    assert list(out.columns) == ["country", "dimension", "year", "pole", "value", "unit", "share"]
    assert out["pole"].tolist() == ["RUS", "CHN", "USA", "EU27", "OTHER"]
    assert out.set_index("pole")["value"].to_dict() == {"RUS": 0, "CHN": 10, "USA": 0, "EU27": 10, "OTHER": 5}
    assert out["share"].sum() == pytest.approx(1.0)


def test_power_vector_custom_eu_membership() -> None:
    out = power_vector(ties({"GBR": 5, "CHN": 5}), eu_members=frozenset({"GBR"}))
    assert out.set_index("pole").loc["EU27", "value"] == 5


def test_power_vector_world_residual_goes_to_other() -> None:
    out = power_vector(ties({"CHN": 44, "RUS": 27, "WLD": 142})).set_index("pole")
    assert out.loc["OTHER", "value"] == pytest.approx(71)
    assert out.loc["CHN", "share"] == pytest.approx(44 / 142)


def test_equal_four_powers() -> None:
    row = one(ties({"RUS": 1, "CHN": 1, "USA": 1, "EU27": 1}))
    assert row["balance"] == pytest.approx(1.0)
    # West = USA + EU27, so the point is (1/4, 1/4, 1/2): halfway... to the West corner by 1/4.
    assert (row["tilt_rus"], row["tilt_chn"], row["tilt_west"]) == pytest.approx((0.25, 0.25, 0.5))
    assert row["tilt_strength"] == pytest.approx(0.25)
    assert row["tilt_lean"] == "WEST"


def test_centroid_when_russia_china_west_equal() -> None:
    row = one(ties({"RUS": 2, "CHN": 2, "USA": 1, "FRA": 1}))
    assert (row["tilt_rus"], row["tilt_chn"], row["tilt_west"]) == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert row["tilt_strength"] == pytest.approx(0.0, abs=1e-12)
    assert row["tilt_lean"] == "balanced"
    h = -(2 * (1 / 3) * math.log(1 / 3) + 2 * (1 / 6) * math.log(1 / 6))
    assert row["balance"] == pytest.approx(h / math.log(4))  # 0.9592


def test_single_power() -> None:
    row = one(ties({"RUS": 80, "KGZ": 20}))
    assert row["balance"] == 0.0
    assert row["tilt_strength"] == pytest.approx(1.0)
    assert row["tilt_lean"] == "RUS"
    assert row["largest_power"] == "RUS"
    assert row["largest_exposure"] == pytest.approx(0.8)
    assert row["power_share"] == pytest.approx(0.8)
    assert row["n_partners"] == 2


def test_west_merges_usa_and_eu() -> None:
    row = one(ties({"USA": 30, "DEU": 20, "ITA": 10, "CHN": 40}))
    assert row["tilt_west"] == pytest.approx(0.6)
    assert row["tilt_chn"] == pytest.approx(0.4)
    assert row["tilt_lean"] == "WEST"
    assert row["largest_power"] == "CHN"  # EU27 is 30, USA 30: no single power beats China's 40
    assert row["share_eu27"] == pytest.approx(0.3)


def test_largest_exposure_is_share_of_total_including_others() -> None:
    row = one(ties({"CHN": 44, "RUS": 27, "USA": 5, "DEU": 6, "WLD": 142}))
    assert row["largest_exposure"] == pytest.approx(44 / 142)
    assert row["power_share"] == pytest.approx(82 / 142)
    assert row["total"] == 142
    assert row["total_basis"] == "world"
    assert row["tilt_chn"] == pytest.approx(44 / 82)


def test_no_power_tie_is_nan_with_reason() -> None:
    row = one(ties({"KGZ": 5, "UZB": 5}))
    assert math.isnan(row["balance"]) and math.isnan(row["tilt_strength"])
    assert row["largest_power"] is None and row["tilt_lean"] is None
    assert row["power_share"] == 0.0 and row["largest_exposure"] == 0.0
    assert "no tie to any of RUS, CHN, USA, EU27" in row["note"]


def test_series_per_year() -> None:
    df = pd.concat(
        [
            ties({"RUS": 1, "CHN": 1}, year=2022),
            ties({"RUS": 1}, year=2023),
            ties({"RUS": 1}, dimension="energy"),
        ]
    )
    out = balance_series(df, "KAZ", "trade")
    assert out["year"].tolist() == [2022, 2023]
    assert out["balance"].tolist() == pytest.approx([0.5, 0.0])
    assert len(balance_series(df, "KAZ")) == 3
    with pytest.raises(InputError, match=r"'country'.*'UZB'.*'KAZ'"):
        balance_series(df, "UZB")
    with pytest.raises(InputError, match=r"'dimension'.*'security'"):
        balance_series(df, "KAZ", "security")


def test_no_negative_zero() -> None:
    row = one(ties({"RUS": 4}))
    assert str(row["balance"]) == "0.0"
