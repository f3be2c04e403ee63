"""How DuckDB reads GDELT event files: the columns it types, the text columns checked as integers, and the
one SELECT per format that derives the ``gdelt_events`` columns. Part of :mod:`multivector.sources.gdelt`.

DuckDB's CSV reader rejects (with file and line) a value that does not parse as its column's type, but it
casts leniently: ``12.5`` becomes 13 and ``1e2`` 100 in an INTEGER column. The integer columns
(:data:`INTEGERS`: GLOBALEVENTID and the three counts) are therefore read as text; a row whose text there is
not an integer (:func:`integer_problem`, the rule of the CSV loaders: optional sign and digits, a trailing
``.0`` allowed) or does not fit the column's type is written with a NULL ``globaleventid`` (the marker:
GLOBALEVENTID is never NULL otherwise), so that the import can find its line, quarantine it with the reason
and delete it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from multivector.sources._gdelt_rejects import DATEADDED

__all__ = ["FORMATS", "INTEGERS", "EventInput", "cameo_iso3_map", "integer_problem", "read_select", "sql_str"]

#: Number of fields -> format name.
FORMATS: dict[int, str] = {57: "v1_hist", 58: "v1_daily", 61: "v2"}


@dataclass
class EventInput:
    """One event file of an import."""

    original: Path  # the file the user named (zip or CSV)
    readable: Path  # the CSV to read (extracted for zips)
    order: int
    ncols: int | None  # None: empty file
    utf8: bool  # False: some bytes are not UTF-8 (DuckDB then checks every column, to name the lines)


def sql_str(value: str) -> str:
    """``value`` as an SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


#: GDELT columns read with a type (0-based index -> DuckDB type); DuckDB rejects a value that does not
#: parse, with its line. QuadClass is an ENUM so that a value outside 1-4 is rejected the same way.
_TYPED: dict[int, str] = {
    1: "DATE",
    29: "ENUM('1', '2', '3', '4')",
    30: "DOUBLE",
    34: "DOUBLE",
}
#: The integer columns, read as text and checked (0-based index -> DuckDB type): GLOBALEVENTID,
#: NumMentions, NumSources, NumArticles.
INTEGERS: dict[int, str] = {0: "BIGINT", 31: "INTEGER", 32: "INTEGER", 33: "INTEGER"}
_BITS = {"BIGINT": 64, "INTEGER": 32}
_INT_TEXT = r" *([+-]?)([0-9]+)(?:\.0*)? *"
_INT_RE = re.compile(_INT_TEXT)
_DATEADDED_TYPE = {57: "DATE", 58: "DATE", 61: "TIMESTAMP"}
#: Never found in GDELT: with it as the NULL string, an empty typed field is a cast error (rejected).
_NULLSTR = "\x01"
#: The VARCHAR columns that are kept (an empty value is allowed); the integer columns are checked apart.
_EMPTY_OK = (5, 7, 8, 15, 17, 18, 25, 26, 27, 28, *INTEGERS)


def integer_problem(text: str, kind: str) -> str | None:
    """Why ``text`` is not a value of the integer type ``kind`` (``BIGINT``, ``INTEGER``), or None."""
    m = _INT_RE.fullmatch(text)
    if m is None:
        return "not an integer"
    value = int(m.group(1) + m.group(2))
    bits = _BITS[kind]
    if not -(2 ** (bits - 1)) <= value < 2 ** (bits - 1):
        return f"out of the {bits}-bit integer range"
    return None


def _integers_ok_sql() -> str:
    """True where every integer column holds an integer of its type (the rule of :func:`integer_problem`)."""
    return " AND ".join(
        f"(regexp_full_match(r.c{k:02d}, '{_INT_TEXT}') AND TRY_CAST(r.c{k:02d} AS {kind}) IS NOT NULL)"
        for k, kind in INTEGERS.items()
    )


def _url_sql(ncols: int) -> str:
    """SOURCEURL (1.0 daily: column 57, 2.0: column 60); the 1.0 historical backfile has none."""
    index = {58: 57, 61: 60}.get(ncols)
    return f"NULLIF(TRIM(r.c{index:02d}), '')" if index is not None else "CAST(NULL AS VARCHAR)"


def _columns_sql(ncols: int) -> str:
    d_idx = DATEADDED[ncols][0]
    types = dict.fromkeys(range(ncols), "VARCHAR") | _TYPED | {d_idx: _DATEADDED_TYPE[ncols]}
    return "{" + ", ".join(f"'c{k:02d}': {sql_str(t)}" for k, t in types.items()) + "}"


@lru_cache(maxsize=1)
def cameo_iso3_map() -> str:
    """The CAMEO country code -> ISO3 crosswalk (:func:`multivector.countries.crosswalk`) as a DuckDB ``MAP``
    literal. A constant looked up per row keeps the reader's row order, which a join would not: the rows of
    a file are staged in line order, so "the first line of a repeated id" is the row kept."""
    from multivector import countries

    cw = countries.crosswalk()
    pairs = cw.loc[cw["cameo"].notna(), ["cameo", "iso3"]].drop_duplicates("cameo").astype(str)
    return "MAP {" + ", ".join(f"{sql_str(c)}: {sql_str(i)}" for c, i in pairs.itertuples(index=False)) + "}"


def read_select(group: list[EventInput], ncols: int, rej_t: str, rej_s: str) -> str:
    """One SELECT that parses every file of one format and derives the ``gdelt_events`` columns.

    Parsing, typing, UTF-8 and column-count checks happen once, in DuckDB's parallel CSV reader; lines it
    cannot read go to the rejects tables ``rej_t``/``rej_s`` with their file and line. A row whose integer
    columns do not hold integers gets a NULL ``globaleventid`` (see the module docstring).
    """
    d_idx = DATEADDED[ncols][0]
    paths = "[" + ", ".join(sql_str(str(i.readable)) for i in group) + "]"
    originals = "[" + ", ".join(sql_str(str(i.original)) for i in group) + "]"
    orders = "[" + ", ".join(str(i.order) for i in group) + "]"

    def code(i: int) -> str:
        return f"NULLIF(TRIM(r.c{i:02d}), '')"

    where = ""
    if not all(i.utf8 for i in group):
        # DuckDB checks UTF-8 only in the columns a query uses: use them all, so bad lines are rejected
        others = [k for k in range(ncols) if k not in _TYPED and k not in _EMPTY_OK and k != d_idx]
        where = "WHERE concat(" + ", ".join(f"r.c{k:02d}" for k in others) + ") IS NOT NULL"
    iso3 = cameo_iso3_map()
    dateadded = f"r.c{d_idx:02d}" if ncols == 61 else f"CAST(r.c{d_idx:02d} AS TIMESTAMP)"
    return f"""
    SELECT
      CASE WHEN {_integers_ok_sql()} THEN CAST(r.c00 AS BIGINT) END AS globaleventid, r.c01 AS sqldate,
      CAST(year(r.c01) AS INTEGER) AS year, CAST(month(r.c01) AS INTEGER) AS month,
      {code(5)} AS actor1_code, {code(7)} AS actor1_country, {code(8)} AS actor1_knowngroup,
      CASE WHEN TRIM(r.c08) = 'EEC' THEN 'EU27' ELSE {iso3}[{code(7)}] END AS actor1_iso3,
      {code(15)} AS actor2_code, {code(17)} AS actor2_country, {code(18)} AS actor2_knowngroup,
      CASE WHEN TRIM(r.c18) = 'EEC' THEN 'EU27' ELSE {iso3}[{code(17)}] END AS actor2_iso3,
      TRY_CAST(r.c25 AS INTEGER) = 1 AS is_root_event,
      {code(26)} AS event_code, {code(27)} AS event_base_code, {code(28)} AS event_root_code,
      CAST(CAST(r.c29 AS VARCHAR) AS INTEGER) AS quad_class, r.c30 AS goldstein,
      TRY_CAST(r.c31 AS INTEGER) AS num_mentions, TRY_CAST(r.c32 AS INTEGER) AS num_sources,
      TRY_CAST(r.c33 AS INTEGER) AS num_articles, r.c34 AS avg_tone,
      {dateadded} AS dateadded, {_url_sql(ncols)} AS source_url, '{FORMATS[ncols]}' AS source_format,
      {originals}[CAST(r.file_index AS BIGINT) + 1] AS source_file,
      {orders}[CAST(r.file_index AS BIGINT) + 1] AS file_order
    FROM read_csv({paths}, delim='\\t', quote='', escape='', header=false, auto_detect=false,
                  columns={_columns_sql(ncols)}, nullstr={sql_str(_NULLSTR)},
                  dateformat='%Y%m%d', timestampformat='%Y%m%d%H%M%S',
                  store_rejects=true, rejects_table='{rej_t}', rejects_scan='{rej_s}') r
    {where}
    """
