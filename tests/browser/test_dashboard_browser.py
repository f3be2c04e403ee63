"""The dashboard end to end in headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

Starts uvicorn on 127.0.0.1 with a free port in a thread, loads every page, clicks through to a country,
runs a scenario from the form, and saves screenshots to tmp_path (and to ./artifacts/ when the environment
variable MULTIVECTOR_ARTIFACTS is set).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip

playwright_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")
if not Path(CHROMIUM).exists():
    pytest.skip("Debian chromium is not installed (apt-get install chromium)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from multivector.api import create_app

    app = create_app(tmp_path_factory.mktemp("browser") / "none.duckdb")
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: object, server: str) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    outside: list[str] = []
    pg.on("request", lambda req: outside.append(req.url) if not req.url.startswith(server) else None)
    yield pg
    context.close()
    assert not errors, errors
    assert not outside, f"the dashboard asked for assets outside the app: {outside}"


def _shot(pg: object, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    if os.environ.get("MULTIVECTOR_ARTIFACTS"):
        out = Path("artifacts")
        out.mkdir(exist_ok=True)
        shutil.copy(path, out / path.name)
    return path


def test_overview_ranks_kazakhstans_dimensions(page: object, server: str, tmp_path: Path) -> None:
    pg = page
    pg.goto(server + "/")  # type: ignore[attr-defined]
    pg.wait_for_selector("#overview-chart .main-svg")  # type: ignore[attr-defined]
    assert pg.locator("#overview-chart .bars .point").count() >= 5  # type: ignore[attr-defined]
    assert pg.locator("#overview-chart-sources li a").count() > 0  # type: ignore[attr-defined]
    _shot(pg, tmp_path, "overview")


def test_click_through_to_the_country_page(page: object, server: str, tmp_path: Path) -> None:
    pg = page
    pg.goto(server + "/")  # type: ignore[attr-defined]
    pg.click("text=Kazakhstan (KAZ)")  # type: ignore[attr-defined]
    pg.wait_for_selector("#ternary .main-svg")  # type: ignore[attr-defined]
    pg.wait_for_selector("#timeline .main-svg")  # type: ignore[attr-defined]
    assert "#/country/KAZ" in pg.url  # type: ignore[attr-defined]
    assert "Kazakhstan" in pg.inner_text("#country-title")  # type: ignore[attr-defined]
    assert pg.locator("#ternary .scatterlayer .point").count() >= 5  # type: ignore[attr-defined]
    assert pg.locator("#dimensions .main-svg").count() >= 1  # type: ignore[attr-defined]
    for chart in ("ternary", "dimensions", "timeline"):
        assert pg.locator(f"#{chart}-sources li a").count() > 0, chart  # type: ignore[attr-defined]
    assert "import them" in pg.inner_text("#alignment")  # type: ignore[attr-defined]
    _shot(pg, tmp_path, "country-KAZ")


def test_country_table_marks_dimensions_left_out(page: object, server: str, tmp_path: Path) -> None:
    pg = page
    pg.goto(server + "/#/country/KAZ")  # type: ignore[attr-defined]
    pg.wait_for_selector("#summary-table tbody tr")  # type: ignore[attr-defined]
    transit = pg.inner_text("#summary-table tr[data-dimension=transit]")  # type: ignore[attr-defined]
    assert "0.00*" in transit and "no*" in transit
    assert "yes" in pg.inner_text("#summary-table tr[data-dimension=security]")  # type: ignore[attr-defined]
    assert pg.locator("#summary-table tr.out-of-composite").count() == 2  # type: ignore[attr-defined]
    note = pg.inner_text("#summary-note")  # type: ignore[attr-defined]
    assert "Left out of the composite: transit, technology." in note
    assert "one power quantified (transit, technology): balance 0 by construction" in note
    _shot(pg, tmp_path, "country-KAZ-summary")


def test_explorer_without_data_says_what_to_do(page: object, server: str, tmp_path: Path) -> None:
    pg = page
    pg.goto(server + "/#/explorer")  # type: ignore[attr-defined]
    pg.wait_for_selector("#indicator option", state="attached")  # type: ignore[attr-defined]
    pg.select_option("#indicator", "arms")  # type: ignore[attr-defined]
    pg.click("#explorer-form button")  # type: ignore[attr-defined]
    pg.wait_for_selector("#series-chart .error")  # type: ignore[attr-defined]
    assert "multivector data import" in pg.inner_text("#series-chart")  # type: ignore[attr-defined]
    _shot(pg, tmp_path, "explorer")


def test_run_a_scenario_from_the_form(page: object, server: str, tmp_path: Path) -> None:
    pg = page
    pg.goto(server + "/#/scenarios/cpc-outage")  # type: ignore[attr-defined]
    pg.wait_for_selector("#scenario-params input[name=days]")  # type: ignore[attr-defined]
    pg.fill("#scenario-params input[name=days]", "90")  # type: ignore[attr-defined]
    pg.fill("input[name=draws]", "500")  # type: ignore[attr-defined]
    pg.click("#run-button")  # type: ignore[attr-defined]
    pg.wait_for_selector("#channels-table tbody tr")  # type: ignore[attr-defined]
    pg.wait_for_selector("#scenario-balance .main-svg")  # type: ignore[attr-defined]
    kpis = pg.inner_text("#scenario-kpis")  # type: ignore[attr-defined]
    assert "balance after" in kpis and "90 days" in kpis
    assert pg.locator("#channels-table tbody tr").count() >= 3  # type: ignore[attr-defined]
    assert "Monte Carlo (500 draws" in pg.inner_text("#scenario-results")  # type: ignore[attr-defined]
    _shot(pg, tmp_path, "scenario-cpc-outage")
