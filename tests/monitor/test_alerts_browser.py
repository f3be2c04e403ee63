"""The alerts page in headless Chromium: countries with alerts, a timeline and evidence links."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
playwright_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")
if not Path(CHROMIUM).exists():
    pytest.skip("Debian chromium is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture
def server(replayed_copy: Path) -> Iterator[str]:
    from multivector.api import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    srv = uvicorn.Server(uvicorn.Config(create_app(replayed_copy), host="127.0.0.1", port=port,
                                        log_level="warning", lifespan="off"))  # fmt: skip
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def test_alerts_page_shows_a_country_with_evidence(server: str, tmp_path: Path) -> None:
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{server}/static/alerts.html#KAZ")
        page.wait_for_selector("#countries li a")
        assert "KAZ" in page.inner_text("#countries")
        page.wait_for_selector("#alert-list .alert-card")
        assert "KAZ–RUS: goldstein down" in page.inner_text("#alert-list")
        links = page.eval_on_selector_all("#alert-list a", "els => els.map(e => e.href)")
        assert links and all(h.startswith("https://") for h in links)
        page.wait_for_selector("#timeline .main-svg")  # the Plotly chart was drawn
        page.screenshot(path=str(tmp_path / "alerts.png"), full_page=True)
        browser.close()
    assert not errors, errors
