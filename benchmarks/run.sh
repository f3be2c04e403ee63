#!/usr/bin/env bash
# Run every benchmark in turn and print each one's figures; the last line of each is its summary.
# Usage: bash benchmarks/run.sh   (from the repository root, with the package installed; the datasets are
# read from MULTIVECTOR_DATA_DIR or ../shared/data). Run on a quiet machine: the figures are timings.
set -euo pipefail
cd "$(dirname "$0")/.."
export MULTIVECTOR_DATA_DIR="${MULTIVECTOR_DATA_DIR:-$(cd .. && pwd)/shared/data}"
py="${PYTHON:-python}"
summary=()
for bench in report_build ingest scenarios ideal_points api_load; do
  echo "== benchmarks/$bench.py"
  "$py" "benchmarks/$bench.py" 2>&1 | tee "${TMPDIR:-/tmp}/multivector-bench-$bench.log"
  out=$(tail -n 1 "${TMPDIR:-/tmp}/multivector-bench-$bench.log")
  summary+=("$bench: $out")
done
echo "== summary (last line of each benchmark)"
printf '%s\n' "${summary[@]}"
