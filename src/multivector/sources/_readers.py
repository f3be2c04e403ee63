"""Shared reading helpers for the loaders: files in a folder, gzip/zip/plain CSV, encodings, schemas.

Everything that can go wrong with a file becomes a :class:`~multivector.errors.DataError` naming the file,
the line where known, and what to do; values that cannot be converted become rejected rows (file, line,
reason) rather than exceptions, so a load always satisfies ``rows_read == rows_kept + rows_rejected``.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from multivector.errors import DataError, MissingFilesError
from multivector.provenance import REJECTED_COLUMNS, LoadReport, LoadResult, Provenance, file_info
from multivector.sources.limits import MAX_FIELD_CHARS, MAX_MEMBERS, Limits, gunzip_file, read_member
from multivector.sources.progress import reading

__all__ = [
    "CsvLayout",
    "Rejects",
    "coerce",
    "csv_layout",
    "find_files",
    "make_result",
    "not_utf8",
    "provenance",
    "read_bytes",
    "read_csv",
    "rejects_from",
    "unique_names",
    "wrong_width_rejects",
]

#: dtype kinds used in loader schemas: "int" (nullable Int64), "float", "str", "date" (YYYY-MM-DD).
Schema = Mapping[str, str]


def find_files(path: Path, patterns: Sequence[str], *, source: str, required: bool = True) -> list[Path]:
    """``path`` itself if it is a file, else the files in the folder matching any glob of ``patterns``;
    :class:`~multivector.errors.MissingFilesError` when there is none and ``required``."""
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: no such file or folder; give the {source} file or its folder")
    if path.is_file():
        return [path]
    found = sorted({p for pat in patterns for p in path.glob(pat) if p.is_file()})
    if not found and required:
        raise MissingFilesError(
            f"{path}: no {source} file found (looked for {', '.join(patterns)}); "
            f"download it with `multivector data pull {source}` or point to the right folder"
        )
    return found


def read_bytes(path: Path, limits: Limits | None = None) -> bytes:
    """The decompressed bytes of a plain, ``.gz`` or single-CSV ``.zip`` file, checked to be UTF-8 text.

    Decompression streams within the :mod:`~multivector.sources.limits` (size and ratio per file); a
    plain file larger than the size limit is refused too."""
    path = Path(path)
    reading(str(path))
    try:
        with path.open("rb") as fh:
            magic = fh.read(4)
        size = path.stat().st_size
    except OSError as exc:
        raise DataError(f"{path}: cannot read the file ({exc.strerror})") from None
    if not size:
        raise DataError(f"{path}: the file is empty; download it again")
    if magic[:2] == b"\x1f\x8b":
        data = gunzip_file(path, limits=limits)
    elif magic == b"PK\x03\x04" or path.suffix.lower() == ".zip":
        data = _zip_csv(path, limits)
    elif path.suffix.lower() == ".gz":
        raise DataError(f"{path}: named .gz but is not gzip-compressed; download it again")
    else:
        max_bytes, _ = (limits or Limits()).resolved()
        if size > max_bytes:
            raise DataError(
                f"{path}: {size:,} bytes, more than the limit of {max_bytes:,} per file; "
                "raise MULTIVECTOR_MAX_UNCOMPRESSED_MB if the file is genuine (docs/security.md)"
            )
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DataError(f"{path}: cannot read the file ({exc.strerror})") from None
    if not data.strip():
        raise DataError(f"{path}: the file has no content (empty after decompression); download it again")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise not_utf8(str(path), data, exc) from None
    if b"\x00" in data[:4096]:
        raise DataError(f"{path}: binary content, not a CSV file; is this the right file?")
    return data


def _zip_csv(path: Path, limits: Limits | None) -> bytes:
    """The one data file of a zip, read within the limits."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise DataError(f"{path}: the zip lists {len(infos):,} files, more than {MAX_MEMBERS:,}")
            members = [i for i in infos if not i.is_dir()]
            csvs = [i for i in members if i.filename.lower().endswith((".csv", ".tsv", ".txt"))] or members
            if len(csvs) != 1:
                names = ", ".join(i.filename for i in csvs[:5])
                raise DataError(
                    f"{path}: the zip holds {len(csvs)} data files ({names}); "
                    "expected exactly one — unzip it and give the file"
                )
            return read_member(zf, csvs[0], f"{path}::{csvs[0].filename}", limits)
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError) as exc:
        raise DataError(f"{path}: the zip file is truncated or corrupt ({exc}); download it again") from None


_EOF_RE = re.compile(r"EOF inside string starting at row (\d+)")


def not_utf8(
    where: str, data: bytes, exc: UnicodeDecodeError, first_line: int = 1, skipped: int = 0
) -> DataError:
    """The error for bytes of ``data`` that are not UTF-8: the line (``first_line`` = the line number of
    ``data``'s first line in the file), the byte offset in the line and, when ``data`` is the whole file
    (``first_line == 1``; ``skipped`` = bytes dropped before it, e.g. a BOM), in the file."""
    start = exc.start
    line = data.count(b"\n", 0, start) + first_line
    column = start - (data.rfind(b"\n", 0, start) + 1) + 1
    at = f"byte {start + skipped + 1} of the file, " if first_line == 1 else ""
    return DataError(
        f"{where}: line {line}: bytes that are not UTF-8 ({data[start : start + 4]!r}) at {at}byte {column} "
        "of the line; re-save the file as UTF-8 (e.g. `iconv -f cp1252 -t utf-8 FILE > FILE.utf8`) or "
        "download it again"
    )


def _text(data: bytes, where: str, first_line: int) -> str:
    """``data`` decoded as UTF-8 (a BOM dropped), in one go so that a bad byte is found at its true line."""
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    body = data[bom:] if bom else data
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise not_utf8(where, body, exc, first_line, bom) from None


#: a record of one field made of whitespace only: a blank line (pandas skips it) unless it was quoted
_AMBIGUOUS = -1


def _width(row: list[str]) -> int:
    """Fields of a CSV record: 0 for an empty line, which pandas skips; ``_AMBIGUOUS`` for one field of
    whitespace only (blank if the line has no quote, else a one-field row: ``" "``); 1 for ``""``."""
    if len(row) == 1 and row[0] and not row[0].strip():
        return _AMBIGUOUS
    return len(row)


def _reader(text: str, sep: str, last: list[str] | None = None) -> Any:
    """A csv reader of ``text``; with ``last``, ``last[0]`` is kept = the physical line read last."""
    lines: Any = io.StringIO(text, newline="")
    if last is not None:
        lines = _tracked(lines, last)
    return csv.reader(lines, delimiter=sep)


def _tracked(lines: io.StringIO, last: list[str]) -> Any:
    for line in lines:
        last[0] = line
        yield line


@dataclass(frozen=True)
class CsvLayout:
    """What the :mod:`csv` module sees in a CSV text: the header and, for each non-blank record after it
    (blank lines are skipped, as pandas skips them), its number of fields and the 1-based line where it
    starts (a quoted field may span lines). ``raw``: the text of the records whose field count is not the
    header's, by position."""

    header: list[str]
    widths: np.ndarray
    lines: np.ndarray
    raw: dict[int, str]


def csv_layout(data: bytes, sep: str = ",", *, where: str, first_line: int = 1) -> CsvLayout:
    """The :class:`CsvLayout` of ``data`` (UTF-8 CSV text); a text the csv module cannot split raises a
    :class:`DataError` naming ``where`` and the line (``first_line`` = the line number of the header)."""
    text = _text(data, where, first_line)
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, 2**31 - 1))  # pandas has no limit on a field's size; nor should this
    reader = _reader(text, sep)
    try:
        header: list[str] = next(reader, [])
        head_end = reader.line_num
        widths = np.fromiter(map(_width, reader), dtype=np.int64)
        lines = np.arange(head_end + 1, head_end + 1 + len(widths), dtype=np.int64)
        multiline = reader.line_num != head_end + len(widths)
        wrong = (widths != len(header)) & (widths > 0)
        raw: dict[int, str] = {}
        if multiline or wrong.any() or (widths == _AMBIGUOUS).any():
            # second pass: where each record starts, blank or not, the text of the wrong ones
            last = [""]
            reader = _reader(text, sep, last)
            next(reader, None)
            end = head_end
            for i, row in enumerate(reader):
                lines[i] = end + 1
                if widths[i] == _AMBIGUOUS:
                    widths[i] = 1 if end + 1 == reader.line_num and '"' in last[0] else 0
                if widths[i] > 0 and widths[i] != len(header):
                    raw[i] = sep.join(row)
                end = reader.line_num
    except csv.Error as exc:
        raise DataError(
            f"{where}: line {reader.line_num + first_line - 1}: cannot parse as CSV ({exc}); the file is "
            "malformed — fix or re-download it"
        ) from None
    finally:
        csv.field_size_limit(limit)
    keep = widths > 0
    position = np.cumsum(keep) - 1
    return CsvLayout(
        header=header,
        widths=widths[keep],
        lines=lines[keep],
        raw={int(position[i]): text for i, text in raw.items()},
    )


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
    ignored. A row whose number of fields differs from the header's is rejected (``wrong column count:
    expected N, found M``), never shifted or padded; values that do not fit their dtype (and bad dates)
    move the row to ``rejected`` too, with its line. Blank lines are skipped and not counted. The table
    carries a ``_line`` column (line number in the file where the row starts, header = 1) for later checks.

    A file with a header and no data rows raises a :class:`DataError` (it is never "read 0": an import
    of it would replace the stored rows with none).

    ``data`` (already read bytes, e.g. a zip member or the part of a file after its note lines) replaces
    reading ``path``; ``label`` then names it in messages and rejected rows (``archive.zip::member.csv``),
    ``first_line`` is the line number of its header in the original file and ``sep`` its delimiter.
    """
    if data is None:
        data = read_bytes(path)
    where = label or str(path)
    first = data.split(b"\n", 1)[0].decode("utf-8", errors="replace").lstrip("\ufeff").rstrip("\r")
    header = next(csv.reader([first], delimiter=sep), [])
    missing = [c for c in schema if c not in header and c not in optional]
    if missing:
        raise DataError(
            f"{where}: line {first_line}: missing column(s) {', '.join(missing)} for {source} "
            f"(found: {', '.join(header[:12])}{' ...' if len(header) > 12 else ''}); "
            f"is this the right file for {source}, or a different version of it?"
        )
    records = csv_layout(data, sep, where=where, first_line=first_line)
    if not len(records.widths):
        raise DataError(
            f"{where}: no data rows after the header (line {first_line}); the file holds no {source} "
            "records — download it again or check that it is the right file"
        )
    header = records.header
    # Every record is read into as many columns as the widest one, so that no row is shifted (pandas would
    # take a first row with an extra field as the index) nor dropped; the field counts say which to reject.
    width = int(max(len(header), records.widths.max(initial=0)))
    na = [""] if not keep_default_na else None
    try:
        frame = pd.read_csv(
            io.BytesIO(data),
            header=None,
            names=list(range(width)),
            index_col=False,
            dtype="string",
            keep_default_na=keep_default_na,
            na_values=na,
            encoding="utf-8-sig",
            sep=sep,
        )
    except pd.errors.ParserError as exc:
        m = _EOF_RE.search(str(exc))
        at = (
            f"line {_line_at(records, int(m.group(1)), first_line)}: a quoted field is never closed"
            if m
            else str(exc).strip()
        )
        raise DataError(f"{where}: {at}; the file is malformed — fix or re-download it") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise DataError(
            f"{where}: cannot parse as CSV ({exc}); is this the right file for {source}?"
        ) from None
    frame = frame.iloc[1:].reset_index(drop=True)  # the header row
    if len(frame) != len(records.widths):  # pragma: no cover - the csv module and pandas disagree
        raise DataError(
            f"{where}: {len(frame)} rows parsed but {len(records.widths)} records found; the file's quoting "
            "is ambiguous — fix or re-download it"
        )
    lines = records.lines + (first_line - 1)
    ok = records.widths == len(header)
    rejected = wrong_width_rejects(records, first_line, source=source, file=label or path)
    frame = frame.loc[ok, list(range(len(header)))]
    frame.columns = unique_names(header)
    for c in schema:
        if c not in frame.columns:
            frame[c] = pd.NA
    frame = frame[list(schema)].reset_index(drop=True)
    frame["_line"] = lines[ok]
    rows_read = len(records.widths)
    table, bad_values = coerce(frame, schema, source=source, file=label or path)
    if len(rejected):
        bad_values = pd.concat([rejected, bad_values], ignore_index=True) if len(bad_values) else rejected
    return table, bad_values, rows_read


def _line_at(records: CsvLayout, row: int, first_line: int) -> int:
    """Line in the file of pandas' 0-based ``row`` (row 0 = the header)."""
    if row <= 0 or row > len(records.lines):
        return first_line
    return int(records.lines[row - 1]) + first_line - 1


def unique_names(header: Sequence[str]) -> list[str]:
    """Column names as pandas makes them: a repeated name gets ``.1``, ``.2`` ..."""
    seen: dict[str, int] = {}
    out = []
    for name in header:
        n = seen.get(name, 0)
        seen[name] = n + 1
        out.append(name if n == 0 else f"{name}.{n}")
    return out


def wrong_width_rejects(
    layout: CsvLayout, first_line: int = 1, *, source: str, file: Path | str
) -> pd.DataFrame:
    """Rejected rows (``REJECTED_COLUMNS``) for the records whose field count is not the header's:
    ``wrong column count: expected N, found M``, with the line in the file and the record's text."""
    expected = len(layout.header)
    idx = np.flatnonzero(layout.widths != expected)
    if not len(idx):
        return pd.DataFrame({c: pd.Series(dtype="object") for c in REJECTED_COLUMNS})
    return pd.DataFrame(
        {
            "source": source,
            "file": str(file),
            "line": pd.array(layout.lines[idx] + (first_line - 1), dtype="Int64"),
            "reason": [f"wrong column count: expected {expected}, found {layout.widths[i]}" for i in idx],
            "raw": clip_raw(pd.Series([layout.raw.get(int(i), "") for i in idx], dtype=object)).to_numpy(),
        }
    )


def coerce(
    frame: pd.DataFrame, schema: Schema, *, source: str, file: Path | str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Convert string columns to the schema's kinds; rows with unconvertible values go to ``rejected``.

    ``int``: optional sign and digits (a trailing ``.0`` allowed), within the 64-bit range; ``1e19``,
    ``1.5`` and a 20-digit number are rejected, never rounded or wrapped. ``float``: a finite number
    (``inf`` and ``1e400`` are rejected). ``date``: ``YYYY-MM-DD``. A field longer than
    :data:`~multivector.sources.limits.MAX_FIELD_CHARS` rejects its row (``field too long``) before any
    conversion.
    """
    bad = pd.Series(False, index=frame.index)
    reasons = pd.Series("", index=frame.index, dtype=object)
    out = frame.copy()
    for col in schema:
        length = frame[col].astype("string").str.len()
        long = (length > MAX_FIELD_CHARS).fillna(False).astype(bool)
        if long.any():
            limit = f" characters (limit {MAX_FIELD_CHARS:,})"
            what = f"field too long in {col}: " + length[long].astype(str) + limit
            reasons = reasons.where(~long, reasons + what + "; ")
            bad |= long
    for col, kind in schema.items():
        s = frame[col].mask(bad) if bad.any() else frame[col]
        if kind == "str":
            out[col] = s.astype("string")
            continue
        present = s.notna() & (s.astype("string").str.strip() != "")
        conv: pd.Series
        why = pd.Series("", index=frame.index, dtype=object)
        if kind == "date":
            conv = pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
            label = "bad date"
        elif kind == "int":
            conv, why = _ints(s)
            label = "not an integer"
        elif kind == "float":
            num = pd.to_numeric(s, errors="coerce").astype("float64")
            conv = num.where(np.isfinite(num))
            why = why.where(~np.isinf(num), "not a finite number")
            label = "not a number"
        else:  # pragma: no cover - schema bug
            raise ValueError(f"unknown kind {kind!r}")
        fail = (present & conv.isna()).fillna(False).astype(bool)
        if fail.any():
            shown = s.astype(str).str.slice(0, 40)
            what = why.where(why != "", label)
            reasons = reasons.where(~fail, reasons + what + f" in {col}: " + shown + "; ")
            bad |= fail
        out[col] = conv
    rejected = rejects_from(frame[bad], reasons[bad].str.rstrip("; "), source=source, file=file)
    return out[~bad].reset_index(drop=True), rejected


_SIMPLE_INT = r"[+-]?\d{1,18}"
_INT_TEXT = re.compile(r"([+-]?)(\d+)(?:\.0*)?")
_INT64_MAX = 2**63 - 1


def _ints(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """``s`` (text) as ``Int64``, and per row why a present value is not a 64-bit integer ('' when it is).

    Up to 18 digits are converted in one vectorised step (exact: no float in between); anything else
    is checked value by value (a trailing ``.0``, 19 digits near the limit, or an error)."""
    text = s.astype("string").str.strip()
    values = np.zeros(len(text), dtype=np.int64)
    missing = np.ones(len(text), dtype=bool)
    why = pd.Series("", index=s.index, dtype=object)
    simple = text.str.fullmatch(_SIMPLE_INT).fillna(False).astype(bool).to_numpy()
    if simple.any():
        values[simple] = text[simple].astype(object).astype("int64").to_numpy()
        missing[simple] = False
    rest = (text.notna() & (text != "")).to_numpy() & ~simple
    problems: dict[Any, str] = {}
    for pos in np.flatnonzero(rest).tolist():
        number, problem = _int_value(str(text.iloc[pos]))
        if number is None:
            problems[text.index[pos]] = problem
        else:
            values[pos], missing[pos] = number, False  # exact: int64 all the way
    if problems:
        why.loc[list(problems)] = pd.Series(problems, dtype=object)
    out = pd.Series(pd.arrays.IntegerArray(values, missing), index=s.index)
    return out, why


def _int_value(text: str) -> tuple[int | None, str]:
    m = _INT_TEXT.fullmatch(text)
    if m is None:
        return None, "not an integer"
    digits = m.group(2).lstrip("0") or "0"
    if len(digits) > 19 or int(digits) > _INT64_MAX:  # 19 digits at most: int() stays cheap
        return None, "integer out of the 64-bit range"
    return int(m.group(1) + digits), ""


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
            "raw": clip_raw(raw).to_numpy(),
        }
    )


#: Most characters of a rejected row's text kept in the quarantine (the rest is counted, not stored).
MAX_RAW_CHARS = 2_000


def clip_raw(raw: pd.Series) -> pd.Series:
    """Rejected rows' text cut to :data:`MAX_RAW_CHARS`, saying how long it was."""
    length = raw.str.len()
    long = (length > MAX_RAW_CHARS).fillna(False).astype(bool)
    if not long.any():
        return raw
    cut = raw.str.slice(0, MAX_RAW_CHARS) + " ... (" + length.astype(str) + " characters)"
    return raw.where(~long, cut)


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
