"""The embedded store: one DuckDB file, one table per source table, plus ``_imports`` and ``quarantine``.

An import is one transaction: either every table, its ``_imports`` row and its quarantined rows are written,
or (on an exception, or when the process is killed) nothing is. Imports are keyed on the SHA-256 of the files
read, so importing the same files twice adds nothing, and a changed file replaces that table's rows.

Readers open the file read-only; DuckDB allows one writing process at a time, and a second one gets a
:class:`~multivector.errors.StoreError` that says so.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd

from multivector import config
from multivector.errors import StoreBusyError, StoreError
from multivector.provenance import FileInfo, LoadResult
from multivector.store.releases import releases as _releases

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from multivector.sources.registry import NativeImport

__all__ = ["ImportSummary", "Store", "TableSummary", "using"]

IMPORTS_TABLE = "_imports"
QUARANTINE_TABLE = "quarantine"
_RESERVED = {IMPORTS_TABLE, QUARANTINE_TABLE}

_DDL = (
    f"""CREATE TABLE IF NOT EXISTS {IMPORTS_TABLE} (
        source VARCHAR NOT NULL,
        table_name VARCHAR NOT NULL,
        file_path VARCHAR,
        sha256 VARCHAR NOT NULL,
        bytes BIGINT,
        n_files INTEGER,
        rows_read BIGINT,
        rows_kept BIGINT,
        rows_rejected BIGINT,
        version VARCHAR,
        imported_at TIMESTAMP,
        provenance VARCHAR
    )""",
    f"""CREATE TABLE IF NOT EXISTS {QUARANTINE_TABLE} (
        source VARCHAR NOT NULL,
        table_name VARCHAR,
        file VARCHAR,
        line BIGINT,
        reason VARCHAR,
        raw VARCHAR
    )""",
)


@dataclass(frozen=True)
class TableSummary:
    """What one import did to one table. ``action`` is ``imported``, ``replaced`` or ``unchanged``."""

    source: str
    table: str
    action: str
    rows_read: int
    rows_kept: int
    rows_rejected: int
    files: int
    sha256: str


@dataclass
class ImportSummary:
    """What an import of one source did: per table counts, or the error that stopped it."""

    source: str
    tables: list[TableSummary] = field(default_factory=list)
    error: str | None = None
    path: str = ""
    #: rejected rows that repeat a row already kept (reason -> count), e.g. UN Digital Library roll calls
    #: that Voeten's file has: counted in ``rows_rejected``, reported apart from the quarantined problems
    duplicates: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the import succeeded."""
        return self.error is None

    @property
    def unchanged(self) -> bool:
        """True when every table was already stored from the same files (nothing was written)."""
        return bool(self.tables) and all(t.action == "unchanged" for t in self.tables)

    @property
    def rows_read(self) -> int:
        """Rows read over all tables."""
        return sum(t.rows_read for t in self.tables)

    @property
    def rows_kept(self) -> int:
        """Rows kept (stored) over all tables."""
        return sum(t.rows_kept for t in self.tables)

    @property
    def rows_rejected(self) -> int:
        """Rows rejected (quarantined) over all tables, duplicates included."""
        return sum(t.rows_rejected for t in self.tables)

    @property
    def rows_duplicate(self) -> int:
        """Rejected rows that are duplicates of rows kept (see ``duplicates``)."""
        return sum(self.duplicates.values())

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready dictionary."""
        return {
            "source": self.source,
            "path": self.path,
            "ok": self.ok,
            "error": self.error,
            "rows_read": self.rows_read,
            "rows_kept": self.rows_kept,
            "rows_rejected": self.rows_rejected,
            "rows_duplicate": self.rows_duplicate,
            "duplicates": dict(self.duplicates),
            "tables": [t.__dict__ for t in self.tables],
        }


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _fingerprint(result: LoadResult) -> tuple[str, str, int]:
    """(sha256 key, file path label, bytes) of the files a table was read from."""
    if not result.provenance.files:
        # No file information: key on the content itself so that re-imports still dedupe.
        digest = hashlib.sha256(pd.util.hash_pandas_object(result.table, index=False).to_numpy().tobytes())
        return "content:" + digest.hexdigest(), "", 0
    return _files_fingerprint(result.provenance.files)


def _files_fingerprint(infos: tuple[FileInfo, ...]) -> tuple[str, str, int]:
    files = sorted(infos, key=lambda f: (f.sha256, f.path))
    if len(files) == 1:
        return files[0].sha256, files[0].path, files[0].bytes
    combined = hashlib.sha256("\n".join(f.sha256 for f in files).encode()).hexdigest()
    parents = {str(Path(f.path).parent) for f in files}
    label = parents.pop() if len(parents) == 1 else f"{len(files)} files"
    return "files:" + combined, label, sum(f.bytes for f in files)


def _quarantine_frame(source: str, table: str, rejected: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame(index=range(len(rejected)))
    values = rejected.reset_index(drop=True)
    frame["source"] = values["source"].fillna(source).astype(str) if "source" in values else source
    frame["table_name"] = table
    frame["file"] = values["file"].astype("string") if "file" in values else pd.NA
    line = pd.to_numeric(values["line"], errors="coerce") if "line" in values else pd.NA
    frame["line"] = line
    frame["reason"] = values["reason"].astype("string") if "reason" in values else pd.NA
    frame["raw"] = values["raw"].astype("string") if "raw" in values else pd.NA
    frame["line"] = frame["line"].astype("Int64")
    return frame


def _owner_of(table: str) -> str | None:
    """The registered source that fills ``table``, if any."""
    from multivector.sources import registry

    for name in registry.source_names():
        if table in registry.get_source(name).tables:
            return name
    return None


def _file_names(infos: list[dict[str, Any]] | tuple[FileInfo, ...]) -> set[str]:
    """The names of the files (or archive members: ``archive.zip::member.csv`` -> ``member.csv``) read."""
    paths = [str(i["path"]) if isinstance(i, dict) else i.path for i in infos]
    return {Path(p.rsplit("::", 1)[-1]).name for p in paths}


def _check_not_narrower(
    con: duckdb.DuckDBPyConnection, source: str, table: str, files: tuple[FileInfo, ...]
) -> None:
    """Refuse an import that would replace ``table`` from only some of the files its rows came from.

    A table read from several files (a folder) replaced by an import of some of them (one changed file)
    would lose the rows of the others: :class:`StoreError` names them, inside the import's transaction,
    so nothing is written. An import reading other files (a new release) replaces the table as usual.
    """
    row = con.execute(
        f"SELECT provenance FROM {IMPORTS_TABLE} WHERE source = ? AND table_name = ?", [source, table]
    ).fetchone()
    if row is None or not row[0] or not files:
        return
    stored = _file_names(json.loads(row[0]).get("files") or [])
    given = _file_names(files)
    if given and given < stored:
        raise StoreError(
            f"table {table!r} holds rows read from {len(stored)} files ({', '.join(sorted(stored))}); this "
            f"import reads only {', '.join(sorted(given))} and would drop the rows of the others. Import the "
            f"folder that holds all of them (`multivector data import {source} FOLDER`); nothing was changed"
        )


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection, source: str) -> Iterator[None]:
    """One import's transaction: commit at the end, roll back on any error (a DuckDB one as StoreError)."""
    con.begin()
    try:
        yield
        con.commit()
    except BaseException as exc:
        con.rollback()
        if isinstance(exc, duckdb.Error):
            raise StoreError(f"import of {source!r} failed, the store is unchanged: {exc}") from exc
        raise


class Store:
    """The DuckDB store at ``path`` (default :func:`multivector.config.store_path`).

    Use it as a context manager. ``read_only=True`` for readers: many processes may read at once, but not
    while one writes. Writers get the single-writer lock; a second writer gets a :class:`StoreError`.
    """

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else config.store_path()
        self.read_only = read_only
        self._con: duckdb.DuckDBPyConnection | None = None

    # -- connection ---------------------------------------------------------------------------------
    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (the store stays on disk)."""
        if self._con is not None:
            self._con.close()
            self._con = None

    def open(self) -> Store:
        """Open the connection now (a writable store takes the single-writer lock here, so a busy store
        is found before any work); returns the store. Raises :class:`StoreBusyError` when it is held."""
        self._connection()
        return self

    @property
    def exists(self) -> bool:
        """True when the store file exists."""
        return self.path.exists()

    def _connection(self) -> duckdb.DuckDBPyConnection:
        if self._con is not None:
            return self._con
        if self.read_only and not self.path.exists():
            raise StoreError(
                f"there is no store at {self.path} yet; import data first with"
                " `multivector data import SOURCE PATH` or `multivector data import all DIR`"
            )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            con = duckdb.connect(str(self.path), read_only=self.read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                holder = re.search(r"\(PID (\d+)\)", str(exc))
                who = f" (process {holder.group(1)})" if holder else ""
                raise StoreBusyError(
                    f"the store at {self.path} is in use by another process{who}: an import writing it, or "
                    "a program reading it while you import (DuckDB allows one writer, and no readers while "
                    "it writes; `multivector serve` holds it only while it answers a request). Retry when "
                    f"that has finished. ({exc})"
                ) from None
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from None
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the store at {self.path} (is it a DuckDB file?): {exc}") from None
        if not self.read_only:
            for ddl in _DDL:
                con.execute(ddl)
        self._con = con
        return con

    def _has_table(self, name: str) -> bool:
        con = self._connection()
        row = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?",
            [name],
        ).fetchone()
        return bool(row and row[0])

    # -- writing ------------------------------------------------------------------------------------
    def import_result(self, source_name: str, results: dict[str, LoadResult]) -> ImportSummary:
        """Store the tables a loader returned, in one transaction.

        A table whose files (by SHA-256) are already stored is left alone; a table read from changed files
        replaces the stored table, its ``_imports`` row and its quarantined rows, unless the import reads
        only some of the files the table came from (by name: one changed file of a folder), which would
        drop the rows of the others: that is refused. On any error nothing is written and
        :class:`StoreError` (or the original :class:`MultivectorError`) is raised.
        """
        if self.read_only:
            raise StoreError(f"the store at {self.path} was opened read-only; cannot import {source_name}")
        con = self._connection()
        summary = ImportSummary(source=source_name)
        self._check_tables(con, source_name, list(results))
        with _transaction(con, source_name):
            for table, result in results.items():
                summary.tables.append(self._write_table(con, source_name, table, result))
        return summary

    def import_native(self, source_name: str, imports: list[NativeImport]) -> ImportSummary:
        """Like :meth:`import_result`, for a source that writes its tables itself on the store's connection.

        Same guarantees: one transaction, tables keyed on the SHA-256 of their files (unchanged files are
        left alone, changed files replace the table), rejected rows in ``quarantine``.
        """
        if self.read_only:
            raise StoreError(f"the store at {self.path} was opened read-only; cannot import {source_name}")
        con = self._connection()
        summary = ImportSummary(source=source_name)
        self._check_tables(con, source_name, [imp.table for imp in imports])
        with _transaction(con, source_name):
            for imp in imports:
                summary.tables.append(self._write_native(con, source_name, imp))
        return summary

    def _write_native(self, con: duckdb.DuckDBPyConnection, source: str, imp: NativeImport) -> TableSummary:
        key, label, nbytes = _files_fingerprint(imp.provenance.files)
        table, n_files = imp.table, len(imp.provenance.files)
        previous = con.execute(
            f"SELECT sha256, rows_read, rows_kept, rows_rejected FROM {IMPORTS_TABLE} "
            "WHERE source = ? AND table_name = ?",
            [source, table],
        ).fetchall()
        if previous and previous[0][0] == key and self._has_table(table):
            _sha, n_read, n_kept, n_rejected = previous[0]
            return TableSummary(source, table, "unchanged", n_read, n_kept, n_rejected, n_files, key)
        action = "replaced" if previous else "imported"
        _check_not_narrower(con, source, table, imp.provenance.files)
        con.execute(f"DELETE FROM {IMPORTS_TABLE} WHERE source = ? AND table_name = ?", [source, table])
        con.execute(f"DELETE FROM {QUARANTINE_TABLE} WHERE source = ? AND table_name = ?", [source, table])
        con.execute(f"DROP TABLE IF EXISTS {_quote(table)}")
        rejected = "_mv_native_quarantine"
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {rejected} "
            "(source VARCHAR, file VARCHAR, line BIGINT, reason VARCHAR, raw VARCHAR)"
        )
        report = imp.run(con, table, f"temp.{rejected}")
        con.execute(
            f"INSERT INTO {QUARANTINE_TABLE} (source, table_name, file, line, reason, raw)"
            f" SELECT coalesce(source, ?), ?, file, line, reason, raw FROM temp.{rejected}",
            [source, table],
        )
        con.execute(f"DROP TABLE temp.{rejected}")
        con.execute(
            f"INSERT INTO {IMPORTS_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                source, table, label, key, nbytes, n_files,
                report.rows_read, report.rows_kept, report.rows_rejected, imp.provenance.version,
                datetime.now(UTC).replace(tzinfo=None), json.dumps(imp.provenance.as_dict()),
            ],
        )  # fmt: skip
        return TableSummary(
            source, table, action, report.rows_read, report.rows_kept, report.rows_rejected, n_files, key
        )

    def _check_tables(self, con: duckdb.DuckDBPyConnection, source_name: str, tables: list[str]) -> None:
        for table in tables:
            if table in _RESERVED or table.startswith("_"):
                raise StoreError(f"source {source_name!r} returned the reserved table name {table!r}")
        owners = dict(
            con.execute(
                f"SELECT DISTINCT table_name, source FROM {IMPORTS_TABLE} WHERE source <> ?", [source_name]
            ).fetchall()
        )
        for table in tables:
            if table in owners:
                raise StoreError(
                    f"table {table!r} is already filled by source {owners[table]!r}; source {source_name!r}"
                    " cannot write it"
                )

    def _write_table(
        self, con: duckdb.DuckDBPyConnection, source: str, table: str, result: LoadResult
    ) -> TableSummary:
        key, label, nbytes = _fingerprint(result)
        report = result.report
        previous = con.execute(
            f"SELECT sha256 FROM {IMPORTS_TABLE} WHERE source = ? AND table_name = ?", [source, table]
        ).fetchone()
        if previous is not None and previous[0] == key and self._has_table(table):
            return TableSummary(
                source, table, "unchanged", report.rows_read, report.rows_kept, report.rows_rejected,
                len(result.provenance.files), key,
            )  # fmt: skip
        action = "replaced" if previous is not None else "imported"
        _check_not_narrower(con, source, table, result.provenance.files)
        con.execute(f"DELETE FROM {IMPORTS_TABLE} WHERE source = ? AND table_name = ?", [source, table])
        con.execute(f"DELETE FROM {QUARANTINE_TABLE} WHERE source = ? AND table_name = ?", [source, table])
        view = f"_mv_load_{table}"
        con.register(view, result.table)
        try:
            con.execute(f"CREATE OR REPLACE TABLE {_quote(table)} AS SELECT * FROM {_quote(view)}")
        finally:
            con.unregister(view)
        if len(result.rejected):
            qframe = _quarantine_frame(source, table, result.rejected)
            con.register("_mv_quarantine", qframe)
            try:
                con.execute(
                    f"INSERT INTO {QUARANTINE_TABLE} (source, table_name, file, line, reason, raw)"
                    " SELECT source, table_name, file, line, reason, raw FROM _mv_quarantine"
                )
            finally:
                con.unregister("_mv_quarantine")
        con.execute(
            f"INSERT INTO {IMPORTS_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                source, table, label, key, nbytes, len(result.provenance.files),
                report.rows_read, report.rows_kept, report.rows_rejected, result.provenance.version,
                datetime.now(UTC).replace(tzinfo=None), json.dumps(result.provenance.as_dict()),
            ],
        )  # fmt: skip
        return TableSummary(
            source, table, action, report.rows_read, report.rows_kept, report.rows_rejected,
            len(result.provenance.files), key,
        )  # fmt: skip

    # -- reading ------------------------------------------------------------------------------------
    def _imports(self) -> pd.DataFrame:
        if self.read_only and not self.path.exists():
            return pd.DataFrame(
                columns=["source", "table_name", "file_path", "sha256", "bytes", "n_files", "rows_read",
                         "rows_kept", "rows_rejected", "version", "imported_at", "provenance"]
            )  # fmt: skip
        if not self._has_table(IMPORTS_TABLE):
            return pd.DataFrame()
        return self._connection().execute(f"SELECT * FROM {IMPORTS_TABLE} ORDER BY source, table_name").df()

    def status(self) -> pd.DataFrame:
        """One row per stored table: source, table, rows, files, versions, last_import, read/kept/rejected."""
        columns = ["source", "table", "rows", "files", "versions", "last_import", "rows_read",
                   "rows_kept", "rows_rejected"]  # fmt: skip
        imports = self._imports()
        if imports.empty:
            return pd.DataFrame(columns=columns)
        con = self._connection()
        rows = []
        for rec in imports.to_dict("records"):
            count = con.execute(f"SELECT count(*) FROM {_quote(str(rec['table_name']))}").fetchone()
            rows.append(
                {
                    "source": rec["source"], "table": rec["table_name"],
                    "rows": int(count[0]) if count else 0, "files": int(rec["n_files"]),
                    "versions": rec["version"], "last_import": rec["imported_at"],
                    "rows_read": int(rec["rows_read"]), "rows_kept": int(rec["rows_kept"]),
                    "rows_rejected": int(rec["rows_rejected"]),
                }
            )  # fmt: skip
        return pd.DataFrame(rows, columns=columns)

    def status_records(self) -> list[dict[str, Any]]:
        """The status as JSON-ready records, with each file's path, size and SHA-256, version and citation."""
        records: list[dict[str, Any]] = []
        status = self.status()
        provenance = {(p["source"], p["table"]): p for p in self.provenance()}
        for rec in status.to_dict("records"):
            prov = provenance.get((rec["source"], rec["table"]), {}).get("provenance", {})
            records.append(
                {
                    "source": rec["source"], "table": rec["table"], "rows": rec["rows"],
                    "rows_read": rec["rows_read"], "rows_kept": rec["rows_kept"],
                    "rows_rejected": rec["rows_rejected"], "version": rec["versions"],
                    "citation": prov.get("citation", ""), "license": prov.get("license", ""),
                    "files": prov.get("files", []), "imported_at": str(rec["last_import"]),
                }
            )  # fmt: skip
        return records

    def provenance(self, source: str | None = None) -> list[dict[str, Any]]:
        """The import records of ``source`` (all sources if None), with the loader's provenance parsed."""
        imports = self._imports()
        out: list[dict[str, Any]] = []
        for rec in imports.to_dict("records"):
            if source is not None and rec["source"] != source:
                continue
            out.append(
                {
                    "source": rec["source"], "table": rec["table_name"], "file_path": rec["file_path"],
                    "sha256": rec["sha256"], "bytes": int(rec["bytes"]), "rows_read": int(rec["rows_read"]),
                    "rows_kept": int(rec["rows_kept"]), "rows_rejected": int(rec["rows_rejected"]),
                    "version": rec["version"], "imported_at": str(rec["imported_at"]),
                    "provenance": json.loads(rec["provenance"]),
                }
            )  # fmt: skip
        if source is not None and not out:
            raise StoreError(
                f"nothing from source {source!r} is in the store at {self.path}; run"
                f" `multivector data import {source} PATH`"
            )
        return out

    def releases(self, dataset: str) -> pd.DataFrame:
        """The stored releases of ``dataset`` (e.g. ``dimensions.SIPRI_ARMS``), newest first, with each one's
        version and generation date (:func:`multivector.store.releases.releases`)."""
        return _releases(self, dataset)

    def tables(self) -> list[str]:
        """Names of the stored data tables (from the import records; no row counts)."""
        imports = self._imports()
        if imports.empty:
            return []
        return sorted(set(imports["table_name"].astype(str)))

    def require(self, name: str) -> None:
        """Check that table ``name`` is stored; otherwise raise :class:`StoreError` naming the source to
        import (``multivector data import SOURCE PATH``)."""
        if (self.path.exists() or not self.read_only) and self._has_table(name):
            return
        owner = _owner_of(name)
        if owner is not None:
            raise StoreError(
                f"table {name!r} is not in the store at {self.path}; it comes from source {owner!r}: run"
                f" `multivector data import {owner} PATH` (or `multivector data import all DIR`)"
            )
        raise StoreError(
            f"no table named {name!r} in the store at {self.path}; stored tables:"
            f" {', '.join(self.tables()) if self.path.exists() else '(none)'}."
            " Run `multivector data status` to see what is stored."
        )

    def table(self, name: str) -> ir.Table:
        """The stored table ``name`` as an Ibis table (the same expressions also run on other backends)."""
        import ibis

        self.require(name)
        backend = ibis.duckdb.from_connection(self._connection())
        return backend.table(name)

    def query_df(self, sql: str, params: list[Any] | dict[str, Any] | None = None) -> pd.DataFrame:
        """Run SQL on the store and return a DataFrame (use ``?`` or ``$name`` parameters)."""
        con = self._connection()
        try:
            return con.execute(sql, params).df() if params is not None else con.execute(sql).df()
        except duckdb.CatalogException as exc:
            raise StoreError(f"{exc}; run `multivector data status` to see the stored tables") from None

    def quarantine(self, source: str | None = None, limit: int | None = None) -> pd.DataFrame:
        """Rejected rows (source, table_name, file, line, reason, raw), optionally for one source."""
        if self.read_only and not self.path.exists():
            return pd.DataFrame(columns=["source", "table_name", "file", "line", "reason", "raw"])
        sql = f"SELECT source, table_name, file, line, reason, raw FROM {QUARANTINE_TABLE}"
        params: list[Any] = []
        if source is not None:
            sql += " WHERE source = ?"
            params.append(source)
        sql += " ORDER BY source, table_name, file, line"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self._connection().execute(sql, params).df()


@contextmanager
def using(store: Store | str | Path | None = None, *, read_only: bool = True) -> Iterator[Store]:
    """The one way to get a store for a piece of work: a :class:`Store` as given (left open for its owner),
    or the store at a path (default: :func:`multivector.config.store_path`) opened for the work and closed
    after it. ``read_only=False`` takes the single-writer lock at once (:meth:`Store.open`), so a busy store
    is found before any work is done."""
    if isinstance(store, Store):
        yield store if read_only else store.open()
        return
    with Store(store, read_only=read_only) as own:
        yield own if read_only else own.open()
