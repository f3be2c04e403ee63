"""Shared fixtures: the real datasets, an isolated MULTIVECTOR_HOME, and the built-in case."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from multivector.config import data_dir


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Never touch the user's data directory: every test gets its own MULTIVECTOR_HOME."""
    monkeypatch.setenv("MULTIVECTOR_HOME", str(tmp_path_factory.mktemp("home")))
    yield


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared real datasets. Missing data fails under CI and skips elsewhere."""
    path = data_dir()
    if path is None or not path.is_dir():
        if os.environ.get("CI"):
            pytest.fail("shared datasets not found: set MULTIVECTOR_DATA_DIR or put shared/ beside the repo")
        pytest.skip("shared datasets not found (set MULTIVECTOR_DATA_DIR)")
    return path
