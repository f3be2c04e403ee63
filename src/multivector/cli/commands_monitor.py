"""``multivector monitor ...``: follow GDELT, replay files, list alerts, backtest. Thin layer over
:mod:`multivector.monitor`."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from multivector import config
from multivector.cli.main import app
from multivector.dimensions import SRC_GDELT, SRC_MONITOR, SRC_UNGA
from multivector.errors import DownloadError, InputError, StoreError
from multivector.store import Store

__all__ = ["monitor_app"]

monitor_app = typer.Typer(
    help="Watch each country's ties with the powers and alert when they shift.", no_args_is_help=True
)
app.add_typer(monitor_app, name=SRC_MONITOR)
_out = Console()
_err = Console(stderr=True)

_FORMAT = Annotated[str, typer.Option("--format", help="table or json")]
_STORE = Annotated[Path | None, typer.Option(help="DuckDB store (default: the one in MULTIVECTOR_HOME).")]
_WEBHOOK = Annotated[
    str | None, typer.Option(help="POST new alerts to this URL (retried with backoff; never logged).")
]


def _format(value: str) -> str:
    if value not in ("table", "json"):
        raise InputError(f"--format must be 'table' or 'json', not {value!r}")
    return value


def _store_path(store: Path | None) -> Path:
    return store if store is not None else config.store_path()


def _deliver(st: Store, webhook: str | None, ids: list[str]) -> str | None:
    if webhook is None:
        return None
    from multivector.monitor.webhook import Webhook, deliver

    _sent, message = deliver(st._connection(), Webhook(webhook), ids)
    return message


def _print_run(report: dict[str, Any], fmt: str) -> None:
    if fmt == "json":
        typer.echo(json.dumps(report, indent=2, default=str))
        return
    table = Table(title="monitor run", show_header=False)
    for key, value in report.items():
        if key != "quarantined":
            table.add_row(key, "" if value is None else str(value))
    _out.print(table)
    for q in report.get("quarantined", []):
        _err.print(
            f"[yellow]quarantined[/] {escape(str(q['file']))}: {escape(str(q['reason']))}", highlight=False
        )


def _run_report(run: Any, vote_ids: list[str], webhook_message: str | None) -> dict[str, Any]:
    report: dict[str, Any] = run.as_dict()
    file_alerts = report["alerts_added"]
    report["alerts_added"] = file_alerts + len(vote_ids)
    report["alerts_by_source"] = {SRC_GDELT: file_alerts, SRC_UNGA: len(vote_ids)}
    if webhook_message is not None:
        report["webhook"] = webhook_message
    return report


@monitor_app.command("replay")
def replay_cmd(
    directory: Annotated[Path, typer.Argument(help="Folder of GDELT event files (searched recursively).")],
    format: _FORMAT = "table",
    store: _STORE = None,
    webhook: _WEBHOOK = None,
    quiet: Annotated[bool, typer.Option(help="No line per file on stderr.")] = False,
) -> None:
    """Process the files of DIRECTORY in time order as if they arrived one by one; then the UN sessions."""
    from multivector.monitor import Monitor

    fmt = _format(format)
    with Store(_store_path(store)) as st:
        mon = Monitor(st)

        def each(rep: Any) -> None:
            if not quiet and rep.outcome.state != "unchanged":
                o = rep.outcome
                _err.print(
                    f"{o.state:<11} {o.name} rows {o.rows_kept:,} alerts {len(rep.alerts)}"
                    f" {rep.seconds:.2f}s",
                    highlight=False,
                )

        run = mon.replay(directory, on_file=each)
        votes = mon.sync_votes()
        ids = [a for f in run.files for a in f.alerts] + votes
        message = _deliver(st, webhook, ids)
    _print_run(_run_report(run, votes, message), fmt)


@monitor_app.command("run")
def run_cmd(
    from_dir: Annotated[
        Path | None, typer.Option("--from", help="Watch this folder instead of following GDELT online.")
    ] = None,
    once: Annotated[bool, typer.Option(help="Poll once and exit (for cron or a test).")] = False,
    interval: Annotated[float, typer.Option(min=1.0, help="Seconds between polls.")] = 300.0,
    base_url: Annotated[str, typer.Option(help="GDELT 2.0 base URL (an https mirror if you have one).")] = (
        "http://data.gdeltproject.org/gdeltv2/"
    ),
    keep_files: Annotated[bool, typer.Option(help="Keep the downloaded zips.")] = False,
    format: _FORMAT = "table",
    store: _STORE = None,
    webhook: _WEBHOOK = None,
) -> None:
    """Follow GDELT 2.0 (lastupdate.txt every poll, masterfilelist.txt to fill gaps) or watch a folder.

    The store is opened for each poll and closed between polls."""
    fmt = _format(format)
    if from_dir is not None and not from_dir.is_dir():
        raise InputError(f"--from {from_dir}: not a folder")
    try:
        while True:
            try:
                report = _poll_once(_store_path(store), from_dir, base_url, keep_files, webhook)
            except (DownloadError, StoreError) as exc:  # GDELT down, or the store busy: say so, poll later
                if once or (isinstance(exc, StoreError) and "in use" not in str(exc)):
                    raise
                _err.print(
                    f"[yellow]poll failed[/]: {escape(str(exc))}; retrying in {interval:g}s", highlight=False
                )
                time.sleep(interval)
                continue
            if once or report["files_processed"] or report["alerts_added"]:
                _print_run(report, fmt)
            if once:
                break
            time.sleep(interval)
    except KeyboardInterrupt:
        _err.print("stopped; the store holds every file processed so far", highlight=False)


def _poll_once(
    path: Path, from_dir: Path | None, base_url: str, keep_files: bool, webhook: str | None
) -> dict[str, Any]:
    """One poll with the store open only for it (between polls other processes may open the store)."""
    from multivector.monitor import Monitor

    with Store(path) as st:
        mon = Monitor(st)
        if from_dir is not None:
            run = mon.replay(from_dir)
        else:
            from multivector.monitor.remote import Follower

            follower = Follower(
                mon, config.downloads_dir() / "gdelt2-monitor", base_url, keep_files=keep_files
            )
            try:
                run = follower.poll()
            finally:
                follower.close()
        votes = mon.sync_votes()
        ids = [a for f in run.files for a in f.alerts] + votes
        message = _deliver(st, webhook, ids) if ids or webhook else None
    return _run_report(run, votes, message)


@monitor_app.command("alerts")
def alerts_cmd(
    since: Annotated[
        str | None, typer.Option(help="Only alerts detected on or after this day (YYYY-MM-DD).")
    ] = None,
    country: Annotated[str | None, typer.Option(help="Only this country (ISO3).")] = None,
    power: Annotated[str | None, typer.Option(help="Only this power: RUS, CHN, USA or EU27.")] = None,
    state: Annotated[str | None, typer.Option(help="new or seen.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many.")] = 100,
    mark_seen: Annotated[bool, typer.Option(help="Mark the alerts listed as seen.")] = False,
    format: _FORMAT = "table",
    store: _STORE = None,
) -> None:
    """List the stored alerts, newest first, each with its evidence (events and their URLs)."""
    from multivector.monitor.alerts import mark_seen as mark

    fmt = _format(format)
    first = None
    if since is not None:
        try:
            first = date.fromisoformat(since)
        except ValueError:
            raise InputError(f"--since {since!r} is not a date; use YYYY-MM-DD") from None
    path = _store_path(store)
    if not path.exists():
        raise InputError(
            f"there is no store at {path}; run `multivector monitor replay DIR` or `monitor run`"
        )
    code = country.strip().upper() if country else None
    with Store(path, read_only=not mark_seen) as st:
        con = st._connection()
        from multivector.monitor.tables import ensure_tables

        if mark_seen:
            ensure_tables(con)
        alerts = _read_alerts(con, first, code, power, state, limit)
        if mark_seen and alerts:
            mark(con, [a["alert_id"] for a in alerts])
    if fmt == "json":
        typer.echo(json.dumps(alerts, indent=2, default=str))
        return
    if not alerts:
        _out.print("No alert.")
        return
    table = Table(title=f"{len(alerts)} alerts")
    columns = (
        "detected",
        "country",
        "power",
        "series",
        "change from",
        "direction",
        "size (sd)",
        "p",
        "state",
    )
    for col in (*columns, "evidence"):
        table.add_column(col)
    for a in alerts:
        first_url = a["evidence"][0]["url"] if a["evidence"] else ""
        size = f"{a['size']:+.3g} ({a['size_sd']:+.1f})" if a["size_sd"] is not None else f"{a['size']:+.3g}"
        table.add_row(
            f"{a['period']} {a['freq']}",
            a["iso3"],
            a["power"],
            a["series"],
            str(a["change_period"]),
            a["direction"],
            size,
            f"{a['probability']:.2f}",
            a["state"],
            f"{len(a['evidence'])}: {first_url}",
        )
    _out.print(table)


def _read_alerts(
    con: Any, first: date | None, code: str | None, power: str | None, state: str | None, limit: int
) -> list[dict[str, Any]]:
    from multivector.dimensions import MONITOR_ALERTS
    from multivector.monitor.alerts import list_alerts
    from multivector.store.files import first_row

    have = first_row(
        con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [MONITOR_ALERTS]
        ).fetchall()
    )
    if not have or not have[0]:
        return []
    out: list[dict[str, Any]] = list_alerts(
        con, since=first, country=code, power=power, state=state, limit=limit
    )
    return out


@monitor_app.command("status")
def status_cmd(format: _FORMAT = "table", store: _STORE = None) -> None:
    """Files by state, closed periods, detectors and alerts; the quarantined files with their reasons."""
    from multivector.monitor.status import monitor_status

    fmt = _format(format)
    path = _store_path(store)
    if not path.exists():
        raise InputError(
            f"there is no store at {path}; run `multivector monitor replay DIR` or `monitor run`"
        )
    with Store(path, read_only=True) as st:
        status = monitor_status(st._connection())
    if fmt == "json":
        typer.echo(json.dumps(status, indent=2, default=str))
        return
    table = Table(title=SRC_MONITOR, show_header=False)
    for key, value in status.items():
        if key != "quarantined":
            table.add_row(
                key, json.dumps(value, default=str) if isinstance(value, dict | list) else str(value)
            )
    _out.print(table)
    for q in status["quarantined"]:
        _out.print(
            f"[yellow]quarantined[/] {escape(str(q['name']))}: {escape(str(q['reason']))}", highlight=False
        )


@monitor_app.command("reset")
def reset_cmd(
    yes: Annotated[bool, typer.Option("--yes", help="Really drop the series, detectors and alerts.")] = False,
    store: _STORE = None,
) -> None:
    """Drop the monitor's series, detectors and alerts (the imported events and file states stay)."""
    from multivector.monitor.tables import reset

    if not yes:
        raise InputError("`monitor reset` drops every series, detector and alert; add --yes to confirm")
    with Store(_store_path(store)) as st:
        con = st._connection()
        con.begin()
        reset(con)
        con.commit()
    _out.print("monitor tables dropped; the next `monitor replay` or `monitor run` rebuilds them")


@monitor_app.command("backfill")
def backfill_cmd(
    backend: Annotated[str, typer.Option(help="duckdb or spark (local PySpark through Ibis).")] = "duckdb",
    format: _FORMAT = "table",
    store: _STORE = None,
) -> None:
    """Rebuild the event series, detectors and alerts from all stored events at once (after `reset`)."""
    from multivector.monitor.backfill import backfill

    fmt = _format(format)
    with Store(_store_path(store)) as st:
        report = backfill(st, backend=backend)
    _print_run(report, fmt)


@monitor_app.command("backtest")
def backtest_cmd(
    synthetic: Annotated[bool, typer.Option(help="Synthetic series with injected shifts.")] = True,
    un: Annotated[bool, typer.Option(help="UN-vote alignment since 1992 (needs the unga tables).")] = True,
    series: Annotated[int, typer.Option(min=50, help="Synthetic series per setting.")] = 400,
    format: _FORMAT = "table",
    store: _STORE = None,
) -> None:
    """False alarms per series-year and detection delay: synthetic shifts and documented UN-vote shifts."""
    from multivector.monitor.backtest import run_backtest

    fmt = _format(format)
    path = _store_path(store) if un else None
    result = run_backtest(synthetic=synthetic, un_store=path, n_series=series)
    if fmt == "json":
        typer.echo(json.dumps(result, indent=2, default=str))
        return
    for name, rows in result.items():
        if not isinstance(rows, list) or not rows:
            _out.print(f"{name}: {rows}", highlight=False)
            continue
        table = Table(title=name)
        shown = [c for c in rows[0] if c not in ("event", "source")]  # long texts: in --format json
        for col in shown:
            table.add_column(str(col))
        for row in rows:
            table.add_row(*("" if row[c] is None else str(row[c]) for c in shown))
        _out.print(table)
