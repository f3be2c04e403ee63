"""Which GDELT rows read by an import are kept: the repeats of a GLOBALEVENTID (in the files read and in the
table already), the first of each new id written, how many rows of each file were kept, and the rejected
lines written to the quarantine. Part of :mod:`multivector.sources.gdelt`.

Every look-up of the stored ids is limited to the range of the ids read (:func:`stored_ids`), and the
rows read are the small side of each join: the work and the memory of the duplicate check follow what is
imported, not the size of the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd

from multivector.dimensions import SRC_GDELT
from multivector.provenance import REJECTED_COLUMNS
from multivector.sources._gdelt_read import EventInput, sql_str
from multivector.sources._gdelt_rejects import duplicate_lines, raw_lines

__all__ = ["duplicates", "keep_first", "kept_by_file", "quarantine_lines", "skipped", "stored_ids"]

#: A rejected line: (the file read, 1-based line, reason).
Reject = tuple[Path, int, str]


def skipped(rejects: list[Reject]) -> dict[Path, set[int]]:
    """The lines already rejected, by file."""
    out: dict[Path, set[int]] = {}
    for rp, line, _reason in rejects:
        out.setdefault(rp, set()).add(line)
    return out


def stored_ids(table: str, low: int, high: int) -> str:
    """The stored ids of ``table`` between ``low`` and ``high``, as a FROM clause. The range lets DuckDB skip
    every row group whose ids lie outside it (its min/max statistics): GDELT ids grow with time, so the ids
    of new files fall in few or no stored row groups, and the check does not read the whole table."""
    return f"(SELECT globaleventid FROM {table} WHERE globaleventid BETWEEN {int(low)} AND {int(high)})"


def duplicates(
    con: duckdb.DuckDBPyConnection,
    inputs: list[EventInput],
    table: str,
    target: str,
    skip_existing: bool,
    rejects: list[Reject],
    per_file: bool = False,
) -> tuple[int, set[int], set[int], tuple[int, int] | None]:
    """(distinct ids read, ids read more than once, ids already in ``table``, (lowest, highest) id read or
    None when no row was read); every occurrence of an id after its first (file order, then line) is added
    to ``rejects``, and with ``skip_existing`` every occurrence of an id already in the table. With
    ``per_file`` a repeat in a later file than the first occurrence has the reason it would have if the
    files were imported one by one: already in ``table``."""
    counts = "count(*), count(DISTINCT globaleventid), min(globaleventid), max(globaleventid)"
    n_new, n_distinct, low, high = con.execute(f"SELECT {counts} FROM {target}").fetchall()[0]
    repeated: set[int] = set()
    if n_new != n_distinct:
        sql = f"SELECT globaleventid FROM {target} GROUP BY 1 HAVING count(*) > 1"
        repeated = {int(r[0]) for r in con.execute(sql).fetchall()}
    existing: set[int] = set()
    if skip_existing and n_new:
        sql = (
            f"SELECT DISTINCT globaleventid FROM {stored_ids(table, low, high)} "
            f"WHERE globaleventid IN (SELECT globaleventid FROM {target})"
        )
        existing = {int(r[0]) for r in con.execute(sql).fetchall()}
    if repeated or existing:
        files = [i.readable for i in inputs]
        stored = f"duplicate GLOBALEVENTID: already in {table}"
        for k, places in duplicate_lines(files, repeated | existing, skipped(rejects)).items():
            if k in existing:
                rejects += [(rp, line, stored) for rp, line in places]
            else:
                first = places[0][0]
                rejects += [
                    (rp, line, stored if per_file and rp != first else f"duplicate GLOBALEVENTID: {k}")
                    for rp, line in places[1:]
                ]
    return n_distinct, repeated, existing, (int(low), int(high)) if n_new else None


def _first_of_each(target: str, table: str, ids: tuple[int, int], columns: str) -> str:
    """The staged rows to write: the first of each id (file order, then line) not stored yet, in file order
    then line (rows in the order of the files keep the table compact and its row groups' id ranges narrow)."""
    return (
        f"SELECT {columns} FROM (SELECT *, rowid AS _row, row_number() OVER (PARTITION BY globaleventid "
        f"ORDER BY file_order, rowid) AS _k FROM {target}) s "
        f"WHERE s._k = 1 AND s.globaleventid NOT IN (SELECT globaleventid FROM {stored_ids(table, *ids)}) "
        "ORDER BY s.file_order, s._row"
    )


def kept_by_file(
    con: duckdb.DuckDBPyConnection,
    inputs: list[EventInput],
    table: str,
    target: str,
    direct: bool,
    dropped: bool,
    ids: tuple[int, int] | None,
) -> dict[int, int]:
    """{file order: rows of that file written}; run before :func:`keep_first` on staged rows, after it when
    they were written ``direct`` into the (then empty) ``table``. ``dropped``: some rows read repeat an id."""
    if ids is None:
        return {}
    if direct:
        order = {str(i.original): i.order for i in inputs}
        sql = f"SELECT source_file, count(*) FROM {table} GROUP BY 1"
        return {order[str(f)]: int(n) for f, n in con.execute(sql).fetchall()}
    written = f"({_first_of_each(target, table, ids, 'file_order')})" if dropped else target
    sql = f"SELECT file_order, count(*) FROM {written} GROUP BY 1"
    return {int(o): int(n) for o, n in con.execute(sql).fetchall()}


def keep_first(
    con: duckdb.DuckDBPyConnection,
    inputs: list[EventInput],
    table: str,
    target: str,
    direct: bool,
    repeated: set[int],
    all_new: bool,
    ids: tuple[int, int] | None,
    columns: Sequence[str],
) -> None:
    """Leave one row per new GLOBALEVENTID in ``table``: the first (file order, then line). ``all_new``: no
    id read repeats another or one in ``table`` (checked); ``ids``: the lowest and highest id read (None: no
    row was read); ``columns``: those of ``table``."""
    names = ", ".join(columns)
    if direct and repeated:
        # the table held none of these rows: keep the first of each id (file order, then line)
        orders = "[" + ", ".join(sql_str(str(i.original)) for i in inputs) + "]"
        con.execute(
            f"DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM (SELECT rowid, row_number() OVER "
            f"(PARTITION BY globaleventid ORDER BY list_position({orders}, source_file), rowid) AS k "
            f"FROM {table} WHERE globaleventid IN (SELECT globaleventid FROM {table} GROUP BY 1 "
            f"HAVING count(*) > 1)) WHERE k > 1)"
        ).fetchall()
    elif not direct and ids is not None and all_new:  # all of them, in the order read
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {target}").fetchall()
    elif not direct and ids is not None:
        con.execute(f"INSERT INTO {table} ({names}) {_first_of_each(target, table, ids, names)}").fetchall()


def quarantine_lines(
    con: duckdb.DuckDBPyConnection,
    inputs: list[EventInput],
    rejects: list[Reject],
    quarantine: str,
    tag: str,
) -> None:
    """Append the rejected lines to ``quarantine`` (source, the file the user named, line, reason, text),
    in file order then line."""
    by_read = {i.readable: i for i in inputs}
    raw_text = {rp: raw_lines(rp, lines) for rp, lines in skipped(rejects).items()}
    rejects.sort(key=lambda r: (by_read[r[0]].order, r[1]))
    qframe = pd.DataFrame(
        {
            "source": SRC_GDELT,
            "file": [str(by_read[rp].original) for rp, _l, _r in rejects],
            "line": pd.Series([ln for _rp, ln, _r in rejects], dtype="int64"),
            "reason": [r for _rp, _l, r in rejects],
            "raw": [raw_text[rp].get(ln, "") for rp, ln, _r in rejects],
        },
        columns=list(REJECTED_COLUMNS),
    )
    con.register(f"_mv_q_{tag}", qframe)
    con.execute(
        f"INSERT INTO {quarantine} (source, file, line, reason, raw) "
        f"SELECT source, file, line, reason, raw FROM _mv_q_{tag}"
    )
    con.unregister(f"_mv_q_{tag}")
