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
    find_event_files(path) -> list[Path]      the files ``load`` would read
    detect_format(path) -> "v1_hist" | "v1_daily" | "v2"
    EVENT_COLUMNS                             the schema of ``gdelt_events`` (name -> DuckDB type)

Formats are told apart per file by the number of tab-separated fields: 57 (1.0 historical backfile,
1979-Mar 2013), 58 (1.0 daily, + SOURCEURL) and 61 (2.0 15-minute export: ADM2Code in each geo block,
DATEADDED as YYYYMMDDHHMMSS). Files are read by DuckDB's CSV reader with explicit all-VARCHAR columns (no
type inference, no quoting: GDELT fields are raw text) in parallel, then typed with ``TRY_CAST``; zips are
extracted to a temporary folder first.

Cleaning, per the GDELT quirks in ``shared/data/gdelt/SOURCE.md``:

- actor codes are stripped (every 1.0 Actor2Code carries a leading space); empty codes become NULL;
- ``actor*_iso3``: the CAMEO country code mapped to ISO3 (:func:`multivector.countries.crosswalk`; CAMEO
  regions such as EUR or AFR have none), except that an actor with KnownGroupCode ``EEC`` (the European
  Union) is the bloc ``EU27``;
- rejected with file, line and reason, never silently dropped: lines with the wrong number of fields
  ("wrong column count"), bytes that are not UTF-8 ("not UTF-8"), unparseable SQLDATE or DATEADDED
  ("bad date"), non-numeric GoldsteinScale, counts or tone, a QuadClass outside 1-4, and every repeat of a
  GLOBALEVENTID after its first occurrence (files in sorted order; "duplicate GLOBALEVENTID").
- An empty, truncated or corrupt zip raises :class:`~multivector.errors.DataError` naming the file.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from multivector.errors import DataError
from multivector.provenance import REJECTED_COLUMNS, LoadReport, LoadResult, Provenance, file_info
from multivector.sources.registry import SourceSpec, register

__all__ = [
    "EVENT_COLUMNS",
    "FORMATS",
    "PROVENANCE",
    "TABLE",
    "detect_format",
    "find_event_files",
    "import_into",
    "load",
]

TABLE = "gdelt_events"
SOURCE = "gdelt"

#: Number of fields -> format name.
FORMATS: dict[int, str] = {57: "v1_hist", 58: "v1_daily", 61: "v2"}
_DATEADDED = {57: (56, "%Y%m%d"), 58: (56, "%Y%m%d"), 61: (59, "%Y%m%d%H%M%S")}

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


@dataclass
class _Input:
    original: Path  # the file the user named (zip or CSV)
    readable: Path  # the CSV to read (extracted for zips)
    order: int
    ncols: int | None  # None: empty file


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


def _extract(path: Path, dest: Path) -> Path:
    """The single CSV member of a zip, written to ``dest``; DataError for empty, truncated, corrupt zips."""
    try:
        with zipfile.ZipFile(path) as zf:
            members = [i for i in zf.infolist() if not i.is_dir()]
            if not members:
                raise DataError(f"{path}: empty zip archive (no file inside); download the file again")
            if len(members) > 1:
                csvs = [m for m in members if m.filename.lower().endswith(".csv")]
                if len(csvs) != 1:
                    names = ", ".join(m.filename for m in members[:5])
                    raise DataError(f"{path}: zip holds several files ({names}); expected one GDELT CSV")
                members = csvs
            out = dest / Path(members[0].filename).name
            with zf.open(members[0]) as src, out.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            return out
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise DataError(
            f"{path}: corrupt or truncated zip archive ({exc}); download the file again"
        ) from None


def _count_fields(path: Path, original: Path) -> int | None:
    with path.open("rb") as fh:
        head = fh.read(1 << 16)
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


def detect_format(path: str | Path) -> str:
    """``v1_hist`` (57 fields), ``v1_daily`` (58) or ``v2`` (61) for a GDELT event file (zip or CSV)."""
    p = Path(path)
    with tempfile.TemporaryDirectory(prefix="mv_gdelt_") as tmp:
        readable = _extract(p, Path(tmp)) if p.name.lower().endswith(".zip") else p
        n = _count_fields(readable, p)
    if n is None:
        raise DataError(f"{p}: empty file; its GDELT format cannot be detected")
    return FORMATS[n]


def _prepare(files: Iterable[Path], tmp: Path) -> list[_Input]:
    inputs = []
    for i, f in enumerate(files):
        if f.name.lower().endswith(".zip"):
            sub = tmp / f"{i:06d}"
            sub.mkdir()
            readable = _extract(f, sub)
        else:
            readable = f
        inputs.append(_Input(original=f, readable=readable, order=i, ncols=_count_fields(readable, f)))
    return inputs


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _typed_select(raw: str, files: str, ncols: int) -> str:
    """SQL typing one raw all-VARCHAR table of ``ncols``-field rows; adds ``reason`` for rejects."""
    d_idx, d_fmt = _DATEADDED[ncols]
    fmt = FORMATS[ncols]

    def c(i: int) -> str:
        return f"r.c{i:02d}"

    def code(i: int) -> str:
        return f"NULLIF(TRIM({c(i)}), '')"

    inner = f"""
      SELECT
        TRY_CAST({c(0)} AS BIGINT) AS globaleventid,
        CAST(TRY_STRPTIME(TRIM({c(1)}), '%Y%m%d') AS DATE) AS sqldate,
        {code(5)} AS actor1_code, {code(7)} AS actor1_country, {code(8)} AS actor1_knowngroup,
        {code(15)} AS actor2_code, {code(17)} AS actor2_country, {code(18)} AS actor2_knowngroup,
        TRY_CAST({c(25)} AS INTEGER) AS is_root_raw,
        {code(26)} AS event_code, {code(27)} AS event_base_code, {code(28)} AS event_root_code,
        TRY_CAST({c(29)} AS INTEGER) AS quad_class,
        TRY_CAST({c(30)} AS DOUBLE) AS goldstein,
        TRY_CAST({c(31)} AS INTEGER) AS num_mentions,
        TRY_CAST({c(32)} AS INTEGER) AS num_sources,
        TRY_CAST({c(33)} AS INTEGER) AS num_articles,
        TRY_CAST({c(34)} AS DOUBLE) AS avg_tone,
        TRY_STRPTIME(TRIM({c(d_idx)}), '{d_fmt}') AS dateadded,
        f.source_file, f.file_order, r.rowid AS rid, r.filename AS read_path,
        {c(0)} AS s_id, {c(1)} AS s_date, {c(29)} AS s_quad, {c(30)} AS s_gold,
        {c(31)} || '/' || {c(32)} || '/' || {c(33)} AS s_counts, {c(34)} AS s_tone, {c(d_idx)} AS s_added
      FROM {raw} r JOIN {files} f ON r.filename = f.read_path
    """
    return f"""
    SELECT
      t.globaleventid, t.sqldate,
      CAST(year(t.sqldate) AS INTEGER) AS year, CAST(month(t.sqldate) AS INTEGER) AS month,
      t.actor1_code, t.actor1_country, t.actor1_knowngroup,
      CASE WHEN t.actor1_knowngroup = 'EEC' THEN 'EU27' ELSE m1.iso3 END AS actor1_iso3,
      t.actor2_code, t.actor2_country, t.actor2_knowngroup,
      CASE WHEN t.actor2_knowngroup = 'EEC' THEN 'EU27' ELSE m2.iso3 END AS actor2_iso3,
      t.is_root_raw = 1 AS is_root_event,
      t.event_code, t.event_base_code, t.event_root_code, t.quad_class, t.goldstein,
      t.num_mentions, t.num_sources, t.num_articles, t.avg_tone, t.dateadded,
      '{fmt}' AS source_format, t.source_file,
      CASE
        WHEN t.globaleventid IS NULL THEN 'bad GLOBALEVENTID: ' || coalesce(t.s_id, '')
        WHEN t.sqldate IS NULL THEN 'bad date: SQLDATE ' || coalesce(t.s_date, '')
        WHEN t.goldstein IS NULL THEN 'non-numeric GoldsteinScale: ' || coalesce(t.s_gold, '')
        WHEN t.quad_class IS NULL OR t.quad_class NOT BETWEEN 1 AND 4
          THEN 'bad QuadClass: ' || coalesce(t.s_quad, '')
        WHEN t.dateadded IS NULL THEN 'bad date: DATEADDED ' || coalesce(t.s_added, '')
        WHEN t.num_mentions IS NULL OR t.num_sources IS NULL OR t.num_articles IS NULL
          THEN 'non-numeric count: NumMentions/NumSources/NumArticles ' || coalesce(t.s_counts, '')
        WHEN t.avg_tone IS NULL THEN 'non-numeric AvgTone: ' || coalesce(t.s_tone, '')
      END AS reason,
      t.file_order, t.rid, t.read_path
    FROM ({inner}) t
    LEFT JOIN _mv_cameo_iso3 m1 ON m1.cameo = t.actor1_country
    LEFT JOIN _mv_cameo_iso3 m2 ON m2.cameo = t.actor2_country
    """


def _ensure_tables(con: duckdb.DuckDBPyConnection, table: str, quarantine: str) -> None:
    cols = ", ".join(f"{k} {v}" for k, v in EVENT_COLUMNS.items())
    con.execute(f"CREATE TABLE IF NOT EXISTS {table} ({cols})")
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {quarantine} "
        "(source VARCHAR, file VARCHAR, line BIGINT, reason VARCHAR, raw VARCHAR)"
    )


def _cameo_map(con: duckdb.DuckDBPyConnection) -> None:
    from multivector import countries

    cw = countries.crosswalk()
    frame = cw.loc[cw["cameo"].notna(), ["cameo", "iso3"]].drop_duplicates("cameo").astype(str)
    con.register("_mv_cameo_frame", frame.reset_index(drop=True))
    con.execute("CREATE OR REPLACE TEMP TABLE _mv_cameo_iso3 AS SELECT cameo, iso3 FROM _mv_cameo_frame")
    con.unregister("_mv_cameo_frame")


def _raw_lines(path: Path, lines: set[int]) -> dict[int, str]:
    """The text of the given 1-based lines of a file (undecodable bytes replaced)."""
    out: dict[int, str] = {}
    if not lines:
        return out
    last = max(lines)
    with path.open("rb") as fh:
        for i, line in enumerate(fh, start=1):
            if i in lines:
                out[i] = line.rstrip(b"\r\n").decode("utf-8", errors="replace")
            if i >= last:
                break
    return out


def _structural_reason(error_type: str, message: str, expected: int) -> str:
    if "ENCODING" in error_type or "UNICODE" in error_type:
        return "not UTF-8: invalid byte sequence"
    if "COLUMNS" in error_type:
        found = message.rsplit("Found:", 1)[-1].strip() if "Found:" in message else "?"
        return f"wrong column count: expected {expected}, found {found}"
    return f"unreadable line: {message}"


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
    tag = uuid.uuid4().hex[:8]
    _ensure_tables(con, table, quarantine)
    _cameo_map(con)
    with tempfile.TemporaryDirectory(prefix="mv_gdelt_") as tmpdir:
        inputs = _prepare(files, Path(tmpdir))
        files_tbl = f"_mv_gdelt_files_{tag}"
        fmap = pd.DataFrame(
            {
                "read_path": [str(i.readable) for i in inputs],
                "source_file": [str(i.original) for i in inputs],
                "file_order": [i.order for i in inputs],
                "ncols": [i.ncols or 0 for i in inputs],
            }
        )
        con.register(f"{files_tbl}_df", fmap)
        con.execute(f"CREATE TEMP TABLE {files_tbl} AS SELECT * FROM {files_tbl}_df")
        con.unregister(f"{files_tbl}_df")
        typed_parts: list[str] = []
        structural: list[tuple[str, Path, int, str]] = []  # (read_path, original, line, reason)
        temp_tables = [files_tbl, "_mv_cameo_iso3"]
        for ncols in sorted({i.ncols for i in inputs if i.ncols}):
            group = [i for i in inputs if i.ncols == ncols]
            raw, rej_t, rej_s = (
                f"_mv_gdelt_raw{ncols}_{tag}",
                f"_mv_rej_{ncols}_{tag}",
                f"_mv_rejs_{ncols}_{tag}",
            )
            temp_tables += [raw, rej_t, rej_s]
            columns = "{" + ", ".join(f"'c{k:02d}': 'VARCHAR'" for k in range(ncols)) + "}"
            paths_sql = "[" + ", ".join(_sql_str(str(i.readable)) for i in group) + "]"
            # every column is read: DuckDB checks UTF-8 only in the columns it materialises
            needed = ", ".join(f"c{k:02d}" for k in range(ncols))
            con.execute(
                f"CREATE TEMP TABLE {raw} AS SELECT {needed}, filename FROM read_csv({paths_sql}, "
                f"delim='\\t', quote='', escape='', header=false, auto_detect=false, columns={columns}, "
                f"filename=true, store_rejects=true, rejects_table='{rej_t}', rejects_scan='{rej_s}')"
            )
            rows = con.execute(
                f"SELECT s.file_path, e.line, first(e.error_type ORDER BY e.column_idx), "
                f"first(e.error_message ORDER BY e.column_idx) FROM {rej_t} e JOIN {rej_s} s "
                f"ON e.scan_id = s.scan_id AND e.file_id = s.file_id GROUP BY ALL ORDER BY 1, 2"
            ).fetchall()
            by_read = {str(i.readable): i.original for i in group}
            for read_path, line, etype, msg in rows:
                structural.append(
                    (
                        read_path,
                        by_read[read_path],
                        int(line),
                        _structural_reason(str(etype), str(msg), ncols),
                    )
                )
            typed_parts.append(_typed_select(raw, files_tbl, ncols))

        staged = f"_mv_gdelt_staged_{tag}"
        temp_tables.append(staged)
        if typed_parts:
            con.execute(f"CREATE TEMP TABLE {staged} AS " + " UNION ALL ".join(typed_parts))
        else:
            cols = ", ".join(f"NULL::{v} AS {k}" for k, v in EVENT_COLUMNS.items())
            con.execute(
                f"CREATE TEMP TABLE {staged} AS SELECT {cols}, NULL::VARCHAR AS reason, 0 AS file_order, "
                "0::BIGINT AS rid, ''::VARCHAR AS read_path LIMIT 0"
            )
        # duplicates: every occurrence of an id after its first (file order, then line) is rejected
        n_all, n_distinct = con.execute(
            f"SELECT count(*), count(DISTINCT globaleventid) FROM {staged} WHERE reason IS NULL"
        ).fetchone() or (0, 0)
        if n_all != n_distinct:
            con.execute(
                f"UPDATE {staged} s SET reason = 'duplicate GLOBALEVENTID: ' "
                f"|| CAST(s.globaleventid AS VARCHAR) "
                f"FROM (SELECT file_order, rid, row_number() OVER (PARTITION BY globaleventid "
                f"ORDER BY file_order, rid) AS k FROM {staged} WHERE reason IS NULL) d "
                f"WHERE d.k > 1 AND s.file_order = d.file_order AND s.rid = d.rid AND s.reason IS NULL"
            )
        if skip_existing:
            con.execute(
                f"UPDATE {staged} s SET reason = 'duplicate GLOBALEVENTID: already in {table}' "
                f"WHERE s.reason IS NULL AND s.globaleventid IN (SELECT globaleventid FROM {table})"
            )
        cols = ", ".join(EVENT_COLUMNS)
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {staged} WHERE reason IS NULL")
        kept = int((con.execute(f"SELECT count(*) FROM {staged} WHERE reason IS NULL").fetchone() or (0,))[0])
        value_rejects = con.execute(
            f"SELECT s.read_path, s.source_file, s.rid - o.first_rid + 1 AS k, s.reason FROM {staged} s "
            f"JOIN (SELECT read_path, min(rid) AS first_rid FROM {staged} GROUP BY read_path) o "
            f"USING (read_path) WHERE s.reason IS NOT NULL ORDER BY s.file_order, s.rid"
        ).fetchall()

        # line numbers: the k-th row read from a file skips the lines DuckDB rejected before it
        skipped: dict[str, list[int]] = {}
        for read_path, _orig, line, _reason in structural:
            skipped.setdefault(read_path, []).append(line)
        rejects: list[tuple[str, Path, int, str]] = list(structural)
        for read_path, source_file, k, reason in value_rejects:
            skips = sorted(skipped.get(read_path, []))
            shift = sum(1 for j, r in enumerate(skips, start=1) if r - j < int(k))
            rejects.append((read_path, Path(source_file), int(k) + shift, reason))

        wanted: dict[str, set[int]] = {}
        for read_path, _o, line, _r in rejects:
            wanted.setdefault(read_path, set()).add(line)
        raw_text = {rp: _raw_lines(Path(rp), lines) for rp, lines in wanted.items()}
        qframe = pd.DataFrame(
            {
                "source": SOURCE,
                "file": [str(o) for _rp, o, _l, _r in rejects],
                "line": pd.Series([ln for _rp, _o, ln, _r in rejects], dtype="int64"),
                "reason": [r for _rp, _o, _l, r in rejects],
                "raw": [raw_text[rp].get(ln, "") for rp, _o, ln, _r in rejects],
            },
            columns=list(REJECTED_COLUMNS),
        )
        if len(qframe):
            con.register(f"_mv_q_{tag}", qframe)
            con.execute(f"INSERT INTO {quarantine} SELECT source, file, line, reason, raw FROM _mv_q_{tag}")
            con.unregister(f"_mv_q_{tag}")
        for t in temp_tables:
            con.execute(f"DROP TABLE IF EXISTS {t}")

    reasons = Counter(r.split(":", 1)[0] for _rp, _o, _l, r in rejects)
    return LoadReport(
        rows_read=kept + len(rejects), rows_kept=kept, rows_rejected=len(rejects), reasons=dict(reasons)
    )


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
    prov = Provenance(
        source=PROVENANCE.source,
        title=PROVENANCE.title,
        publisher=PROVENANCE.publisher,
        version=PROVENANCE.version,
        citation=PROVENANCE.citation,
        url=PROVENANCE.url,
        license=PROVENANCE.license,
        files=tuple(file_info(f) for f in files),
    )
    return {TABLE: LoadResult(table=table, provenance=prov, report=report, rejected=rejected)}


def _load_folder(path: Path) -> dict[str, LoadResult]:
    return load(path)


register(
    SourceSpec(
        name=SOURCE,
        folder="gdelt",
        tables=(TABLE,),
        load=_load_folder,
        description="GDELT 1.0/2.0 event exports (CAMEO-coded events between actors), zipped or not",
    )
)
