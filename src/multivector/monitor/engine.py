"""The monitor's heart: each arriving file is imported, closes the periods it ends, updates the series and
their detectors and stores the alerts, all in ONE transaction.

Time moves with the files. A period (a day, a week) is *open* while files of it may still arrive and
*closed* once a file of a later period has been imported: its points are then final, they are computed
once (:func:`multivector.monitor.series.event_points` over the period's events) and fed to the detectors.
So after any file the store holds "files 1..k imported, every period before file k's closed and detected";
a ``kill -9`` rolls back at most the file in progress, and a restart continues exactly where an
uninterrupted run would be (no duplicate rows, no skipped file, the same detector states and alerts).

A file that arrives after its period was closed (late, or imported by ``data import`` before a monitor
run) adds its rows and revises that period's stored point (``revised = true``); the detectors are not
re-run over history (they are online: each point is seen once).
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
import ibis
import numpy as np
import pandas as pd

from multivector.dimensions import GDELT_EVENTS, GDELT_FILES, MONITOR_SERIES, UNGA_VOTES
from multivector.errors import StoreError
from multivector.monitor import tables
from multivector.monitor.alerts import alarm_record, evidence, insert_alerts, now, period_end
from multivector.monitor.bank import DetectorBank, Key
from multivector.monitor.bocpd import DetectorConfig, StepResult
from multivector.monitor.series import (
    FREQS,
    MIN_SCALE,
    SERIES,
    MinimumEvidence,
    detector_input,
    event_points,
    finish_points,
    period_of,
)
from multivector.monitor.tables import write_series
from multivector.monitor.unvotes import sync_votes
from multivector.sources import gdelt
from multivector.store.db import Store
from multivector.store.files import (
    FileOutcome,
    Published,
    ensure_files_table,
    first_row,
    ingest_file,
    time_ordered,
)

__all__ = ["FileReport", "Monitor", "MonitorConfig", "RunReport"]


@dataclass(frozen=True)
class MonitorConfig:
    """The monitor's settings: the detector, the minimum evidence, the period lengths, the evidence cap."""

    detector: DetectorConfig = field(default_factory=DetectorConfig)
    evidence: MinimumEvidence = field(default_factory=MinimumEvidence)
    freqs: tuple[str, ...] = FREQS
    evidence_cap: int = 10

    def settings(self) -> dict[str, Any]:
        """What the stored detectors depend on (a store refuses a run with other settings)."""
        return {
            "detector": dataclasses.asdict(self.detector),
            "evidence": dataclasses.asdict(self.evidence),
            "freqs": list(self.freqs),
        }


@dataclass(frozen=True)
class FileReport:
    """One file of a run: what its import did, the alerts it raised and how long it took (seconds)."""

    outcome: FileOutcome
    alerts: tuple[str, ...] = ()
    seconds: float = 0.0


@dataclass
class RunReport:
    """A run over files (replay, watch, follow): per-file reports and their totals."""

    files: list[FileReport] = field(default_factory=list)

    @property
    def processed(self) -> list[FileReport]:
        """Files new to the store in this run (imported, replaced or quarantined)."""
        return [f for f in self.files if f.outcome.state != "unchanged"]

    def as_dict(self) -> dict[str, Any]:
        """The run's figures: files processed, skipped and quarantined, rows and alerts added, and the
        per-file time (import, series update and detection for all countries, commit)."""
        seconds = np.array([f.seconds for f in self.processed], np.float64)
        quarantined = [f.outcome for f in self.files if f.outcome.state == "quarantined"]
        return {
            "files_processed": len(self.processed),
            "files_skipped": len(self.files) - len(self.processed),
            "files_quarantined": len(quarantined),
            "rows_added": sum(f.outcome.rows_kept for f in self.files if f.outcome.added),
            "alerts_added": sum(len(f.alerts) for f in self.files),
            "per_file_seconds_p50": round(float(np.percentile(seconds, 50)), 4) if len(seconds) else None,
            "per_file_seconds_p95": round(float(np.percentile(seconds, 95)), 4) if len(seconds) else None,
            "per_file_seconds_max": round(float(seconds.max()), 4) if len(seconds) else None,
            "seconds": round(float(seconds.sum()), 3),
            "quarantined": [{"file": o.name, "reason": o.reason} for o in quarantined],
        }


_WINDOW = "_mv_event_window"


@lru_cache(maxsize=4)
def _points_sql(freq: str) -> str:
    """The SQL of :func:`event_points` over the temporary view of one window of events."""
    from multivector.sources.gdelt import EVENT_COLUMNS

    kinds = {
        "BIGINT": "int64",
        "INTEGER": "int32",
        "DOUBLE": "float64",
        "VARCHAR": "string",
        "DATE": "date",
        "TIMESTAMP": "timestamp",
        "BOOLEAN": "boolean",
    }
    window = ibis.table({k: kinds[v] for k, v in EVENT_COLUMNS.items()}, name=_WINDOW)
    return str(ibis.to_sql(event_points(window, freq), dialect="duckdb"))


def _start_of(period: date) -> datetime:
    return datetime(period.year, period.month, period.day)


class Monitor:
    """The monitor on a writable :class:`Store` (see the module docstring)."""

    def __init__(self, store: Store, config: MonitorConfig | None = None) -> None:
        if store.read_only:
            raise StoreError(f"the monitor writes to the store; {store.path} was opened read-only")
        self.store = store
        self.config = config or MonitorConfig()
        self._con = store._connection()
        with self._transaction("setup"):
            ensure_files_table(self._con)
            tables.ensure_tables(self._con)
            tables.check_settings(self._con, self.config.settings())

    @contextmanager
    def _transaction(self, what: str) -> Iterator[duckdb.DuckDBPyConnection]:
        con = self._con
        con.begin()
        try:
            yield con
            con.commit()
        except BaseException as exc:
            con.rollback()
            if isinstance(exc, duckdb.Error):
                raise StoreError(
                    f"the monitor failed on {what}; the store is unchanged for it: {exc}"
                ) from exc
            raise

    # -- files ------------------------------------------------------------------------------------------
    def process(self, path: str | Path, published: Published | None = None) -> FileReport:
        """Import one file, close the periods it ends, update series and detectors, store alerts: one
        transaction. Quarantined files (missing, empty, corrupt, checksum mismatch) are recorded and
        change nothing else."""
        start = time.perf_counter()
        with self._transaction(str(path)) as con:
            outcome = ingest_file(con, path, published)
            if outcome.added:
                self._revise_late(con, outcome)
            added = self._close_pending(con, trigger=outcome.name)
        return FileReport(outcome, tuple(added), time.perf_counter() - start)

    def replay(self, directory: str | Path, on_file: Callable[[FileReport], None] | None = None) -> RunReport:
        """Process the event files under ``directory`` in time order, as if they arrived one by one."""
        report = RunReport()
        for f in time_ordered(gdelt.find_event_files(directory)):
            rep = self.process(f)
            report.files.append(rep)
            if on_file is not None:
                on_file(rep)
        return report

    def sync_votes(self) -> list[str]:
        """Close the UN sessions stored since the last sync (see :mod:`multivector.monitor.unvotes`);
        returns the ids of the alerts added. One transaction."""
        with self._transaction("UN votes") as con:
            return sync_votes(con, self.config.detector, self.config.evidence_cap, UNGA_VOTES)

    def record_missing(self, name: str, reason: str, published: Published | None = None) -> FileReport:
        """Quarantine a listed file that could not be obtained (e.g. a download that failed)."""
        from multivector.store.files import quarantine_file

        with self._transaction(name) as con:
            outcome = quarantine_file(con, name, "", reason, published)
        return FileReport(outcome)

    # -- periods ----------------------------------------------------------------------------------------
    def _day_minutes(self, con: duckdb.DuckDBPyConnection, after: date | None) -> dict[date, float]:
        """News minutes covered by the imported files of each day after ``after`` (all days if None)."""
        sql = (
            f"SELECT CAST(file_time AS DATE), sum(minutes) FROM {GDELT_FILES} WHERE state = 'imported'"
            " AND minutes IS NOT NULL AND file_time IS NOT NULL"
        )
        params: list[object] = []
        if after is not None:
            sql += " AND file_time >= ?"
            params.append(_start_of(after))
        return {d: float(m) for d, m in con.execute(sql + " GROUP BY 1", params).fetchall()}

    def _close_pending(self, con: duckdb.DuckDBPyConnection, trigger: str) -> list[str]:
        row = first_row(
            con.execute(
                f"SELECT max(file_time) FROM {GDELT_FILES} WHERE state = 'imported' AND minutes IS NOT NULL"
            ).fetchall()
        )
        if row is None or row[0] is None:
            return []
        latest = row[0]
        closed = {freq: tables.closed_through(con, freq) for freq in self.config.freqs}
        if all(c is not None and period_of(latest, f) <= period_end(c, f) for f, c in closed.items()):
            return []  # the latest file is in the first open period of every length: nothing to close
        known = [c for c in closed.values() if c is not None]
        days = self._day_minutes(con, min(known) if len(known) == len(closed) else None)
        added: list[str] = []
        for freq in self.config.freqs:
            current = period_of(latest, freq)
            minutes: dict[date, float] = {}
            last = closed[freq]
            for d, m in days.items():
                p = period_of(d, freq)
                if p < current and (last is None or p > last):
                    minutes[p] = minutes.get(p, 0.0) + m
            if minutes:
                added += self._close(con, freq, sorted(minutes), minutes, trigger)
        return added

    def _points(self, con: duckdb.DuckDBPyConnection, freq: str, first: date, last: date) -> pd.DataFrame:
        """:func:`event_points` of the events added in [first, end of last): the Ibis expression compiled
        once per process, run on a view of that window (compiling it is what would cost time per file)."""
        begin, end = _start_of(first), _start_of(period_end(last, freq))
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {_WINDOW} AS SELECT * FROM {GDELT_EVENTS}"
            f" WHERE dateadded >= TIMESTAMP '{begin.isoformat(sep=' ')}'"
            f" AND dateadded < TIMESTAMP '{end.isoformat(sep=' ')}'"
        )
        return con.execute(_points_sql(freq)).df()

    def _close(
        self,
        con: duckdb.DuckDBPyConnection,
        freq: str,
        periods: list[date],
        minutes: dict[date, float],
        trigger: str,
    ) -> list[str]:
        points = finish_points(self._points(con, freq, periods[0], periods[-1]), minutes, freq)
        bank = DetectorBank.load(con, freq, self.config.detector)
        added: list[str] = []
        for p in periods:
            pts = points[points["period"] == p].reset_index(drop=True)
            rows, records = self.detect_period(bank, freq, p, pts, minutes[p])
            for rec in records:
                self.attach_evidence(con, rec, trigger)
            write_series(con, rows)
            added += insert_alerts(con, records)
            tables.set_closed_through(con, freq, p)
        bank.save(con)
        return added

    def detect_period(
        self, bank: DetectorBank, freq: str, period: date, pts: pd.DataFrame, minutes: float
    ) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
        """Feed one closed period's points to the detectors: returns the series rows (with the detectors'
        probabilities) and the alert records (without evidence). Used by the monitor and by backfills."""
        ev = self.config.evidence
        pts = pts.copy()
        have = set(zip(pts["iso3"], pts["power"], strict=True))
        quiet = [(k[1], k[2]) for _i, k in bank.rows_of("events") if (k[1], k[2]) not in have]
        # an established pair with no event in a covered period: a zero, which is news too
        if quiet and ev.covered(minutes, freq):
            zeros = pd.DataFrame({"iso3": [q[0] for q in quiet], "power": [q[1] for q in quiet]})
            zeros = zeros.assign(
                period=period,
                events=0,
                coop_events=0,
                goldstein_sum=0.0,
                tone_sum=0.0,
                sources=0,
                coop_share=np.nan,
                goldstein_mean=np.nan,
                tone_mean=np.nan,
                minutes=minutes,
                events_per_day=0.0,
                freq=freq,
            )
            pts = pd.concat([pts, zeros], ignore_index=True)
        pts["enough"] = (pts["events"] >= ev.min_events) & (pts["sources"] >= ev.min_sources)
        pts["revised"] = False
        records: list[dict[str, Any]] = []
        covered = ev.covered(minutes, freq)
        for series in SERIES:
            pts[f"p_{series}"] = np.nan
            keys: list[Key] = [(series, a, b) for a, b in zip(pts["iso3"], pts["power"], strict=True)]
            feed = pts["enough"].to_numpy().copy()
            if series == "events":  # the count: once established, every covered period (0 events too)
                known = np.array([k in bank for k in keys], np.bool_)
                feed = (feed | known) & covered
            if not feed.any():
                continue
            fed_keys = [k for k, f in zip(keys, feed, strict=True) if f]
            rows = bank.ensure(fed_keys, np.full(len(fed_keys), MIN_SCALE[series]))
            result = bank.update(rows, detector_input(pts[feed], series), period)
            pts.loc[feed, f"p_{series}"] = result.prob
            records += self._alarms(bank, freq, period, rows, fed_keys, result)
        return pts, records

    def _alarms(
        self, bank: DetectorBank, freq: str, period: date, rows: np.ndarray, keys: list[Key], res: StepResult
    ) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for j in np.flatnonzero(res.alarm):
            series, iso3, power = keys[j]
            change = bank.change_period(int(rows[j]), int(res.run[j]))
            out.append(
                alarm_record(iso3, power, freq, series, period, change, res, int(j), MIN_SCALE[series])
            )
        return out

    def attach_evidence(self, con: duckdb.DuckDBPyConnection, rec: dict[str, Any], trigger: str) -> None:
        """Fill an alert record's evidence (the pair's events since the change, capped), ``events`` (how
        many there are), ``detected_by`` (the file whose arrival raised it) and ``created_at``."""
        items, total = evidence(
            con,
            rec["iso3"],
            rec["power"],
            rec["change_period"],
            period_end(rec["period"], rec["freq"]),
            rec["series"],
            rec["direction"],
            self.config.evidence_cap,
        )
        if not items:  # a fall to no events: show the last events before it
            first = first_row(
                con.execute(
                    f"SELECT max(period) FROM {MONITOR_SERIES} WHERE iso3 = ? AND power = ? AND freq = ?"
                    " AND period < ? AND events > 0",
                    [rec["iso3"], rec["power"], rec["freq"], rec["change_period"]],
                ).fetchall()
            )
            if first is not None and first[0] is not None:
                before, _n = evidence(
                    con,
                    rec["iso3"],
                    rec["power"],
                    first[0],
                    period_end(first[0], rec["freq"]),
                    rec["series"],
                    rec["direction"],
                    self.config.evidence_cap,
                )
                items = [{**item, "window": "before the change"} for item in before]
        rec["evidence"] = json.dumps(items)
        rec["events"] = total
        rec["detected_by"] = trigger
        rec["created_at"] = now()

    def _revise_late(self, con: duckdb.DuckDBPyConnection, outcome: FileOutcome) -> None:
        """A file of an already closed period: recompute that period's points (``revised = true``)."""
        if outcome.file_time is None or outcome.minutes is None:
            return
        days = self._day_minutes(con, None)
        for freq in self.config.freqs:
            closed = tables.closed_through(con, freq)
            p = period_of(outcome.file_time, freq)
            if closed is None or p > closed:
                continue
            minutes = {p: float(sum(m for d, m in days.items() if period_of(d, freq) == p))}
            fresh = finish_points(self._points(con, freq, p, p), minutes, freq)
            _revise_series(con, freq, p, fresh, self.config.evidence)


def _revise_series(
    con: duckdb.DuckDBPyConnection, freq: str, period: date, fresh: pd.DataFrame, ev: MinimumEvidence
) -> None:
    """Replace a closed period's values with ``fresh`` ones, keeping the detectors' probabilities."""
    old = con.execute(
        f"SELECT iso3, power, p_events, p_coop_share, p_goldstein, p_tone FROM {MONITOR_SERIES}"
        " WHERE freq = ? AND period = ?",
        [freq, period],
    ).df()
    merged = fresh.drop(columns=[c for c in fresh.columns if c.startswith("p_")], errors="ignore")
    merged = merged.merge(old, on=["iso3", "power"], how="outer")
    merged = merged.fillna({"events": 0, "coop_events": 0, "sources": 0})
    merged["freq"], merged["period"], merged["revised"] = freq, period, True
    merged["enough"] = (merged["events"] >= ev.min_events) & (merged["sources"] >= ev.min_sources)
    con.execute(f"DELETE FROM {MONITOR_SERIES} WHERE freq = ? AND period = ?", [freq, period])
    write_series(con, merged)
