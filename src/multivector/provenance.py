"""Provenance: where every table and figure came from, and what a load kept and rejected.

Every loader returns a :class:`LoadResult`: the tidy table, its :class:`Provenance` (publisher, version,
citation, licence and the checksum of each file read) and a :class:`LoadReport` whose counts always satisfy
``rows_read == rows_kept + rows_rejected``. Rejected rows (including dropped duplicates) are kept in
``LoadResult.rejected`` with the file, the line and the reason, so nothing is lost silently.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

__all__ = ["REJECTED_COLUMNS", "FileInfo", "LoadReport", "LoadResult", "Provenance", "file_info"]

#: Columns of the rejected-rows (quarantine) table.
REJECTED_COLUMNS: tuple[str, ...] = ("source", "file", "line", "reason", "raw")


@dataclass(frozen=True)
class FileInfo:
    """One file read: its path, size in bytes and SHA-256."""

    path: str
    bytes: int
    sha256: str


def file_info(path: str | Path) -> FileInfo:
    """Checksum a file (streaming) and return its :class:`FileInfo`."""
    p = Path(path)
    digest = hashlib.sha256()
    with p.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return FileInfo(path=str(p), bytes=p.stat().st_size, sha256=digest.hexdigest())


@dataclass(frozen=True)
class Provenance:
    """Who published a dataset, which version was read, how to cite it and under which terms."""

    source: str
    title: str
    publisher: str
    version: str
    citation: str
    url: str
    license: str
    files: tuple[FileInfo, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready dictionary."""
        return {
            "source": self.source,
            "title": self.title,
            "publisher": self.publisher,
            "version": self.version,
            "citation": self.citation,
            "url": self.url,
            "license": self.license,
            "files": [f.__dict__ for f in self.files],
        }


@dataclass
class LoadReport:
    """Counts of one load. ``rows_read == rows_kept + rows_rejected`` always holds."""

    rows_read: int = 0
    rows_kept: int = 0
    rows_rejected: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.rows_read != self.rows_kept + self.rows_rejected:
            raise AssertionError(
                f"load report does not add up: read {self.rows_read} != kept {self.rows_kept}"
                f" + rejected {self.rows_rejected}"
            )


@dataclass
class LoadResult:
    """A loaded table with its provenance, its counts and its rejected rows."""

    table: pd.DataFrame
    provenance: Provenance
    report: LoadReport
    rejected: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(REJECTED_COLUMNS)))
