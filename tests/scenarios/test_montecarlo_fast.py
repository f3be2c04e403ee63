"""The fast Monte Carlo paths agree with the general ones: bit masks vs boolean sets, one cost order vs
per-draw sorting, chunk sizes, percentiles with NaN."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings

from multivector.scenarios import load_scenario, network
from multivector.scenarios.montecarlo import draw_parameters, run_draws, summarise
from multivector.scenarios.network import compile_arrays, greedy_reroute, greedy_valid

from .test_lp import networks
from .test_presets import PRESETS

FLOW_FIELDS = ("own", "lost", "cost", "received", "rerouted_out", "moved")


def _sorted_path(monkeypatch: pytest.MonkeyPatch, a: network.Arrays) -> network.Flows:
    with monkeypatch.context() as m:
        m.setattr(network, "_is_static", lambda x: False)
        return greedy_reroute(a)


@pytest.mark.parametrize("name", PRESETS)
def test_presets_fast_paths_match_general_paths(name, monkeypatch):
    sc = load_scenario(name)
    a = compile_arrays(sc, draw_parameters(sc, 3000, seed=11), 3000)
    np.testing.assert_array_equal(greedy_valid(a), network._greedy_valid_sets(a))
    fast, slow = greedy_reroute(a), _sorted_path(monkeypatch, a)
    for f in FLOW_FIELDS:
        np.testing.assert_array_equal(getattr(fast, f), getattr(slow, f), err_msg=f)


@settings(max_examples=60, deadline=None)
@given(networks())
def test_random_networks_fast_paths_match_general_paths(sc):
    a = compile_arrays(sc, {}, 1)
    np.testing.assert_array_equal(greedy_valid(a), network._greedy_valid_sets(a))
    fast = greedy_reroute(a)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(network, "_is_static", lambda x: False)
        slow = greedy_reroute(a)
    for f in FLOW_FIELDS:
        np.testing.assert_allclose(getattr(fast, f), getattr(slow, f), rtol=0, atol=1e-12, err_msg=f)


def test_chunk_size_does_not_change_results():
    sc = load_scenario("russia-secondary-sanctions")
    values = draw_parameters(sc, 5000, seed=2)
    a, n_a = run_draws(sc, values, 5000)
    b, n_b = run_draws(sc, values, 5000, chunk=777)
    assert n_a == n_b
    for k in a:
        np.testing.assert_array_equal(a[k], b[k], err_msg=k)


def test_summarise_ignores_nan_like_nanpercentile():
    x = np.array([np.nan, 1.0, 2.0, 5.0, np.nan, 7.0])
    s = summarise(pd.DataFrame({"x": x, "none": np.full(6, np.nan)})).set_index("metric")
    np.testing.assert_allclose(
        s.loc["x", ["p5", "p50", "p95"]].to_numpy(float), np.nanpercentile(x, [5, 50, 95])
    )
    assert s.loc["x", "mean"] == pytest.approx(np.nanmean(x))
    assert s.loc["none"].isna().all()
