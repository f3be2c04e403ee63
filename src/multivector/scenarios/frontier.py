"""The strategy frontier: how much expected gain does lower dependence on one power cost?

Decision (for the commodity named in the network's ``frontier`` section, oil by default): the yearly volume
``f_j`` sent down each route and the capacity ``e_o`` bought for each expansion option, with the total volume
fixed at today's. Expected gain of a route per unit: ``value - tariff_j - risk_j x value`` (the value minus
the transport cost minus the expected share lost to outages); expansions cost ``capital_charge x unit_cost``
per year per Mt/yr. Dependence is the largest single-power exposure ``t`` = max over RUS, CHN, USA, EU27 of
the pole's share of the dimension's value (the channels not reallocated, e.g. gas, count at their planned
values). The linear program (HiGHS)::

    maximise    sum_j g_j f_j - charge x sum_o c_o e_o
    subject to  sum_j f_j = V;   keep x P_j <= f_j <= C_j + sum_(o on j) e_o
                sum_(j in group) f_j <= G + sum_(o on group) e_o;  sum_o c_o e_o <= budget;  0 <= e_o <= max_o
                value_p(f) <= t x total value  (each power p);   t <= epsilon

is solved for ``n_points`` values of ``epsilon`` from the least attainable exposure to the exposure of the
unconstrained optimum (epsilon-constraint method). ``lambda`` is the dual of ``t <= epsilon``: the gain
given up per unit of exposure removed, i.e. the penalty weight at which that point maximises
``gain - lambda x exposure``. ``balance`` (the entropy index) is computed for each point.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from multivector.dimensions import ENERGY
from multivector.errors import ScenarioError
from multivector.powers import POLES, POWERS
from multivector.scenarios.model import Scenario
from multivector.scenarios.network import balance_arrays, compile_arrays
from multivector.scenarios.presets import load_scenario

__all__ = ["current_position", "frontier"]

_NETWORKS = {ENERGY: "kazakhstan-energy"}
_CASES = {"KAZ": "kazakhstan", "KAZAKHSTAN": "kazakhstan"}


def _network(case: str, dimension: str) -> Scenario:
    key = _CASES.get(case.strip().upper())
    if key is None:
        raise ScenarioError(f"case: unknown case {case!r}; known: KAZ (kazakhstan)")
    if dimension not in _NETWORKS:
        raise ScenarioError(
            f"dimension: no frontier model for {dimension!r}; available: {', '.join(sorted(_NETWORKS))}"
        )
    from multivector.scenarios.presets import PRESET_DIR

    sc = load_scenario(PRESET_DIR / f"_network-{_NETWORKS[dimension]}.yaml")
    if not sc.frontier:
        raise ScenarioError(f"frontier: the {dimension} network has no frontier section")
    return sc


class _Model:
    """The frontier LP's matrices for one network."""

    def __init__(self, sc: Scenario) -> None:
        cfg: dict[str, Any] = dict(sc.frontier or {})
        values: dict[str, float | np.ndarray] = {k: float(p.value) for k, p in sc.parameters.items()}
        a = compile_arrays(sc, values, 1)
        a.window[:] = 365.0
        self.a = a
        com = str(cfg.get("commodity", "oil"))
        self.cols = [j for j, c in enumerate(a.commodities) if c == com]
        fixed = [j for j in range(a.k) if j not in self.cols]
        self.ids = [a.ids[j] for j in self.cols]
        self.planned = a.planned0[0, self.cols]
        self.cap = a.cap0[0, self.cols]
        self.vpu = float(a.vpu0[0, self.cols[0]])
        tariff = cfg.get("tariff", {})
        risk = cfg.get("risk", {})
        for name, table in (("tariff", tariff), ("risk", risk)):
            for cid in table:
                if cid not in self.ids:
                    raise ScenarioError(
                        f"frontier.{name}.{cid}: unknown channel; known: {', '.join(self.ids)}"
                    )
        self.gain = np.array(
            [self.vpu - float(tariff.get(c, 0.0)) - float(risk.get(c, 0.0)) * self.vpu for c in self.ids]
        )
        self.keep = float(cfg.get("keep", 0.0))
        self.budget = float(cfg.get("budget", 0.0))
        self.charge = float(cfg.get("capital_charge", 0.1))
        self.options: list[dict[str, Any]] = list(cfg.get("expansions", []))
        self.pole_idx = np.array([POLES.index(a.poles[j]) for j in self.cols])
        fixed_vals = np.zeros(len(POLES))
        for j in fixed:
            fixed_vals[POLES.index(a.poles[j])] += a.planned0[0, j] * a.vpu0[0, j]
        self.fixed = fixed_vals
        self.total_value = float(self.planned.sum() * self.vpu + fixed_vals.sum())

    def solve(self, epsilon: float | None, minimise_exposure: bool = False) -> dict[str, Any]:
        k, m = len(self.ids), len(self.options)
        nv = k + m + 1  # f, e, t
        c = np.zeros(nv)
        if minimise_exposure:
            c[-1] = 1.0
        else:
            c[:k] = -self.gain
            for o, opt in enumerate(self.options):
                c[k + o] = self.charge * float(opt["unit_cost"])
        a_ub: list[np.ndarray] = []
        b_ub: list[float] = []
        a = self.a
        for jj, j in enumerate(self.cols):  # capacity of each route, plus its expansions
            row = np.zeros(nv)
            row[jj] = 1.0
            for o, opt in enumerate(self.options):
                if opt["target"] == a.ids[j] and not opt.get("group", False):
                    row[k + o] = -1.0
            a_ub.append(row)
            b_ub.append(float(self.cap[jj]))
        for gi, gid in enumerate(a.group_ids):
            row = np.zeros(nv)
            for jj, j in enumerate(self.cols):
                if a.group_of[j] == gi:
                    row[jj] = 1.0
            for o, opt in enumerate(self.options):
                if opt["target"] == gid and opt.get("group", False):
                    row[k + o] = -1.0
            a_ub.append(row)
            b_ub.append(float(a.gcap0[0, gi]))
        row = np.zeros(nv)
        for o, opt in enumerate(self.options):
            row[k + o] = float(opt["unit_cost"])
        a_ub.append(row)
        b_ub.append(self.budget)
        for p in range(len(POWERS)):  # value_p <= t x total
            row = np.zeros(nv)
            row[:k] = np.where(self.pole_idx == p, self.vpu, 0.0)
            row[-1] = -self.total_value
            a_ub.append(row)
            b_ub.append(-float(self.fixed[p]))
        eps_row = len(b_ub)
        row = np.zeros(nv)
        row[-1] = 1.0
        a_ub.append(row)
        b_ub.append(1.0 if epsilon is None else float(epsilon))
        a_eq = np.zeros((1, nv))
        a_eq[0, :k] = 1.0
        bounds: list[tuple[float, float | None]] = [(self.keep * float(p), None) for p in self.planned]
        bounds += [(0.0, float(opt.get("max", np.inf))) for opt in self.options]
        bounds += [(0.0, None)]
        res = linprog(
            c,
            A_ub=np.array(a_ub),
            b_ub=np.array(b_ub),
            A_eq=a_eq,
            b_eq=[self.planned.sum()],
            bounds=bounds,
            method="highs",
        )
        if res.status != 0:
            raise ScenarioError(f"frontier LP failed: {res.message}")
        f = res.x[:k]
        e = res.x[k : k + m]
        lam = float(-res.ineqlin.marginals[eps_row]) if not minimise_exposure else float("nan")
        return {"f": f, "e": e, "lambda": lam, **self.measure(f, e)}

    def measure(self, f: np.ndarray, e: np.ndarray | None = None) -> dict[str, float]:
        spend = (
            0.0
            if e is None
            else float(sum(float(o["unit_cost"]) * x for o, x in zip(self.options, e, strict=True)))
        )
        gains = float(self.gain @ f - self.charge * spend)
        by_pole = self.fixed.copy()
        np.add.at(by_pole, self.pole_idx, f * self.vpu)
        bal, largest = balance_arrays(by_pole[None, :])
        return {
            "gains": gains,
            "balance": float(bal[0]),
            "largest_exposure": float(largest[0]),
            "capex": spend,
        }


def frontier(case: str = "kazakhstan", dimension: str = ENERGY, n_points: int = 25) -> pd.DataFrame:
    """The Pareto frontier between expected gains and dependence, one row per point.

    Columns: ``lambda, epsilon, gains, balance, largest_exposure, capex`` then ``flow:<channel>`` (Mt/yr)
    and ``expand:<target>`` (Mt/yr of capacity bought). Gains are billion USD per year.
    """
    if n_points < 2:
        raise ScenarioError(f"n_points: must be >= 2, got {n_points}")
    model = _Model(_network(case, dimension))
    low = model.solve(None, minimise_exposure=True)["largest_exposure"]
    high = model.solve(None)["largest_exposure"]
    rows = []
    for eps in np.linspace(low, max(high, low), n_points):
        sol = model.solve(float(eps) + 1e-12)
        row: dict[str, Any] = {
            "lambda": sol["lambda"],
            "epsilon": float(eps),
            "gains": sol["gains"],
            "balance": sol["balance"],
            "largest_exposure": sol["largest_exposure"],
            "capex": sol["capex"],
        }
        row.update({f"flow:{c}": float(v) for c, v in zip(model.ids, sol["f"], strict=True)})
        row.update({f"expand:{o['target']}": float(v) for o, v in zip(model.options, sol["e"], strict=True)})
        rows.append(row)
    return pd.DataFrame(rows)


def current_position(case: str = "kazakhstan", dimension: str = ENERGY) -> dict[str, float]:
    """Today's flows measured like the frontier, and the distance to it.

    ``gain_gap``: how much more the frontier gains at today's largest exposure; ``exposure_gap``: how much
    lower the exposure can be at today's gains (0 when today is on the frontier).
    """
    model = _Model(_network(case, dimension))
    now = model.measure(model.planned)
    best_same_exposure = model.solve(now["largest_exposure"] + 1e-12)
    # least exposure that keeps today's gains: bisection over epsilon on the frontier
    lo = model.solve(None, minimise_exposure=True)["largest_exposure"]
    hi = now["largest_exposure"]
    for _ in range(40):
        mid = 0.5 * (lo + hi)
        if model.solve(mid)["gains"] >= now["gains"] - 1e-9:
            hi = mid
        else:
            lo = mid
    return {
        "gains": now["gains"],
        "balance": now["balance"],
        "largest_exposure": now["largest_exposure"],
        "frontier_gains_at_same_exposure": best_same_exposure["gains"],
        "gain_gap": best_same_exposure["gains"] - now["gains"],
        "frontier_exposure_at_same_gains": hi,
        "exposure_gap": now["largest_exposure"] - hi,
    }
