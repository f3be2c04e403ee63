"""Fixtures of the loader tests: the fixture folder, and the real datasets loaded once per session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from multivector.provenance import LoadResult

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="session")
def fixtures() -> Path:
    """tests/fixtures: small hand-written files in the real formats."""
    return FIXTURES


def _check_result(result: LoadResult) -> None:
    """Invariants every load must satisfy."""
    rep = result.report
    assert rep.rows_read == rep.rows_kept + rep.rows_rejected
    assert len(result.rejected) == rep.rows_rejected
    assert list(result.rejected.columns) == ["source", "file", "line", "reason", "raw"]
    assert result.provenance.files, "provenance names the files read"
    assert all(len(f.sha256) == 64 for f in result.provenance.files)
    assert "_line" not in result.table.columns


@pytest.fixture(scope="session")
def check_result() -> Callable[[LoadResult], None]:
    """The invariants every load must satisfy (read = kept + rejected, quarantine columns, checksums)."""
    return _check_result


# real_unga (the UN votes) is in tests/conftest.py: the alignment tests read it too.
Loader = Callable[[str, Callable[[], Any]], Any]


@pytest.fixture(scope="session")
def real_trade(shared_data: Path, load_once: Loader) -> dict[str, LoadResult]:
    from multivector.sources import cow

    result: dict[str, LoadResult] = load_once("real_trade", lambda: cow.load_trade(shared_data / "trade"))
    return result


@pytest.fixture(scope="session")
def real_sipri(shared_data: Path, load_once: Loader) -> dict[str, LoadResult]:
    from multivector.sources import sipri

    result: dict[str, LoadResult] = load_once("real_sipri", lambda: sipri.load(shared_data / "arms"))
    return result
