#!/usr/bin/env bash
# Run every benchmark in turn and print each one's figures, then a summary: every line in which a benchmark
# states a target and whether it is met ("target: <figure> = <value> (<target>): met|NOT met", or "...
# (target ...: met)"), and the last line of each (its machine-readable figures). Every benchmark checks that the approaches it compares give the same results, and stops with an
# error when they do not.
#
# Usage: bash benchmarks/run.sh   (from the repository root, with the package installed:
#   pip install -e '.[spark,web]' polars; the datasets are read from MULTIVECTOR_DATA_DIR or ../shared/data).
# Run on a quiet machine: the figures are timings; the load average is printed beside them.
# MV_INGEST_SCALE (default 1,10,100,354,1000) are the K values of the GDELT scale series (354 copies of the
# 98 GDELT 2.0 files are a year of 15-minute files); the series stops where the disk would run out.
# MV_SPARK_AT (default 100) is the K at which PySpark runs the same aggregation beside DuckDB.
set -euo pipefail
cd "$(dirname "$0")/.."
export MULTIVECTOR_DATA_DIR="${MULTIVECTOR_DATA_DIR:-$(cd .. && pwd)/shared/data}"
py="${PYTHON:-python}"
logs="${TMPDIR:-/tmp}"
declare -A args=(
  [ingest]="--scale ${MV_INGEST_SCALE:-1,10,100,354,1000} --spark-at ${MV_SPARK_AT:-100}"
)
benches=(report_build assess ingest monitor scenarios ideal_points api_load)
status=0
echo "machine: $(nproc) cores; $(uptime)"
for bench in "${benches[@]}"; do
  echo "== benchmarks/$bench.py ${args[$bench]:-}"
  # shellcheck disable=SC2086
  if ! "$py" "benchmarks/$bench.py" ${args[$bench]:-} 2>&1 | tee "$logs/multivector-bench-$bench.log"; then
    echo "!! benchmarks/$bench.py failed"
    status=1
  fi
done
echo "== summary: every figure with its target"
for bench in "${benches[@]}"; do
  log="$logs/multivector-bench-$bench.log"
  grep -E '^target: |target[^:]*: (met|NOT met)' "$log" | sed "s/^target: //; s/^/$bench: /" \
    || echo "$bench: (no target line)"
done
echo "== summary: the last line of each benchmark"
for bench in "${benches[@]}"; do
  echo "$bench: $(tail -n 1 "$logs/multivector-bench-$bench.log")"
done
echo "machine after: $(uptime)"
exit "$status"
