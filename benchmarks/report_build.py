"""Time the report: the README's first command as a cold process, and the build in a warm process.

    python benchmarks/report_build.py [--case KAZ] [--repeat 3] [--store PATH]

* ``cold_s``: ``multivector report KAZ -o report.html`` in a fresh interpreter (start-up included, bytecode
  compiled: benchmarks/cold_process.py), on the built-in case without a store, with the scenario section
  (the default). Target 5 s (issue 15).
* ``store_cold_s``: the same with ``--store`` (the series 1992-latest and every data dimension; the
  configured store by default, skipped when there is none). Target 10 s.
* ``warm_s`` and ``store_warm_s``: ``write_report`` again in a process that has written it once (imports
  and the case loaded; reported, no target).

The HTML of the cold CLI run and of ``write_report`` in this process must be the same size (the same
report), else the benchmark stops. The last line is machine-readable, e.g.
``report_build cold_s=2.1 warm_s=0.4 store_cold_s=7.9 store_warm_s=4.2``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from cold_process import cold_seconds

TARGET_S = {"cold": 5.0, "store_cold": 10.0}


def warm(case: str, out: Path, store: Path | None) -> float:
    """Seconds to write the report again in an interpreter that has written it once (with the scenario
    presets of the country's case, as the CLI does by default)."""
    from multivector.assessment import resolve_casebook
    from multivector.report import resolve_target, write_report
    from multivector.report.scenario_section import preset_names

    iso3, book = resolve_target(case)
    found = resolve_casebook(iso3, book)
    names = preset_names(found.id) if found is not None else None
    write_report(case, out, store=store, scenarios=names)
    start = time.perf_counter()
    write_report(case, out, store=store, scenarios=names)
    return time.perf_counter() - start


def main() -> None:
    from multivector import config

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", default="KAZ")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the median is reported")
    parser.add_argument("--store", type=Path, default=None, help="store for the series (default: configured)")
    args = parser.parse_args()
    store = args.store or (config.store_path() if config.store_path().is_file() else None)
    results: dict[str, float] = {}
    sizes: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for key, with_store in (("cold", None), ("store_cold", store)):
            if key == "store_cold" and store is None:
                continue
            cli_out, lib_out = Path(tmp) / f"{key}-cli.html", Path(tmp) / f"{key}-lib.html"
            extra = ["--store", str(with_store)] if with_store is not None else []
            results[key] = cold_seconds(["report", args.case, "-o", str(cli_out), *extra], args.repeat)
            warm_key = key.replace("cold", "warm")
            results[warm_key] = min(warm(args.case, lib_out, with_store) for _ in range(args.repeat))
            sizes[key] = cli_out.stat().st_size
            if abs(sizes[key] - lib_out.stat().st_size) > 0.01 * sizes[key]:
                raise SystemExit(f"{key}: the CLI's report ({sizes[key]:,} bytes) and write_report's "
                                 f"({lib_out.stat().st_size:,}) differ")  # fmt: skip
    print(f"case={args.case} " + " ".join(f"html_bytes_{k}={v:,}" for k, v in sizes.items()))
    if store is None:
        print("with store: skipped (no store; import data or pass --store PATH)")
    for key, target in TARGET_S.items():
        if key in results:
            verdict = "met" if results[key] < target else "NOT met"
            what = "no store" if key == "cold" else "with the store"
            print(f"target: multivector report {args.case}, cold process, {what} = {results[key]:.2f} s "
                  f"(under {target:g} s): {verdict}")  # fmt: skip
    print("report_build " + " ".join(f"{k}_s={v:.2f}" for k, v in results.items()))


if __name__ == "__main__":
    main()
