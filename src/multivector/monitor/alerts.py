"""Alerts: a detected shift in one series of one (country, power) pair, with the events behind it.

An alert names the country, the power, the series, the period in which it was detected and the period
the change began in, the direction and size (the mean of the points since the change minus the mean of up
to 30 points before it, also in standard deviations of those), the detector's probability, and the
evidence: the pair's events in the new regime with their source URLs (one per URL, at most
``evidence_cap``; for a fall in cooperation, Goldstein or tone the most negative first, for a rise the
most positive, for the events count the most reported). Its id is a hash of (country, power, frequency,
series, change period), so the same shift is stored once however often it is detected. State: ``new``
until marked ``seen``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from multivector.dimensions import GDELT_EVENTS, MONITOR_ALERTS
from multivector.errors import InputError
from multivector.monitor.bocpd import StepResult
from multivector.monitor.tables import ALERT_COLUMNS
from multivector.powers import EU27, EU27_MEMBERS
from multivector.store.files import first_row

__all__ = [
    "ALERT_STATES",
    "alarm_record",
    "alert_id",
    "evidence",
    "insert_alerts",
    "list_alerts",
    "mark_seen",
    "period_end",
]

ALERT_STATES: tuple[str, ...] = ("new", "seen")
#: Evidence order per (series, direction): the SQL ORDER BY of the events shown.
_ORDER = {
    ("goldstein", "down"): "goldstein ASC",
    ("goldstein", "up"): "goldstein DESC",
    ("coop_share", "down"): "quad_class DESC, goldstein ASC",
    ("coop_share", "up"): "quad_class ASC, goldstein DESC",
    ("tone", "down"): "avg_tone ASC",
    ("tone", "up"): "avg_tone DESC",
}


def alert_id(iso3: str, power: str, freq: str, series: str, change_period: date) -> str:
    """The id of a shift: the same (country, power, freq, series, change period) is one alert."""
    key = f"{iso3}|{power}|{freq}|{series}|{change_period.isoformat()}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _power_codes(power: str) -> list[str]:
    return [EU27, *sorted(EU27_MEMBERS)] if power == EU27 else [power]


def evidence(
    con: duckdb.DuckDBPyConnection,
    iso3: str,
    power: str,
    start: date,
    end: date,
    series: str,
    direction: str,
    cap: int,
) -> tuple[list[dict[str, Any]], int]:
    """The pair's events added in [start, end) with a source URL, one per URL: (the first ``cap``, how
    many there are)."""
    codes = _power_codes(power)
    marks = ", ".join("?" * len(codes))
    order = _ORDER.get((series, direction), "num_mentions DESC, num_sources DESC")
    sql = f"""
        WITH pair AS (
            SELECT *, count(*) OVER () AS total FROM (
                SELECT * FROM {GDELT_EVENTS}
                WHERE dateadded >= ? AND dateadded < ? AND source_url IS NOT NULL
                  AND actor1_iso3 <> actor2_iso3
                  AND ((actor1_iso3 = ? AND actor2_iso3 IN ({marks}))
                       OR (actor2_iso3 = ? AND actor1_iso3 IN ({marks})))
                QUALIFY row_number() OVER (
                    PARTITION BY source_url ORDER BY num_mentions DESC, globaleventid) = 1
            )
        )
        SELECT globaleventid, sqldate, dateadded, actor1_code, actor1_iso3, actor2_code, actor2_iso3,
               event_code, quad_class, goldstein, avg_tone, num_mentions, source_url, total
        FROM pair ORDER BY {order}, num_mentions DESC, globaleventid LIMIT {int(cap)}
    """
    begin = datetime(start.year, start.month, start.day)
    finish = datetime(end.year, end.month, end.day)
    rows = con.execute(sql, [begin, finish, iso3, *codes, iso3, *codes]).fetchall()
    items = [
        {
            "event_id": int(r[0]),
            "date": r[1].isoformat() if r[1] else None,
            "added": r[2].isoformat() if r[2] else None,
            "actor1": r[3],
            "actor1_iso3": r[4],
            "actor2": r[5],
            "actor2_iso3": r[6],
            "event_code": r[7],
            "quad_class": r[8],
            "goldstein": r[9],
            "tone": r[10],
            "mentions": r[11],
            "url": r[12],
        }
        for r in rows
    ]
    total = int(rows[0][13]) if rows else 0
    return items, total


def alarm_record(
    iso3: str,
    power: str,
    freq: str,
    series: str,
    period: date,
    change: date,
    res: StepResult,
    j: int,
    floor: float,
) -> dict[str, Any]:
    """The alert record (without evidence) of alarm ``j`` of a detector step; ``floor`` is the smallest
    standard deviation the size is divided by."""
    size = float(res.after_mean[j] - res.before_mean[j])
    sd = float(res.before_sd[j])
    run = int(res.run[j])
    return {
        "alert_id": alert_id(iso3, power, freq, series, change),
        "iso3": iso3,
        "power": power,
        "freq": freq,
        "series": series,
        "period": period,
        "change_period": change,
        "direction": "up" if size > 0 else "down",
        "size": size,
        "size_sd": size / max(sd, floor) if np.isfinite(sd) else None,
        "before_mean": float(res.before_mean[j]),
        "after_mean": float(res.after_mean[j]),
        "probability": float(res.prob[j]),
        "n_before": int(res.n_before[j]),
        "n_after": run + 1,
        "state": "new",
        "webhook": "none",
    }


def period_end(period: date, freq: str) -> date:
    """The day after the last day of a period."""
    return period + timedelta(days=7 if freq == "week" else 1)


def insert_alerts(con: duckdb.DuckDBPyConnection, records: Sequence[dict[str, Any]]) -> list[str]:
    """Store alert records whose id is not stored yet; returns the ids added."""
    if not records:
        return []
    ids = [str(r["alert_id"]) for r in records]
    marks = ", ".join("?" * len(ids))
    sql = f"SELECT alert_id FROM {MONITOR_ALERTS} WHERE alert_id IN ({marks})"
    have = {r[0] for r in con.execute(sql, ids).fetchall()}
    fresh = [r for r in dict((str(r["alert_id"]), r) for r in records).values() if r["alert_id"] not in have]
    if not fresh:
        return []
    frame = pd.DataFrame([{c: r.get(c) for c in ALERT_COLUMNS} for r in fresh], columns=list(ALERT_COLUMNS))
    con.register("_mv_alerts", frame)
    try:
        cols = ", ".join(ALERT_COLUMNS)
        casts = ", ".join(f"CAST({c} AS {t})" for c, t in ALERT_COLUMNS.items())
        con.execute(f"INSERT INTO {MONITOR_ALERTS} ({cols}) SELECT {casts} FROM _mv_alerts")
    finally:
        con.unregister("_mv_alerts")
    return [str(r["alert_id"]) for r in fresh]


def list_alerts(
    con: duckdb.DuckDBPyConnection,
    since: date | None = None,
    country: str | None = None,
    power: str | None = None,
    state: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Stored alerts, newest period first, optionally filtered; each with its evidence parsed."""
    where: list[str] = []
    params: list[object] = []
    if since is not None:
        where.append("period >= ?")
        params.append(since)
    if country is not None:
        where.append("iso3 = ?")
        params.append(country)
    if power is not None:
        where.append("power = ?")
        params.append(power)
    if state is not None:
        if state not in ALERT_STATES:
            raise InputError(f"state must be one of {', '.join(ALERT_STATES)}, not {state!r}")
        where.append("state = ?")
        params.append(state)
    sql = f"SELECT {', '.join(ALERT_COLUMNS)} FROM {MONITOR_ALERTS}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY period DESC, probability DESC, alert_id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    out = []
    for row in con.execute(sql, params).fetchall():
        rec = dict(zip(ALERT_COLUMNS, row, strict=True))
        rec["evidence"] = json.loads(rec["evidence"] or "[]")
        for key in ("period", "change_period", "created_at"):
            if rec[key] is not None:
                rec[key] = rec[key].isoformat()
        out.append(rec)
    return out


def mark_seen(con: duckdb.DuckDBPyConnection, ids: Sequence[str] | None = None) -> int:
    """Mark alerts ``seen`` (all new ones when ``ids`` is None); returns how many changed."""
    if ids is None:
        row = first_row(con.execute(f"SELECT count(*) FROM {MONITOR_ALERTS} WHERE state = 'new'").fetchall())
        con.execute(f"UPDATE {MONITOR_ALERTS} SET state = 'seen' WHERE state = 'new'")
        return int(row[0]) if row else 0
    if not ids:
        return 0
    marks = ", ".join("?" * len(ids))
    row = first_row(
        con.execute(
            f"SELECT count(*) FROM {MONITOR_ALERTS} WHERE state = 'new' AND alert_id IN ({marks})", list(ids)
        ).fetchall()
    )
    con.execute(f"UPDATE {MONITOR_ALERTS} SET state = 'seen' WHERE alert_id IN ({marks})", list(ids))
    return int(row[0]) if row else 0


def now() -> datetime:
    """The current UTC time without time zone (as stored)."""
    return datetime.now(UTC).replace(tzinfo=None)
