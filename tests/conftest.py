"""Shared fixtures: the real datasets, an isolated MULTIVECTOR_HOME, and the built-in case."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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


@pytest.fixture(scope="session")
def real_store_import(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[ImportSummary]]:
    """``import all`` of the shared datasets, ONCE per test session, into a store of its own.

    Every real-data test that reads the store (panels, report series, API, store) shares it; tests must
    only read it (a second import of the same files adds nothing, which tests/store checks).
    """
    path = tmp_path_factory.mktemp("real_store") / "multivector.duckdb"
    with Store(path) as store:
        summaries = import_all(shared_data, store=store, progress=False)
    failed = [f"{s.source}: {s.error}" for s in summaries if not s.ok]
    assert not failed, f"import of the shared data failed: {failed}"
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
