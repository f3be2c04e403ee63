"""Why GDELT lines were rejected: the reason for each line DuckDB's CSV reader could not read, the lines
whose integer columns do not hold integers, where given GLOBALEVENTIDs occur, and the text of given lines
(for the quarantine). Part of :mod:`multivector.sources.gdelt`."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

__all__ = ["DATEADDED", "duplicate_lines", "integer_lines", "raw_lines", "reject_reason"]

#: Number of fields -> (0-based DATEADDED column, its date format).
DATEADDED = {57: (56, "%Y%m%d"), 58: (56, "%Y%m%d"), 61: (59, "%Y%m%d%H%M%S")}


def raw_lines(path: Path, lines: set[int]) -> dict[int, str]:
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


_COUNTS = "NumMentions/NumSources/NumArticles"


def _valid(value: str, kind: str) -> bool:
    try:
        if kind == "float":
            float(value)
        elif kind == "quad":
            return value in ("1", "2", "3", "4")
        else:
            datetime.datetime.strptime(value, kind)
    except ValueError:
        return False
    return True


def _first_bad_field(fields: list[str], ncols: int) -> int | None:
    """The first typed field of a rejected line that does not parse (DuckDB may name the wrong column)."""
    if len(fields) != ncols:
        return None
    d_idx = DATEADDED[ncols][0]
    kinds = [(1, "%Y%m%d"), (29, "quad"), (30, "float"), (34, "float")]
    for k, kind in [*kinds, (d_idx, DATEADDED[ncols][1])]:
        if not _valid(fields[k], kind):
            return k
    return None


def reject_reason(error_type: str, message: str, column: str, line: str, ncols: int) -> str:
    """The quarantine reason for one line DuckDB rejected."""
    if "ENCODING" in error_type or "UNICODE" in error_type:
        return "not UTF-8: invalid byte sequence"
    if "COLUMNS" in error_type:
        found = message.rsplit("Found:", 1)[-1].strip() if "Found:" in message else "?"
        return f"wrong column count: expected {ncols}, found {found}"
    fields = line.split("\t")
    k = _first_bad_field(fields, ncols)
    if k is None and error_type == "CAST" and column.startswith("c") and column[1:].isdigit():
        k = int(column[1:])
    if k is not None:

        def value(i: int) -> str:
            return fields[i] if i < len(fields) else ""

        if k == 1:
            return f"bad date: SQLDATE {value(1)}"
        if k == DATEADDED[ncols][0]:
            return f"bad date: DATEADDED {value(k)}"
        if k == 29:
            return f"bad QuadClass: {value(29)}"
        if k == 30:
            return f"non-numeric GoldsteinScale: {value(30)}"
        if k == 34:
            return f"non-numeric AvgTone: {value(34)}"
    return f"unreadable line: {message}"


#: The integer columns' names in reasons (0-based index -> name).
_INTEGER_NAMES = {0: "GLOBALEVENTID", 31: "NumMentions", 32: "NumSources", 33: "NumArticles"}


def integer_lines(
    files: Sequence[Path],
    ncols: int,
    problem: Callable[[str, int], str | None],
    skipped: Mapping[Path, set[int]],
) -> list[tuple[Path, int, str]]:
    """(file, line, reason) of every line of ``files`` (one format, ``ncols`` fields) whose integer
    columns do not all hold integers; ``problem(text, index)`` says why a field is not one (None when it
    is). Lines in ``skipped`` (rejected by the reader already) are left out."""
    out: list[tuple[Path, int, str]] = []
    for path in files:
        skip = skipped.get(path, set())
        with path.open("rb") as fh:
            for n, line in enumerate(fh, start=1):
                fields = line.rstrip(b"\r\n").decode("utf-8", errors="replace").split("\t")
                if n in skip or len(fields) != ncols:
                    continue
                bad = [(k, why) for k in _INTEGER_NAMES if (why := problem(fields[k], k)) is not None]
                if not bad:
                    continue
                k, why = bad[0]
                if k == 0:
                    out.append((path, n, f"bad GLOBALEVENTID: {fields[0]} ({why})"))
                else:
                    counts = "/".join(fields[i] for i in (31, 32, 33))
                    out.append((path, n, f"bad count: {_COUNTS} {counts} ({_INTEGER_NAMES[k]} {why})"))
    return out


def duplicate_lines(
    files: Sequence[Path], ids: set[int], skipped: Mapping[Path, set[int]]
) -> dict[int, list[tuple[Path, int]]]:
    """Where each of ``ids`` occurs: (file, line) in file order, lines in ``skipped`` left out.

    Only run when there are duplicates, which the real GDELT files do not have.
    """
    where: dict[int, list[tuple[Path, int]]] = {}
    for path in files:
        skip = skipped.get(path, set())
        with path.open("rb") as fh:
            for n, line in enumerate(fh, start=1):
                head = line.split(b"\t", 1)[0]
                if n in skip or not head.strip().isdigit():
                    continue
                k = int(head)
                if k in ids:
                    where.setdefault(k, []).append((path, n))
    return where
