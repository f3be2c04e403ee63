"""The forward (BSV one-sided) ideal points on the real UNGA votes against Voeten's published estimates."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from scipy.stats import spearmanr

from multivector.alignment import ideal_points
from multivector.provenance import LoadResult

pytestmark = pytest.mark.realdata


@pytest.mark.slow
def test_forward_matches_voeten_across_the_end_of_the_cold_war(
    shared_data: Path, real_unga: dict[str, LoadResult]
) -> None:
    tables = {name: res.table for name, res in real_unga.items()}  # unga.load, once per run (conftest)
    years = list(range(1986, 1996))
    est = ideal_points(
        tables["unga_votes"], years=years, method="forward", rollcalls=tables["unga_rollcalls"]
    )
    ref = pd.read_csv(shared_data / "unga" / "reference" / "voeten_idealpoints_by_year_July2025.csv.gz")
    merged = est.merge(ref, left_on=["iso3", "year"], right_on=["iso3c", "year"])
    for year, block in merged.groupby("year"):
        assert len(block) > 140
        assert spearmanr(block["ideal_point"], block["idealpointfp"]).statistic >= 0.95, year
    # one scale across years: the pooled ranks agree too, and Poland's move west shows up
    assert spearmanr(merged["ideal_point"], merged["idealpointfp"]).statistic >= 0.95
    point = est.set_index(["iso3", "year"])["ideal_point"]
    assert point["USA", 1986] > 0 > point["RUS", 1986]
    assert point["POL", 1995] - point["POL", 1986] > 1.0
