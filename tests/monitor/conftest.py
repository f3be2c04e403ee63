"""Shared fixtures of the monitor tests: a synthetic GDELT 2.0 feed with a known shift."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from feed import Feed, write_feed


@pytest.fixture(scope="session")
def feed_dir(tmp_path_factory: pytest.TempPathFactory) -> Feed:
    """12 days x 2 files; KAZ-RUS turns from cooperation to conflict on day 10 (index 9; read-only)."""
    return write_feed(tmp_path_factory.mktemp("feed") / "gdelt2", days=12, shift_day=9)


@pytest.fixture(scope="session")
def replay_report(feed_dir: Feed, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A store after ``Monitor.replay`` of the feed (read-only: copy it to change it) and the run's report."""
    from multivector.monitor.engine import Monitor
    from multivector.store import Store

    path = tmp_path_factory.mktemp("replayed") / "s.duckdb"
    with Store(path) as st:
        report = Monitor(st).replay(feed_dir.folder).as_dict()
    return path, report


@pytest.fixture(scope="session")
def replayed(replay_report: tuple[Path, dict[str, Any]]) -> Path:
    """The store of :func:`replay_report`."""
    return replay_report[0]


@pytest.fixture
def replayed_copy(replayed: Path, tmp_path: Path) -> Path:
    """A writable copy of :func:`replayed`."""
    out = tmp_path / "copy.duckdb"
    shutil.copy(replayed, out)
    return out
