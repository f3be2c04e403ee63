"""The monitor's store tables: series points, detector states, alerts and its own settings.

All four are written in the same transaction as the file whose arrival changed them, so the store is
always in the state of "files 1..k fully processed" (see :mod:`multivector.monitor.engine`).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import duckdb
import pandas as pd

from multivector.dimensions import MONITOR_ALERTS, MONITOR_DETECTORS, MONITOR_SERIES, MONITOR_STATE
from multivector.errors import StoreError
from multivector.store.files import first_row

__all__ = [
    "ALERT_COLUMNS",
    "DETECTOR_COLUMNS",
    "SERIES_COLUMNS",
    "check_settings",
    "closed_through",
    "ensure_tables",
    "reset",
    "set_closed_through",
    "write_series",
]

#: ``monitor_series``: one row per (country, power, freq, period) point; ``p_<series>`` is the detector's
#: probability of a recent change after that point (NULL when the series was not fed or still warming up).
#: Event series (freq day, week) fill the event columns; UN vote series (freq session) agreement, n_votes.
SERIES_COLUMNS: dict[str, str] = {
    "iso3": "VARCHAR",
    "power": "VARCHAR",
    "freq": "VARCHAR",
    "period": "DATE",
    "events": "BIGINT",
    "coop_events": "BIGINT",
    "goldstein_sum": "DOUBLE",
    "tone_sum": "DOUBLE",
    "sources": "BIGINT",
    "coop_share": "DOUBLE",
    "goldstein_mean": "DOUBLE",
    "tone_mean": "DOUBLE",
    "minutes": "DOUBLE",
    "events_per_day": "DOUBLE",
    "enough": "BOOLEAN",
    "revised": "BOOLEAN",
    "p_events": "DOUBLE",
    "p_coop_share": "DOUBLE",
    "p_goldstein": "DOUBLE",
    "p_tone": "DOUBLE",
    "agreement": "DOUBLE",
    "agreement_median": "DOUBLE",
    "n_votes": "BIGINT",
    "p_agreement": "DOUBLE",
}
#: ``monitor_detectors``: the state of one detector (see :class:`multivector.monitor.bocpd.DetectorState`).
DETECTOR_COLUMNS: dict[str, str] = {
    "freq": "VARCHAR",
    "series": "VARCHAR",
    "iso3": "VARCHAR",
    "power": "VARCHAR",
    "n": "BIGINT",
    "armed": "BOOLEAN",
    "base": "BIGINT",
    "mu0": "DOUBLE",
    "beta0": "DOUBLE",
    "min_scale": "DOUBLE",
    "bucket_n": "DOUBLE",
    "bucket_s1": "DOUBLE",
    "bucket_s2": "DOUBLE",
    "buf": "BLOB",
    "logp": "BLOB",
    "periods": "BLOB",
}
#: ``monitor_alerts``: one row per detected shift.
ALERT_COLUMNS: dict[str, str] = {
    "alert_id": "VARCHAR",
    "iso3": "VARCHAR",
    "power": "VARCHAR",
    "freq": "VARCHAR",
    "series": "VARCHAR",
    "period": "DATE",
    "change_period": "DATE",
    "direction": "VARCHAR",
    "size": "DOUBLE",
    "size_sd": "DOUBLE",
    "before_mean": "DOUBLE",
    "after_mean": "DOUBLE",
    "probability": "DOUBLE",
    "n_before": "BIGINT",
    "n_after": "BIGINT",
    "events": "BIGINT",
    "evidence": "VARCHAR",
    "state": "VARCHAR",
    "detected_by": "VARCHAR",
    "created_at": "TIMESTAMP",
    "webhook": "VARCHAR",
}
_STATE_COLUMNS = {"key": "VARCHAR", "value": "VARCHAR"}


def _create(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, str]) -> None:
    cols = ", ".join(f"{k} {v}" for k, v in columns.items())
    con.execute(f"CREATE TABLE IF NOT EXISTS {table} ({cols})")


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the monitor's tables if absent."""
    _create(con, MONITOR_SERIES, SERIES_COLUMNS)
    _create(con, MONITOR_DETECTORS, DETECTOR_COLUMNS)
    _create(con, MONITOR_ALERTS, ALERT_COLUMNS)
    _create(con, MONITOR_STATE, _STATE_COLUMNS)


def _get(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    row = first_row(con.execute(f"SELECT value FROM {MONITOR_STATE} WHERE key = ?", [key]).fetchall())
    return None if row is None else str(row[0])


def _set(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute(f"DELETE FROM {MONITOR_STATE} WHERE key = ?", [key])
    con.execute(f"INSERT INTO {MONITOR_STATE} VALUES (?, ?)", [key, value])


def closed_through(con: duckdb.DuckDBPyConnection, freq: str) -> date | None:
    """The last period of ``freq`` the monitor has closed (its points final and detected), or None."""
    value = _get(con, f"closed_{freq}")
    return date.fromisoformat(value) if value else None


def set_closed_through(con: duckdb.DuckDBPyConnection, freq: str, period: date) -> None:
    """Record that every period of ``freq`` up to ``period`` is closed."""
    _set(con, f"closed_{freq}", period.isoformat())


def check_settings(con: duckdb.DuckDBPyConnection, settings: dict[str, Any]) -> None:
    """Record the detector settings on first use; a later run with other settings is refused (its
    detectors would continue states built under the first ones)."""
    text = json.dumps(settings, sort_keys=True)
    stored = _get(con, "settings")
    if stored is None:
        _set(con, "settings", text)
        return
    if stored != text:
        raise StoreError(
            "the monitor's detectors in this store were built with other settings"
            f" ({stored}); run `multivector monitor reset` to rebuild them with the new ones"
        )


def reset(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the monitor's series, detectors, alerts and settings (the imported events stay)."""
    for table in (MONITOR_SERIES, MONITOR_DETECTORS, MONITOR_ALERTS, MONITOR_STATE):
        con.execute(f"DROP TABLE IF EXISTS {table}")


def write_series(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> None:
    """Append series points (columns of :data:`SERIES_COLUMNS`; missing ones are NULL)."""
    if rows.empty:
        return
    frame = rows.reindex(columns=list(SERIES_COLUMNS))
    con.register("_mv_series", frame)
    try:
        cols = ", ".join(SERIES_COLUMNS)
        casts = ", ".join(f"CAST({c} AS {t})" for c, t in SERIES_COLUMNS.items())
        con.execute(f"INSERT INTO {MONITOR_SERIES} ({cols}) SELECT {casts} FROM _mv_series")
    finally:
        con.unregister("_mv_series")
