"""Issue 14, items 5, 14 and 18 in the reports: hostile case and scenario text, the scenario table's
citations, and shares of listed partners marked as such.

A casebook source URL ``https://x"><script>`` was written raw into the Markdown report (and ran when the
Markdown was rendered); now every text and URL of every renderer goes through report/escape.py.
"""

from __future__ import annotations

import re

import pytest

from multivector.casebook import load_case
from multivector.report import build_report_data
from multivector.report.escape import anchor, md_code, md_text, md_url, safe_url
from multivector.report.html import render_html
from multivector.report.markdown import render_markdown
from multivector.report.model import ReportData
from multivector.scenarios.presets import PRESET_DIR

EVIL_URL = 'https://example.org/a"><script>alert(1)</script>'
JS_URL = "javascript:alert(document.cookie)"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> ReportData:
    case = load_case("kazakhstan")
    sources = list(case.sources)
    sources[0] = sources[0].model_copy(
        update={"url": EVIL_URL, "title": "T <img src=x onerror=alert(2)> [x](javascript:alert(3))"}
    )
    sources[1] = sources[1].model_copy(update={"url": JS_URL, "note": "`code` <b>bold</b> ~~struck~~"})
    bad = case.model_copy(update={"sources": sources, "id": "kz`<script>alert(4)</script>"})
    scenario = tmp_path_factory.mktemp("sc") / "evil.yaml"
    preset = (PRESET_DIR / "cpc-outage.yaml").read_text(encoding="utf-8")
    scenario.write_text(
        preset.replace("name: cpc-outage", 'name: "cpc`<img src=x onerror=alert(5)>"').replace(
            "title: CPC pipeline outage", 'title: "Outage <script>alert(6)</script>"'
        ),
        encoding="utf-8",
    )
    return build_report_data(bad, scenarios=[str(scenario)])


def test_markdown_has_no_live_markup_or_unsafe_link(hostile: ReportData) -> None:
    md = render_markdown(hostile)
    for needle in ("<script", "<img", "<b>", "[x](javascript:", 'a"><script'):
        assert needle not in md, needle
    assert r"\[x\](javascript:alert(3))" in md  # brackets escaped: text, not a link
    # the URL is a link, percent-encoded: no quote or bracket can end it
    assert "<https://example.org/a%22%3E%3Cscript%3Ealert%281%29%3C/script%3E>" in md
    # a javascript: URL is shown as text, never as a link
    assert f"<{JS_URL}>" not in md and f"]({JS_URL})" not in md and "javascript:alert(document.cookie)" in md
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in md  # the case id is text, not a code span
    assert "Outage &lt;script&gt;alert(6)&lt;/script&gt;" in md


def test_html_has_no_live_markup_or_unsafe_link(hostile: ReportData) -> None:
    page = render_html(hostile, include_plotlyjs=False)
    for needle in ("<script>alert", "<img src=x", "<b>bold", 'href="javascript:'):
        assert needle not in page, needle
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert all(h.startswith(("#", "https://", "http://")) for h in hrefs), [h for h in hrefs if ":" in h][:5]
    assert 'href="https://example.org/a%22%3E%3Cscript%3Ealert%281%29%3C/script%3E"' in page


@pytest.mark.parametrize(
    ("value", "url"),
    [
        ("https://example.org/a b?q=1&x='y'#f", "https://example.org/a%20b?q=1&x=%27y%27#f"),
        ('http://h/"onmouseover="x', "http://h/%22onmouseover=%22x"),
        ("https://h/`<>", "https://h/%60%3C%3E"),
        ("JavaScript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//example.org/x", None),
        ("https:///nohost", None),
        ("", None),
    ],
)
def test_safe_url(value: str, url: str | None) -> None:
    assert safe_url(value) == url


def test_escape_helpers() -> None:
    assert md_text("# *a* [b](c) <d> |e| ~f~ `g`") == r"\# \*a\* \[b\](c) &lt;d&gt; \|e\| \~f\~ \`g\`"
    assert md_text("two\nlines") == "two lines"
    assert md_code("cpc-outage") == "`cpc-outage`" and md_code("a`b") == r"a\`b"
    assert md_url("ftp://x") == "ftp://x" and md_url("https://x.org") == "<https://x.org>"
    assert anchor('src-fn4"><x') == "src-fn4---x"


@pytest.fixture(scope="module")
def kazakhstan() -> ReportData:
    return build_report_data("kazakhstan", scenarios=["cpc-outage", "china-demand-drop"])


def test_html_scenario_table_cites_once_per_row(kazakhstan: ReportData) -> None:
    """The HTML scenario table repeated the citation list after every number; the row's figures are
    model outputs of the same cited inputs, cited once in the row's last column."""
    page = render_html(kazakhstan, include_plotlyjs=False)
    rows = re.findall(r'<tr id="scenario-[^"]*">(.*?)</tr>', page, flags=re.S)
    assert len(rows) == 2
    for row in rows:
        assert row.count('<sup class="cites">') == 1
        assert row.count('class="fig"') >= 6  # every number still there, with its data-cites
        assert 'data-cites="' in row


def test_shares_of_listed_partners_are_marked(kazakhstan: ReportData) -> None:
    """Trade 2022 (the casebook's figure, no store here): the power share 94.7% is over the partners the
    case lists (Russia, China, EU27, Uzbekistan: no world total for 2022 in the case), not over
    Kazakhstan's total trade (135.5 bn USD in 2022, stat.gov.kz via shared/data/trade_current: about 67%).
    Both reports say so next to the number."""
    trade = next(r for r in kazakhstan.summary if r.dimension == "trade")
    assert trade.total_basis == "listed" and trade.power_share.text == "94.7%"
    md = render_markdown(kazakhstan)
    row = next(line for line in md.splitlines() if line.startswith("| Trade (trade) | 2022"))
    assert "94.7% of listed partners" in row and "EU27 42.0% of listed partners" in row
    page = render_html(kazakhstan, include_plotlyjs=False)
    assert "of listed partners" in page
