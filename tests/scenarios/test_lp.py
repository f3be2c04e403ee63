"""The rerouting LP on small hand-solved cases, and the greedy closed form against HiGHS."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multivector.scenarios.lp import solve_lp
from multivector.scenarios.model import parse_scenario
from multivector.scenarios.network import compile_arrays, greedy_reroute, greedy_valid


def _scenario(channels, substitutions=(), groups=(), shocks=(), horizon=365):
    return parse_scenario(
        {
            "name": "t",
            "horizon_days": horizon,
            "commodities": {"oil": {"unit": "Mt", "value_per_unit": 1.0}},
            "channels": [{"commodity": "oil", "pole": "OTHER", **c} for c in channels],
            "substitutions": list(substitutions),
            "groups": list(groups),
            "shocks": list(shocks),
        }
    )


def test_hand_solved_single_source_with_group():
    # A: planned 10, capacity 10, cut 100%          -> 10 Mt must go elsewhere or be lost (penalty 1.0/Mt)
    # B: planned 2, capacity 5, cost 0.1            -> spare 3
    # C: planned 1, capacity 8, cost 0.2            -> spare 7, but C shares group G (capacity 4) with D
    # D: planned 2, capacity 2                      -> group G has 4 - (1 + 2) = 1 left
    # cheapest first: B takes 3 (cost 0.3), C takes min(7, 1) = 1 (cost 0.2); lost 10 - 4 = 6 (penalty 6)
    # optimum = 0.3 + 0.2 + 6.0 = 6.5
    sc = _scenario(
        [
            {"id": "A", "planned": 10, "capacity": 10},
            {"id": "B", "planned": 2, "capacity": 5, "reroute_cost": 0.1},
            {"id": "C", "planned": 1, "capacity": 8, "reroute_cost": 0.2},
            {"id": "D", "planned": 2, "capacity": 2},
        ],
        substitutions=[{"from": "A", "to": ["B", "C", "D"]}],
        groups=[{"id": "G", "channels": ["C", "D"], "capacity": 4}],
        shocks=[{"kind": "capacity_cut", "channel": "A", "fraction": 1.0}],
    )
    a = compile_arrays(sc, {}, 1)
    sol = solve_lp(a)
    assert sol.objective == pytest.approx(6.5)
    assert sol.flows.moved[0, 0, 1] == pytest.approx(3.0)
    assert sol.flows.moved[0, 0, 2] == pytest.approx(1.0)
    assert sol.flows.lost[0, 0] == pytest.approx(6.0)
    binding = set(sol.binding["constraint"])
    assert {"capacity[B]", "group[G]"} <= binding
    # one more Mt on B saves the penalty minus B's cost: 1.0 - 0.1 = 0.9
    row = sol.constraints.set_index("constraint").loc["capacity[B]"]
    assert row["saving_per_unit"] == pytest.approx(0.9)
    g = greedy_reroute(a)
    assert greedy_valid(a).all()
    np.testing.assert_allclose(g.lost, sol.flows.lost, atol=1e-9)
    np.testing.assert_allclose(g.cost, sol.flows.cost, atol=1e-9)


def test_hand_solved_cost_above_penalty_is_not_used_and_partial_cut():
    # A: planned 6, capacity 8, cut 50% -> capacity 4, excess 2
    # B: spare 5 but cost 1.5 > penalty 1.0: rerouting there is worse than losing -> lost 2, objective 2.0
    sc = _scenario(
        [
            {"id": "A", "planned": 6, "capacity": 8},
            {"id": "B", "planned": 0, "capacity": 5, "reroute_cost": 1.5},
        ],
        substitutions=[{"from": "A", "to": "B"}],
        shocks=[{"kind": "capacity_cut", "channel": "A", "fraction": 0.5}],
    )
    a = compile_arrays(sc, {}, 1)
    sol = solve_lp(a)
    assert sol.objective == pytest.approx(2.0)
    assert sol.flows.own[0, 0] == pytest.approx(4.0)
    assert sol.flows.lost[0, 0] == pytest.approx(2.0)


def test_hand_solved_shock_shorter_than_window():
    # window 365 days (horizon), A (planned 365, capacity 365) cut 100% for 73 days = 1/5 of the window:
    # capacity over the window 365 * 4/5 = 292, excess 73; B spare 50 at cost 0.5 -> lost 23.
    # objective = 50 * 0.5 + 23 * 1.0 = 48
    sc = _scenario(
        [
            {"id": "A", "planned": 365, "capacity": 365},
            {"id": "B", "planned": 0, "capacity": 50, "reroute_cost": 0.5},
        ],
        substitutions=[{"from": "A", "to": "B"}],
        shocks=[{"kind": "capacity_cut", "channel": "A", "fraction": 1.0, "days": 73}],
    )
    sol = solve_lp(compile_arrays(sc, {}, 1))
    assert sol.objective == pytest.approx(48.0)


@st.composite
def networks(draw):
    k = draw(st.integers(2, 6))
    chans = []
    for i in range(k):
        planned = draw(st.floats(0, 50, allow_nan=False))
        cap = draw(st.floats(0, 80, allow_nan=False))
        cost = draw(st.floats(0, 1.2, allow_nan=False))
        chans.append({"id": f"c{i}", "planned": planned, "capacity": cap, "reroute_cost": cost})
    subs = []
    for i in range(k):
        to = [f"c{j}" for j in range(k) if j != i and draw(st.booleans())]
        if to:
            subs.append({"from": f"c{i}", "to": to})
    groups = []
    if k >= 3 and draw(st.booleans()):
        groups.append(
            {"id": "g", "channels": ["c1", "c2"], "capacity": draw(st.floats(0, 100, allow_nan=False))}
        )
    shocks = [
        {
            "kind": "capacity_cut",
            "channel": f"c{draw(st.integers(0, k - 1))}",
            "fraction": draw(st.floats(0, 1, allow_nan=False)),
        }
    ]
    return _scenario(chans, subs, groups, shocks)


@settings(max_examples=60, deadline=None)
@given(networks())
def test_conservation_laws_on_random_networks(sc):
    a = compile_arrays(sc, {}, 1)
    sol = solve_lp(a)
    f = sol.flows
    tol = 1e-6 * (1 + a.planned.max())
    # delivered + rerouted + lost = planned, for every channel
    np.testing.assert_allclose(f.own + f.rerouted_out + f.lost, a.planned, atol=tol)
    # what a channel carries never exceeds its capacity; what it receives never exceeds its spare
    assert np.all(f.own + f.received <= a.cap + tol)
    assert np.all(f.received <= np.maximum(a.cap - f.own, 0) + tol)
    # only allowed substitutions carry volume
    assert np.all(f.moved[0][~a.allowed] <= tol)
    # group limits hold
    for gi in range(len(a.group_ids)):
        m = a.group_of == gi
        assert (f.own + f.received)[0, m].sum() <= a.gcap[0, gi] + tol
    # where the greedy closed form is declared valid it reaches the LP's optimum
    g = greedy_reroute(a)
    if greedy_valid(a)[0]:
        greedy_obj = g.cost[0] + (g.lost * a.vpu).sum()
        assert greedy_obj == pytest.approx(sol.objective, abs=1e-6 * (1 + abs(sol.objective)))
        np.testing.assert_allclose(g.own + g.rerouted_out + g.lost, a.planned, atol=tol)
        assert np.all(g.own + g.received <= a.cap + tol)
