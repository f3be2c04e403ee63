"""Shared reading helpers for the loaders: files in a folder, gzip/zip/plain CSV, encodings, schemas.

Everything that can go wrong with a file becomes a :class:`~multivector.errors.DataError` naming the file,
the line where known, and what to do; values that cannot be converted become rejected rows (file, line,
reason) rather than exceptions, so a load always satisfies ``rows_read == rows_kept + rows_rejected``.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from multivector.errors import DataError
from multivector.provenance import REJECTED_COLUMNS, LoadReport, LoadResult, Provenance, file_info

__all__ = [
    "Rejects",
    "coerce",
    "find_files",
    "make_result",
    "provenance",
    "read_bytes",
    "read_csv",
    "rejects_from",
]

#: dtype kinds used in loader schemas: "int" (nullable Int64), "float", "str", "date" (YYYY-MM-DD).
Schema = Mapping[str, str]


def find_files(path: Path, patterns: Sequence[str], *, source: str, required: bool = True) -> list[Path]:
    """``path`` itself if it is a file, else the files in the folder matching any glob of ``patterns``."""
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: no such file or folder; give the {source} file or its folder")
    if path.is_file():
        return [path]
    found = sorted({p for pat in patterns for p in path.glob(pat) if p.is_file()})
    if not found and required:
        raise DataError(
            f"{path}: no {source} file found (looked for {', '.join(patterns)}); "
            f"download it with `multivector data pull {source}` or point to the right folder"
        )
    return found


def read_bytes(path: Path) -> bytes:
    """The decompressed bytes of a plain, ``.gz`` or single-CSV ``.zip`` file, checked to be UTF-8 text."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"{path}: cannot read the file ({exc.strerror})") from None
    if not raw:
        raise DataError(f"{path}: the file is empty; download it again")
    if raw[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(raw)
        except (EOFError, OSError, zlib.error) as exc:
            raise DataError(
                f"{path}: the gzip file is truncated or corrupt ({exc}); download it again"
            ) from None
    elif raw[:4] == b"PK\x03\x04" or path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as zf:
                members = [n for n in zf.namelist() if not n.endswith("/")]
                csvs = [n for n in members if n.lower().endswith((".csv", ".tsv", ".txt"))] or members
                if len(csvs) != 1:
                    raise DataError(
                        f"{path}: the zip holds {len(csvs)} data files ({', '.join(csvs[:5])}); "
                        "expected exactly one — unzip it and give the file"
                    )
                data = zf.read(csvs[0])
        except (zipfile.BadZipFile, EOFError, zlib.error, OSError) as exc:
            raise DataError(
                f"{path}: the zip file is truncated or corrupt ({exc}); download it again"
            ) from None
    elif path.suffix.lower() == ".gz":
        raise DataError(f"{path}: named .gz but is not gzip-compressed; download it again")
    else:
        data = raw
    if not data.strip():
        raise DataError(f"{path}: the file has no content (empty after decompression); download it again")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError(
            f"{path}: line {line}: bytes that are not UTF-8 ({data[exc.start : exc.start + 4]!r}); "
            "re-save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`) or download it again"
        ) from None
    if b"\x00" in data[:4096]:
        raise DataError(f"{path}: binary content, not a CSV file; is this the right file?")
    return data


_FIELDS_RE = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def read_csv(
    path: Path,
    schema: Schema,
    *,
    source: str,
    keep_default_na: bool = True,
    optional: Sequence[str] = (),
    data: bytes | None = None,
    label: str | None = None,
    first_line: int = 1,
    sep: str = ",",
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Read a CSV file into the columns of ``schema`` with the schema's dtypes.

    Returns ``(table, rejected, rows_read)``. Columns of ``schema`` missing from the header raise a
    :class:`DataError` (unless listed in ``optional``: then they are added empty); extra columns are
    ignored. Values that do not fit their dtype (and bad dates) move the row to ``rejected`` with its line.
    The table carries a ``_line`` column (line number in the file, header = 1) for later checks.

    ``data`` (already read bytes, e.g. a zip member or the part of a file after its note lines) replaces
    reading ``path``; ``label`` then names it in messages and rejected rows (``archive.zip::member.csv``),
    ``first_line`` is the line number of its header in the original file and ``sep`` its delimiter.
    """
    if data is None:
        data = read_bytes(path)
    where = label or str(path)
    first = data.split(b"\n", 1)[0].decode("utf-8").lstrip("\ufeff").rstrip("\r")
    header = next(csv.reader([first], delimiter=sep))
    missing = [c for c in schema if c not in header and c not in optional]
    if missing:
        raise DataError(
            f"{where}: line {first_line}: missing column(s) {', '.join(missing)} for {source} "
            f"(found: {', '.join(header[:12])}{' ...' if len(header) > 12 else ''}); "
            f"is this the right file for {source}, or a different version of it?"
        )
    # all columns are read (no usecols) so that a row with too many fields is an error naming its line
    str_cols: dict[str, str] = {c: "string" for c in header}
    na = [""] if not keep_default_na else None
    try:
        frame = pd.read_csv(
            io.BytesIO(data),
            dtype=str_cols,  # type: ignore[arg-type]
            keep_default_na=keep_default_na,
            na_values=na,
            encoding="utf-8",
            sep=sep,
        )
    except pd.errors.ParserError as exc:
        m = _FIELDS_RE.search(str(exc))
        at = (
            f"line {int(m.group(2)) + first_line - 1}: {m.group(3)} fields, expected {m.group(1)}"
            if m
            else str(exc).strip()
        )
        raise DataError(
            f"{where}: {at}; the file is malformed (wrong column count?) — fix or re-download it"
        ) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise DataError(
            f"{where}: cannot parse as CSV ({exc}); is this the right file for {source}?"
        ) from None
    for c in schema:
        if c not in frame.columns:
            frame[c] = pd.NA
    frame = frame[list(schema)]
    frame["_line"] = pd.RangeIndex(first_line + 1, len(frame) + first_line + 1)
    rows_read = len(frame)
    table, rejected = coerce(frame, schema, source=source, file=label or path)
    return table, rejected, rows_read


def coerce(
    frame: pd.DataFrame, schema: Schema, *, source: str, file: Path | str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Convert string columns to the schema's kinds; rows with unconvertible values go to ``rejected``."""
    bad = pd.Series(False, index=frame.index)
    reasons = pd.Series("", index=frame.index, dtype=object)
    out = frame.copy()
    for col, kind in schema.items():
        s = frame[col]
        if kind == "str":
            out[col] = s.astype("string")
            continue
        present = s.notna() & (s.astype("string").str.strip() != "")
        conv: pd.Series
        if kind == "date":
            conv = pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
            label = "bad date"
        elif kind == "int":
            num = pd.to_numeric(s, errors="coerce")
            ok = num.isna() | (num == num.round())
            conv = num.where(ok).astype("Int64") if len(num) else num.astype("Int64")
            label = "not an integer"
        elif kind == "float":
            conv = pd.to_numeric(s, errors="coerce").astype("float64")
            label = "not a number"
        else:  # pragma: no cover - schema bug
            raise ValueError(f"unknown kind {kind!r}")
        fail = present & conv.isna()
        if fail.any():
            reasons = reasons.where(~fail, reasons + f"{label} in {col}: " + s.astype(str) + "; ")
            bad |= fail
        out[col] = conv
    rejected = rejects_from(frame[bad], reasons[bad].str.rstrip("; "), source=source, file=file)
    return out[~bad].reset_index(drop=True), rejected


class Rejects:
    """Collects rejected-row frames (``REJECTED_COLUMNS``) from several steps of one load."""

    def __init__(self) -> None:
        self.parts: list[pd.DataFrame] = []

    def add(self, frame: pd.DataFrame) -> None:
        if len(frame):
            self.parts.append(frame)

    def frame(self) -> pd.DataFrame:
        if not self.parts:
            return pd.DataFrame({c: pd.Series(dtype="object") for c in REJECTED_COLUMNS})
        return pd.concat(self.parts, ignore_index=True)


def rejects_from(
    rows: pd.DataFrame, reason: pd.Series | str, *, source: str, file: Path | str
) -> pd.DataFrame:
    """Rejected-row frame for ``rows`` (which carry ``_line``): source, file, line, reason, raw."""
    if rows.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in REJECTED_COLUMNS})
    cols = [c for c in rows.columns if c != "_line"]
    raw = rows[cols[0]].astype(str) if cols else pd.Series("", index=rows.index)
    for c in cols[1:]:
        raw = raw + "," + rows[c].astype(str)
    lines = rows["_line"].astype("Int64") if "_line" in rows else pd.Series(pd.NA, index=rows.index)
    return pd.DataFrame(
        {
            "source": source,
            "file": str(file),
            "line": lines.to_numpy(),
            "reason": reason.to_numpy() if isinstance(reason, pd.Series) else reason,
            "raw": raw.to_numpy(),
        }
    )


def make_result(
    table: pd.DataFrame,
    provenance: Provenance,
    rejected: pd.DataFrame,
    rows_read: int,
    rows_kept: int | None = None,
) -> LoadResult:
    """Assemble a :class:`LoadResult`; the counts are checked (``read == kept + rejected``).

    ``rows_kept`` defaults to the table's length; a loader whose table has several rows per source row
    (a non-directed dyad expanded to two directed rows) passes the number of source rows kept.
    """
    table = table.drop(columns=[c for c in ("_line",) if c in table.columns]).reset_index(drop=True)
    reasons: dict[str, int] = {}
    if len(rejected):
        keys = rejected["reason"].astype(str).str.replace(r"[:(].*$", "", regex=True).str.strip()
        reasons = {str(k): int(v) for k, v in keys.value_counts().items()}
    report = LoadReport(
        rows_read=rows_read,
        rows_kept=len(table) if rows_kept is None else rows_kept,
        rows_rejected=len(rejected),
        reasons=reasons,
    )
    return LoadResult(table=table, provenance=provenance, report=report, rejected=rejected)


def provenance(base: Provenance, files: Sequence[Path]) -> Provenance:
    """``base`` with the checksums of ``files``."""
    return Provenance(
        source=base.source,
        title=base.title,
        publisher=base.publisher,
        version=base.version,
        citation=base.citation,
        url=base.url,
        license=base.license,
        files=tuple(file_info(f) for f in files),
    )
