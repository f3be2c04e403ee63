"""Time the report build: cold (a fresh interpreter importing multivector and writing the report, end to
end) and warm (building and writing again in this process, imports and the case already loaded).

    python benchmarks/report_build.py [--case KAZ] [--repeat 3]

The last line is machine-readable, e.g. ``report_build cold_s=2.1 warm_s=0.4 target_s=10``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 10.0


def cold(case: str, out: Path) -> float:
    """Seconds for ``python -c`` to import multivector and write the HTML report (start-up included)."""
    code = f"from multivector.report import write_report; write_report({case!r}, {str(out)!r})"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def warm(case: str, out: Path) -> float:
    """Seconds to build the report data and write the HTML again in an interpreter that has done it once."""
    from multivector.report import write_report

    write_report(case, out)
    start = time.perf_counter()
    write_report(case, out)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", default="KAZ")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best is reported")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.html"
        colds = [cold(args.case, out) for _ in range(args.repeat)]
        size = out.stat().st_size
        warms = [warm(args.case, out) for _ in range(args.repeat)]
    print(f"case={args.case} html_bytes={size:,}")
    print("cold runs (s): " + ", ".join(f"{x:.2f}" for x in colds))
    print("warm runs (s): " + ", ".join(f"{x:.2f}" for x in warms))
    print(f"report_build cold_s={min(colds):.2f} warm_s={min(warms):.2f} target_s={TARGET_S:g}")


if __name__ == "__main__":
    main()
