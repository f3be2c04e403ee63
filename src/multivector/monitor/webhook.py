"""Deliver new alerts to a webhook: one JSON POST per batch, retried with exponential backoff.

The body is ``{"source": "multivector", "alerts": [...]}`` with each alert as ``monitor alerts --format
json`` prints it. A connection error, a timeout, HTTP 429 or a 5xx answer is retried after ``backoff``,
``2 backoff``, ``4 backoff`` ... seconds (``attempts`` tries in all); any other 4xx fails at once (the URL or
the payload is wrong, retrying will not help). The URL often carries a secret (a token in its path or
query), so it is never logged or put in an error message: only its scheme and host are.

Each alert's ``webhook`` column records the outcome (``sent`` or ``failed``); failed alerts are sent again
by the next run that has a webhook.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import duckdb
import httpx

from multivector.dimensions import MONITOR_ALERTS
from multivector.errors import InputError
from multivector.monitor.alerts import list_alerts

__all__ = ["Webhook", "deliver", "redact"]

_log = logging.getLogger("multivector.monitor.webhook")


@contextmanager
def _quiet_http_logs() -> Iterator[None]:
    """httpx logs every request's full URL at INFO (and httpcore traces at DEBUG): not for a webhook."""
    loggers = [logging.getLogger(name) for name in ("httpx", "httpcore")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


def redact(url: str) -> str:
    """``scheme://host/…``: what may be shown of a webhook URL."""
    parts = urlsplit(url)
    host = parts.hostname or "?"
    return f"{parts.scheme}://{host}/…"


@dataclass
class Webhook:
    """A webhook endpoint (see the module docstring). ``sleep`` is injectable for tests."""

    url: str
    attempts: int = 4
    backoff: float = 2.0
    timeout: float = 10.0
    client: httpx.Client | None = None
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    def __post_init__(self) -> None:
        if urlsplit(self.url).scheme not in ("http", "https") or not urlsplit(self.url).hostname:
            raise InputError("--webhook must be an http(s) URL with a host")
        if self.attempts < 1:
            raise InputError("attempts must be at least 1")

    def __repr__(self) -> str:
        return f"Webhook({redact(self.url)})"

    def post(self, alerts: Sequence[dict[str, Any]]) -> tuple[bool, str]:
        """POST the alerts; (delivered, what happened in words without the URL)."""
        with _quiet_http_logs():
            return self._post(alerts)

    def _post(self, alerts: Sequence[dict[str, Any]]) -> tuple[bool, str]:
        body = json.dumps({"source": "multivector", "alerts": list(alerts)}, default=str).encode()
        client = self.client or httpx.Client(timeout=self.timeout, follow_redirects=False)
        where = redact(self.url)
        note = ""
        try:
            for attempt in range(1, self.attempts + 1):
                try:
                    resp = client.post(self.url, content=body, headers={"Content-Type": "application/json"})
                    status = resp.status_code
                    if 200 <= status < 300:
                        return True, f"delivered to {where} (HTTP {status}, attempt {attempt})"
                    note = f"HTTP {status}"
                    if status != 429 and status < 500:
                        return False, f"{where} refused the alerts: {note}"
                except httpx.HTTPError as exc:
                    note = type(exc).__name__
                if attempt < self.attempts:
                    delay = self.backoff * 2 ** (attempt - 1)
                    _log.warning(
                        "webhook %s: %s; retry %d of %d in %.1fs",
                        where,
                        note,
                        attempt,
                        self.attempts - 1,
                        delay,
                    )
                    self.sleep(delay)
        finally:
            if self.client is None:
                client.close()
        return False, f"{where} did not take the alerts after {self.attempts} attempts ({note})"


def deliver(con: duckdb.DuckDBPyConnection, hook: Webhook, ids: Sequence[str]) -> tuple[int, str]:
    """Send the alerts ``ids`` and every earlier one whose delivery failed; record the outcome.

    Returns (alerts delivered, message). The caller holds no transaction: each update commits itself."""
    failed = [
        r[0]
        for r in con.execute(f"SELECT alert_id FROM {MONITOR_ALERTS} WHERE webhook = 'failed'").fetchall()
    ]
    wanted = list(dict.fromkeys([*failed, *ids]))
    if not wanted:
        return 0, "no alert to deliver"
    alerts = [a for a in list_alerts(con) if a["alert_id"] in set(wanted)]
    ok, message = hook.post(alerts)
    marks = ", ".join("?" * len(wanted))
    con.execute(
        f"UPDATE {MONITOR_ALERTS} SET webhook = ? WHERE alert_id IN ({marks})",
        ["sent" if ok else "failed", *wanted],
    )
    return (len(alerts) if ok else 0), message
