"""Monte Carlo over a scenario's uncertain parameters, vectorised with NumPy across draws.

Each uncertain parameter is drawn from its declared distribution with one ``numpy.random.Generator``
(``default_rng(seed)``), so the same seed gives the same draws. Int parameters are rounded; every draw is
clipped to the parameter's ``min``/``max``. The propagation and the rerouting are computed for all draws
at once in closed form (:func:`multivector.scenarios.network.greedy_reroute`); the draws where the greedy
fill is not provably optimal (:func:`~multivector.scenarios.network.greedy_valid`) are re-solved one by one
with the LP. Results are summarised as percentiles (5, 50, 95) and the mean.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import ndtr, ndtri

from multivector.errors import ScenarioError
from multivector.scenarios.lp import solve_lp
from multivector.scenarios.model import Distribution, Scenario
from multivector.scenarios.network import (
    Arrays,
    Flows,
    balance_arrays,
    compile_arrays,
    greedy_reroute,
    greedy_valid,
    pole_values,
)

__all__ = ["CHUNK", "PERCENTILES", "MonteCarlo", "draw_parameters", "run_draws", "simulate", "summarise"]

#: Draws per chunk: small enough that a chunk's (draws x channels) arrays stay in the L2 cache.
CHUNK = 16_384

PERCENTILES: tuple[int, ...] = (5, 50, 95)
#: Metrics reported per draw.
METRICS: tuple[str, ...] = (
    "lost",
    "rerouted",
    "value_lost",
    "reroute_cost",
    "balance_before",
    "balance_after",
    "largest_exposure_before",
    "largest_exposure_after",
)


def _draw(d: Distribution, rng: np.random.Generator, n: int) -> np.ndarray:
    if d.dist == "uniform":
        assert d.low is not None and d.high is not None
        return rng.uniform(d.low, d.high, n)
    if d.dist == "triangular":
        assert d.low is not None and d.high is not None and d.mode is not None
        return rng.triangular(d.low, d.mode, d.high, n)
    if d.dist == "normal":
        assert d.mean is not None and d.sd is not None
        loc, scale = d.mean, d.sd
    else:
        assert d.mu is not None and d.sigma is not None
        loc, scale = d.mu, d.sigma
    # truncated by inverse CDF: u ~ U(F(a), F(b)), x = loc + scale * Phi^-1(u)
    lo, hi = d.low, d.high
    if d.dist == "lognormal":
        lo = None if lo is None or lo <= 0 else float(np.log(lo))
        hi = None if hi is None else float(np.log(hi)) if hi > 0 else None
    a = 0.0 if lo is None else float(ndtr((lo - loc) / scale))
    b = 1.0 if hi is None else float(ndtr((hi - loc) / scale))
    if not b > a:
        raise ScenarioError(f"uncertain: truncation [{d.low}, {d.high}] leaves no probability mass")
    u = rng.uniform(a, b, n)
    x = loc + scale * ndtri(u)
    return np.exp(x) if d.dist == "lognormal" else x


def draw_parameters(sc: Scenario, draws: int, seed: int = 0) -> dict[str, float | np.ndarray]:
    """Parameter values for ``draws`` draws: arrays for the uncertain ones, the set value for the others."""
    if draws < 1:
        raise ScenarioError(f"draws: must be >= 1, got {draws}")
    rng = np.random.default_rng(seed)
    values: dict[str, float | np.ndarray] = {k: float(p.value) for k, p in sc.parameters.items()}
    for name in sorted(sc.uncertain):
        p = sc.parameters[name]
        x = _draw(sc.uncertain[name], rng, draws)
        if p.type == "int":
            x = np.rint(x)
        lo = -np.inf if p.min is None else p.min
        hi = np.inf if p.max is None else p.max
        values[name] = np.clip(x, lo, hi)
    return values


@dataclass
class MonteCarlo:
    """Per-draw metrics (``draws``: one row per draw) and their ``summary`` (percentiles and mean)."""

    draws: pd.DataFrame
    summary: pd.DataFrame
    seed: int
    n_lp: int


def _flows_for(a: Arrays) -> tuple[Flows, int]:
    flows = greedy_reroute(a, keep_moved=False)
    ok = greedy_valid(a)
    bad = np.flatnonzero(~ok)
    for d in bad:
        sol = solve_lp(a, int(d)).flows
        flows.own[d] = sol.own[0]
        flows.received[d] = sol.received[0]
        flows.rerouted_out[d] = sol.rerouted_out[0]
        flows.lost[d] = sol.lost[0]
        flows.cost[d] = sol.cost[0]
    return flows, len(bad)


def metrics(a: Arrays, flows: Flows) -> dict[str, np.ndarray]:
    """The per-draw metrics of :data:`METRICS` from compiled arrays and flows."""
    b0, l0 = balance_arrays(pole_values(a, a.planned0, a.vpu0))
    b1, l1 = balance_arrays(pole_values(a, flows.delivered_on, a.vpu))
    lost = np.zeros(a.n)
    rerouted = np.zeros(a.n)
    value_lost = np.zeros(a.n)
    for j in range(a.k):  # column by column: the (n,K) arrays are stored channel-major
        lost += flows.lost[:, j]
        rerouted += flows.rerouted_out[:, j]
        value_lost += flows.lost[:, j] * a.vpu[:, j]
    return {
        "lost": lost,
        "rerouted": rerouted,
        "value_lost": value_lost,
        "reroute_cost": flows.cost,
        "balance_before": b0,
        "balance_after": b1,
        "largest_exposure_before": l0,
        "largest_exposure_after": l1,
    }


def summarise(table: pd.DataFrame) -> pd.DataFrame:
    """Percentiles (5, 50, 95) and mean of every column: one row per metric."""
    rows = []
    for col in table.columns:
        x = table[col].to_numpy(dtype="float64")
        nan = np.isnan(x)
        if nan.all():
            pct: list[float] = [np.nan] * len(PERCENTILES)
            mean = np.nan
        else:
            # np.percentile (linear) on the non-NaN values: the same figures as np.nanpercentile, faster
            y = x[~nan] if nan.any() else x
            pct = [float(v) for v in np.percentile(y, PERCENTILES)]
            mean = float(np.mean(y))
        rows.append(
            {
                "metric": col,
                **{f"p{q}": float(v) for q, v in zip(PERCENTILES, pct, strict=True)},
                "mean": mean,
            }
        )
    return pd.DataFrame(rows, columns=["metric", *[f"p{q}" for q in PERCENTILES], "mean"])


def run_draws(
    sc: Scenario, values: dict[str, float | np.ndarray], draws: int, chunk: int = CHUNK
) -> tuple[dict[str, np.ndarray], int]:
    """The vectorised Monte Carlo: per-draw :data:`METRICS` for parameter ``values`` and the LP count.

    Draws are processed ``chunk`` at a time (propagation, closed-form rerouting, its validity check, LP
    for the draws where it does not hold, balance metrics); the results are written into preallocated
    (draws,) arrays.
    """
    if chunk < 1:
        raise ScenarioError(f"chunk: must be >= 1, got {chunk}")
    out = {k: np.empty(draws) for k in METRICS}
    n_lp = 0
    for start in range(0, draws, chunk):
        stop = min(start + chunk, draws)
        part = {k: (v[start:stop] if isinstance(v, np.ndarray) else v) for k, v in values.items()}
        a = compile_arrays(sc, part, stop - start)
        flows, bad = _flows_for(a)
        n_lp += bad
        for k, v in metrics(a, flows).items():
            out[k][start:stop] = v
    return out, n_lp


def simulate(sc: Scenario, draws: int, seed: int = 0, chunk: int = CHUNK) -> MonteCarlo:
    """Run ``draws`` Monte Carlo draws of ``sc`` (reproducible with ``seed``)."""
    values = draw_parameters(sc, draws, seed)
    per_draw, n_lp = run_draws(sc, values, draws, chunk)
    for name in sorted(sc.uncertain):
        per_draw[f"param:{name}"] = np.asarray(values[name], dtype="float64")
    table = pd.DataFrame(per_draw)
    return MonteCarlo(draws=table, summary=summarise(table), seed=seed, n_lp=n_lp)
