"""The rerouting linear program, solved with HiGHS (``scipy.optimize.linprog(method="highs")``).

For one draw, with channels i, j, planned volume P_i, capacity C_j (after the shocks, over the window),
group capacities G_g, allowed substitutions (i -> j) with cost c_ij per unit and lost-volume penalty p_i
(the value of a unit of i's commodity)::

    minimise    sum_(i->j) c_ij x_ij + sum_i p_i L_i
    subject to  d_i + sum_j x_ij + L_i = P_i                    (conservation: delivered + lost = planned)
                d_j + sum_i x_ij       <= C_j                    (capacity of each channel)
                sum_(j in g) (d_j + sum_i x_ij) <= G_g           (shared capacity of each group)
                d, x, L >= 0

``d_i`` is the volume delivered on the planned channel, ``x_ij`` the volume of i rerouted to j, ``L_i`` the
volume lost. The duals (``marginals``) of the capacity rows say what one more unit of capacity would save
(billion USD per unit). Those duals are not unique at a degenerate optimum (a channel whose capacity equals
its planned flow), so ``saving_per_unit`` is measured by re-solving with the limit raised a little; a row
binds when its slack is zero and that saving is positive.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import OptimizeResult, linprog

from multivector.errors import ScenarioError
from multivector.scenarios.network import Arrays, Flows

__all__ = ["LPSolution", "solve_lp"]

_BIND_TOL = 1e-7


@dataclass
class LPSolution:
    """The LP's flows for one draw, its objective, binding constraints and solve time."""

    flows: Flows
    objective: float
    constraints: pd.DataFrame
    seconds: float

    @property
    def binding(self) -> pd.DataFrame:
        return self.constraints[self.constraints["binding"]].reset_index(drop=True)


@dataclass
class _Program:
    """The LP of one draw in ``linprog`` form; variables ``d`` (K), ``x`` (one per allowed pair), ``L`` (K)
    in that order."""

    pairs: list[tuple[int, int]]
    cost: np.ndarray
    a_eq: np.ndarray
    b_eq: np.ndarray
    a_ub: np.ndarray
    b_ub: np.ndarray

    def solve(self, b_ub: np.ndarray | None = None) -> OptimizeResult:
        return linprog(
            self.cost,
            A_ub=self.a_ub,
            b_ub=self.b_ub if b_ub is None else b_ub,
            A_eq=self.a_eq,
            b_eq=self.b_eq,
            bounds=(0, None),
            method="highs",
        )


def solve_lp(a: Arrays, draw: int = 0) -> LPSolution:
    """Solve the rerouting LP for draw ``draw`` of ``a``: build it (:func:`_program`), solve it with HiGHS,
    read the flows (:func:`_flows`) and the constraints with their slack and saving (:func:`_constraints`)."""
    lp = _program(a, draw)
    t0 = time.perf_counter()
    res = lp.solve()
    seconds = time.perf_counter() - t0
    if res.status != 0:  # pragma: no cover - the LP is always feasible (L absorbs everything)
        raise ScenarioError(f"rerouting LP failed: {res.message}")
    flows = _flows(lp, res.x, a.k)
    assert flows.moved is not None
    stressed = float(flows.lost.sum() + flows.moved.sum()) > _BIND_TOL  # anything rerouted or lost
    frame = _constraints(a, lp, res, stressed)
    return LPSolution(flows=flows, objective=float(res.fun), constraints=frame, seconds=seconds)


def _program(a: Arrays, draw: int) -> _Program:
    """The LP of the module docstring for draw ``draw``: costs, conservation rows (= planned) and capacity
    rows (<= the capacity of each channel, then of each group)."""
    k = a.k
    cap = a.cap[draw]
    pairs = [(i, j) for i in range(k) for j in range(k) if a.allowed[i, j]]
    m = len(pairs)
    nvar = k + m + k  # d, x, L
    cost = np.zeros(nvar)
    for p, (i, j) in enumerate(pairs):
        c = a.override[(i, j)][draw] if (i, j) in a.override else a.tcost[draw, j]
        cost[k + p] = c
    cost[k + m :] = a.vpu[draw]

    a_eq = np.zeros((k, nvar))
    for i in range(k):
        a_eq[i, i] = 1.0
        a_eq[i, k + m + i] = 1.0
    for p, (i, _j) in enumerate(pairs):
        a_eq[i, k + p] = 1.0

    n_groups = len(a.group_ids)
    a_ub = np.zeros((k + n_groups, nvar))
    b_ub = np.concatenate([cap, a.gcap[draw]]) if n_groups else cap.copy()
    for j in range(k):
        a_ub[j, j] = 1.0
        g = a.group_of[j]
        if g >= 0:
            a_ub[k + g, j] = 1.0
    for p, (_i, j) in enumerate(pairs):
        a_ub[j, k + p] = 1.0
        g = a.group_of[j]
        if g >= 0:
            a_ub[k + g, k + p] = 1.0
    return _Program(pairs=pairs, cost=cost, a_eq=a_eq, b_eq=a.planned[draw], a_ub=a_ub, b_ub=b_ub)


def _flows(lp: _Program, solution: np.ndarray, k: int) -> Flows:
    """The LP's solution as :class:`Flows` of one draw (values below 1e-12 set to 0)."""
    m = len(lp.pairs)
    x = np.maximum(solution, 0.0)
    x[x < 1e-12] = 0.0
    own = x[:k]
    moved = np.zeros((k, k))
    for p, (i, j) in enumerate(lp.pairs):
        moved[i, j] = x[k + p]
    lost = x[k + m :]
    reroute_cost = float(sum(lp.cost[k + p] * x[k + p] for p in range(m)))
    return Flows(
        own=own[None, :],
        lost=lost[None, :],
        cost=np.array([reroute_cost]),
        received=moved.sum(axis=0)[None, :],
        rerouted_out=moved.sum(axis=1)[None, :],
        moved=moved[None, :, :],
    )


def _constraints(a: Arrays, lp: _Program, res: OptimizeResult, stressed: bool) -> pd.DataFrame:
    """One row per constraint: limit, use, slack, dual (``marginal``), ``saving_per_unit`` (the
    right-hand derivative of the optimum, by re-solving with the limit raised, when ``stressed``) and
    ``binding``."""
    k = a.k
    b_ub = lp.b_ub
    slack = res.slack
    marg = res.ineqlin.marginals
    rows = []
    names = [f"capacity[{c}]" for c in a.ids] + [f"group[{g}]" for g in a.group_ids]
    for r, name in enumerate(names):
        tight = abs(slack[r]) <= _BIND_TOL * max(1.0, abs(b_ub[r]))
        saving = 0.0
        if tight and stressed:
            # right-hand derivative of the optimum in this limit (HiGHS duals are not unique when the
            # solution is degenerate, e.g. a channel whose capacity equals its planned flow)
            step = 1e-4 * max(1.0, abs(b_ub[r]))
            bumped = b_ub.copy()
            bumped[r] += step
            again = lp.solve(bumped)
            if again.status == 0:
                saving = max((res.fun - again.fun) / step, 0.0)
        rows.append(
            {
                "constraint": name,
                "kind": "capacity" if r < k else "group",
                "limit": float(b_ub[r]),
                "used": float(b_ub[r] - slack[r]),
                "slack": float(slack[r]),
                "marginal": float(-marg[r]),
                "saving_per_unit": float(saving),
                "binding": bool(tight and saving > 1e-9),
            }
        )
    for i in range(k):
        rows.append(
            {
                "constraint": f"conservation[{a.ids[i]}]",
                "kind": "conservation",
                "limit": float(lp.b_eq[i]),
                "used": float(lp.b_eq[i]),
                "slack": 0.0,
                "marginal": float(res.eqlin.marginals[i]),
                "saving_per_unit": 0.0,
                "binding": False,
            }
        )
    return pd.DataFrame(rows)
