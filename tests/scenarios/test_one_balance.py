"""One balance formula: the scenario engine's balance and largest exposure are those of
:func:`multivector.indicators.balance` on the same values by pole, draw by draw, on every preset; and the
shared implementation agrees with the textbook normalised Shannon entropy (``scipy.stats.entropy``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import entropy

from multivector.indicators import balance
from multivector.indicators.balance import balance_from_powers
from multivector.powers import POLES, POWERS
from multivector.scenarios import load_scenario
from multivector.scenarios.montecarlo import _flows_for, draw_parameters
from multivector.scenarios.network import balance_arrays, compile_arrays, pole_values

from .test_presets import PRESETS

DRAWS = 200


def _indicator(by_pole: np.ndarray) -> pd.DataFrame:
    """:func:`balance` of the values by pole, one group (year) per draw; the draw as the index."""
    n = by_pole.shape[0]
    ties = pd.DataFrame(
        {
            "country": "KAZ",
            "partner": np.tile(np.array(POLES, dtype=object), n),
            "dimension": "energy",
            "year": np.repeat(np.arange(n), len(POLES)),
            "value": by_pole.ravel(),
            "unit": "billion USD",
        }
    )
    ties = ties[ties["value"] > 0]
    return balance(ties).set_index("year").reindex(range(n))


@pytest.mark.parametrize("name", PRESETS)
def test_scenario_balance_is_the_indicator_balance_on_every_draw(name: str) -> None:
    sc = load_scenario(name)
    a = compile_arrays(sc, draw_parameters(sc, DRAWS, seed=5), DRAWS)
    flows, _ = _flows_for(a)
    for by_pole in (pole_values(a, a.planned0, a.vpu0), pole_values(a, flows.delivered_on, a.vpu)):
        bal, largest = balance_arrays(by_pole)
        expected = _indicator(np.ascontiguousarray(by_pole))
        assert np.isfinite(bal).all(), "every preset draw has a tie to some power"
        np.testing.assert_allclose(bal, expected["balance"].to_numpy(dtype="float64"), rtol=1e-12, atol=0)
        np.testing.assert_allclose(
            largest, expected["largest_exposure"].to_numpy(dtype="float64"), rtol=1e-12, atol=0
        )


@pytest.mark.parametrize("name", PRESETS)
def test_shared_formula_is_the_normalised_shannon_entropy(name: str) -> None:
    """balance = H(v_RUS..v_EU27 / P) / ln 4 (scipy normalises the values to shares itself) and the
    largest exposure = max power value / total of the five poles, on the preset's delivered values."""
    sc = load_scenario(name)
    a = compile_arrays(sc, draw_parameters(sc, DRAWS, seed=6), DRAWS)
    flows, _ = _flows_for(a)
    by_pole = pole_values(a, flows.delivered_on, a.vpu)
    powers = by_pole[:, : len(POWERS)]
    bal, largest = balance_from_powers(powers, by_pole.sum(axis=1))
    np.testing.assert_allclose(bal, entropy(powers, base=4, axis=1), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(largest, powers.max(axis=1) / by_pole.sum(axis=1), rtol=1e-12)


def test_shared_formula_edge_cases() -> None:
    powers = np.array(
        [[0.0, 0.0, 0.0, 0.0], [5.0, 0.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0], [0.0, 2.0, 0.0, 0.0]]
    )
    total = np.array([3.0, 10.0, 4.0, 0.0])
    bal, largest = balance_from_powers(powers, total)
    # no power: balance undefined, exposure 0 of a positive total; one power: 0 (not -0.0); four equal: 1;
    # a zero total: exposure undefined
    assert np.isnan(bal[0]) and largest[0] == 0.0
    assert bal[1] == 0.0 and not np.signbit(bal[1]) and largest[1] == 0.5
    assert bal[2] == pytest.approx(1.0) and largest[2] == 0.25
    assert bal[3] == 0.0 and np.isnan(largest[3])
