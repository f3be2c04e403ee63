"""Time the assessment: one country in a warm process, every country of the store for one year, and
``multivector profile KAZ`` as a cold process; check that the compared paths give the same answers.

    python benchmarks/assess.py [--store PATH] [--year 2023] [--repeat 5]

Figures, each printed with its target and whether it is met:

* ``one_warm_cached_ms``: ``assess("KAZ")`` again in a process that has assessed it once (imports loaded,
  the store open, the frame memo holding the country's balance table: a cached answer). Target 200 ms.
* ``one_warm_uncached_ms``: the same with the frame memo cleared before each call (the whole computation in
  a warm process; reported, no target).
* ``all_countries_s``: ``assess_many(None, year)`` over every country the store has data for, memo cleared
  first (one panel for all of them). Target 10 s. The benchmark checks that its KAZ and UZB answers equal
  ``assess`` one by one.
* ``profile_cold_s``: ``multivector profile KAZ`` in a fresh interpreter (start-up included, bytecode
  compiled: benchmarks/cold_process.py), without a store (the fresh-install path) and with the store.
  Target 2 s.

The store defaults to the configured one (``MULTIVECTOR_HOME``); without one the shared datasets are
imported into a temporary store first (about a minute, not timed). The last line is machine-readable.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from cold_process import cold_seconds

TARGET_ONE_MS = 200.0
TARGET_ALL_S = 10.0
TARGET_PROFILE_S = 2.0


def _store(path: str | None) -> Path:
    from multivector import config
    from multivector.store import Store, import_all

    if path:
        return Path(path)
    default = config.store_path()
    if default.is_file():
        return default
    data = config.data_dir()
    if data is None:
        sys.exit("no store and no shared data: give --store or set MULTIVECTOR_DATA_DIR")
    target = Path(tempfile.mkdtemp(prefix="mv-bench-assess-")) / "multivector.duckdb"
    with Store(target) as st:
        import_all(data, store=st, progress=False)
    return target


def one_country(store: Path, repeat: int) -> tuple[float, float]:
    """(median ms cached, median ms uncached) of assess("KAZ") in this warm process."""
    from multivector.assessment import assess
    from multivector.store import Store
    from multivector.store.memo import clear

    with Store(store, read_only=True) as st:
        first = assess("KAZ", store=st).to_dict()
        cached, uncached = [], []
        for _ in range(repeat):
            t = time.perf_counter()
            again = assess("KAZ", store=st).to_dict()
            cached.append(1000 * (time.perf_counter() - t))
            assert again == first, "a cached assessment differs from the first"
        for _ in range(max(2, repeat // 2)):
            clear()
            t = time.perf_counter()
            fresh = assess("KAZ", store=st).to_dict()
            uncached.append(1000 * (time.perf_counter() - t))
            assert fresh == first, "an uncached assessment differs from the cached one"
    return statistics.median(cached), statistics.median(uncached)


def every_country(store: Path, year: int) -> tuple[float, int]:
    """(seconds, countries) of assess_many over the store's countries for ``year``, memo cleared first."""
    from multivector.assessment import assess, assess_many
    from multivector.store import Store
    from multivector.store.memo import clear

    with Store(store, read_only=True) as st:
        clear()
        t = time.perf_counter()
        found = assess_many(None, year, store=st)
        seconds = time.perf_counter() - t
        by = {a.country: a for a in found}
        for code in ("KAZ", "UZB"):
            one = assess(code, year, store=st).to_dict()
            assert by[code].to_dict() == one, f"assess_many and assess disagree on {code}"
    return seconds, len(found)


def profile_cold(store: Path | None) -> float:
    """Seconds for a fresh ``multivector profile KAZ`` (median of 3, bytecode compiled)."""
    return cold_seconds(["profile", "KAZ", *(["--store", str(store)] if store is not None else [])])


def _met(value: float, target: float) -> str:
    return "met" if value <= target else "NOT met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default=None)
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    store = _store(args.store)
    cached, uncached = one_country(store, args.repeat)
    print(f"one country warm, cached (frame memo hit): {cached:.1f} ms (target {TARGET_ONE_MS:.0f} ms: "
          f"{_met(cached, TARGET_ONE_MS)})")  # fmt: skip
    print(f"one country warm, uncached (memo cleared): {uncached:.1f} ms (no target)")
    seconds, n = every_country(store, args.year)
    print(f"every country in the store, {args.year}: {n} countries in {seconds:.2f} s "
          f"(target {TARGET_ALL_S:.0f} s: {_met(seconds, TARGET_ALL_S)})")  # fmt: skip
    bare = profile_cold(None)
    with_store = profile_cold(store)
    print(f"multivector profile KAZ, cold process, no store: {bare:.2f} s (target {TARGET_PROFILE_S:.0f} s: "
          f"{_met(bare, TARGET_PROFILE_S)})")  # fmt: skip
    print(f"multivector profile KAZ, cold process, with the store: {with_store:.2f} s (target "
          f"{TARGET_PROFILE_S:.0f} s: {_met(with_store, TARGET_PROFILE_S)})")  # fmt: skip
    summary = {"one_warm_cached_ms": round(cached, 1), "one_warm_uncached_ms": round(uncached, 1),
               "all_countries_s": round(seconds, 2), "countries": n, "profile_cold_s": round(bare, 2),
               "profile_cold_store_s": round(with_store, 2)}  # fmt: skip
    print(
        "assess "
        + " ".join(f"{k}={v}" for k, v in summary.items())
        + " "
        + json.dumps(
            {
                "targets": {
                    "one_warm_cached_ms": TARGET_ONE_MS,
                    "all_countries_s": TARGET_ALL_S,
                    "profile_cold_s": TARGET_PROFILE_S,
                }
            }
        )
    )


if __name__ == "__main__":
    main()
