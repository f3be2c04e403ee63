"""Backfill: build the event series of a whole history at once, then run the detectors through it in time
order, exactly as the monitor would have file by file.

The points come from :func:`multivector.monitor.series.event_points` on DuckDB (the store itself) or on
local PySpark through Ibis (``backend="spark"``: the events are exported to Parquet and read by Spark; the
same expression, for histories too large for one machine's DuckDB). The detection then goes period by period
through :meth:`Monitor.detect_period`, the code the monitor runs when a period closes, so a backfill and a
file-by-file replay of the same files give the same series, detector states and alerts (tested).
"""

from __future__ import annotations

import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

import ibis
import pandas as pd

from multivector.dimensions import GDELT_EVENTS, GDELT_FILES
from multivector.errors import InputError, StoreError
from multivector.monitor import tables
from multivector.monitor.alerts import insert_alerts
from multivector.monitor.bank import DetectorBank
from multivector.monitor.engine import Monitor, MonitorConfig
from multivector.monitor.series import event_points, finish_points, period_of
from multivector.query.spark import local_session, table_from_parquet
from multivector.store.db import Store

__all__ = ["BACKENDS", "backfill", "points_on"]

BACKENDS: tuple[str, ...] = ("duckdb", "spark")


def points_on(store: Store, freq: str, backend: str = "duckdb") -> pd.DataFrame:
    """:func:`event_points` of every stored event, computed on ``backend``."""
    if backend == "duckdb":
        t = ibis.duckdb.from_connection(store._connection()).table(GDELT_EVENTS)
        return event_points(t, freq).execute()
    if backend == "spark":
        return _spark_points(store, freq)
    raise InputError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")


def _spark_points(store: Store, freq: str) -> pd.DataFrame:
    spark = local_session(app="multivector-backfill")
    with tempfile.TemporaryDirectory(prefix="mv_backfill_") as tmp:
        parquet = Path(tmp) / "events.parquet"
        store._connection().execute(f"COPY {GDELT_EVENTS} TO '{parquet}' (FORMAT parquet)")
        out: pd.DataFrame = event_points(table_from_parquet(spark, parquet, GDELT_EVENTS), freq).execute()
    return out


def _coverage(store: Store, freqs: tuple[str, ...]) -> tuple[dict[str, dict[date, float]], datetime | None]:
    rows = (
        store._connection()
        .execute(
            f"SELECT file_time, minutes FROM {GDELT_FILES} WHERE state = 'imported' AND minutes IS NOT NULL"
            " AND file_time IS NOT NULL"
        )
        .fetchall()
    )
    if not rows:
        return {f: {} for f in freqs}, None
    latest = max(r[0] for r in rows)
    out: dict[str, dict[date, float]] = {}
    for freq in freqs:
        current = period_of(latest, freq)
        minutes: dict[date, float] = {}
        for t, m in rows:
            p = period_of(t, freq)
            if p < current:
                minutes[p] = minutes.get(p, 0.0) + float(m)
        out[freq] = minutes
    return out, latest


def backfill(store: Store, backend: str = "duckdb", config: MonitorConfig | None = None) -> dict[str, Any]:
    """Build the event series, detector states and alerts of every closed period, in one transaction.

    Refuses a store whose monitor has already closed event periods (run ``monitor reset`` first)."""
    start = time.perf_counter()
    mon = Monitor(store, config)
    con = store._connection()
    if any(tables.closed_through(con, f) is not None for f in mon.config.freqs):
        raise StoreError(
            "the monitor has already closed periods in this store; run `multivector monitor reset --yes`"
            " before a backfill"
        )
    coverage, _latest = _coverage(store, mon.config.freqs)
    points = {f: finish_points(points_on(store, f, backend), coverage[f], f) for f in mon.config.freqs}
    added: list[str] = []
    con.begin()
    try:
        for freq in mon.config.freqs:
            bank = DetectorBank.load(con, freq, mon.config.detector)
            pts_all = points[freq]
            for p in sorted(coverage[freq]):
                pts = pts_all[pts_all["period"] == p].reset_index(drop=True)
                rows, records = mon.detect_period(bank, freq, p, pts, coverage[freq][p])
                for rec in records:
                    mon.attach_evidence(con, rec, "backfill")
                tables.write_series(con, rows)
                added += insert_alerts(con, records)
                tables.set_closed_through(con, freq, p)
            bank.save(con)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return {
        "backend": backend,
        "periods_closed": {f: len(coverage[f]) for f in mon.config.freqs},
        "points": {f: len(points[f]) for f in mon.config.freqs},
        "alerts_added": len(added),
        "seconds": round(time.perf_counter() - start, 3),
    }
