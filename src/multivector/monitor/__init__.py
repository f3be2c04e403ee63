"""Monitor: watch each country's ties with the powers and alert when they shift (see docs/monitor.md).

* :class:`Monitor`: per-file ingestion of GDELT event files into the store, series per (country, power)
  per day and week, online change detection, alerts with evidence, all in one transaction per file;
  UN General Assembly alignment per session as its vote series (:meth:`Monitor.sync_votes`).
* :class:`DetectorConfig`, :class:`DetectorState`: Bayesian online change-point detection (Adams and MacKay
  2007), vectorised over series.
* :func:`event_points`: the event series as one Ibis expression (DuckDB or PySpark).
* :func:`list_alerts`, :func:`mark_seen`: the stored alerts.
"""

from __future__ import annotations

from multivector.monitor.alerts import list_alerts, mark_seen
from multivector.monitor.bocpd import DetectorConfig, DetectorState, run_series
from multivector.monitor.engine import FileReport, Monitor, MonitorConfig, RunReport
from multivector.monitor.series import FREQS, SERIES, MinimumEvidence, event_points

__all__ = [
    "FREQS",
    "SERIES",
    "DetectorConfig",
    "DetectorState",
    "FileReport",
    "MinimumEvidence",
    "Monitor",
    "MonitorConfig",
    "RunReport",
    "event_points",
    "list_alerts",
    "mark_seen",
    "run_series",
]
