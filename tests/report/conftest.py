"""A store with the datasets the report's series need, imported once per session (real data).

The store is built under the session's base temp directory, so tests/browser (whose conftest builds the
same store the same way) reuses it when both run in one session."""

from __future__ import annotations

from pathlib import Path

import pytest

from multivector.store.db import Store
from multivector.store.importing import import_source

# (source, folder under the shared data): what balance_over_time and the UN alignment read
SERIES_SOURCES = (
    ("cow_trade", "trade"),
    ("sipri", "arms"),
    ("atop", "alliances"),
    ("gdelt", "gdelt"),
    ("unga", "unga"),
)


def build_series_store(shared_data: Path, base: Path) -> Path:
    folder = base / "report-series-store"
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


@pytest.fixture(scope="session")
def series_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_series_store(shared_data, tmp_path_factory.getbasetemp())
