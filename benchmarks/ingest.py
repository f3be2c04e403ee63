"""Benchmark: import and aggregate every GDELT file in ``gdelt/raw`` to dyad-month event measures.

Usage: ``python benchmarks/ingest.py [--data DIR] [--repeat N] [--scale K]`` (DIR defaults to
MULTIVECTOR_DATA_DIR, else ``../shared/data``). Compares, best of N runs each (DuckDB with 2 threads), in rows
per second:

- ours: :func:`multivector.sources.gdelt.import_into` (typed DuckDB import with rejects and duplicates
  checked) + :func:`multivector.query.dyad_event_measures` (Ibis on DuckDB), period="month";
- (a) pandas baseline as GDELT notebooks do it: ``pd.read_csv`` per file with inferred types, concat,
  groupby;
- (b) DuckDB's ``read_csv`` with auto-detection (the naive use; zips extracted first), then the same
  aggregation in SQL;
- (c) the I/O floor: reading the same bytes (zips decompressed) and counting lines.

It also prints the parser floor: DuckDB's CSV reader scanning every file once (zips extracted, every
column as text, nothing typed, derived or stored), the least time any import built on DuckDB's reader
can take; pandas' time over it is the highest ratio such an import could reach.

Every approach maps CAMEO country codes to ISO3 the same way (KnownGroupCode EEC -> EU27) and drops
self-dyads and unidentified sides, so the aggregates must agree; the script checks they do, and that every
approach counts the same rows. ``--scale K`` first runs the same comparison on K copies of the files
(GLOBALEVENTIDs offset per copy, zips written unzipped), labelled "scaled"; the real files run last and the
last line prints their three ratios.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import duckdb
import ibis
import numpy as np
import pandas as pd

from multivector import countries
from multivector.query import dyad_event_measures
from multivector.sources import gdelt

KEYS = ["source", "target", "year", "month"]
VALUES = [
    "total_events",
    "n_verbal_coop",
    "n_material_coop",
    "n_verbal_conflict",
    "n_material_conflict",
    "net_cooperation",
]


def _data_dir(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    env = os.environ.get("MULTIVECTOR_DATA_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared" / "data"


def _cameo_map() -> dict[str, str]:
    cw = countries.crosswalk()
    return dict(
        zip(cw["cameo"].dropna().astype(str), cw.loc[cw["cameo"].notna(), "iso3"].astype(str), strict=True)
    )


THREADS = 2  # the machine's cores; every DuckDB approach gets the same
SPLIT: dict[str, float] = {}  # seconds of ours' last run: import, aggregate


def _connect() -> duckdb.DuckDBPyConnection:
    return duckdb.connect(config={"threads": THREADS})


def ours(files: list[Path]) -> tuple[int, pd.DataFrame]:
    t0 = time.perf_counter()
    con = _connect()
    report = gdelt.import_into(con, files)
    t1 = time.perf_counter()
    table = ibis.duckdb.from_connection(con).table("gdelt_events")
    out = dyad_event_measures(table, period="month").execute()
    con.close()
    SPLIT.update({"import": t1 - t0, "aggregate": time.perf_counter() - t1})
    return report.rows_read, out[KEYS + VALUES]


def pandas_baseline(files: list[Path]) -> tuple[int, pd.DataFrame]:
    frames = []
    for f in files:
        df = pd.read_csv(f, sep="\t", header=None, low_memory=False)  # inferred types, zip by extension
        df = df.iloc[:, :35]
        df.columns = [f"c{i}" for i in range(35)]
        frames.append(df)
    ev = pd.concat(frames, ignore_index=True)
    m = _cameo_map()
    src = ev["c7"].map(m).where(ev["c8"] != "EEC", "EU27")
    tgt = ev["c17"].map(m).where(ev["c18"] != "EEC", "EU27")
    sqldate = ev["c1"].astype("int64")
    work = pd.DataFrame(
        {
            "source": src,
            "target": tgt,
            "year": sqldate // 10000,
            "month": sqldate // 100 % 100,
            "q": ev["c29"],
            "g": ev["c30"].astype(float),
        }
    )
    work = work[work["source"].notna() & work["target"].notna() & (work["source"] != work["target"])]
    for q, name in {
        1: "n_verbal_coop",
        2: "n_material_coop",
        3: "n_verbal_conflict",
        4: "n_material_conflict",
    }.items():
        work[name] = (work["q"] == q).astype("int64")
    out = work.groupby(KEYS, as_index=False).agg(
        total_events=("q", "size"),
        n_verbal_coop=("n_verbal_coop", "sum"),
        n_material_coop=("n_material_coop", "sum"),
        n_verbal_conflict=("n_verbal_conflict", "sum"),
        n_material_conflict=("n_material_conflict", "sum"),
        net_cooperation=("g", "sum"),
    )
    return len(ev), out


def _unzipped(files: list[Path], tmp: Path) -> list[Path]:
    """The files, zips extracted into ``tmp`` (DuckDB does not read .zip)."""
    readable = []
    for i, f in enumerate(files):
        if f.suffix.lower() == ".zip":
            with zipfile.ZipFile(f) as zf:
                name = zf.namelist()[0]
                target = tmp / f"{i}_{Path(name).name}"
                target.write_bytes(zf.read(name))
            readable.append(target)
        else:
            readable.append(f)
    return readable


def duckdb_auto(files: list[Path]) -> tuple[int, pd.DataFrame]:
    con = _connect()
    cw = pd.DataFrame(list(_cameo_map().items()), columns=["cameo", "iso3"])
    con.register("cw", cw)
    with tempfile.TemporaryDirectory() as tmp:
        readable = _unzipped(files, Path(tmp))
        con.execute(
            "CREATE TABLE ev (c0 BIGINT, sqldate BIGINT, a1c VARCHAR, a1g VARCHAR, a2c VARCHAR, "
            "a2g VARCHAR, q BIGINT, g DOUBLE)"
        )
        for f in readable:  # the naive use: let read_csv sniff each file
            con.execute(
                f"INSERT INTO ev SELECT column00, column01, column07, column08, column17, column18, "
                f"column29, column30 FROM read_csv('{f}')"
            )
    n = int((con.execute("SELECT count(*) FROM ev").fetchone() or (0,))[0])
    out = con.execute("""
        WITH t AS (
          SELECT CASE WHEN a1g = 'EEC' THEN 'EU27' ELSE m1.iso3 END AS source,
                 CASE WHEN a2g = 'EEC' THEN 'EU27' ELSE m2.iso3 END AS target,
                 CAST(sqldate // 10000 AS INTEGER) AS year,
                 CAST(sqldate // 100 % 100 AS INTEGER) AS month, q, g
          FROM ev LEFT JOIN cw m1 ON m1.cameo = ev.a1c LEFT JOIN cw m2 ON m2.cameo = ev.a2c)
        SELECT source, target, year, month, count(*) AS total_events,
               count(*) FILTER (q = 1) AS n_verbal_coop, count(*) FILTER (q = 2) AS n_material_coop,
               count(*) FILTER (q = 3) AS n_verbal_conflict, count(*) FILTER (q = 4) AS n_material_conflict,
               sum(g) AS net_cooperation
        FROM t WHERE source IS NOT NULL AND target IS NOT NULL AND source <> target GROUP BY ALL
    """).df()
    con.close()
    return n, out


def io_floor(files: list[Path]) -> tuple[int, pd.DataFrame]:
    lines = 0
    for f in files:
        if f.suffix.lower() == ".zip":
            with zipfile.ZipFile(f) as zf, zf.open(zf.namelist()[0]) as fh:
                for chunk in iter(lambda fh=fh: fh.read(1 << 20), b""):  # type: ignore[misc]
                    lines += chunk.count(b"\n")
        else:
            with f.open("rb") as fh2:
                for chunk in iter(lambda fh2=fh2: fh2.read(1 << 20), b""):  # type: ignore[misc]
                    lines += chunk.count(b"\n")
    return lines, pd.DataFrame()


def parse_floor(files: list[Path]) -> tuple[int, pd.DataFrame]:
    """DuckDB's CSV reader over every file, once: zips extracted, all columns VARCHAR, no output."""
    con = _connect()
    n = 0
    with tempfile.TemporaryDirectory() as tmp:
        by_ncols: dict[int, list[str]] = {}
        for f in _unzipped(files, Path(tmp)):
            with f.open("rb") as fh:
                ncols = fh.readline().count(b"\t") + 1
            by_ncols.setdefault(ncols, []).append(str(f))
        for ncols, paths in by_ncols.items():
            columns = "{" + ", ".join(f"'c{k:02d}': 'VARCHAR'" for k in range(ncols)) + "}"
            row = con.execute(
                f"SELECT count(*), max(c00), max(c{ncols - 1:02d}) FROM read_csv({paths}, delim='\\t', "
                f"quote='', escape='', header=false, auto_detect=false, columns={columns})"
            ).fetchone()
            n += int(row[0]) if row else 0
    con.close()
    return n, pd.DataFrame()


def best_of(
    fn: Callable[[list[Path]], tuple[int, pd.DataFrame]], files: list[Path], repeat: int
) -> tuple[float, int, pd.DataFrame]:
    best = float("inf")
    result: tuple[int, pd.DataFrame] = (0, pd.DataFrame())
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn(files)
        best = min(best, time.perf_counter() - t0)
    return best, result[0], result[1]


def _canon(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[KEYS + VALUES].copy()
    out[["year", "month"]] = out[["year", "month"]].astype("int64")
    for c in VALUES[:-1]:
        out[c] = out[c].astype("int64")
    return out.sort_values(KEYS).reset_index(drop=True)


def scaled_copies(files: list[Path], copies: int, dest: Path) -> list[Path]:
    """``copies`` copies of every file (unzipped), GLOBALEVENTIDs offset per copy so that they stay distinct
    events (otherwise our import would rightly drop them as duplicates and the baselines would not)."""
    out = []
    for c in range(copies):
        for i, f in enumerate(files):
            if f.suffix.lower() == ".zip":
                with zipfile.ZipFile(f) as zf:
                    data = zf.read(zf.namelist()[0])
            else:
                data = f.read_bytes()
            offset = c * 10**10
            lines = data.split(b"\n")
            if offset:
                lines = [
                    (str(int(ln[: ln.index(b"\t")]) + offset).encode() + ln[ln.index(b"\t") :]) if ln else ln
                    for ln in lines
                ]
            target = dest / f"copy{c}_{i:03d}_{f.name.removesuffix('.zip').removesuffix('.ZIP')}"
            target.write_bytes(b"\n".join(lines))
            out.append(target)
    return out


def compare(files: list[Path], repeat: int, label: str) -> tuple[float, float, float] | None:
    """Time every approach on ``files``; check rows and aggregates agree; return the three ratios."""
    size = sum(f.stat().st_size for f in files)
    print(f"[{label}] {len(files)} GDELT files ({size / 1e6:.1f} MB on disk), best of {repeat}")
    results = {}
    for name, fn in [
        ("ours (import + dyad-month)", ours),
        ("(a) pandas read_csv + groupby", pandas_baseline),
        ("(b) duckdb read_csv auto + SQL", duckdb_auto),
        ("(c) I/O floor (read + count)", io_floor),
        ("    parser floor (DuckDB scan)", parse_floor),
    ]:
        secs, rows, out = best_of(fn, files, repeat)
        results[name] = (secs, rows, out)
        print(
            f"[{label}] {name:32s} rows={rows:>10,d}  {secs:7.3f} s  {rows / secs:>12,.0f} rows/s"
            + (f"  dyad-months={len(out):,d}" if len(out) else "")
        )
        if name.startswith("ours"):
            split = dict(SPLIT)
            best_of(ours, files, 1)  # the split of one more run (the best one's is not kept)
            print(
                f"[{label}]   ours, one run: import {SPLIT['import']:.3f} s"
                f" (was {split['import']:.3f}), Ibis dyad-month aggregation {SPLIT['aggregate']:.3f} s"
            )
    (
        (t_ours, n_ours, a_ours),
        (t_pd, n_pd, a_pd),
        (t_auto, n_auto, a_auto),
        (t_io, n_io, _),
        (t_parse, _n, _a),
    ) = results.values()
    print(
        f"[{label}] parser floor: pandas / floor = {t_pd / t_parse:.1f}x (the most a DuckDB-reader import "
        f"could reach vs pandas); ours spends {t_ours - t_parse:.3f} s beyond it"
    )
    if not n_ours == n_pd == n_auto == n_io:
        print(f"row counts differ: ours {n_ours}, pandas {n_pd}, duckdb auto {n_auto}, lines {n_io}")
        return None
    ref = _canon(a_ours)
    for other_label, other in (("pandas", a_pd), ("duckdb auto", a_auto)):
        o = _canon(other)
        same = (
            len(o) == len(ref)
            and o[KEYS + VALUES[:-1]].equals(ref[KEYS + VALUES[:-1]])
            and np.allclose(o["net_cooperation"], ref["net_cooperation"], rtol=0, atol=1e-6)
        )
        print(f"[{label}] aggregates ours vs {other_label}: {'identical' if same else 'DIFFERENT'}")
        if not same:
            return None
    return t_pd / t_ours, t_auto / t_ours, t_io / t_ours


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="folder laid out like shared/data (default: MULTIVECTOR_DATA_DIR)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per approach; the best is kept")
    parser.add_argument(
        "--scale",
        type=int,
        default=0,
        help="also run on N copies of the files (ids offset per copy, unzipped) to show larger sizes",
    )
    args = parser.parse_args(argv)
    raw = _data_dir(args.data) / "gdelt" / "raw"
    files = gdelt.find_event_files(raw)
    print(f"GDELT files in {raw}; DuckDB threads={THREADS}; load average {os.getloadavg()[0]:.2f}")
    countries.crosswalk()  # build the cached crosswalk once, outside the timings
    if args.scale > 1:
        with tempfile.TemporaryDirectory(prefix="mv_ingest_") as tmp:
            scaled = compare(
                scaled_copies(files, args.scale, Path(tmp)), args.repeat, f"scaled x{args.scale}"
            )
        if scaled is None:
            return 1
        print(
            f"[scaled x{args.scale}] ratios: vs_pandas={scaled[0]:.1f}x vs_duckdb_auto={scaled[1]:.1f}x "
            f"io_floor_fraction={scaled[2]:.2f}"
        )
    real = compare(files, args.repeat, "real files")
    if real is None:
        return 1
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print(
        f"ratios (real files): vs_pandas={real[0]:.1f}x vs_duckdb_auto={real[1]:.1f}x "
        f"io_floor_fraction={real[2]:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
