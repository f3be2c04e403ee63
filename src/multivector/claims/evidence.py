"""What the measure functions read from: the store (datasets and cited tables), the casebook and the year.

:class:`Evidence` holds an open read-only :class:`~multivector.store.Store` (or None: then every data-based
check is not checkable, and says to import data), the case whose cited figures describe infrastructure, and
the current year (a present-tense claim is checked against the latest year in the data, and only if that
year is within the dimension's horizon, :data:`multivector.dimensions.DIMENSIONS`). It caches panel results
within one run, and turns the store's provenance into :class:`~multivector.claims.model.Source` records
(dataset name and version).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pandas as pd

from multivector.casebook.schema import Case
from multivector.claims.model import Claim, NotCheckable, Period, Source
from multivector.dimensions import DIMENSIONS, TABLES
from multivector.errors import MultivectorError
from multivector.store.db import Store

__all__ = ["NO_STORE", "Evidence", "casebook_source", "latest_within_horizon"]

T = TypeVar("T")

#: The reason given when a check needs data and no store is open.
NO_STORE = "no data imported: run `multivector data import all DIR` (or pass --store) to check this measure"
#: Source kinds of the casebook that are data or cited reports; the article itself is never evidence.
EVIDENCE_KINDS = frozenset({"dataset", "web", "report"})


@dataclass
class Evidence:
    """The data a run of checks reads (see the module docstring)."""

    store: Store | None = None
    case: Case | None = None
    current_year: int = field(default_factory=lambda: dt.date.today().year)
    _cache: dict[Hashable, Any] = field(default_factory=dict, repr=False)

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once per ``key`` within this run."""
        if key not in self._cache:
            self._cache[key] = compute()
        value: T = self._cache[key]
        return value

    def has(self, table: str) -> bool:
        """True when the store is open and holds ``table``."""
        if self.store is None:
            return False
        return self.memo(("tables",), lambda: set(self._tables())).__contains__(table)

    def _tables(self) -> list[str]:
        assert self.store is not None
        try:
            return self.store.tables()
        except MultivectorError:
            return []

    def require(self, *tables: str) -> Store:
        """The store, or :class:`NotCheckable` naming what to import."""
        if self.store is None:
            raise NotCheckable(NO_STORE)
        missing = [t for t in tables if not self.has(t)]
        if missing:
            sources = sorted({TABLES[t].source if t in TABLES else t for t in missing})
            raise NotCheckable(
                f"the store lacks {', '.join(missing)}: run `multivector data import {' '.join(sources)} DIR`"
            )
        return self.store

    def query(self, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
        """Read-only SQL on the store (cached by text and parameters)."""
        store = self.require()
        key = ("sql", sql, tuple(params or ()))
        return self.memo(key, lambda: store.query_df(sql, params))

    def dataset(self, table: str, note: str | None = None) -> Source:
        """The :class:`Source` of a stored ``table``: its source's title, the version and citation recorded
        at import (the store's provenance)."""

        def build() -> Source:
            store = self.require(table)
            records = [r for r in store.provenance() if r["table"] == table]
            if not records:
                return Source("dataset", table, table)
            rec = records[0]
            prov = rec.get("provenance") or {}
            return Source(
                "dataset",
                table,
                str(prov.get("title") or table),
                version=str(rec.get("version") or prov.get("version") or ""),
                url=prov.get("url"),
                citation=prov.get("citation"),
            )

        return self.memo(("dataset", table), build)


def casebook_source(case: Case, source_id: str) -> Source:
    """A casebook source as a :class:`Source` (kind ``casebook``, name = its id)."""
    for src in case.sources:
        if src.id == source_id:
            detail = ", ".join(x for x in (src.publisher, src.date) if x)
            return Source(
                "casebook",
                src.id,
                src.title,
                version=f"casebook {case.id}",
                url=src.url,
                citation=f"{src.title}" + (f" ({detail})" if detail else ""),
            )
    return Source("casebook", source_id, source_id, version=f"casebook {case.id}")


def latest_within_horizon(claim: Claim, latest: int, dimension: str, current_year: int, what: str) -> Period:
    """The period to measure: the claim's own, or (no period stated) the latest year in the data, which must
    be within the dimension's horizon of ``current_year``; else :class:`NotCheckable`."""
    if claim.period.stated and claim.period.start is not None:
        end = claim.period.end if claim.period.end is not None else latest
        return Period(claim.period.start, end, stated=True)
    spec = DIMENSIONS[dimension]
    if current_year - latest > spec.horizon:
        raise NotCheckable(
            f"the claim states no year, so it is about the present; the latest {what} in the data are for "
            f"{latest}, more than {spec.horizon} years before {current_year} ({spec.horizon_why})"
        )
    return Period(latest, latest, stated=False)
