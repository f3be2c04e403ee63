"""Time the report build, without and with a store of imported datasets: cold (a fresh interpreter
importing multivector and writing the report, end to end) and warm (building and writing again in this
process, imports and the case already loaded).

    python benchmarks/report_build.py [--case KAZ] [--repeat 3] [--store PATH]

"Without a store" is the fresh-install report (the README's first command: the built-in case and the
scenario presets, offline). "With a store" adds the series 1992-latest (``--store``, default: the
configured store when it exists; skipped when there is none). The last line is machine-readable, e.g.
``report_build cold_s=2.1 warm_s=0.4 store_cold_s=7.9 store_warm_s=4.2 target_s=10``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 10.0


def _code(case: str, out: Path, store: Path | None) -> str:
    return (
        "from multivector.report import write_report\n"
        "from multivector.report.scenario_section import preset_names\n"
        "from multivector.report.build import resolve_case\n"
        f"c = resolve_case({case!r})\n"
        f"write_report(c, {str(out)!r}, store={str(store) if store else None!r},"
        " scenarios=preset_names(c.id))\n"
    )


def cold(case: str, out: Path, store: Path | None) -> float:
    """Seconds for ``python -c`` to import multivector and write the HTML report (start-up included)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", _code(case, out, store)], check=True)
    return time.perf_counter() - start


def warm(case: str, out: Path, store: Path | None) -> float:
    """Seconds to build the report data and write the HTML again in an interpreter that has done it once."""
    from multivector.report.build import resolve_case

    from multivector.report import write_report
    from multivector.report.scenario_section import preset_names

    c = resolve_case(case)
    names = preset_names(c.id)
    write_report(c, out, store=store, scenarios=names)
    start = time.perf_counter()
    write_report(c, out, store=store, scenarios=names)
    return time.perf_counter() - start


def main() -> None:
    from multivector.report.series import default_store_path

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", default="KAZ")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best is reported")
    parser.add_argument("--store", type=Path, default=None, help="store for the series (default: configured)")
    args = parser.parse_args()
    store = args.store or default_store_path()
    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.html"
        results["cold"] = [cold(args.case, out, None) for _ in range(args.repeat)]
        size = out.stat().st_size
        results["warm"] = [warm(args.case, out, None) for _ in range(args.repeat)]
        store_size = None
        if store is not None:
            results["store_cold"] = [cold(args.case, out, store) for _ in range(args.repeat)]
            store_size = out.stat().st_size
            results["store_warm"] = [warm(args.case, out, store) for _ in range(args.repeat)]
    print(
        f"case={args.case} html_bytes={size:,}"
        + (f" html_bytes_with_store={store_size:,}" if store_size else "")
    )
    for key, runs in results.items():
        print(f"{key.replace('_', ' ')} runs (s): " + ", ".join(f"{x:.2f}" for x in runs))
    if store is None:
        print("with store: skipped (no store; import data or pass --store PATH)")
    for key in ("cold", "store_cold"):
        if key in results:
            best = min(results[key])
            verdict = "met" if best < TARGET_S else "NOT met"
            what = key.replace("_", " ")
            print(f"target: report build, {what} = {best:.2f} s (under {TARGET_S:g} s): {verdict}")
    line = " ".join(f"{k}_s={min(v):.2f}" for k, v in results.items())
    print(f"report_build {line} target_s={TARGET_S:g}")


if __name__ == "__main__":
    main()
