"""Shared fixtures: the real datasets, an isolated MULTIVECTOR_HOME, and the built-in case.

The suite runs on pytest-xdist workers (``-n auto`` in pyproject.toml). A store that takes long to build is
built ONCE per run, by whichever worker needs it first, under a file lock in the run's shared temporary
folder; every worker then copies the finished file into its own folder, so that tests in one worker can
write to their store (tests/store does) while other workers read theirs. See :func:`build_once`. The
store of every shared dataset (half a minute to import) is started in a background process as soon as the
first worker starts, when any collected test needs it, so that both workers run tests meanwhile.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

from multivector.config import data_dir
from multivector.provenance import LoadResult
from multivector.store import ImportSummary, Store, import_all


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under xdist, run the tests that read the store of every shared dataset last, so that its background
    import (:func:`_start_real_store_in_background`) is done when they start; within each group the tests
    marked slow first (a long test at the end would keep one worker busy while the other idles)."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        return
    items.sort(
        key=lambda item: (
            "real_store_import" in getattr(item, "fixturenames", ()),
            item.get_closest_marker("slow") is None,
        )
    )


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


def _shared_folder(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """``shared-<name>`` in the run's temporary folder, the same for every xdist worker of the run."""
    shared = tmp_path_factory.getbasetemp().parent / f"shared-{name}"
    shared.mkdir(exist_ok=True)
    return shared


def _build_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: StoreBuilder) -> tuple[Path, Any]:
    own = tmp_path_factory.mktemp(name) / "multivector.duckdb"
    if os.environ.get("PYTEST_XDIST_WORKER") is None:  # one process: build in place
        return own, build(own)
    shared = _shared_folder(tmp_path_factory, name)
    _wait_for_background_start(shared)
    done = shared / "built.pickle"  # written last: its presence marks a complete store
    with FileLock(str(shared / "lock")):
        if not done.exists():
            store = shared / "multivector.duckdb"
            store.unlink(missing_ok=True)  # a build that failed in another worker starts over
            done.write_bytes(pickle.dumps(build(store)))
        info = pickle.loads(done.read_bytes())
    shutil.copyfile(shared / "multivector.duckdb", own)
    return own, info


def _alive(pid: int) -> bool:
    """True while process ``pid`` runs (not when it has exited and waits to be reaped)."""
    try:
        os.kill(pid, 0)
        stat = Path(f"/proc/{pid}/stat")
        return not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait_for_background_start(shared: Path, seconds: float = 60.0) -> None:
    """When a background build was launched, wait until it holds the lock (or is gone): then taking the lock
    waits for its store instead of building a second one."""
    launched = shared / "launched"
    if not launched.exists():
        return
    pid = int(launched.read_text() or 0)
    deadline = time.monotonic() + seconds
    while not (shared / "started").exists() and pid and _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.fixture(scope="session")
def build_once(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, StoreBuilder], tuple[Path, Any]]:
    """``build_once(name, build)``: the path of this worker's copy of store ``name`` (built by
    ``build(path)`` once per test run, across xdist workers) and what ``build`` returned."""
    return lambda name, build: _build_once(tmp_path_factory, name, build)


def _load_once(tmp_path_factory: pytest.TempPathFactory, name: str, load: Callable[[], Any]) -> Any:
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        return load()
    shared = _shared_folder(tmp_path_factory, name)
    done = shared / "loaded.pickle"
    with FileLock(str(shared / "lock")):
        if not done.exists():
            value = load()
            partial = shared / "loaded.partial"
            partial.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            partial.rename(done)
            return value
    return pickle.loads(done.read_bytes())


@pytest.fixture(scope="session")
def load_once(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, Callable[[], Any]], Any]:
    """``load_once(name, load)``: what ``load()`` returns, computed once per test run: under xdist the first
    worker that asks pickles it for the others (unpickling the UN votes takes a fraction of a second,
    loading them about ten seconds). Tests must not modify what it returns."""
    return lambda name, load: _load_once(tmp_path_factory, name, load)


@pytest.fixture(scope="session")
def real_unga(shared_data: Path, load_once: Callable[[str, Callable[[], Any]], Any]) -> dict[str, LoadResult]:
    """The shared UN votes, loaded once per test run (read-only)."""
    from multivector.sources import unga

    result: dict[str, LoadResult] = load_once("real_unga", lambda: unga.load(shared_data / "unga"))
    return result


def _import_all_into(shared_data: Path) -> StoreBuilder:
    def build(path: Path) -> list[ImportSummary]:
        with Store(path) as store:
            summaries = import_all(shared_data, store=store, progress=False)
        failed = [f"{s.source}: {s.error}" for s in summaries if not s.ok]
        assert not failed, f"import of the shared data failed: {failed}"
        return summaries

    return build


#: Run by ``python -c`` in the background (argv: the shared folder, the data folder): the same build as
#: :func:`_build_once` with :func:`_import_all_into`, under the same lock. "started" tells the worker that
#: launched it that it holds the lock; on failure it writes nothing more, and a worker builds (and fails).
_BACKGROUND_IMPORT_ALL = """
import pickle, sys
from pathlib import Path
from filelock import FileLock
from multivector.store import Store, import_all
shared, data = Path(sys.argv[1]), Path(sys.argv[2])
with FileLock(str(shared / "lock")):
    (shared / "started").touch()
    if not (shared / "built.pickle").exists():
        store = shared / "multivector.duckdb"
        store.unlink(missing_ok=True)
        with Store(store) as st:
            summaries = import_all(data, store=st, progress=False)
        if all(s.ok for s in summaries):
            (shared / "built.pickle").write_bytes(pickle.dumps(summaries))
"""


_BUILDERS: list[subprocess.Popen[bytes]] = []  # kept referenced while they run


@pytest.fixture(scope="session", autouse=True)
def _start_real_store_in_background(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Under xdist, when a collected test needs ``real_store_import``: import every shared dataset in a
    background process, once per run, while the workers run other tests (see the module docstring)."""
    path = data_dir()
    if os.environ.get("PYTEST_XDIST_WORKER") is None or path is None or not path.is_dir():
        return
    if not any("real_store_import" in getattr(item, "fixturenames", ()) for item in request.session.items):
        return
    shared = _shared_folder(tmp_path_factory, "real_store")
    with FileLock(str(shared / "launch.lock")):
        if (shared / "launched").exists():
            return
        with (shared / "background.log").open("wb") as log:
            _BUILDERS.append(
                subprocess.Popen(
                    [sys.executable, "-c", _BACKGROUND_IMPORT_ALL, str(shared), str(path)],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        (shared / "launched").write_text(str(_BUILDERS[-1].pid))


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


CHROMIUM = Path(os.environ.get("MULTIVECTOR_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium per test session (Debian's /usr/bin/chromium driven by Playwright, no
    ``playwright install``). Playwright's sync API runs one instance per thread, so every browser test
    takes this one: a second ``sync_playwright()`` while it runs fails."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"chromium not found at {CHROMIUM}: apt-get install chromium")
        pytest.skip(f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
