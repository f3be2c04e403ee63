"""What the monitor has done so far: files by state, closed periods, detectors, alerts, quarantined files."""

from __future__ import annotations

import json
from typing import Any

import duckdb

from multivector.dimensions import GDELT_FILES, MONITOR_ALERTS, MONITOR_DETECTORS, MONITOR_STATE
from multivector.store.files import first_row

__all__ = ["monitor_status"]


def _has(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    row = first_row(
        con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?",
            [table],
        ).fetchall()
    )
    return bool(row and row[0])


def monitor_status(con: duckdb.DuckDBPyConnection, quarantined_max: int = 50) -> dict[str, Any]:
    """A JSON-ready summary (works read-only, and on a store the monitor has not run on)."""
    out: dict[str, Any] = {
        "files": {},
        "rows_kept": 0,
        "last_file_time": None,
        "closed_through": {},
        "detectors": {},
        "alerts": {},
        "settings": None,
        "quarantined": [],
    }
    if _has(con, GDELT_FILES):
        out["files"] = dict(con.execute(f"SELECT state, count(*) FROM {GDELT_FILES} GROUP BY 1").fetchall())
        row = first_row(
            con.execute(
                f"SELECT coalesce(sum(rows_kept), 0), max(file_time) FROM {GDELT_FILES}"
                " WHERE state = 'imported'"
            ).fetchall()
        )
        if row is not None:
            out["rows_kept"], out["last_file_time"] = int(row[0]), row[1]
        out["quarantined"] = [
            {"name": n, "reason": r, "file_time": t}
            for n, r, t in con.execute(
                f"SELECT name, reason, file_time FROM {GDELT_FILES} WHERE state = 'quarantined'"
                f" ORDER BY file_time DESC NULLS LAST, name LIMIT {int(quarantined_max)}"
            ).fetchall()
        ]
    if _has(con, MONITOR_STATE):
        for key, value in con.execute(f"SELECT key, value FROM {MONITOR_STATE} ORDER BY key").fetchall():
            if key.startswith("closed_"):
                out["closed_through"][key[len("closed_") :]] = value
            elif key == "settings":
                out["settings"] = json.loads(value)
    if _has(con, MONITOR_DETECTORS):
        for freq, series, n, live in con.execute(
            f"SELECT freq, series, count(*), count(*) FILTER (WHERE NOT isnan(mu0)) FROM {MONITOR_DETECTORS}"
            " GROUP BY 1, 2 ORDER BY 1, 2"
        ).fetchall():
            out["detectors"][f"{freq}/{series}"] = {"series": int(n), "past_warmup": int(live)}
    if _has(con, MONITOR_ALERTS):
        out["alerts"] = dict(
            con.execute(f"SELECT state, count(*) FROM {MONITOR_ALERTS} GROUP BY 1").fetchall()
        )
    return out
