"""SIPRI's own exports, mapped to ``sipri_register`` and ``sipri_tiv``.

- Trade register CSV (armstransfers.sipri.org "Export CSV"): ~11 note lines ("Transfers of major
  conventional arms from ...", "Source: SIPRI Arms Transfers Database (c) SIPRI.", "Data generated: ...")
  then the header ``SIPRI AT Database ID, Supplier, Recipient, Designation, Description, Armament category,
  Order date, Order date is estimate, Numbers delivered, Numbers delivered is estimate, Delivery year,
  Delivery year is estimate, Status, SIPRI estimate, TIV deal unit, TIV delivery values, Local production``.
  The notes are skipped; line numbers in rejected rows are those of the file.
- "TIV of arms exports from X, 1950-2021" tables (and "TIV of arms imports to X"): a title line, notes,
  ``Generated: <date>``, then a header ``,1950,1951,...,Total`` and one row per partner with a value per
  year; a blank line and a ``Total`` row close it. Each non-empty year cell is one row read (supplier,
  recipient, year, tiv); the Total row and column are dropped. Several tables (one per supplier) in a
  folder or zip load as one ``sipri_tiv``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from pathlib import Path

import pandas as pd

from multivector.dimensions import SIPRI_REGISTER, SIPRI_TIV, SRC_SIPRI
from multivector.errors import DataError
from multivector.provenance import LoadResult, Provenance
from multivector.sources._official import Member, decode, is_zip, members
from multivector.sources._readers import coerce, read_csv
from multivector.sources.sipri_schema import (
    PROVENANCE,
    REGISTER_ID,
    REGISTER_SCHEMA,
    TIV_SCHEMA,
    UNSTATED,
    finish_register,
    finish_tiv,
)

__all__ = ["generated_date", "generated_provenance", "load", "register_body", "sniff"]

_TITLE = re.compile(r"TIV of arms (exports from|imports to) (.+?),\s*(\d{4})\s*-\s*(\d{4})", re.IGNORECASE)
_HEAD_LINES = 40
#: "Generated: 28 July 2022", "Data generated: 3 Jan 2025 9:16:02 PM", "Generated: July 28, 2022": the date
#: runs to the end of the line; the empty cells (",,,,") and quotes of the CSV are stripped after it
_GENERATED = re.compile(r"(?:data\s+)?generated:\s*(.*)$", re.IGNORECASE)
_CELL_END = ' \t\r",;'


def generated_date(m: Member) -> str | None:
    """The date SIPRI stamped on an export ("Generated: 28 July 2022", "Data generated: 3 Jan 2025")."""
    head = decode(m.read(limit=1 << 14), m.label).decode("utf-8", errors="replace").splitlines()
    for line in head[:_HEAD_LINES]:
        if (found := _GENERATED.search(line)) and (date := found.group(1).rstrip(_CELL_END).strip()):
            return date
    return None


def generated_provenance(base: Provenance, parts: list[Member], what: str) -> Provenance:
    """``base`` citing SIPRI as it asks ("Source: SIPRI Arms Transfers Database, [date generated]"), with the
    generation dates stamped on the files read, and their checksums."""
    dates = sorted({d for m in parts if (d := generated_date(m))})
    stamp = f"{what} generated {'; '.join(dates)}" if dates else f"{what}, {UNSTATED}"
    return replace(
        base,
        version=stamp,
        citation=f"Source: SIPRI Arms Transfers Database, {stamp}. {base.url}",
        files=tuple(m.info() for m in parts),
    )


def sniff(m: Member) -> str | None:
    """``"register"`` (note lines, then the register header), ``"tiv"`` (a TIV table) or None."""
    head = decode(m.read(limit=1 << 14), m.label).decode("utf-8", errors="replace").splitlines()
    if head and _TITLE.search(head[0]):
        return "tiv"
    for line in head[1:_HEAD_LINES]:
        if line.lstrip('"').startswith(REGISTER_ID):
            return "register"
    return None


def register_body(m: Member) -> tuple[bytes, int]:
    """The register from its header line on, and that line's number in the file."""
    data = decode(m.read(), m.label)
    lines = data.split(b"\n")
    for i, line in enumerate(lines[:_HEAD_LINES]):
        if line.lstrip(b'"').startswith(REGISTER_ID.encode()):
            return b"\n".join(lines[i:]), i + 1
    raise DataError(
        f"{m.label}: no '{REGISTER_ID}' header in the first {_HEAD_LINES} lines; expected SIPRI's trade "
        "register export (note lines, then SIPRI AT Database ID, Supplier, Recipient, ...)"
    )


def _table_rows(m: Member) -> tuple[pd.DataFrame, int]:
    """One TIV table -> string frame supplier, recipient, year, tiv_musd, _line; and the cells read."""
    text = decode(m.read(), m.label).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    title = _TITLE.search(rows[0][0] if rows and rows[0] else "")
    if title is None:
        raise DataError(f"{m.label}: line 1: not a SIPRI 'TIV of arms exports from X' table")
    exports, country = title.group(1).lower().startswith("exports"), title.group(2).strip()
    years: list[str] = []
    out: list[tuple[str, str, str, str, int]] = []
    for i, row in enumerate(rows, start=1):
        cells = [c.strip() for c in row]
        if not years:
            if len(cells) > 1 and not cells[0] and re.fullmatch(r"\d{4}", cells[1]):
                years = cells[1:]
            continue
        name = cells[0] if cells else ""
        if not name or name.lower() == "total":
            continue
        for year, value in zip(years, cells[1:], strict=False):
            if value and year.lower() != "total":
                sup, rec = (country, name) if exports else (name, country)
                out.append((sup, rec, year, value, i))
    if not years:
        raise DataError(
            f"{m.label}: no year header (',1950,1951,...,Total') found; expected SIPRI's "
            "'TIV of arms exports from X, YYYY-YYYY' table layout"
        )
    if not out:
        raise DataError(f"{m.label}: the TIV table holds no values; export it from SIPRI again")
    frame = pd.DataFrame(out, columns=["supplier", "recipient", "year", "tiv_musd", "_line"])
    return frame.astype({c: "string" for c in ("supplier", "recipient", "year", "tiv_musd")}), len(out)


def _candidates(path: Path) -> list[Member]:
    if path.is_dir():
        files = sorted(
            p for p in path.iterdir() if p.is_file() and p.suffix.lower() in (".csv", ".zip", ".gz")
        )
    else:
        files = [path]
    out = []
    for f in files:
        for m in members(f):
            if m.inner and not m.name.lower().endswith((".csv", ".csv.gz", ".txt")):
                continue
            out.append(m)
    return out


def _register(m: Member) -> LoadResult:
    """``sipri_register`` from SIPRI's register export: its note lines skipped, its date cited."""
    body, first_line = register_body(m)
    raw, rejected, n = read_csv(
        m.archive, REGISTER_SCHEMA, source=SRC_SIPRI, data=body, label=m.label, first_line=first_line
    )
    return finish_register(raw, rejected, n, m.label, generated_provenance(PROVENANCE, [m], "trade register"))


def _tiv(path: Path, tables: list[Member]) -> LoadResult:
    """``sipri_tiv`` from one or more "TIV of arms exports from X" tables (one row read per year cell)."""
    parts, n = [], 0
    for m in tables:
        frame, k = _table_rows(m)
        parts.append(frame.assign(_file=m.label))
        n += k
    raw = pd.concat(parts, ignore_index=True)
    label = tables[0].label if len(parts) == 1 else f"{path} ({len(parts)} TIV tables)"
    typed, rejected = coerce(raw.drop(columns="_file"), TIV_SCHEMA, source=SRC_SIPRI, file=label)
    prov = generated_provenance(PROVENANCE, tables, "TIV tables")
    return finish_tiv(typed, rejected, n, Path(label), prov)


def load(path: Path) -> dict[str, LoadResult] | None:
    """SIPRI's own exports under ``path`` (file, zip or folder); None when there are none."""
    if not path.exists() or (path.is_file() and not is_zip(path) and path.stat().st_size == 0):
        return None
    kinds: dict[str, list[Member]] = {"register": [], "tiv": []}
    for m in _candidates(path):
        try:
            kind = sniff(m)
        except DataError:
            continue
        if kind:
            kinds[kind].append(m)
    if not kinds["register"] and not kinds["tiv"]:
        return None
    out: dict[str, LoadResult] = {}
    if kinds["register"]:
        if len(kinds["register"]) > 1:
            names = ", ".join(m.label for m in kinds["register"])
            raise DataError(f"{path}: several SIPRI register exports ({names}); import one at a time")
        out[SIPRI_REGISTER] = _register(kinds["register"][0])
    if kinds["tiv"]:
        out[SIPRI_TIV] = _tiv(path, kinds["tiv"])
    return out
