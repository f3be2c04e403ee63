"""GDELT ingest at scale (used by ``benchmarks/ingest.py --scale``): K copies of the shared GDELT files,
imported through the public API in a child process, with rows per second and the child's peak memory.

Copy 0 is the files as they are (unzipped). In copy ``c >= 1`` every GLOBALEVENTID is offset by
``c * 10**10`` (so that the copies are distinct events, not duplicates the import would rightly drop) and
every file is moved to a new publication time, its name and DATEADDED with it: the GDELT 2.0 files of the
copies take the consecutive 15-minute slots from 2025-03-01 00:00 (after the last real file), one per file,
and the 1.0 daily file of copy ``c`` the day ``c`` days after its own; SQLDATE moves by the same number of
days (MonthYear, Year and FractionDate, GDELT's ``YYYY + ((MM - 1) * 30 + DD) / 365``, follow). So copy
names never collide (GDELT names a file by its time, and the store keeps one file per name), and 355 copies
hold a year of 15-minute GDELT 2.0 files (354 x 98 = 34,692 slots) after the real ones. Files are written
unzipped, ``copyNNNN/<name>``. Copies of a line differ only in those fields, so every dyad's event counts
summed over time are exactly K times those of one copy: that is how the aggregates are checked at scale.

The import runs in a fresh child process (``python benchmarks/ingest.py --child SRC STORE``): a
:class:`multivector.Store` file, :func:`multivector.import_source` and the Ibis dyad-month aggregation;
peak memory is the child's peak resident set (``VmHWM`` in ``/proc/self/status``; not ``ru_maxrss``, which
Linux carries over from the forking parent), read before the import, after it and after the aggregation.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

#: 0-based index of DATEADDED per GDELT format (columns per line): 1.0 historical, 1.0 daily, 2.0.
DATEADDED_AT = {57: 56, 58: 56, 61: 59}
ID_OFFSET = 10**10  # larger than any GLOBALEVENTID GDELT has issued (about 1.3e9 in 2025)


@dataclass
class Template:
    """One source file, split once into the parts a copy changes and the parts it keeps."""

    name: str  # the CSV's name (".zip" removed)
    rows: list[tuple[int, bytes, bytes, bytes, bytes]]  # (id, SQLDATE, middle, DATEADDED, tail)
    nbytes: int


def _csv_bytes(f: Path) -> bytes:
    if f.name.lower().endswith(".zip"):
        with zipfile.ZipFile(f) as zf:
            return zf.read(zf.namelist()[0])
    return f.read_bytes()


def template(f: Path) -> Template:
    data = _csv_bytes(f)
    rows = []
    for line in data.split(b"\n"):
        if not line:
            continue
        fields = line.split(b"\t")
        d = DATEADDED_AT[len(fields)]
        tail = b"\t" + b"\t".join(fields[d + 1 :]) if len(fields) > d + 1 else b""
        rows.append((int(fields[0]), fields[1], b"\t".join(fields[5:d]), fields[d], tail))
    name = f.name[:-4] if f.name.lower().endswith(".zip") else f.name
    return Template(name, rows, len(data))


V2_SLOTS_START = dt.datetime(2025, 3, 1)  # after the last real GDELT 2.0 file (2025-02-12)
SLOT = dt.timedelta(minutes=15)


def _parse(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(text, "%Y%m%d%H%M%S" if len(text) == 14 else "%Y%m%d")
    except ValueError:
        return None


def _shift(value: bytes, delta: dt.timedelta) -> bytes:
    """A YYYYMMDD or YYYYMMDDHHMMSS value moved by ``delta`` (unchanged when it does not parse)."""
    text = value.decode()
    when = _parse(text)
    if when is None:
        return value
    return (when + delta).strftime("%Y%m%d%H%M%S" if len(text) == 14 else "%Y%m%d").encode()


def _date_fields(sqldate: bytes, days: int) -> bytes:
    """SQLDATE, MonthYear, Year and FractionDate of an event ``days`` later, tab-joined."""
    s = _shift(sqldate, dt.timedelta(days=days)).decode()
    y, m, d = int(s[:4]), int(s[4:6]), int(s[6:8])
    fraction = f"{y + ((m - 1) * 30 + d) / 365:.4f}"
    return f"{s}\t{s[:6]}\t{y}\t{fraction}".encode()


def copy_times(templates: list[Template], c: int) -> list[dt.timedelta]:
    """How far each file of copy ``c`` moves: nothing in copy 0; a GDELT 2.0 file to the next free 15-minute
    slot from :data:`V2_SLOTS_START` (in file order, then copy order); a daily file by ``c`` days."""
    v2 = [i for i, t in enumerate(templates) if len(t.name.partition(".")[0]) == 14]
    out = [dt.timedelta(0)] * len(templates)
    if c == 0:
        return out
    for i, t in enumerate(templates):
        when = _parse(t.name.partition(".")[0])
        if when is None:
            continue
        if i in v2:
            out[i] = V2_SLOTS_START + ((c - 1) * len(v2) + v2.index(i)) * SLOT - when
        else:
            out[i] = dt.timedelta(days=c)
    return out


def write_copy(t: Template, c: int, dest: Path, delta: dt.timedelta) -> Path:
    """Copy ``c`` of template ``t`` (ids + c * 10**10; the file's time and DATEADDED moved by ``delta``,
    SQLDATE by as many calendar days) as ``dest/copyNNNN/<name>``."""
    stamp, _, rest = t.name.partition(".")
    when = _parse(stamp)
    days = ((when + delta).date() - when.date()).days if when else 0
    dates = {s: _date_fields(s, days) for s in {r[1] for r in t.rows}}
    added = {a: _shift(a, delta if len(a) == 14 else dt.timedelta(days=days)) for a in {r[3] for r in t.rows}}
    off = c * ID_OFFSET
    body = b"".join(
        [b"%d\t%s\t%s\t%s%s\n" % (i + off, dates[s], mid, added[a], tail) for i, s, mid, a, tail in t.rows]
    )
    name = _shift(stamp.encode(), delta).decode() + "." + rest if when else t.name
    folder = dest / f"copy{c:04d}"
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / name
    out.write_bytes(body)
    return out


# ------------------------------------------------------------------------------------------ the child
def child(src: str, store_path: str, memory_limit_mb: int = 0) -> None:
    """Import ``src`` into a new store at ``store_path`` and aggregate; print one JSON line.

    ``memory_limit_mb``: an experiment, not the store's behaviour: DuckDB's ``memory_limit`` set on the
    store's connection (through its private ``_connection()``) before the import."""
    import resource

    import multivector
    from multivector.query import dyad_event_measures

    def peak_mb() -> float:
        """The process's peak resident set (VmHWM). Not ru_maxrss: Linux carries that over exec from the
        parent that forked the child, so it would report the benchmark's own peak."""
        status = Path("/proc/self/status")
        if status.exists():
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # no /proc: ru_maxrss (KiB)

    base = peak_mb()
    t0 = time.perf_counter()
    with multivector.Store(store_path) as store:
        if memory_limit_mb:
            store._connection().execute(f"SET memory_limit='{memory_limit_mb}MB'")
        summary = multivector.import_source("gdelt", src, store, progress=False)
        t1 = time.perf_counter()
        after_import = peak_mb()
        out = dyad_event_measures(store.table("gdelt_events"), period="month").execute()
        t2 = time.perf_counter()
    t3 = time.perf_counter()  # closing the store: DuckDB checkpoints the file
    totals = out.groupby(["source", "target"])["total_events"].sum()
    print(
        json.dumps(
            {
                "rows_read": summary.rows_read,
                "rows_kept": summary.rows_kept,
                "import_s": t1 - t0,
                "aggregate_s": t2 - t1,
                "close_s": t3 - t2,
                "peak_mb_start": base,
                "peak_mb_import": after_import,
                "peak_mb": peak_mb(),
                "dyad_months": len(out),
                "dyad_totals": {f"{a}>{b}": int(n) for (a, b), n in totals.items()},
                "store_mb": Path(store_path).stat().st_size / 1e6,
                "cpu_s": (lambda r: r.ru_utime + r.ru_stime)(resource.getrusage(resource.RUSAGE_SELF)),
            }
        )
    )


def run_child(src: Path, store_path: Path, memory_limit_mb: int = 0) -> dict[str, object]:
    cmd = [sys.executable, str(Path(__file__).with_name("ingest.py")), "--child", str(src), str(store_path)]
    cmd += ["--memory-limit-mb", str(memory_limit_mb)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the import child failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# ------------------------------------------------------------------------------------------ the series
@dataclass
class ScalePoint:
    k: int
    files: int
    csv_bytes: int
    seconds: float  # import + aggregation + closing the store
    import_s: float
    aggregate_s: float
    close_s: float
    rows: int
    peak_mb: float
    peak_mb_import: float
    start_mb: float  # the child's resident set before the import (Python, pandas, Ibis, DuckDB loaded)
    store_mb: float
    gen_s: float
    cpu_s: float  # CPU seconds of the child (all threads), start-up included


def _free_bytes(path: Path) -> int:
    return shutil.disk_usage(path).free


def scale_series(
    files: list[Path],
    ks: list[int],
    work: Path,
    on_store: Callable[[int, Path], None] | None = None,
    margin_gb: float = 10.0,
    memory_limit_mb: int = 0,
) -> tuple[list[ScalePoint], str | None]:
    """Import K copies for each K in ``ks`` (ascending), adding copies to one folder as K grows.

    ``on_store(k, store_path)`` runs after each import, before the store is deleted (the Spark comparison
    uses it). Returns the points measured and, when the disk stopped the series, why.
    """
    templates = [template(f) for f in files]
    per_copy = sum(t.nbytes for t in templates)
    src = work / "files"
    src.mkdir(parents=True, exist_ok=True)
    made = 0
    points: list[ScalePoint] = []
    reference: dict[str, int] | None = None
    rows_one = 0
    for k in sorted(ks):
        # the copies, plus a store of about a third of their size, plus a margin for everybody else
        need = (k - made) * per_copy + k * per_copy // 3 + int(margin_gb * 1e9)
        free = _free_bytes(work)
        if need > free:
            return points, (
                f"stopped before K={k:,}: it needs about {need / 1e9:.0f} GB more disk "
                f"(copies + store + {margin_gb:.0f} GB margin), {free / 1e9:.0f} GB free in {work}"
            )
        t0 = time.perf_counter()
        for c in range(made, k):
            for t, delta in zip(templates, copy_times(templates, c), strict=True):
                write_copy(t, c, src, delta)
        gen_s = time.perf_counter() - t0
        made = k
        store_path = work / f"store_k{k}.duckdb"
        r = run_child(src, store_path, memory_limit_mb)
        totals = r["dyad_totals"]
        assert isinstance(totals, dict)
        if reference is None:  # the smallest K: the per-copy reference
            reference = {key: n // k for key, n in totals.items()}
            rows_one = int(r["rows_kept"]) // k  # type: ignore[call-overload]
            assert all(n % k == 0 for n in totals.values()), "dyad totals are not a multiple of K"
        assert int(r["rows_kept"]) == k * rows_one, f"K={k}: {r['rows_kept']} rows, not {k} x {rows_one}"  # type: ignore[call-overload]
        assert totals == {key: k * n for key, n in reference.items()}, f"K={k}: dyad totals are not K x one"
        if on_store is not None:
            on_store(k, store_path)
        store_path.unlink(missing_ok=True)
        points.append(
            ScalePoint(
                k=k,
                files=k * len(files),
                csv_bytes=k * per_copy,
                seconds=float(r["import_s"]) + float(r["aggregate_s"]) + float(r["close_s"]),  # type: ignore[arg-type]
                import_s=float(r["import_s"]),  # type: ignore[arg-type]
                aggregate_s=float(r["aggregate_s"]),  # type: ignore[arg-type]
                close_s=float(r["close_s"]),  # type: ignore[arg-type]
                rows=int(r["rows_read"]),  # type: ignore[call-overload]
                peak_mb=float(r["peak_mb"]),  # type: ignore[arg-type]
                peak_mb_import=float(r["peak_mb_import"]),  # type: ignore[arg-type]
                start_mb=float(r["peak_mb_start"]),  # type: ignore[arg-type]
                store_mb=float(r["store_mb"]),  # type: ignore[arg-type]
                gen_s=gen_s,
                cpu_s=float(r["cpu_s"]),  # type: ignore[arg-type]
            )
        )
    return points, None


# ------------------------------------------------------------------------------------------ Spark
def spark_beside_duckdb(store_path: Path, work: Path) -> dict[str, float]:
    """The same Ibis dyad-month aggregation on the store (DuckDB) and on local PySpark (2 cores) reading the
    table exported to Parquet; checks both give the same result. Seconds of each, plus Spark's start-up."""
    from multivector import Store
    from multivector.query import dyad_event_measures
    from multivector.query.spark import local_session, table_from_parquet

    parquet = work / "gdelt_events.parquet"
    with Store(store_path, read_only=True) as store:
        t0 = time.perf_counter()
        duck = dyad_event_measures(store.table("gdelt_events"), period="month").execute()
        duck_s = time.perf_counter() - t0
        store.query_df(f"COPY gdelt_events TO '{parquet}' (FORMAT parquet)")
    t0 = time.perf_counter()
    spark = local_session(2, app="multivector-scale", shuffle_partitions=4, driver_memory="4g")
    start_s = time.perf_counter() - t0
    try:
        table = table_from_parquet(spark, parquet, "gdelt_events")
        t0 = time.perf_counter()
        sp = dyad_event_measures(table, period="month").execute()
        spark_s = time.perf_counter() - t0
    finally:
        spark.stop()
        shutil.rmtree(parquet, ignore_errors=True)
        parquet.unlink(missing_ok=True)
    keys = ["source", "target", "year", "month"]
    a = duck.sort_values(keys).reset_index(drop=True)
    b = sp[a.columns].sort_values(keys).reset_index(drop=True)
    assert len(a) == len(b) > 0, f"DuckDB {len(a)} dyad-months, Spark {len(b)}"
    for col in a.columns:
        if pd.api.types.is_float_dtype(a[col]):
            pd.testing.assert_series_equal(a[col], b[col].astype("float64"), check_exact=False, atol=1e-6)
        else:
            assert a[col].astype(str).tolist() == b[col].astype(str).tolist(), col
    return {"duckdb_s": duck_s, "spark_s": spark_s, "spark_start_s": start_s, "dyad_months": float(len(a))}


# ------------------------------------------------------------------------------------------ printing
def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def print_scale(points: list[ScalePoint], stop: str | None) -> None:
    heads = ["K", "files", "CSV GB", "rows", "import s", "agg s", "close s", "rows/s", "us/row", "cpu s"]
    heads += ["cpu us/row", "start MB", "import MB", "peak MB", "store MB", "copies s"]
    print(" ".join(f"{h:>{max(len(h), 7)}s}" for h in heads))
    for p in points:
        cells = [f"{p.k:,d}", f"{p.files:,d}", f"{p.csv_bytes / 1e9:.2f}", f"{p.rows:,d}"]
        cells += [f"{p.import_s:.2f}", f"{p.aggregate_s:.2f}", f"{p.close_s:.2f}"]
        cells += [f"{p.rows / p.seconds:,.0f}", f"{1e6 * p.seconds / p.rows:.2f}", f"{p.cpu_s:.1f}"]
        cells += [f"{1e6 * p.cpu_s / p.rows:.2f}"]
        cells += [f"{p.start_mb:,.0f}", f"{p.peak_mb_import:,.0f}", f"{p.peak_mb:,.0f}"]
        cells += [f"{p.store_mb:,.0f}", f"{p.gen_s:.1f}"]
        print(" ".join(f"{c:>{max(len(h), 7)}s}" for c, h in zip(cells, heads, strict=True)))
    if stop:
        print(stop)


def scale_verdicts(points: list[ScalePoint]) -> list[str]:
    """Linear cost: CPU seconds per row (every thread of the child; wall time depends on what else the
    machine runs) at the largest K at most 1.5x those at K=10 (K=1 carries the fixed costs of a run);
    flat memory: the peak of the import (the child's resident set when the import ends) at the largest K at
    most 1.5x the smallest K's; the peak of the whole child (with the aggregation, whose scan of the table
    DuckDB caches up to its memory limit) is printed beside it."""
    if len(points) < 2:
        return []
    big, small = points[-1], points[0]
    lines = []
    ten = next((p for p in points if p.k >= 10), None)
    if ten is not None and ten is not big:
        growth = (big.cpu_s / big.rows) / (ten.cpu_s / ten.rows)
        wall = (big.seconds / big.rows) / (ten.seconds / ten.rows)
        lines.append(
            f"target: CPU cost per row, K={big.k:,} / K={ten.k:,} = {growth:.2f} (wall: {wall:.2f}) "
            "(linear: at most 1.5): " + _verdict(growth <= 1.5)
        )
    mem = big.peak_mb_import / small.peak_mb_import
    lines.append(
        f"target: peak memory of the import, K={big.k:,} / K={small.k:,} = {big.peak_mb_import:,.0f} / "
        f"{small.peak_mb_import:,.0f} MB = {mem:.2f} (flat: at most 1.5): " + _verdict(mem <= 1.5)
    )
    print(
        f"peak memory with the aggregation, K={big.k:,} / K={small.k:,} = {big.peak_mb:,.0f} / "
        f"{small.peak_mb:,.0f} MB = {big.peak_mb / small.peak_mb:.2f}"
    )
    return lines


def run_scale(
    files: list[Path], ks: list[int], spark_at: int | None, work: Path, memory_limit_mb: int = 0
) -> list[str]:
    sparks: dict[str, float] = {}

    def on_store(k: int, store_path: Path) -> None:
        if k == spark_at:
            sparks.update(spark_beside_duckdb(store_path, work))

    limit = f"; DuckDB memory_limit {memory_limit_mb} MB (experiment)" if memory_limit_mb else ""
    print(f"scale: K copies of the {len(files)} files (ids and dates shifted), a child imports each K{limit}")
    points, stop = scale_series(files, ks, work, on_store, memory_limit_mb=memory_limit_mb)
    print_scale(points, stop)
    lines = scale_verdicts(points)
    if sparks:
        print(
            f"same Ibis dyad-month aggregation at K={spark_at}: "
            f"DuckDB (the store) {sparks['duckdb_s']:.2f} s, "
            f"PySpark local[2] (Parquet export of the table) {sparks['spark_s']:.2f} s "
            f"(+{sparks['spark_start_s']:.1f} s session start); {sparks['dyad_months']:,.0f} dyad-months, "
            "identical"
        )
    elif spark_at:
        print(f"no Spark comparison: K={spark_at} was not reached")
    return lines
