"""GDELT event files (1.0 historical, 1.0 daily, 2.0 export; zipped or not) into one tidy, typed table.

Public API (signatures kept stable for the store)::

    load(path) -> {"gdelt_events": LoadResult}
        path: a file, a list of files or a folder. A folder holding ``raw/`` (laid out like
        ``shared/data/gdelt``) loads ``raw/**`` only; ``subsets/`` are partial files, load them by path.
    import_into(con, paths, table="gdelt_events", *, quarantine="quarantine",
                skip_existing=True) -> LoadReport
        imports straight into a DuckDB connection: kept rows are appended to ``table`` (created if absent),
        rejected rows to ``quarantine`` (source, file, line, reason, raw). With ``skip_existing`` a row whose
        GLOBALEVENTID is already in ``table`` is rejected as a duplicate, so importing a file twice adds
        nothing. It opens no transaction of its own: wrap the call in BEGIN/COMMIT for an atomic import.
    import_file(con, path, table="gdelt_events", *, quarantine="quarantine") -> FileImport
        ONE file, appended (ids already stored are quarantined as duplicates): the per-file import of the
        store and the monitor (:mod:`multivector.store.files`), which own the transaction.
    import_files(con, paths, table="gdelt_events", *, quarantine="quarantine") -> [FileImport | DataError]
        several files in one read, with the counts of each file (the store's import in batches of files).
    native_import(path) -> [NativeImport]     a whole-table import (``SourceSpec.native``)
    find_event_files(path) -> list[Path]      the files ``load`` would read
    detect_format(path) -> "v1_hist" | "v1_daily" | "v2"
    file_timestamp(path) -> datetime | None   the time in a GDELT file name
    sweep_scratch() -> [Path]                 remove the scratch folders of killed imports
    EVENT_COLUMNS                             the schema of ``gdelt_events`` (name -> DuckDB type)

Formats are told apart per file by the number of tab-separated fields: 57 (1.0 historical backfile,
1979-Mar 2013), 58 (1.0 daily, + SOURCEURL) and 61 (2.0 15-minute export: ADM2Code in each geo block,
DATEADDED as YYYYMMDDHHMMSS). Each format is parsed once by DuckDB's parallel CSV reader, one call over
all its files, with explicit names and types (no inference, no quoting: GDELT fields are raw text); lines
it cannot read (column count, a value that does not parse, bytes that are not UTF-8) come back from its
rejects tables with file and line. The derived columns are computed in the same statement. Zips are
extracted to a temporary folder first, within the decompression limits of
:mod:`multivector.sources.limits`. See docs/gdelt.md for the details.

Cleaning, per the GDELT quirks in ``shared/data/gdelt/SOURCE.md``:

- actor codes are stripped (every 1.0 Actor2Code carries a leading space); empty codes become NULL;
- ``actor*_iso3``: the CAMEO country code mapped to ISO3 (:func:`multivector.countries.crosswalk`; CAMEO
  regions such as EUR or AFR have none), except that an actor with KnownGroupCode ``EEC`` (the European
  Union) is the bloc ``EU27``;
- rejected with file, line and reason, never silently dropped: lines with the wrong number of fields
  ("wrong column count"), bytes that are not UTF-8 ("not UTF-8"), unparseable SQLDATE or DATEADDED
  ("bad date"), non-numeric GoldsteinScale or tone, a GLOBALEVENTID or count that is not an integer of its
  type ("bad GLOBALEVENTID", "bad count": ``12.5`` and ``1e2`` are rejected, never rounded; the rule of the
  CSV loaders), a QuadClass outside 1-4, and every repeat of a GLOBALEVENTID after its first occurrence
  (files in sorted order; "duplicate GLOBALEVENTID").
- ``source_url``: SOURCEURL (1.0 daily and 2.0; NULL in the 1.0 backfile).
- An empty file (no line with data, or a zip whose CSV is empty), a truncated or corrupt zip raises
  :class:`~multivector.errors.DataError` naming the file, before anything is written: an empty file is never
  "read 0".

Zips are extracted to a scratch folder ``mv_gdelt_<pid>_*`` in the system temp folder, removed when the
import ends; the folders of processes that no longer run (``kill -9``) are removed by the next import.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from multivector.dimensions import GDELT_EVENTS, SRC_GDELT
from multivector.errors import DataError
from multivector.provenance import LoadReport, LoadResult, Provenance, file_info
from multivector.sources._gdelt_files import extract, file_timestamp, scratch, sweep_scratch
from multivector.sources._gdelt_keep import duplicates, keep_first, kept_by_file, quarantine_lines, skipped
from multivector.sources._gdelt_read import (
    FORMATS,
    INTEGERS,
    EventInput,
    integer_problem,
    read_select,
)
from multivector.sources._gdelt_rejects import integer_lines, reject_reason
from multivector.sources.registry import NativeImport, register, source_spec

__all__ = [
    "EVENT_COLUMNS",
    "FORMATS",
    "PROVENANCE",
    "TABLE",
    "FileImport",
    "check_not_empty",
    "detect_format",
    "ensure_event_table",
    "file_timestamp",
    "find_event_files",
    "import_file",
    "import_files",
    "import_into",
    "load",
    "native_import",
    "sweep_scratch",
]

TABLE = GDELT_EVENTS
SOURCE = SRC_GDELT

#: Schema of the ``gdelt_events`` table (DuckDB types).
EVENT_COLUMNS: dict[str, str] = {
    "globaleventid": "BIGINT",
    "sqldate": "DATE",
    "year": "INTEGER",
    "month": "INTEGER",
    "actor1_code": "VARCHAR",
    "actor1_country": "VARCHAR",
    "actor1_knowngroup": "VARCHAR",
    "actor1_iso3": "VARCHAR",
    "actor2_code": "VARCHAR",
    "actor2_country": "VARCHAR",
    "actor2_knowngroup": "VARCHAR",
    "actor2_iso3": "VARCHAR",
    "is_root_event": "BOOLEAN",
    "event_code": "VARCHAR",
    "event_base_code": "VARCHAR",
    "event_root_code": "VARCHAR",
    "quad_class": "INTEGER",
    "goldstein": "DOUBLE",
    "num_mentions": "INTEGER",
    "num_sources": "INTEGER",
    "num_articles": "INTEGER",
    "avg_tone": "DOUBLE",
    "dateadded": "TIMESTAMP",
    "source_url": "VARCHAR",
    "source_format": "VARCHAR",
    "source_file": "VARCHAR",
}

PROVENANCE = Provenance(
    source=SOURCE,
    title="GDELT Event Database (1.0 and 2.0 event exports)",
    publisher="The GDELT Project",
    version="GDELT 1.0 (historical backfile and daily updates) and GDELT 2.0 (15-minute exports)",
    citation=(
        "Leetaru, K. & Schrodt, P. A. (2013). GDELT: Global Data on Events, Location and Tone, 1979-2012. "
        "ISA Annual Convention. The GDELT Project, https://www.gdeltproject.org/"
    ),
    url="https://www.gdeltproject.org/",
    license="free for academic, commercial or governmental use, citing the GDELT Project with a link",
)


def _is_event_file(p: Path) -> bool:
    name = p.name.lower()
    return p.is_file() and (name.endswith(".csv") or name.endswith(".csv.zip"))


def find_event_files(path: str | Path | Sequence[str | Path]) -> list[Path]:
    """The GDELT event files named by ``path``: a file, a list of them, or a folder (recursive).

    A folder with a ``raw/`` subfolder is read from ``raw/`` only. Matches ``*.export.CSV``,
    ``*.export.CSV.zip``, ``*.CSV.zip`` and ``*.csv`` (any case), sorted.
    """
    if isinstance(path, (str, Path)):
        items: list[Path] = [Path(path)]
    else:
        items = [Path(p) for p in path]
    out: list[Path] = []
    for item in items:
        if not item.exists():
            raise DataError(f"{item}: no such file or folder; give GDELT event files or their folder")
        if item.is_file():
            out.append(item)
            continue
        root = item / "raw" if (item / "raw").is_dir() else item
        found = sorted(p for p in root.rglob("*") if _is_event_file(p))
        if not found:
            raise DataError(
                f"{item}: no GDELT event file found (*.export.CSV, *.CSV.zip, *.csv); "
                "download them with `multivector data pull gdelt` or point to the right folder"
            )
        out.extend(found)
    return list(dict.fromkeys(out))


def _fields_in(head: bytes, original: Path) -> int | None:
    """The number of tab-separated fields of the first lines (57, 58 or 61); None for an empty file."""
    if not head.strip():
        return None
    lines = head.split(b"\n")
    if len(lines) > 1:
        lines = lines[:-1]  # the last piece may be cut
    counts = Counter(line.rstrip(b"\r").count(b"\t") + 1 for line in lines[:50] if line.strip())
    known = [(n, c) for c, n in counts.items() if c in FORMATS]
    if not known:
        seen = ", ".join(str(c) for c in sorted(counts))
        raise DataError(
            f"{original}: not a GDELT event file: lines have {seen} tab-separated fields; expected 57 "
            "(1.0 historical), 58 (1.0 daily) or 61 (2.0 export)"
        )
    return max(known)[1]


def _count_fields(path: Path, original: Path) -> int | None:
    with path.open("rb") as fh:
        return _fields_in(fh.read(1 << 16), original)


def detect_format(path: str | Path) -> str:
    """``v1_hist`` (57 fields), ``v1_daily`` (58) or ``v2`` (61) for a GDELT event file (zip or CSV)."""
    p = Path(path)
    with scratch() as tmp:
        readable = extract(p, tmp) if p.name.lower().endswith(".zip") else p
        n = _count_fields(readable, p)
    if n is None:
        raise DataError(f"{p}: empty file; its GDELT format cannot be detected")
    return FORMATS[n]


def _is_utf8(data: bytes) -> bool:
    if data.isascii():
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _prepare_one(f: Path, i: int, tmp: Path) -> EventInput:
    """Extract a zip, read the file once: its format (from the first lines) and whether it is UTF-8."""
    if f.name.lower().endswith(".zip"):
        sub = tmp / f"{i:06d}"
        sub.mkdir()
        readable = extract(f, sub)
    else:
        readable = f
    data = readable.read_bytes()
    return EventInput(f, readable, i, _fields_in(data[: 1 << 16], f), _is_utf8(data))


def _prepare(files: Sequence[Path], tmp: Path) -> list[EventInput]:
    if len(files) < 8:
        return [_prepare_one(f, i, tmp) for i, f in enumerate(files)]
    with ThreadPoolExecutor(max_workers=2) as pool:  # zlib and file reads release the GIL
        return list(pool.map(lambda a: _prepare_one(a[1], a[0], tmp), enumerate(files)))


def ensure_event_table(con: duckdb.DuckDBPyConnection, table: str = TABLE) -> None:
    """Create the events table if absent; add the columns a store written by an older version lacks."""
    cols = ", ".join(f"{k} {v}" for k, v in EVENT_COLUMNS.items())
    con.execute(f"CREATE TABLE IF NOT EXISTS {table} ({cols})")
    have = {r[0] for r in con.execute(f"SELECT name FROM pragma_table_info('{table}')").fetchall()}
    for name, kind in EVENT_COLUMNS.items():
        if name not in have:
            con.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")


def _ensure_tables(con: duckdb.DuckDBPyConnection, table: str, quarantine: str) -> None:
    ensure_event_table(con, table)
    temp, name = ("TEMP ", quarantine[5:]) if quarantine.startswith("temp.") else ("", quarantine)
    con.execute(
        f"CREATE {temp}TABLE IF NOT EXISTS {name} "
        "(source VARCHAR, file VARCHAR, line BIGINT, reason VARCHAR, raw VARCHAR)"
    )


def import_into(
    con: duckdb.DuckDBPyConnection,
    paths: str | Path | Sequence[str | Path],
    table: str = TABLE,
    *,
    quarantine: str = "quarantine",
    skip_existing: bool = True,
) -> LoadReport:
    """Import GDELT event files into ``table`` of a DuckDB connection; rejects go to ``quarantine``.

    Returns the :class:`LoadReport` (rows read = kept + rejected; ``reasons`` counts each kind of
    rejection). See the module docstring for the cleaning rules.
    """
    files = find_event_files(paths)
    with scratch() as tmpdir:
        inputs = _prepare(files, tmpdir)
        check_not_empty(inputs)
        report, _files = _import_inputs(con, inputs, table, quarantine, skip_existing)
    return report


@dataclass(frozen=True)
class FileImport:
    """What :func:`import_file` did: the file's counts and its format (``v1_hist``, ``v1_daily``, ``v2``)."""

    report: LoadReport
    format: str


def import_file(
    con: duckdb.DuckDBPyConnection, path: str | Path, table: str = TABLE, *, quarantine: str = "quarantine"
) -> FileImport:
    """Import ONE event file into ``table``: its rows whose GLOBALEVENTID is not stored yet are appended, the
    rest go to ``quarantine`` with file, line and reason. Nothing else in ``table`` is touched.

    Raises :class:`DataError` (before writing anything) for a missing, empty, corrupt or non-GDELT file.
    Opens no transaction: the store's per-file import (:mod:`multivector.store.files`) wraps it in one.
    """
    p = Path(path)
    if not p.is_file():
        raise DataError(f"{p}: no such file; give a GDELT event file")
    result = import_files(con, [p], table, quarantine=quarantine)[0]
    if isinstance(result, DataError):
        raise result
    return result


def import_files(
    con: duckdb.DuckDBPyConnection,
    paths: Sequence[str | Path],
    table: str = TABLE,
    *,
    quarantine: str = "quarantine",
) -> list[FileImport | DataError]:
    """Import several event files at once (one read per format), each as :func:`import_file` would in this
    order: rows whose GLOBALEVENTID is stored already, or read in an earlier file or line, are quarantined as
    duplicates. Returns, per file in order, its :class:`FileImport` or the :class:`DataError` (missing,
    empty, corrupt or not GDELT) that kept it out: such a file writes nothing and the others are imported.
    Opens no transaction; keeps the CAMEO map on ``con`` for the next call."""
    with scratch() as tmp:
        prepared = _prepare_each([Path(p) for p in paths], tmp)
        inputs = [r for r in prepared if isinstance(r, EventInput)]
        files = _import_inputs(con, inputs, table, quarantine, True, per_file=True)[1] if inputs else {}
    return [r if isinstance(r, DataError) else FileImport(files[r.order], FORMATS[int(r.ncols or 0)])
            for r in prepared]  # fmt: skip


def _prepare_or_error(f: Path, i: int, tmp: Path) -> EventInput | DataError:
    try:
        if not f.is_file():
            raise DataError(f"{f}: no such file; give a GDELT event file")
        inp = _prepare_one(f, i, tmp)
        check_not_empty([inp])
    except DataError as exc:
        return exc
    return inp


def _prepare_each(files: Sequence[Path], tmp: Path) -> list[EventInput | DataError]:
    """:func:`_prepare_one` for each file, or the DataError that keeps the file out."""
    if len(files) < 8:
        return [_prepare_or_error(f, i, tmp) for i, f in enumerate(files)]
    with ThreadPoolExecutor(max_workers=2) as pool:  # zlib and file reads release the GIL
        return list(pool.map(lambda a: _prepare_or_error(a[1], a[0], tmp), enumerate(files)))


def check_not_empty(inputs: Sequence[EventInput]) -> None:
    """DataError naming the first empty file (no line with data): an empty file is never "read 0"."""
    for inp in inputs:
        if inp.ncols is None:
            inside = f" (its zip member {inp.readable.name} is empty)" if inp.readable != inp.original else ""
            raise DataError(
                f"{inp.original}: empty file{inside}: no GDELT event line in it; nothing was imported."
                " Download the file again (GDELT files always hold events)"
            )


def _import_inputs(
    con: duckdb.DuckDBPyConnection,
    inputs: list[EventInput],
    table: str,
    quarantine: str,
    skip_existing: bool,
    per_file: bool = False,
) -> tuple[LoadReport, dict[int, LoadReport]]:
    """Read ``inputs`` into ``table``: parse and type every format group (:func:`_read_groups`), find the
    repeated and already stored GLOBALEVENTIDs (:func:`duplicates`), write the first of each new id
    (:func:`keep_first`) and quarantine every rejected line (:func:`quarantine_lines`). Returns the report
    and, with ``per_file``, one report per file (by its order); without, an empty dict."""
    tag = uuid.uuid4().hex[:8]
    _ensure_tables(con, table, quarantine)
    # An empty table (new, or replaced by the store) is written straight from the CSV reader; otherwise rows
    # are staged first, to leave out the ids the table already has.
    direct = not con.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchall()
    target = table if direct else f"_mv_gdelt_staged_{tag}"
    temp_tables: list[str] = []
    if not direct:
        cols = ", ".join(f"{k} {v}" for k, v in EVENT_COLUMNS.items())
        con.execute(f"CREATE TEMP TABLE {target} ({cols}, file_order INTEGER)")
        temp_tables.append(target)
    rejects = _read_groups(con, inputs, target, direct, tag, temp_tables)
    n_distinct, repeated, existing, ids = duplicates(
        con, inputs, table, target, skip_existing and not direct, rejects, per_file
    )
    kept_by: dict[int, int] = {}
    if per_file and not direct:
        kept_by = kept_by_file(con, inputs, table, target, direct, bool(repeated or existing), ids)
    all_new = skip_existing and not repeated and not existing
    keep_first(con, inputs, table, target, direct, repeated, all_new, ids, list(EVENT_COLUMNS))
    if per_file and direct:
        kept_by = kept_by_file(con, inputs, table, target, direct, bool(repeated), ids)
    if rejects:
        quarantine_lines(con, inputs, rejects, quarantine, tag)
    for t in temp_tables:
        con.execute(f"DROP TABLE IF EXISTS {t}")
    kept = n_distinct - len(existing)
    files: dict[int, LoadReport] = {}
    if per_file:
        order = {i.readable: i.order for i in inputs}
        reasons_by: dict[int, Counter[str]] = {i.order: Counter() for i in inputs}
        for rp, _line, reason in rejects:
            reasons_by[order[rp]][reason.split(":", 1)[0]] += 1
        for i in inputs:
            n_kept, n_rej = kept_by.get(i.order, 0), sum(reasons_by[i.order].values())
            files[i.order] = LoadReport(n_kept + n_rej, n_kept, n_rej, dict(reasons_by[i.order]))
    reasons = Counter(r.split(":", 1)[0] for _rp, _l, r in rejects)
    report = LoadReport(
        rows_read=kept + len(rejects), rows_kept=kept, rows_rejected=len(rejects), reasons=dict(reasons)
    )
    return report, files


def _read_groups(
    con: duckdb.DuckDBPyConnection,
    inputs: list[EventInput],
    target: str,
    direct: bool,
    tag: str,
    temp_tables: list[str],
) -> list[tuple[Path, int, str]]:
    """Append every file's rows to ``target``, one DuckDB read per format; the lines rejected, as
    (file read, line, reason): those the reader could not read, and those whose integer columns do not hold
    integers (written with a NULL ``globaleventid`` by :func:`read_select`, then deleted)."""
    names = ", ".join(EVENT_COLUMNS)
    wanted_cols = names if direct else names + ", file_order"
    rejects: list[tuple[Path, int, str]] = []
    for ncols in sorted({i.ncols for i in inputs if i.ncols}):
        group = [i for i in inputs if i.ncols == ncols]
        rej_t, rej_s = f"_mv_rej_{ncols}_{tag}", f"_mv_rejs_{ncols}_{tag}"
        temp_tables += [rej_t, rej_s]
        select = read_select(group, ncols, rej_t, rej_s)
        con.execute(f"INSERT INTO {target} ({wanted_cols}) SELECT {wanted_cols} FROM ({select})")
        rows = con.execute(
            f"SELECT s.file_path, e.line, arg_min(e.error_type, e.column_idx), "
            f"arg_min(e.error_message, e.column_idx), arg_min(e.column_name, e.column_idx), "
            f"arg_min(e.csv_line, e.column_idx) FROM {rej_t} e JOIN {rej_s} s "
            f"ON e.scan_id = s.scan_id AND e.file_id = s.file_id GROUP BY ALL ORDER BY 1, 2"
        ).fetchall()
        read = [(Path(p), int(line), reject_reason(str(t), str(m), str(c or ""), str(csv or ""), ncols))
                for p, line, t, m, c, csv in rows]  # fmt: skip
        rejects += read
        marked = con.execute(f"SELECT count(*) FROM {target} WHERE globaleventid IS NULL").fetchall()[0][0]
        if marked:
            files = [i.readable for i in group]
            bad = integer_lines(files, ncols, lambda t, k: integer_problem(t, INTEGERS[k]), skipped(read))
            if len(bad) != marked:  # pragma: no cover - the SQL and Python integer rules disagree
                raise DataError(f"{files[0]}: {marked} rows with bad integers, {len(bad)} lines found")
            rejects += bad
            con.execute(f"DELETE FROM {target} WHERE globaleventid IS NULL")
    return rejects


def load(path: str | Path | Sequence[str | Path]) -> dict[str, LoadResult]:
    """Load GDELT event files (a file, a list or a folder) into ``{"gdelt_events": LoadResult}``."""
    files = find_event_files(path)
    con = duckdb.connect()
    try:
        report = import_into(con, files, TABLE, quarantine="quarantine")
        table = con.execute(f"SELECT * FROM {TABLE}").df()
        rejected = con.execute("SELECT * FROM quarantine").df()
    finally:
        con.close()
    table["sqldate"] = pd.to_datetime(table["sqldate"])
    prov = _provenance(files)
    return {TABLE: LoadResult(table=table, provenance=prov, report=report, rejected=rejected)}


def _load_folder(path: Path) -> dict[str, LoadResult]:
    return load(path)


def _provenance(files: Sequence[Path]) -> Provenance:
    with ThreadPoolExecutor(max_workers=2) as pool:  # hashlib releases the GIL
        infos = tuple(pool.map(file_info, files))
    return dataclasses.replace(PROVENANCE, files=infos)


def native_import(path: Path) -> list[NativeImport]:
    """The store's fast path: :func:`import_into` on the store's connection (``SourceSpec.native``)."""
    files = find_event_files(path)

    def run(con: duckdb.DuckDBPyConnection, table: str, quarantine: str) -> LoadReport:
        return import_into(con, files, table, quarantine=quarantine, skip_existing=False)

    return [NativeImport(TABLE, _provenance(files), run)]


register(
    source_spec(
        SOURCE,
        _load_folder,
        "GDELT 1.0/2.0 event exports (CAMEO-coded events between actors), zipped or not",
        native=native_import,
    )
)
