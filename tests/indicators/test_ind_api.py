"""The public names of multivector.indicators, and speed on a large table."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

import multivector.indicators as ind


def test_public_names_pinned() -> None:
    assert sorted(ind.__all__) == sorted(
        [
            "DEFAULT_WEIGHTS", "DIMENSIONS", "OTHER_UNLISTED", "PROFILE_COLUMNS", "REQUIRED_COLUMNS",
            "TILT_TOLERANCE", "WORLD_TOLERANCE", "balance", "balance_profile", "balance_series",
            "composite_balance", "concentration", "partner_shares", "power_vector", "validate_ties",
        ]
    )  # fmt: skip
    for name in ind.__all__:
        obj = getattr(ind, name)
        if callable(obj):
            doc = obj.__doc__ or ""
            assert "Formula" in doc or "formula" in doc or "=" in doc, name


def test_100k_rows_fast() -> None:
    rng = np.random.default_rng(0)
    n = 100_000
    partners = np.array(["RUS", "CHN", "USA", "DEU", "ITA", "KGZ", "UZB", "TUR", "IND", "JPN", "WLD"])
    df = pd.DataFrame(
        {
            "country": rng.choice(["KAZ", "UZB", "KGZ", "TJK", "TKM"], n),
            "partner": rng.choice(partners[:-1], n),
            "dimension": rng.choice(list(ind.DIMENSIONS), n),
            "year": rng.integers(1990, 2025, n),
            "value": rng.random(n) * 100,
            "unit": "USD",
        }
    )
    start = time.perf_counter()
    table = ind.balance(df)
    ind.concentration(df)
    ind.power_vector(df)
    profile = ind.balance_profile(df)
    elapsed = time.perf_counter() - start
    assert len(table) == 5 * 7 * 35
    assert len(profile) == 5 * 8
    assert elapsed < 10, elapsed
