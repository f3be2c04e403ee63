"""Helpers shared by the indicator tests: build small ties tables."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd


def ties(
    values: Mapping[str, float],
    *,
    country: str = "KAZ",
    dimension: str = "trade",
    year: int | None = 2024,
    unit: str = "bn USD",
) -> pd.DataFrame:
    """One group: partner -> value."""
    return pd.DataFrame(
        {
            "country": country,
            "partner": list(values),
            "dimension": dimension,
            "year": year,
            "value": [float(v) for v in values.values()],
            "unit": unit,
        }
    )
