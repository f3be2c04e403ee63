"""``multivector data ...``: pull, import, status and quarantine. Thin layer over :mod:`multivector.store`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from multivector import config
from multivector.cli.main import app
from multivector.errors import InputError
from multivector.store import Store, import_all, import_source, pull

__all__ = ["data_app"]

data_app = typer.Typer(help="Download, import and inspect the datasets in the store.", no_args_is_help=True)
app.add_typer(data_app, name="data")
_out = Console()
_err = Console(stderr=True)


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option} {value!r} is not a date; use YYYY-MM-DD") from None


@data_app.command("pull")
def pull_cmd(
    sources: Annotated[list[str] | None, typer.Argument(help="Manifest entries (default: all).")] = None,
    since: Annotated[str | None, typer.Option(help="First day of GDELT files, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Last day of GDELT files (default: today).")] = None,
    mirror: Annotated[str | None, typer.Option(help="Base URL replacing the publishers' hosts.")] = None,
) -> None:
    """Download datasets from their publishers (resumable, verified, cached in MULTIVECTOR_HOME)."""
    first, last = _date(since, "--since"), _date(until, "--until")
    results = pull(sources or None, since=first, until=last, mirror=mirror)
    for r in results:
        if r.status in ("downloaded", "cached"):
            extra = " (resumed)" if r.resumed else ""
            _out.print(f"[green]✓[/] {r.name}: {r.status}{extra}, {r.bytes:,} bytes, verified: {r.verified}")
            _out.print(f"  {r.path}", highlight=False)
        if r.message:
            _err.print(f"[yellow]![/] {r.message}", highlight=False)


@data_app.command("import")
def import_cmd(
    source: Annotated[str, typer.Argument(help="A source name, or 'all' for a whole data directory.")],
    path: Annotated[
        Path | None, typer.Argument(help="File or folder to import (for 'all': a dir like shared/data).")
    ] = None,
) -> None:
    """Import local files: `data import SOURCE PATH` or `data import all DIR`."""
    if source == "all":
        root = path or config.data_dir()
        if root is None:
            raise InputError("no data directory given and none found; run `multivector data import all DIR`")
        summaries = import_all(root)
        failed = [s for s in summaries if not s.ok]
        _out.print(
            f"{len(summaries) - len(failed)} of {len(summaries)} sources imported:"
            f" read {sum(s.rows_read for s in summaries):,}, kept {sum(s.rows_kept for s in summaries):,},"
            f" rejected {sum(s.rows_rejected for s in summaries):,}"
        )
        if failed:
            for s in failed:
                _err.print(f"[red]error:[/] {s.source}: {s.error}", highlight=False)
            raise typer.Exit(1)
        return
    if path is None:
        raise InputError(f"give the file or folder to import: `multivector data import {source} PATH`")
    import_source(source, path)


@data_app.command("status")
def status_cmd(
    format: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """List the stored tables with their versions and row counts."""
    if format not in ("table", "json"):
        raise InputError(f"--format must be 'table' or 'json', not {format!r}")
    path = config.store_path()
    if not path.exists():
        if format == "json":
            typer.echo(json.dumps({"store": str(path), "tables": []}, indent=2))
        else:
            _out.print(f"The store at {path} is empty; run `multivector data import all DIR`.")
        return
    with Store(path, read_only=True) as store:
        if format == "json":
            typer.echo(json.dumps({"store": str(path), "tables": store.status_records()}, indent=2))
            return
        status = store.status()
    table = Table(title=f"multivector store: {path}")
    for col in ("source", "table", "rows", "rejected", "files", "version", "last import"):
        table.add_column(col, justify="right" if col in ("rows", "rejected", "files") else "left")
    for rec in status.to_dict("records"):
        table.add_row(
            str(rec["source"]), str(rec["table"]), f"{rec['rows']:,}", f"{rec['rows_rejected']:,}",
            str(rec["files"]), str(rec["versions"]), str(rec["last_import"])[:19],
        )  # fmt: skip
    _out.print(table)


@data_app.command("quarantine")
def quarantine_cmd(
    source: Annotated[str | None, typer.Argument(help="Only this source.")] = None,
    limit: Annotated[int, typer.Option(help="Rows to show.")] = 20,
) -> None:
    """Show rejected rows with their file, line and reason."""
    path = config.store_path()
    if not path.exists():
        _out.print(f"The store at {path} is empty.")
        return
    with Store(path, read_only=True) as store:
        rows = store.quarantine(source, limit=limit)
    if rows.empty:
        _out.print("No quarantined rows." if source is None else f"No quarantined rows for {source}.")
        return
    table = Table(title="quarantined rows")
    for col in ("source", "table", "file", "line", "reason", "raw"):
        table.add_column(col)
    for rec in rows.to_dict("records"):
        line = "" if rec["line"] is None or str(rec["line"]) in ("<NA>", "nan") else str(rec["line"])
        raw = str(rec["raw"] or "")
        table.add_row(
            str(rec["source"]), str(rec["table_name"]), str(rec["file"]), line, str(rec["reason"]),
            raw[:80] + ("…" if len(raw) > 80 else ""),
        )  # fmt: skip
    _out.print(table)
