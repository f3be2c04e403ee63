"""Releases of one dataset, stored side by side: which are in the store, and which is the newest.

A publisher that revises its past figures in every release (SIPRI) cannot be appended to: the releases
are kept as tables of their own, each one release of a *dataset* (``TableSpec.dataset`` in
:mod:`multivector.dimensions`, listed by :func:`multivector.dimensions.releases_of`), with the version and
generation date its import recorded (the ``version`` of ``_imports``). A panel reads one release per
series: the newest stored by generation date unless the caller names one (:func:`pick_release`), and never
splices two.

The generation date is read from the recorded version: an ISO date (``generated 2026-02-13``) or the date as
the publisher stamps it (``generated 13 Feb 2026``, ``Data generated: 3 Jan 2025 9:16:02 PM``). A release
whose date is not stated sorts before every dated one (it may be anything).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from multivector.dimensions import SIPRI_REGISTER, SIPRI_REGISTER_2024, SIPRI_TIV, TABLES, releases_of
from multivector.errors import InputError, StoreError

__all__ = ["RELEASE_COLUMNS", "YEAR_COLUMNS", "ReleaseStore", "generation_date", "pick_release", "releases"]


class ReleaseStore(Protocol):
    """What this module reads of a :class:`multivector.store.Store`: its path, whether it exists, the
    provenance records of its imports, and SQL answers."""

    @property
    def path(self) -> Path: ...

    @property
    def exists(self) -> bool: ...

    def provenance(self, source: str | None = None) -> list[dict[str, Any]]: ...

    def query_df(self, sql: str, params: list[Any] | dict[str, Any] | None = None) -> pd.DataFrame: ...


#: The year column of each release table (its coverage is min..max of it).
YEAR_COLUMNS: dict[str, str] = {
    SIPRI_TIV: "year",
    SIPRI_REGISTER: "delivery_year",
    SIPRI_REGISTER_2024: "delivery_year",
}
RELEASE_COLUMNS = (
    "table",
    "source",
    "version",
    "generated",
    "first_year",
    "last_year",
    "rows",
    "imported_at",
)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_STAMP = re.compile(r"generated:?\s*(.+?)(?:\s*\(|;|$)", re.IGNORECASE)


def generation_date(version: str | None) -> date | None:
    """The generation date in a recorded version string, or None when it states none."""
    text = str(version or "")
    if m := _ISO.search(text):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    if m := _STAMP.search(text):
        stamp = re.sub(r"\s+\d{1,2}:\d{2}(:\d{2})?\s*([AP]M)?$", "", m.group(1).strip(), flags=re.IGNORECASE)
        parsed = pd.to_datetime(stamp, errors="coerce", dayfirst=True, format="mixed")
        if pd.notna(parsed):
            return date(parsed.year, parsed.month, parsed.day)
    return None


def releases(store: ReleaseStore, dataset: str) -> pd.DataFrame:
    """The stored releases of ``dataset``, newest first: :data:`RELEASE_COLUMNS` (``generated`` is a date
    or None, ``first_year``/``last_year`` the coverage of the release's year column)."""
    tables = releases_of(dataset)
    if not tables:
        known = sorted({t.dataset for t in TABLES.values() if t.dataset})
        raise InputError(f"unknown dataset {dataset!r}; datasets with releases: {', '.join(known)}")
    rows = []
    for rec in store.provenance() if store.exists else []:
        table = str(rec["table"])
        if table not in tables:
            continue
        ycol = YEAR_COLUMNS.get(table, "year")
        bounds = store.query_df(f'SELECT min("{ycol}"), max("{ycol}"), count(*) FROM "{table}"').iloc[0]
        first, last = (int(v) if pd.notna(v) else None for v in bounds.iloc[:2])
        rows.append(
            {
                "table": table,
                "source": rec["source"],
                "version": rec["version"],
                "generated": generation_date(str(rec["version"])),
                "first_year": first,
                "last_year": last,
                "rows": int(bounds.iloc[2]),
                "imported_at": rec["imported_at"],
            }
        )
    out = pd.DataFrame(rows, columns=list(RELEASE_COLUMNS))
    if out.empty:
        return out
    order = out["generated"].map(lambda d: d.toordinal() if d is not None else -1)
    return (
        out.assign(_o=order)
        .sort_values(["_o", "table"], ascending=[False, True])
        .drop(columns="_o")
        .reset_index(drop=True)
    )


def pick_release(store: ReleaseStore, dataset: str, release: str | None = None) -> pd.Series:
    """The stored release a panel reads: the newest (``release=None``), or the one named by its table
    name, its generation date (``"2025-01-03"``) or year (``"2025"``).

    Raises :class:`StoreError` when no release is stored (naming the sources to import) and
    :class:`InputError` when ``release`` matches none of the stored ones (listing them)."""
    stored = releases(store, dataset)
    if stored.empty:
        sources = sorted({TABLES[t].source for t in releases_of(dataset)})
        raise StoreError(
            f"no release of {dataset} is in the store at {store.path}; import one with "
            + " or ".join(f"`multivector data import {s} PATH`" for s in sources)
        )
    if release is None:
        return stored.iloc[0]
    text = str(release).strip()
    for _, row in stored.iterrows():
        generated = row["generated"]
        if text == row["table"] or (generated is not None and str(generated).startswith(text)):
            return row
    listing = "; ".join(f"{r.table} ({r.version})" for r in stored.itertuples())
    raise InputError(f"no stored release of {dataset} matches {release!r}; stored: {listing}")
