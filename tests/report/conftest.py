"""The report-with-series tests read the session's store of every shared dataset (tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def series_store(real_store: Path) -> Path:
    """The real-data store: COW trade, SIPRI, ATOP, GDELT and UNGA are what the series read."""
    return real_store
