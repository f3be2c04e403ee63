"""API fixtures: the app on an empty store, and on a small store of real data (SIPRI and ATOP)."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from multivector.api import create_app
from multivector.store import Store, import_source

with warnings.catch_warnings():
    # starlette's TestClient warns at import that it prefers httpx2; the test client itself works.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """The app with only the built-in case (its store file does not exist)."""
    with TestClient(create_app(tmp_path / "none.duckdb"), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def small_store(build_once: Callable[..., tuple[Path, Any]], shared_data: Path) -> Path:
    """A store with two real sources imported: SIPRI arms transfers and ATOP alliances (built once per
    test run, see ``build_once`` in tests/conftest.py)."""

    def build(path: Path) -> None:
        with Store(path) as store:
            import_source("sipri", shared_data / "arms", store=store, progress=False)
            import_source("atop", shared_data / "alliances", store=store, progress=False)

    return build_once("apistore", build)[0]


@pytest.fixture
def store_client(small_store: Path) -> Iterator[TestClient]:
    """The app reading the small real-data store, read-only."""
    with TestClient(create_app(small_store), raise_server_exceptions=False) as c:
        yield c
