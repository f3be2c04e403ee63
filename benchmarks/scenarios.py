"""Benchmark of the scenario engine: Monte Carlo draws per second and the LP solve time.

Run from the repository root: ``python benchmarks/scenarios.py [draws]``. The Monte Carlo part times the
vectorised steps on each preset (drawing the uncertain parameters, propagating the shocks, the closed-form
rerouting, its validity check and the balance metrics) for ``draws`` draws; the LP part times one HiGHS
solve of each preset's base case. The last line summarises both.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from multivector.scenarios import load_scenario
from multivector.scenarios.lp import solve_lp
from multivector.scenarios.montecarlo import draw_parameters, metrics
from multivector.scenarios.network import compile_arrays, greedy_reroute, greedy_valid

PRESETS = [
    "cpc-outage",
    "russia-secondary-sanctions",
    "china-demand-drop",
    "middle-corridor-expansion",
    "us-deals-2025",
]


def main(draws: int = 1_000_000) -> None:
    rates = []
    lp_ms = []
    for name in PRESETS:
        sc = load_scenario(name)
        chunk = 65_536
        t0 = time.perf_counter()
        values = draw_parameters(sc, draws, seed=0)
        oks, losts = [], []
        for start in range(0, draws, chunk):
            stop = min(start + chunk, draws)
            part = {k: (v[start:stop] if isinstance(v, np.ndarray) else v) for k, v in values.items()}
            a = compile_arrays(sc, part, stop - start)
            flows = greedy_reroute(a, keep_moved=False)
            oks.append(greedy_valid(a))
            losts.append(metrics(a, flows)["lost"])
        elapsed = time.perf_counter() - t0
        ok = np.concatenate(oks)
        m = {"lost": np.concatenate(losts)}
        rate = draws / elapsed
        rates.append(rate)
        base = compile_arrays(sc, {k: float(p.value) for k, p in sc.parameters.items()}, 1)
        solve_lp(base)  # warm-up
        times = []
        for _ in range(5):
            times.append(solve_lp(base).seconds * 1000)
        lp_ms.append(float(np.median(times)))
        print(
            f"{name:28s} {draws:>10,d} draws in {elapsed:6.3f} s = {rate:>12,.0f} draws/s "
            f"(closed form valid {ok.mean():.0%}; median lost {np.median(m['lost']):.3f}); "
            f"LP {lp_ms[-1]:.2f} ms"
        )
    print(
        f"SUMMARY: Monte Carlo {min(rates):,.0f} draws/s (slowest preset), {np.median(rates):,.0f} draws/s "
        f"(median); LP solve {np.median(lp_ms):.2f} ms (median), {max(lp_ms):.2f} ms (max)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
