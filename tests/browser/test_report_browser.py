"""Open the written report in headless Debian chromium (Playwright, file:// URL, no network) and look at it.

Needs ``apt-get install chromium`` and ``pip install playwright`` (no ``playwright install``: the Debian
binary is used). Screenshots go to the test's tmp dir, and also to ./artifacts/ when MULTIVECTOR_ARTIFACTS
is set. Label overlap is measured on the drawn SVG (bounding boxes of the ternary charts' marker labels
against each other, the corner titles and the tick labels: issue 14 item 15).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from multivector.report import write_report

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: The bounding boxes of every label and axis text of a chart, by kind.
_BOXES_JS = """(sel) => {
  const root = document.querySelector(sel);
  const box = (t) => {
    const r = t.getBoundingClientRect();
    return [t.textContent, r.left, r.top, r.right, r.bottom];
  };
  return {
    labels: [...root.querySelectorAll('.textpoint text')].filter(t => t.textContent).map(box),
    axes: [...root.querySelectorAll('.atitle, .btitle, .ctitle, .xtick text, .ytick text')].map(box),
  };
}"""


def _overlap(a: list[Any], b: list[Any]) -> bool:
    return a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]


def _assert_labels_apart(page: Any, chart: str) -> list[str]:
    """No two marker labels of ``chart`` overlap, and none overlaps a corner title or a tick label."""
    boxes = page.evaluate(_BOXES_JS, f"#chart-{chart}")
    labels = boxes["labels"]
    assert labels, f"{chart}: no labels drawn"
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert not _overlap(a, b), (chart, a[0], b[0])
        for axis in boxes["axes"]:
            assert not _overlap(a, axis), (chart, a[0], axis[0])
    return [label[0] for label in labels]


@contextmanager
def _open(chromium: Any, report: Path) -> Iterator[tuple[Any, list[str], list[str]]]:
    """A page of the session's Chromium on ``report``, with its script errors and requests."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda req: requests.append(req.url))
    try:
        page.goto(report.as_uri())
        yield page, errors, requests
    finally:
        context.close()


def _keep(*shots: Path) -> None:
    if os.environ.get("MULTIVECTOR_ARTIFACTS"):
        keep = Path("artifacts")
        keep.mkdir(exist_ok=True)
        for shot in shots:
            shutil.copy2(shot, keep / shot.name)


def test_report_renders_in_chromium(tmp_path: Path, chromium: Any) -> None:
    """The built-in case without a store: every chart drawn offline; the labels at the Russia corner
    (security, transit and energy all near (1, 0, 0)) share one label instead of piling up."""
    report = write_report("KAZ", tmp_path / "kazakhstan.html")
    shot = tmp_path / "report_kazakhstan.png"
    with _open(chromium, report) as (page, errors, requests):
        for key in (
            "ternary",
            "heatmap",
            "series-composite",
            "series-ternary",
            "series-balance",
            "timeline",
        ):
            page.wait_for_selector(f"#chart-{key} .main-svg", timeout=30_000)
        assert page.locator(".js-plotly-plot").count() == 6
        assert page.locator("#chart-ternary svg .ternary").count() >= 1
        labels = _assert_labels_apart(page, "ternary")
        corner = next(text for text in labels if text.startswith("security"))
        assert "transit" in corner or "+" in corner  # co-located dimensions share the label
        _assert_labels_apart(page, "series-ternary")
        assert page.locator("#timeline ol.timeline > li").first.is_visible()
        link = page.locator('a[href^="#src-"]').first
        target = link.get_attribute("href")
        assert target and page.locator(target).count() == 1
        link.click()
        assert page.locator(f"{target}:target").count() == 1
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(shot), full_page=True)
        assert errors == []
        assert all(u.startswith(("file:", "data:", "about:", "blob:")) for u in requests), requests
    assert shot.stat().st_size > 50_000
    _keep(shot)


@pytest.mark.realdata
def test_uzbekistan_report_from_the_store(
    tmp_path: Path, real_store: Path, monkeypatch: pytest.MonkeyPatch, chromium: Any
) -> None:
    """`multivector report UZB -o uzb.html` with the real-data store as the configured store (the user's
    command after `data import all`): Uzbekistan's ternary, its balance over time and its sources."""
    from typer.testing import CliRunner

    from multivector.cli import main as cli_main
    from multivector.cli.main import app

    monkeypatch.setenv("MULTIVECTOR_HOME", str(real_store.parent))
    cli_main.register_commands()
    report = tmp_path / "uzb.html"
    result = CliRunner().invoke(app, ["report", "UZB", "-o", str(report)])
    assert result.exit_code == 0, result.output
    shot = tmp_path / "report_uzbekistan.png"
    with _open(chromium, report) as (page, errors, requests):
        keys = ("ternary", "series-composite", "series-ternary", "series-balance", "series-alignment")
        for key in keys:
            page.wait_for_selector(f"#chart-{key} .main-svg", timeout=30_000)
        assert page.locator("h1").inner_text().startswith("Uzbekistan between the giants, ")
        assert page.locator(".casebook").inner_text() == "no casebook: data dimensions only"
        for section in ("timeline", "claims", "infrastructure", "ties", "scenarios"):
            assert page.locator(f"#{section}").count() == 0
        # the ternary: a marker per dimension with a tilt and the composite; labels apart
        assert page.locator("#chart-ternary .scatterlayer .trace").count() >= 4
        _assert_labels_apart(page, "ternary")
        _assert_labels_apart(page, "series-ternary")
        # the balance over time: the composite and the tilt, each dimension's line, the UN alignment
        assert page.locator("#chart-series-composite .scatterlayer .trace").count() == 4
        assert page.locator("#chart-series-alignment .scatterlayer .trace").count() == 4
        assert page.locator("#over-time").is_visible()
        # the sources: every entry a dataset, linked from the page
        entries = page.locator("ol.sources > li")
        assert entries.count() >= 5
        assert all(i.startswith("src-data-") for i in entries.evaluate_all("ls => ls.map(l => l.id)"))
        link = page.locator('#summary a[href^="#src-data-sipri"]').first  # the SIPRI release read
        target = link.get_attribute("href")
        link.click()
        assert page.locator(f"{target}:target").is_visible()
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(shot), full_page=True)
        page.locator("#ternary").screenshot(path=str(tmp_path / "report_uzbekistan_ternary.png"))
        page.locator("#over-time").screenshot(path=str(tmp_path / "report_uzbekistan_over_time.png"))
        assert errors == []
        assert all(u.startswith(("file:", "data:", "about:", "blob:")) for u in requests), requests
    assert shot.stat().st_size > 100_000
    _keep(shot, tmp_path / "report_uzbekistan_ternary.png", tmp_path / "report_uzbekistan_over_time.png")


@pytest.mark.realdata
def test_kazakhstan_report_with_series_and_scenarios(tmp_path: Path, real_store: Path, chromium: Any) -> None:
    """The built-in case with the store and the scenario section: every chart drawn, the Russia corner
    markers (security, alliances, transit and energy near
    Russia) labelled without overlap, each dimension once, the 2009-2011 trade band drawn."""
    from multivector.report.scenario_section import preset_names

    report = write_report(
        "KAZ", tmp_path / "kazakhstan-series.html", store=real_store, scenarios=preset_names("kazakhstan")
    )
    shot = tmp_path / "report_kazakhstan_series.png"
    with _open(chromium, report) as (page, errors, _requests):
        for key in ("ternary", "series-composite", "series-ternary", "series-balance", "series-alignment",
                    "scenario-ternary", "frontier"):  # fmt: skip
            page.wait_for_selector(f"#chart-{key} .main-svg", timeout=30_000)
        page.wait_for_selector("#chart-sankey-cpc-outage .sankey", timeout=30_000)
        labels = _assert_labels_apart(page, "ternary")
        assert sum(text.startswith("security") for text in labels) == 1
        named = [name for text in labels for name in text.split(", ")]
        assert len(named) == len(set(named)), labels  # each dimension labelled once
        # the trade line's band for 2009-2011 and its label
        assert page.locator("#chart-series-balance .layer-below .shapelayer path").count() >= 1
        assert page.locator("#chart-series-balance .annotation-text", has_text="2009-2011").count() == 1
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(shot), full_page=True)
        assert errors == []
    assert shot.stat().st_size > 100_000
    _keep(shot)
