"""Shared fixtures: the real datasets, an isolated MULTIVECTOR_HOME, and the built-in case.

The suite runs on pytest-xdist workers (``-n auto`` in pyproject.toml). A store that takes long to build is
built ONCE per run, by whichever worker needs it first, under a file lock in the run's shared temporary
folder; every worker then copies the finished file into its own folder, so that tests in one worker can
write to their store (tests/store does) while other workers read theirs. See :func:`build_once`.
"""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

from multivector.config import data_dir
from multivector.store import ImportSummary, Store, import_all


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


#: build(path) writes a store at path and returns something picklable about it (e.g. import summaries).
StoreBuilder = Callable[[Path], Any]


def _build_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: StoreBuilder) -> tuple[Path, Any]:
    own = tmp_path_factory.mktemp(name) / "multivector.duckdb"
    if os.environ.get("PYTEST_XDIST_WORKER") is None:  # one process: build in place
        return own, build(own)
    shared = tmp_path_factory.getbasetemp().parent / f"shared-{name}"  # the run's folder, all workers
    shared.mkdir(exist_ok=True)
    done = shared / "built.pickle"  # written last: its presence marks a complete store
    with FileLock(str(shared / "lock")):
        if not done.exists():
            store = shared / "multivector.duckdb"
            store.unlink(missing_ok=True)  # a build that failed in another worker starts over
            done.write_bytes(pickle.dumps(build(store)))
        info = pickle.loads(done.read_bytes())
    shutil.copyfile(shared / "multivector.duckdb", own)
    return own, info


@pytest.fixture(scope="session")
def build_once(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, StoreBuilder], tuple[Path, Any]]:
    """``build_once(name, build)``: the path of this worker's copy of store ``name`` (built by
    ``build(path)`` once per test run, across xdist workers) and what ``build`` returned."""
    return lambda name, build: _build_once(tmp_path_factory, name, build)


def _import_all_into(shared_data: Path) -> StoreBuilder:
    def build(path: Path) -> list[ImportSummary]:
        with Store(path) as store:
            summaries = import_all(shared_data, store=store, progress=False)
        failed = [f"{s.source}: {s.error}" for s in summaries if not s.ok]
        assert not failed, f"import of the shared data failed: {failed}"
        return summaries

    return build


@pytest.fixture(scope="session")
def real_store_import(
    shared_data: Path, build_once: Callable[[str, StoreBuilder], tuple[Path, Any]]
) -> tuple[Path, list[ImportSummary]]:
    """``import all`` of the shared datasets, ONCE per test run, into a store of its own.

    Every real-data test that reads the store (panels, report series, API, store) shares it (each xdist
    worker reads its own copy); tests must only read it (a second import of the same files adds nothing,
    which tests/store checks).
    """
    path, summaries = build_once("real_store", _import_all_into(shared_data))
    return path, summaries


@pytest.fixture(scope="session")
def real_store(real_store_import: tuple[Path, list[ImportSummary]]) -> Path:
    """Path of the store holding every shared dataset (see :func:`real_store_import`)."""
    return real_store_import[0]
