"""Stores for the panel tests: the tiny hand-made one (tests/_tiny.py) and the real one."""

from __future__ import annotations

from pathlib import Path

import pytest

from _tiny import build_tiny_store

# The real-data store is the session fixture ``real_store`` of tests/conftest.py.


@pytest.fixture(scope="session")
def tiny_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny hand-made store of tests/_tiny.py."""
    return build_tiny_store(tmp_path_factory.mktemp("tiny") / "tiny.duckdb")
