"""Benchmark of the scenario engine: Monte Carlo draws per second and the LP solve time.

Run from the repository root: ``python benchmarks/scenarios.py [draws]``. The Monte Carlo part times the
vectorised path on each preset, exactly what :func:`multivector.scenarios.montecarlo.simulate` runs before
building its tables: drawing the uncertain parameters, propagating the shocks, the closed-form rerouting,
its validity check (and the LP for any draw where it fails) and the balance metrics, for ``draws`` draws,
after one warm-up run, best of 3. The LP part times the HiGHS solve of each preset's base case (median of
50 solves after a warm-up). The machine's load (``uptime``) is printed before and after, since the figures
depend on it; the last line summarises the slowest preset and the LP median.
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np

from multivector.scenarios import load_scenario
from multivector.scenarios.lp import solve_lp
from multivector.scenarios.montecarlo import draw_parameters, run_draws
from multivector.scenarios.network import compile_arrays

PRESETS = [
    "cpc-outage",
    "russia-secondary-sanctions",
    "china-demand-drop",
    "middle-corridor-expansion",
    "us-deals-2025",
]
REPEATS = 3
LP_SOLVES = 50


def load() -> str:
    """The 1, 5 and 15 minute load averages (as ``uptime`` shows them) and the number of cores."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def main(draws: int = 1_000_000) -> None:
    print(f"uptime: {load()}")
    rates: dict[str, float] = {}
    lp_ms: dict[str, float] = {}
    for name in PRESETS:
        sc = load_scenario(name)
        run_draws(sc, draw_parameters(sc, min(draws, 50_000), seed=0), min(draws, 50_000))  # warm-up
        best = np.inf
        for _ in range(REPEATS):
            t0 = time.perf_counter()
            values = draw_parameters(sc, draws, seed=0)
            m, n_lp = run_draws(sc, values, draws)
            best = min(best, time.perf_counter() - t0)
        rates[name] = draws / best
        base = compile_arrays(sc, {k: float(p.value) for k, p in sc.parameters.items()}, 1)
        solve_lp(base)  # warm-up
        lp_ms[name] = float(np.median([solve_lp(base).seconds * 1000 for _ in range(LP_SOLVES)]))
        print(
            f"{name:28s} {draws:>10,d} draws in {best:6.3f} s (best of {REPEATS}) = {rates[name]:>12,.0f} "
            f"draws/s (closed form valid {1 - n_lp / draws:.0%}; median lost {np.median(m['lost']):.3f}); "
            f"LP {lp_ms[name]:.2f} ms (median of {LP_SOLVES})"
        )
    slowest = min(rates, key=rates.__getitem__)
    median_rate = float(np.median(list(rates.values())))
    median_lp = float(np.median(list(lp_ms.values())))
    print(f"uptime: {load()}")
    met = "met" if rates[slowest] >= 1_000_000 else "NOT met"
    print(f"target: Monte Carlo draws/s, slowest preset = {rates[slowest]:,.0f} (at least 1,000,000): {met}")
    print(
        f"SUMMARY: Monte Carlo {rates[slowest]:,.0f} draws/s (slowest preset: {slowest}), "
        f"{median_rate:,.0f} draws/s (median); LP solve {median_lp:.2f} ms (median over presets), "
        f"{max(lp_ms.values()):.2f} ms (max)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
