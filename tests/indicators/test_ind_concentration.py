"""concentration: HHI, entropy and Hill numbers on hand-computed cases."""

from __future__ import annotations

import math

import pytest
from _indicator_ties import ties

from multivector.indicators import concentration


def test_hand_computed_50_30_20() -> None:
    row = concentration(ties({"CHN": 50, "RUS": 30, "KGZ": 20})).iloc[0]
    assert row["n_partners"] == 3
    assert row["hhi"] == pytest.approx(0.38)
    assert row["hhi_norm"] == pytest.approx((0.38 - 1 / 3) / (2 / 3))  # 0.07
    assert row["entropy"] == pytest.approx(1.0297, abs=1e-4)
    assert row["entropy_norm"] == pytest.approx(1.0297 / math.log(3), abs=1e-4)
    assert row["effective_partners"] == pytest.approx(2.80, abs=5e-3)
    assert row["effective_partners_hhi"] == pytest.approx(1 / 0.38)
    assert row["total_basis"] == "listed"


def test_equal_partners() -> None:
    row = concentration(ties({"CHN": 1, "RUS": 1, "USA": 1, "DEU": 1})).iloc[0]
    assert row["hhi"] == pytest.approx(0.25)
    assert row["hhi_norm"] == pytest.approx(0.0)
    assert row["entropy_norm"] == pytest.approx(1.0)
    assert row["effective_partners"] == pytest.approx(4.0)
    assert row["effective_partners_hhi"] == pytest.approx(4.0)


def test_single_partner_edge_case() -> None:
    row = concentration(ties({"RUS": 9, "CHN": 0})).iloc[0]
    assert row["n_partners"] == 1
    assert (row["hhi"], row["hhi_norm"], row["entropy"], row["entropy_norm"]) == (1.0, 1.0, 0.0, 0.0)
    assert row["effective_partners"] == 1.0
    assert row["effective_partners_hhi"] == 1.0


def test_zero_total_is_nan() -> None:
    row = concentration(ties({"RUS": 0})).iloc[0]
    assert row["n_partners"] == 0
    assert math.isnan(row["hhi"]) and math.isnan(row["entropy_norm"])


def test_residual_counts_as_one_partner() -> None:
    row = concentration(ties({"CHN": 50, "RUS": 30, "WLD": 100})).iloc[0]
    assert row["n_partners"] == 3
    assert row["hhi"] == pytest.approx(0.38)
    assert row["total_basis"] == "world"


def test_columns() -> None:
    out = concentration(ties({"CHN": 1}))
    assert list(out.columns) == [
        "country", "dimension", "year", "n_partners", "hhi", "hhi_norm", "entropy", "entropy_norm",
        "effective_partners", "effective_partners_hhi", "total_basis",
    ]  # fmt: skip
