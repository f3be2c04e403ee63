"""``multivector data ...``: pull, import, status and quarantine. Thin layer over :mod:`multivector.store`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from multivector import config
from multivector.cli.main import app
from multivector.dimensions import TABLES
from multivector.errors import InputError
from multivector.store import Store, import_all, import_source, pull
from multivector.store.importing import SkippedSource

__all__ = ["ROW_UNITS", "RowUnit", "data_app", "row_counts"]

data_app = typer.Typer(help="Download, import and inspect the datasets in the store.", no_args_is_help=True)
app.add_typer(data_app, name="data")
_out = Console()
_err = Console(stderr=True)


@dataclass(frozen=True)
class RowUnit:
    """What the row counts of `data status` count for one table.

    ``stored``: one row of the stored table (the ``rows`` column); ``read``: one row the loader counted as
    read, kept or rejected (``rows_read``, ``rows_kept``, ``rows_rejected``: rows of the source files);
    ``why``: why a table stores a different number of rows than it kept, where it does.
    """

    stored: str
    read: str = "file rows"
    why: str = ""


#: Row units per stored table, from the vocabulary (``TableSpec.rows``, ``rows_read``, ``rows_why``); a
#: table not listed counts rows of the table, read from file rows.
ROW_UNITS: dict[str, RowUnit] = {
    name: RowUnit(spec.rows, spec.rows_read, spec.rows_why) for name, spec in TABLES.items()
}


def row_counts(table: str, rows: int, rows_kept: int) -> dict[str, str]:
    """``unit`` (what ``rows`` counts), ``read_unit`` (what rows_read/kept/rejected count) and ``note``
    (empty unless the table stores another number of rows than the loader kept: then how they relate)."""
    unit = ROW_UNITS.get(table, RowUnit("rows of the stored table"))
    note = ""
    if rows != rows_kept:
        note = f"{rows:,} rows stored from {rows_kept:,} {unit.read} kept"
        note += f": {unit.why}" if unit.why else ""
    return {"unit": unit.stored, "read_unit": unit.read, "note": note}


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
    countries: Annotated[
        str | None, typer.Option(help="IMTS: reporters to query, e.g. KAZ,UZB (default: every country).")
    ] = None,
    frequency: Annotated[str, typer.Option(help="IMTS: A (annual), Q or M.")] = "A",
    accept_new: Annotated[
        bool, typer.Option(help="Accept a file that differs from its first download (a new release).")
    ] = False,
) -> None:
    """Download datasets from their publishers (resumable, verified, cached in MULTIVECTOR_HOME).

    `data pull imts` queries the IMF's SDMX interface for International Trade in Goods, one reporter at a
    time (--countries, --frequency; --since/--until choose the years); then `data import imts DIR`."""
    first, last = _date(since, "--since"), _date(until, "--until")
    reporters = [c for c in countries.split(",") if c.strip()] if countries else None
    results = pull(
        sources or None,
        since=first,
        until=last,
        mirror=mirror,
        countries=reporters,
        frequency=frequency.upper(),
        accept_new=accept_new,
    )
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
        skipped = [s for s in summaries if isinstance(s, SkippedSource)]
        done = len(summaries) - len(failed) - len(skipped)
        dups = sum(s.rows_duplicate for s in summaries)
        rejected = sum(s.rows_rejected for s in summaries) - dups
        _out.print(
            f"{done} of {len(summaries)} sources imported:"
            f" read {sum(s.rows_read for s in summaries):,}, kept {sum(s.rows_kept for s in summaries):,},"
            f" rejected {rejected:,}" + (f", duplicates not imported twice {dups:,}" if dups else "")
        )
        if skipped:
            names = ", ".join(s.source for s in skipped)
            _out.print(f"not found in {root} (skipped): {names}", highlight=False)
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
            records: list[dict[str, Any]] = store.status_records()
            for item in records:
                item.update(row_counts(str(item["table"]), int(item["rows"]), int(item["rows_kept"])))
            typer.echo(json.dumps({"store": str(path), "tables": records}, indent=2))
            return
        status = store.status()
    _print_status(status, path)


def _print_status(status: Any, path: Path) -> None:
    """The status as a table that fits 80 columns (table, rows, rejected, files, date imported), then the
    version of each source and what the rows count, as wrapped lines."""
    _out.print(f"multivector store: {path}", highlight=False)
    table = Table()
    table.add_column("table", no_wrap=True)
    for col in ("rows", "rejected", "files"):
        table.add_column(col, justify="right", no_wrap=True)
    table.add_column("imported", no_wrap=True)
    units: list[str] = []
    notes: list[str] = []
    versions: dict[str, list[str]] = {}
    for rec in status.to_dict("records"):
        name = str(rec["table"])
        counts = row_counts(name, int(rec["rows"]), int(rec["rows_kept"]))
        mark = " *" if counts["note"] else ""
        table.add_row(
            name,
            f"{rec['rows']:,}{mark}",
            f"{rec['rows_rejected']:,}",
            str(rec["files"]),
            str(rec["last_import"])[:10],
        )
        versions.setdefault(str(rec["source"]), []).append(str(rec["versions"]))
        units.append(f"  {name}: {counts['unit']}")
        if counts["note"]:
            notes.append(f"* {name}: {counts['note']}.")
    _out.print(table)
    _out.print("Versions:", highlight=False)
    for source, found in versions.items():
        _out.print(f"  {source}: {'; '.join(dict.fromkeys(found))}", highlight=False)
    _out.print(
        "rows: rows of the stored table; rejected: rows of the source files (see `data quarantine`). "
        "Rows are:",
        highlight=False,
    )
    for line in [*units, *notes]:
        _out.print(line, highlight=False)


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
            str(rec["source"]),
            str(rec["table_name"]),
            str(rec["file"]),
            line,
            str(rec["reason"]),
            raw[:80] + ("…" if len(raw) > 80 else ""),
        )
    _out.print(table)
