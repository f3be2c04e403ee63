"""Open the written report in headless Debian chromium (Playwright, file:// URL, no network) and look at it.

Needs ``apt-get install chromium`` and ``pip install playwright`` (no ``playwright install``: the Debian
binary is used). The screenshot goes to an artifacts directory under tmp_path, and also to ./artifacts/
when MULTIVECTOR_ARTIFACTS is set.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from multivector.report import write_report

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path(os.environ.get("MULTIVECTOR_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def test_report_renders_in_chromium(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"chromium not found at {CHROMIUM}: apt-get install chromium")
        pytest.skip(f"chromium not found at {CHROMIUM}")
    report = write_report("KAZ", tmp_path / "kazakhstan.html")
    artifacts = tmp_path / "artifacts"
    artifacts.mkdir()
    shot = artifacts / "report_kazakhstan.png"

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            requests: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("request", lambda req: requests.append(req.url))
            page.goto(report.as_uri())
            page.wait_for_selector("#chart-ternary .main-svg", timeout=30_000)
            page.wait_for_selector("#chart-heatmap .main-svg", timeout=30_000)
            page.wait_for_selector("#chart-timeline .main-svg", timeout=30_000)

            assert page.locator(".js-plotly-plot").count() == 3
            # the ternary's SVG: its triangle layer and one point per dimension plus the composite
            assert page.locator("#chart-ternary svg .ternary").count() >= 1
            assert page.locator("#chart-ternary .scatterlayer .trace").count() >= 3
            assert (
                page.locator("#chart-heatmap .hm").count() + page.locator("#chart-heatmap image").count() >= 1
            )

            assert page.locator("#timeline ol.timeline > li").first.is_visible()
            assert page.locator("table.infrastructure").is_visible()
            link = page.locator('a[href^="#src-"]').first
            assert link.is_visible()
            target = link.get_attribute("href")
            assert target and page.locator(target).count() == 1
            link.click()
            assert page.locator(f"{target}:target").count() == 1
            assert page.locator(target).is_visible()

            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(shot), full_page=True)
            assert errors == []
            assert all(u.startswith(("file:", "data:", "about:", "blob:")) for u in requests), requests
        finally:
            browser.close()

    assert shot.stat().st_size > 50_000
    if os.environ.get("MULTIVECTOR_ARTIFACTS"):
        keep = Path("artifacts")
        keep.mkdir(exist_ok=True)
        shutil.copy2(shot, keep / shot.name)


@pytest.mark.realdata
def test_report_with_series_renders_in_chromium(tmp_path: Path, series_store: Path) -> None:
    """The report with the series and the scenario section: every chart drawn, a full-page screenshot."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip(f"chromium not found at {CHROMIUM}")
    from multivector.report.scenario_section import preset_names

    report = write_report(
        "KAZ", tmp_path / "kazakhstan-series.html", store=series_store, scenarios=preset_names("kazakhstan")
    )
    shot = tmp_path / "report_kazakhstan_series.png"
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(report.as_uri())
            for key in (
                "series-balance",
                "series-ternary",
                "series-alignment",
                "scenario-ternary",
                "frontier",
            ):
                page.wait_for_selector(f"#chart-{key} .main-svg", timeout=30_000)
            page.wait_for_selector("#chart-sankey-cpc-outage .sankey", timeout=30_000)
            assert page.locator("#chart-series-balance .scatterlayer .trace").count() == 5
            assert page.locator("#chart-series-alignment .scatterlayer .trace").count() == 3
            assert page.locator("#over-time").is_visible() and page.locator("#scenarios").is_visible()
            link = page.locator('#over-time a[href="#src-data-unga"]').first
            assert link.is_visible()
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(shot), full_page=True)
            page.locator("#over-time").screenshot(path=str(tmp_path / "report_over_time.png"))
            page.locator("#scenarios").screenshot(path=str(tmp_path / "report_scenarios.png"))
            assert errors == []
        finally:
            browser.close()
    assert shot.stat().st_size > 100_000
    keep = os.environ.get("MULTIVECTOR_ARTIFACTS")
    if keep:
        out = Path("artifacts")
        out.mkdir(exist_ok=True)
        for name in (shot.name, "report_over_time.png", "report_scenarios.png"):
            shutil.copy2(tmp_path / name, out / name)
