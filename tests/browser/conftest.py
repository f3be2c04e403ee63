"""The store of the report-with-series browser test: the same store as tests/report/conftest.py, built
once per session under the base temp directory (whichever conftest asks first builds it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from multivector.store.db import Store
from multivector.store.importing import import_source

SERIES_SOURCES = (
    ("cow_trade", "trade"),
    ("sipri", "arms"),
    ("atop", "alliances"),
    ("gdelt", "gdelt"),
    ("unga", "unga"),
)


@pytest.fixture(scope="session")
def series_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.getbasetemp() / "report-series-store"
    path = folder / "multivector.duckdb"
    done = folder / "complete"
    if not done.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        with Store(path) as st:
            for name, sub in SERIES_SOURCES:
                import_source(name, shared_data / sub, store=st, progress=False)
        done.write_text("ok", encoding="utf-8")
    return path
