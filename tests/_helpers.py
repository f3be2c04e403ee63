"""Helpers shared by test folders. tests/ is on ``sys.path`` (pytest puts it there for tests/conftest.py),
so a test imports them as ``from _helpers import ...``."""

from __future__ import annotations

import pandas as pd

from multivector.provenance import LoadReport, LoadResult, Provenance


def tiny_result(table: pd.DataFrame, source: str, title: str = "tiny test table") -> LoadResult:
    """A hand-made ``table`` as a :class:`LoadResult` of ``source``: every row read and kept, none rejected,
    with a placeholder provenance."""
    prov = Provenance(
        source=source,
        title=title,
        publisher="tests",
        version="1",
        citation="-",
        url="-",
        license="-",
    )
    n = len(table)
    return LoadResult(table=table, provenance=prov, report=LoadReport(rows_read=n, rows_kept=n))
