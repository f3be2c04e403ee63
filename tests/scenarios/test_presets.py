"""The built-in presets: they load, run, match the LP in closed form, and cpc-outage is hand-checkable."""

from __future__ import annotations

import numpy as np
import pytest

from multivector.scenarios import list_scenarios, load_scenario, run_scenario
from multivector.scenarios.lp import solve_lp
from multivector.scenarios.montecarlo import draw_parameters
from multivector.scenarios.network import compile_arrays, greedy_reroute, greedy_valid

PRESETS = [
    "cpc-outage",
    "russia-secondary-sanctions",
    "china-demand-drop",
    "middle-corridor-expansion",
    "us-deals-2025",
]


def test_list_scenarios():
    assert sorted(list_scenarios()["name"]) == sorted(PRESETS)


@pytest.mark.parametrize("name", PRESETS)
def test_every_figure_is_cited_or_an_assumption(name):
    sc = load_scenario(name)
    for ch in sc.channels:
        for fld in ("planned", "capacity"):
            if getattr(ch, fld) is not None and not str(getattr(ch, fld)).startswith("$"):
                assert fld in ch.cite, f"{name}: {ch.id}.{fld} has no cite"


def test_cpc_outage_90_days_by_hand():
    res = run_scenario("cpc-outage", overrides=["days=90"])
    s = 90 / 365
    ch = res.channels.set_index("channel")
    # CPC: 55.56 Mt/yr planned, all of it must move; spare per year: Atyrau-Samara 17.5 - 8.64 = 8.86,
    # Kazakhstan-China 20 - 9.979 - 1.2 = 8.821, Aktau port 5.2 - 1.44 - 1.92 = 1.84, rail 2.0 -> 21.521
    assert ch.loc["cpc", "planned"] == pytest.approx(55.56 * s)
    assert ch.loc["cpc", "rerouted"] == pytest.approx(21.521 * s)
    assert ch.loc["cpc", "lost"] == pytest.approx((55.56 - 21.521) * s)
    assert ch.loc["cpc", "value_lost"] == pytest.approx((55.56 - 21.521) * s * 0.55)
    assert res.balance_after["largest_exposure"].iloc[0] < res.balance_before["largest_exposure"].iloc[0]
    assert "group[aktau-port]" in set(res.binding["constraint"])


@pytest.mark.parametrize("name", PRESETS)
def test_presets_greedy_matches_lp_across_draws(name):
    sc = load_scenario(name)
    values = draw_parameters(sc, 40, seed=3)
    a = compile_arrays(sc, values, 40)
    g = greedy_reroute(a)
    valid = greedy_valid(a)
    assert valid.all(), f"{name}: the closed form is not valid for every draw"
    for d in range(0, 40, 7):
        sol = solve_lp(a, d)
        obj = g.cost[d] + (g.lost[d] * a.vpu[d]).sum()
        assert obj == pytest.approx(sol.objective, rel=1e-9, abs=1e-9)
        np.testing.assert_allclose(g.lost[d].sum(), sol.flows.lost[0].sum(), atol=1e-9)


@pytest.mark.parametrize("name", PRESETS)
def test_result_frames(name):
    res = run_scenario(name)
    d = res.to_dict()
    assert d["name"] == name
    for frame in (res.channels, res.by_power, res.flows_before, res.flows_after, res.binding):
        assert frame is not None
    ch = res.channels
    np.testing.assert_allclose(ch["delivered"] + ch["rerouted"] + ch["lost"], ch["planned"], atol=1e-9)
    assert set(res.flows_after.columns) == {"source", "target", "volume", "unit", "kind"}
    assert 0 <= float(res.balance_after["balance"].iloc[0]) <= 1
