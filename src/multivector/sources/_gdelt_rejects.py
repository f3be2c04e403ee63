"""Why GDELT lines were rejected: the reason for each line DuckDB's CSV reader could not read, and the text
of given lines (for the quarantine). Part of :mod:`multivector.sources.gdelt`."""

from __future__ import annotations

import datetime
from pathlib import Path

__all__ = ["DATEADDED", "raw_lines", "reject_reason"]

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
        if kind == "int":
            int(value)
        elif kind == "float":
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
    kinds = [(0, "int"), (1, "%Y%m%d"), (29, "quad"), (30, "float"), (31, "int"), (32, "int"), (33, "int")]
    for k, kind in [*kinds, (34, "float"), (d_idx, DATEADDED[ncols][1])]:
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

        if k == 0:
            return f"bad GLOBALEVENTID: {value(0)}"
        if k == 1:
            return f"bad date: SQLDATE {value(1)}"
        if k == DATEADDED[ncols][0]:
            return f"bad date: DATEADDED {value(k)}"
        if k == 29:
            return f"bad QuadClass: {value(29)}"
        if k == 30:
            return f"non-numeric GoldsteinScale: {value(30)}"
        if k in (31, 32, 33):
            return f"non-numeric count: {_COUNTS} {value(31)}/{value(32)}/{value(33)}"
        if k == 34:
            return f"non-numeric AvgTone: {value(34)}"
    return f"unreadable line: {message}"
