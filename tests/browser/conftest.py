"""Browser fixtures: one uvicorn server and one headless Chromium per test session.

The server serves two apps: ``/`` on the session's store of every shared dataset (tests/conftest.py) and
``/empty/`` on a store that does not exist (what a first run without imported data sees). The dashboard
uses relative URLs, so it works under either prefix. Chromium is Debian's /usr/bin/chromium driven by
Playwright (no ``playwright install``).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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
def series_store(real_store: Path) -> Path:
    """The real-data store: COW trade, SIPRI, ATOP, GDELT and UNGA are what the series read."""
    return real_store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def dashboard_url(real_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of the dashboard on the real store; the same URL + ``empty/`` serves an empty store."""
    uvicorn = pytest.importorskip("uvicorn")
    from starlette.applications import Starlette
    from starlette.routing import Mount

    from multivector.api import create_app

    empty = create_app(tmp_path_factory.mktemp("browser-empty") / "none.duckdb")
    root = Starlette(routes=[Mount("/empty", app=empty), Mount("/", app=create_app(real_store))])
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(root, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the session."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"chromium not found at {CHROMIUM}: apt-get install chromium")
        pytest.skip(f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
