"""The strategy frontier: monotone trade-off, today's position inside it."""

from __future__ import annotations

import numpy as np
import pytest

from multivector.errors import ScenarioError
from multivector.scenarios import current_position, frontier


def test_frontier_is_a_tradeoff():
    df = frontier("kazakhstan", dimension="energy", n_points=8)
    assert {"lambda", "gains", "balance", "largest_exposure"} <= set(df.columns)
    assert np.all(np.diff(df["gains"]) >= -1e-9)  # more exposure allowed -> at least as much gain
    assert np.all(np.diff(df["largest_exposure"]) >= -1e-9)
    assert (df["capex"] <= 3.0 + 1e-9).all()
    flows = df[[c for c in df.columns if c.startswith("flow:")]].sum(axis=1)
    np.testing.assert_allclose(flows, flows.iloc[0])  # total volume is fixed


def test_current_position_is_not_beyond_the_frontier():
    now = current_position("KAZ")
    assert now["gain_gap"] >= -1e-9 and now["exposure_gap"] >= -1e-9


def test_unknown_dimension():
    with pytest.raises(ScenarioError, match="dimension: no frontier model for 'arms'; available: energy"):
        frontier("KAZ", dimension="arms")
