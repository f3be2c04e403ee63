"""Per-file imports of GDELT event files, with a table of file states (``gdelt_files``).

Each file is imported on its own: its rows are appended to ``gdelt_events`` (GLOBALEVENTIDs already stored
are quarantined as duplicates), and no import of one file ever replaces or deletes rows that came from
another file. Every file the store has seen has one row in ``gdelt_files``:

=================  =================================================================================
name               the file name (GDELT's names are unique: ``YYYYMMDDHHMMSS.export.CSV.zip``)
path               where it was read from (``gdelt_events.source_file`` of its rows)
bytes, md5, sha256 what was read
size_published,    what the publisher lists for it (GDELT 2.0 ``lastupdate.txt``/``masterfilelist.txt``), when
md5_published      known; a file that does not match is quarantined before it is read
format, file_time  ``v1_daily``/``v2``/``v1_hist``; the time in its name (else its first DATEADDED)
minutes            the time it covers (2.0: 15, 1.0 daily: 1440; the 1.0 backfile: NULL)
state, reason      ``imported`` or ``quarantined`` (empty, corrupt, not GDELT, checksum mismatch, missing)
rows_*             rows read = kept + rejected (rejected rows are in ``quarantine`` with line and reason)
=================  =================================================================================

A file seen again with the same SHA-256 is skipped (imported or quarantined alike); a file whose bytes
changed replaces the rows of *that file only* (and its quarantined rows). The callers own the transaction:
:func:`import_gdelt_files` (``multivector data import gdelt``) reads the files in batches (at most
:data:`BATCH_BYTES` bytes on disk and :data:`BATCH_FILES` files, one read per format, the same outcome for
each file as one by one) and commits once per batch, with DuckDB's memory limited to :data:`IMPORT_MEMORY_MB`,
so that its memory follows the batch, not the folder; the monitor commits once per file together with its
series and alerts. A ``kill -9`` loses at most the batch (or file) in progress and a restart resumes without
duplicates or gaps. The ``_imports`` row of ``gdelt_events`` is kept up to date as
the sum over the imported files, so ``data status`` reads it like any other table.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
from rich.console import Console
from rich.markup import escape

from multivector.dimensions import GDELT_EVENTS, GDELT_FILES, SRC_GDELT
from multivector.errors import DataError, MultivectorError, StoreError
from multivector.sources import gdelt
from multivector.store.db import IMPORTS_TABLE, QUARANTINE_TABLE, ImportSummary, Store, TableSummary

__all__ = [
    "FILE_COLUMNS",
    "PER_FILE_IMPORTERS",
    "FileOutcome",
    "Published",
    "ensure_files_table",
    "file_states",
    "first_row",
    "import_gdelt_files",
    "ingest_file",
    "quarantine_file",
]

SOURCE = SRC_GDELT
#: Minutes of news a file covers, by format (the 1.0 historical backfile has no fixed span).
MINUTES: dict[str, int | None] = {"v2": 15, "v1_daily": 1440, "v1_hist": None}
#: Files listed with their path, size and SHA-256 in the ``_imports`` provenance up to this many.
PROVENANCE_FILES_MAX = 200
#: ``data import gdelt`` reads files in batches of at most this many bytes on disk (about a hundred GDELT 2.0
#: 15-minute CSVs, or several hundred of their zips) and :data:`BATCH_FILES` files, one transaction per
#: batch: memory follows the batch, not the folder (``import_gdelt_files(batch_bytes=..., batch_files=...)``
#: to change them).
BATCH_BYTES = 64 * 2**20
BATCH_FILES = 400
#: DuckDB's memory limit (MB) during ``data import gdelt`` (``import_gdelt_files(memory_mb=...)``).
IMPORT_MEMORY_MB = 128

FILE_COLUMNS: dict[str, str] = {
    "name": "VARCHAR",
    "path": "VARCHAR",
    "bytes": "BIGINT",
    "size_published": "BIGINT",
    "md5_published": "VARCHAR",
    "md5": "VARCHAR",
    "sha256": "VARCHAR",
    "format": "VARCHAR",
    "file_time": "TIMESTAMP",
    "minutes": "INTEGER",
    "state": "VARCHAR",
    "reason": "VARCHAR",
    "rows_read": "BIGINT",
    "rows_kept": "BIGINT",
    "rows_rejected": "BIGINT",
    "imported_at": "TIMESTAMP",
    "seconds": "DOUBLE",
}

_console = Console(stderr=True)


@dataclass(frozen=True)
class Published:
    """What the publisher lists for a file: its size and md5 (GDELT 2.0's lists), and where it was."""

    size: int | None = None
    md5: str | None = None
    url: str = ""


@dataclass(frozen=True)
class FileOutcome:
    """What one file's import did. ``state``: imported, replaced, unchanged (seen before with the same bytes;
    ``reason`` then holds why it was quarantined, if it was) or quarantined."""

    name: str
    path: str
    state: str
    rows_read: int = 0
    rows_kept: int = 0
    rows_rejected: int = 0
    reason: str = ""
    file_time: datetime | None = None
    minutes: int | None = None
    seconds: float = 0.0

    @property
    def added(self) -> bool:
        """True when rows of this file were written now (imported or replaced)."""
        return self.state in ("imported", "replaced")


def first_row(rows: list[tuple[Any, ...]]) -> tuple[Any, ...] | None:
    """The first row of a fully fetched result, or None. Results are always fetched in full: DuckDB refuses
    some work (registering a frame) on a connection that still has an unfinished result."""
    return rows[0] if rows else None


def ensure_files_table(con: duckdb.DuckDBPyConnection) -> None:
    """Create ``gdelt_files`` (and ``gdelt_events``) if absent."""
    gdelt.ensure_event_table(con, GDELT_EVENTS)
    cols = ", ".join(f"{k} {v}" for k, v in FILE_COLUMNS.items())
    con.execute(f"CREATE TABLE IF NOT EXISTS {GDELT_FILES} ({cols})")


def file_states(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """{file name: (sha256, state)} of every file the store has seen."""
    ensure_files_table(con)
    rows = con.execute(f"SELECT name, sha256, state FROM {GDELT_FILES}").fetchall()
    return {str(n): (str(s or ""), str(st)) for n, s, st in rows}


def _digests(path: Path) -> tuple[int, str, str]:
    md5, sha = hashlib.md5(usedforsecurity=False), hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            md5.update(chunk)
            sha.update(chunk)
            size += len(chunk)
    return size, md5.hexdigest(), sha.hexdigest()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _write_state(con: duckdb.DuckDBPyConnection, record: dict[str, object]) -> None:
    _write_states(con, [record])


def _write_states(con: duckdb.DuckDBPyConnection, records: list[dict[str, object]]) -> None:
    """The ``gdelt_files`` rows of ``records`` (one per file name), replacing those of the same names."""
    if not records:
        return
    con.execute(f"DELETE FROM {GDELT_FILES} WHERE list_contains(?, name)", [[r["name"] for r in records]])
    names = list(FILE_COLUMNS)
    row = f"({', '.join('?' * len(names))})"
    con.execute(
        f"INSERT INTO {GDELT_FILES} ({', '.join(names)}) VALUES {', '.join([row] * len(records))}",
        [r.get(n) for r in records for n in names],
    )


def quarantine_file(
    con: duckdb.DuckDBPyConnection,
    name: str,
    path: str,
    reason: str,
    published: Published | None = None,
    digests: tuple[int, str, str] | None = None,
) -> FileOutcome:
    """Record a file as quarantined with ``reason`` (nothing of it is imported); returns the outcome.
    The tables must exist (:func:`ensure_files_table`)."""
    pub = published or Published()
    size, md5, sha = digests or (None, None, None)
    stamp = gdelt.file_timestamp(name)
    _write_state(
        con,
        {
            "name": name,
            "path": path,
            "bytes": size,
            "size_published": pub.size,
            "md5_published": pub.md5,
            "md5": md5,
            "sha256": sha,
            "file_time": stamp,
            "state": "quarantined",
            "reason": reason,
            "rows_read": 0,
            "rows_kept": 0,
            "rows_rejected": 0,
            "imported_at": _now(),
            "seconds": 0.0,
        },
    )
    return FileOutcome(name, path, "quarantined", reason=reason, file_time=stamp)


def _published_mismatch(pub: Published, size: int, md5: str) -> str | None:
    if pub.size is not None and pub.size != size:
        return f"size mismatch: the publisher lists {pub.size:,} bytes, the file has {size:,}"
    if pub.md5 is not None and pub.md5.lower() != md5:
        return f"md5 mismatch: the publisher lists {pub.md5.lower()}, the file has {md5}"
    return None


def _drop_file_rows(con: duckdb.DuckDBPyConnection, path: str) -> None:
    """Delete the rows (and quarantined rows) that came from ``path``: only when that file changed."""
    con.execute(f"DELETE FROM {GDELT_EVENTS} WHERE source_file = ?", [path])
    con.execute(f"DELETE FROM {QUARANTINE_TABLE} WHERE source = ? AND file = ?", [SOURCE, path])


def ingest_file(
    con: duckdb.DuckDBPyConnection, path: str | Path, published: Published | None = None
) -> FileOutcome:
    """Import one GDELT event file on ``con`` (the caller holds the transaction) and record its state.

    Skipped (``unchanged``) when a file of that name with the same SHA-256 was seen before. A missing,
    empty, corrupt or non-GDELT file, or one that does not match ``published``, is recorded as quarantined
    with the reason and nothing of it is imported. A :class:`StoreError` or ``duckdb.Error`` means the store
    itself failed: the caller rolls back. The tables must exist (:func:`ensure_files_table`).
    """
    return ingest_files(con, [path], [published])[0]


def ingest_files(
    con: duckdb.DuckDBPyConnection,
    paths: Sequence[str | Path],
    published: Sequence[Published | None] | None = None,
) -> list[FileOutcome]:
    """:func:`ingest_file` for several files at once (one read per format; the caller holds the transaction):
    the same outcome for each file as importing them one by one in this order. File names must differ.
    ``seconds`` of each imported file is its share, by bytes, of the time of the whole call."""
    start = time.perf_counter()
    files = [Path(p) for p in paths]
    pubs: list[Published | None] = list(published) if published is not None else [None] * len(files)
    names = [f.name for f in files]
    seen = {
        str(r[0]): r[1:]
        for r in con.execute(
            f"SELECT name, sha256, state, path, reason FROM {GDELT_FILES} WHERE list_contains(?, name)",
            [names],
        ).fetchall()
    }
    outcomes: dict[int, FileOutcome] = {}
    todo: list[tuple[int, tuple[int, str, str], bool]] = []
    for k, (p, pub) in enumerate(zip(files, pubs, strict=True)):
        if not p.is_file():
            outcomes[k] = quarantine_file(con, p.name, str(p), "missing: no such file", pub)
            continue
        digests = _digests(p)
        previous = seen.get(p.name, ())
        if previous and previous[0] == digests[2]:  # seen before: the reason says why, if it was quarantined
            was = str(previous[3] or "") if previous[1] == "quarantined" else ""
            outcomes[k] = FileOutcome(p.name, str(p), "unchanged", reason=was)
            continue
        bad = _published_mismatch(pub, digests[0], digests[1]) if pub is not None else None
        if bad is not None:
            outcomes[k] = quarantine_file(con, p.name, str(p), bad, pub, digests)
            continue
        replaced = bool(previous) and previous[1] == "imported"
        if replaced:
            _drop_file_rows(con, str(previous[2]))
        todo.append((k, digests, replaced))
    if todo:
        _import_batch(con, files, pubs, todo, outcomes, start)
    return [outcomes[k] for k in range(len(files))]


def _import_batch(
    con: duckdb.DuckDBPyConnection,
    files: list[Path],
    pubs: list[Published | None],
    todo: list[tuple[int, tuple[int, str, str], bool]],
    outcomes: dict[int, FileOutcome],
    start: float,
) -> None:
    """Import the files ``todo`` names (index, digests, replaced) in one read; record each file's outcome."""
    temp = "_mv_file_quarantine"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {temp} (source VARCHAR, file VARCHAR, line BIGINT, reason VARCHAR,"
        " raw VARCHAR)"
    )
    chosen = [files[k] for k, _d, _r in todo]
    results = gdelt.import_files(con, chosen, GDELT_EVENTS, quarantine=f"temp.{temp}")
    con.execute(
        f"INSERT INTO {QUARANTINE_TABLE} (source, table_name, file, line, reason, raw)"
        f" SELECT coalesce(source, ?), ?, file, line, reason, raw FROM temp.{temp}",
        [SOURCE, GDELT_EVENTS],
    )
    con.execute(f"DROP TABLE temp.{temp}")
    seconds = time.perf_counter() - start
    total = sum(d[0] for _k, d, _r in todo) or 1
    records: list[dict[str, object]] = []
    for (k, digests, replaced), result in zip(todo, results, strict=True):
        p, pub = files[k], pubs[k]
        if isinstance(result, DataError):
            outcomes[k] = quarantine_file(con, p.name, str(p), str(result), pub, digests)
        else:
            share = seconds * digests[0] / total
            outcomes[k] = _record_imported(con, p, pub, digests, result, replaced, share, records)
    _write_states(con, records)
    if any(o.added for o in outcomes.values()):
        _update_imports_row(con)


def _record_imported(
    con: duckdb.DuckDBPyConnection,
    p: Path,
    pub: Published | None,
    digests: tuple[int, str, str],
    result: gdelt.FileImport,
    replaced: bool,
    seconds: float,
    records: list[dict[str, object]],
) -> FileOutcome:
    """The outcome of an imported file; its ``gdelt_files`` row is appended to ``records``."""
    name, where = p.name, str(p)
    size, md5, sha = digests
    stamp = gdelt.file_timestamp(name)
    if stamp is None:
        first = first_row(
            con.execute(
                f"SELECT min(dateadded) FROM {GDELT_EVENTS} WHERE source_file = ?", [where]
            ).fetchall()
        )
        stamp = first[0] if first else None
    report = result.report
    minutes = MINUTES.get(result.format)
    pub = pub or Published()
    records.append(
        {
            "name": name,
            "path": where,
            "bytes": size,
            "size_published": pub.size,
            "md5_published": pub.md5,
            "md5": md5,
            "sha256": sha,
            "format": result.format,
            "file_time": stamp,
            "minutes": minutes,
            "state": "imported",
            "reason": None,
            "rows_read": report.rows_read,
            "rows_kept": report.rows_kept,
            "rows_rejected": report.rows_rejected,
            "imported_at": _now(),
            "seconds": seconds,
        }
    )
    return FileOutcome(
        name,
        where,
        "replaced" if replaced else "imported",
        report.rows_read,
        report.rows_kept,
        report.rows_rejected,
        file_time=stamp,
        minutes=minutes,
        seconds=seconds,
    )


def _update_imports_row(con: duckdb.DuckDBPyConnection) -> None:
    """The ``_imports`` row of ``gdelt_events``: the sums over the imported files (``data status``)."""
    row = first_row(
        con.execute(
            "SELECT count(*), coalesce(sum(bytes), 0), coalesce(sum(rows_read), 0),"
            " coalesce(sum(rows_kept), 0), coalesce(sum(rows_rejected), 0),"
            " sha256(coalesce(string_agg(sha256, chr(10) ORDER BY sha256), ''))"
            f" FROM {GDELT_FILES} WHERE state = 'imported'"
        ).fetchall()
    )
    assert row is not None
    n_files, nbytes, n_read, n_kept, n_rejected, combined = row
    files = con.execute(
        f"SELECT path, bytes, sha256 FROM {GDELT_FILES} WHERE state = 'imported' ORDER BY file_time, name"
        f" LIMIT {PROVENANCE_FILES_MAX}"
    ).fetchall()
    prov = gdelt.PROVENANCE.as_dict()
    prov["files"] = [{"path": p, "bytes": int(b), "sha256": s} for p, b, s in files]
    if n_files > PROVENANCE_FILES_MAX:
        prov["files_note"] = (
            f"first {PROVENANCE_FILES_MAX} of {n_files} files; every file is in {GDELT_FILES}"
        )
    parents = {str(Path(str(p)).parent) for p, _b, _s in files}
    label = parents.pop() if len(parents) == 1 and n_files <= PROVENANCE_FILES_MAX else f"{n_files} files"
    con.execute(f"DELETE FROM {IMPORTS_TABLE} WHERE source = ? AND table_name = ?", [SOURCE, GDELT_EVENTS])
    con.execute(
        f"INSERT INTO {IMPORTS_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            SOURCE,
            GDELT_EVENTS,
            label,
            "files:" + str(combined),
            int(nbytes),
            int(n_files),
            int(n_read),
            int(n_kept),
            int(n_rejected),
            gdelt.PROVENANCE.version,
            _now(),
            json.dumps(prov),
        ],
    )


def _totals(con: duckdb.DuckDBPyConnection) -> tuple[int, int, int, int, str]:
    row = first_row(
        con.execute(
            f"SELECT n_files, rows_read, rows_kept, rows_rejected, sha256 FROM {IMPORTS_TABLE}"
            " WHERE source = ? AND table_name = ?",
            [SOURCE, GDELT_EVENTS],
        ).fetchall()
    )
    if row is None:
        return 0, 0, 0, 0, ""
    return int(row[0]), int(row[1]), int(row[2]), int(row[3]), str(row[4])


def time_ordered(files: Sequence[Path]) -> list[Path]:
    """Files in publication order: by the time in the name (files without one last, by name)."""
    far = datetime.max
    return sorted(files, key=lambda f: (gdelt.file_timestamp(f.name) or far, f.name))


def batches(
    files: Sequence[Path], max_bytes: int = BATCH_BYTES, max_files: int = BATCH_FILES
) -> list[list[Path]]:
    """``files`` in order, cut into batches of at most ``max_bytes`` bytes on disk (a larger file is a batch
    of its own) and ``max_files`` files, with no file name twice in a batch."""
    out: list[list[Path]] = []
    batch: list[Path] = []
    size, names = 0, set[str]()
    for f in files:
        n = f.stat().st_size if f.is_file() else 0
        if batch and (size + n > max_bytes or len(batch) >= max_files or f.name in names):
            out.append(batch)
            batch, size, names = [], 0, set()
        batch.append(f)
        size += n
        names.add(f.name)
    return [*out, batch] if batch else out


def _size_bytes(text: str) -> float:
    """Bytes of a DuckDB size setting such as ``18.3 GiB`` or ``500.0 MB`` (inf when not a size)."""
    m = re.fullmatch(r"\s*([0-9.]+)\s*([KMGT]?i?B)\s*", text or "")
    if m is None:
        return float("inf")
    unit = m.group(2)
    base = 1024 if "i" in unit else 1000
    return float(m.group(1)) * base ** "BKMGT".index(unit[0])


@contextmanager
def bounded_memory(con: duckdb.DuckDBPyConnection, limit_mb: int = IMPORT_MEMORY_MB) -> Iterator[None]:
    """DuckDB's ``memory_limit`` at most ``limit_mb`` MB while the block runs, then as it was: its buffer
    pool would otherwise keep every block of the table the import reads and writes, up to 80% of the
    machine's memory. Past the limit DuckDB writes to its temporary folder (``temp_directory``)."""
    before = str(con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0])
    lower = _size_bytes(before) > limit_mb * 1e6
    if lower:
        con.execute(f"SET memory_limit = '{int(limit_mb)}MB'")
    try:
        yield
    finally:
        if lower:
            con.execute("RESET memory_limit")  # exact when it was the default (SET rounds to 0.1 GiB)
            if str(con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]) != before:
                con.execute(f"SET memory_limit = '{before}'")


def import_gdelt_files(
    store: Store,
    path: str | Path,
    progress: bool = False,
    *,
    batch_bytes: int = BATCH_BYTES,
    batch_files: int = BATCH_FILES,
    memory_mb: int = IMPORT_MEMORY_MB,
) -> ImportSummary:
    """``multivector data import gdelt PATH``: every event file under ``path``, in time order, in batches of
    at most ``batch_bytes`` bytes and ``batch_files`` files (:func:`batches`), one transaction per batch,
    with DuckDB's memory at most ``memory_mb`` MB (:func:`bounded_memory`).

    Returns the summary of ``gdelt_events`` after the import (totals over every imported file; the action is
    ``unchanged`` when no file was new). Quarantined files are printed (with ``progress``) and recorded in
    ``gdelt_files``; when no file could be imported at all, :class:`DataError` names them.
    """
    if store.read_only:
        raise StoreError(f"the store at {store.path} was opened read-only; cannot import {SOURCE}")
    files = time_ordered(gdelt.find_event_files(path))
    con = store._connection()
    ensure_files_table(con)
    outcomes: list[FileOutcome] = []
    with bounded_memory(con, memory_mb):
        for batch in batches(files, batch_bytes, batch_files):
            con.begin()
            try:
                done = ingest_files(con, batch)
                con.commit()
            except BaseException as exc:
                con.rollback()
                if isinstance(exc, duckdb.Error):
                    n = sum(o.added for o in outcomes)
                    raise StoreError(
                        f"import of {SOURCE!r} failed in the batch of {len(batch)} files from {batch[0]}; the"
                        f" store is unchanged from that batch on ({n} earlier files were imported): {exc}"
                    ) from exc
                raise
            outcomes += done
    bad = [o for o in outcomes if o.state == "quarantined" or (o.state == "unchanged" and o.reason)]
    if progress:
        for o in bad:
            _console.print(f"[yellow]! gdelt[/]: file quarantined: {escape(o.reason)}", highlight=False)
    if bad and len(bad) == len(outcomes):
        reasons = "; ".join(o.reason for o in bad[:3])
        raise DataError(f"no GDELT file could be imported from {path}: {reasons}")
    n_files, n_read, n_kept, n_rejected, key = _totals(con)
    action = "unchanged"
    if any(o.state == "replaced" for o in outcomes):
        action = "replaced"
    elif any(o.state == "imported" for o in outcomes):
        action = "imported"
    table = TableSummary(SOURCE, GDELT_EVENTS, action, n_read, n_kept, n_rejected, n_files, key)
    return ImportSummary(source=SOURCE, tables=[table])


#: Sources imported file by file (``data import`` uses these instead of the source's whole-table import).
PER_FILE_IMPORTERS: dict[str, Callable[[Store, Path, bool], ImportSummary]] = {SOURCE: import_gdelt_files}


def stored_files(con: duckdb.DuckDBPyConnection) -> list[dict[str, object]]:
    """Every row of ``gdelt_files`` as a record, in time order."""
    ensure_files_table(con)
    frame = con.execute(f"SELECT * FROM {GDELT_FILES} ORDER BY file_time NULLS LAST, name").df()
    return [{str(k): v for k, v in rec.items()} for rec in frame.to_dict("records")]


def describe_error(exc: BaseException) -> str:
    """A one-line reason for a quarantined file from an exception."""
    if isinstance(exc, MultivectorError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"
