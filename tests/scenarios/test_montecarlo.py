"""Monte Carlo: reproducible with a seed, different with another, percentiles in order."""

from __future__ import annotations

import numpy as np
import pandas as pd

from multivector.scenarios import run_scenario
from multivector.scenarios.model import Distribution
from multivector.scenarios.montecarlo import _draw


def test_same_seed_same_result_different_seed_different():
    a = run_scenario("cpc-outage", draws=5000, seed=7).monte_carlo
    b = run_scenario("cpc-outage", draws=5000, seed=7).monte_carlo
    c = run_scenario("cpc-outage", draws=5000, seed=8).monte_carlo
    assert a is not None and b is not None and c is not None
    pd.testing.assert_frame_equal(a.summary, b.summary)
    assert not a.summary.equals(c.summary)
    s = a.summary.set_index("metric")
    assert (s["p5"] <= s["p50"]).all() and (s["p50"] <= s["p95"]).all()
    assert a.n_lp == 0


def test_truncated_distributions_stay_in_bounds():
    rng = np.random.default_rng(0)
    x = _draw(Distribution(dist="normal", mean=0, sd=1, low=-0.5, high=2), rng, 10_000)
    assert x.min() >= -0.5 and x.max() <= 2
    y = _draw(Distribution(dist="lognormal", mu=0, sigma=1, low=0.5, high=3), rng, 10_000)
    assert y.min() >= 0.5 and y.max() <= 3
