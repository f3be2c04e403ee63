"""Kazakhstan's report on the session's store of every shared dataset: the "Trade by basis" section shows
Kazakhstan-China 2023 as the bureau (BNS, used by the assessment) and China's customs (GACC) report it
(trade_current/SOURCE.md: BNS 30.06 bn, China's customs 41.0 bn), in Markdown and HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from multivector.report import ReportData, build_report_data, render

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def kaz(real_store: Path) -> ReportData:
    return build_report_data("KAZ", store=real_store, series=False)


def test_section_years_and_china_2023(kaz: ReportData) -> None:
    tb = kaz.trade_bases
    assert tb is not None
    # 2024 has WITS alone; 2021-2023 have the bureau, WITS and cited figures
    assert tb.years == [2023, 2022, 2021]
    chn = next(r for r in tb.rows if (r.year, r.partner) == (2023, "CHN"))
    figures = {f.label: f for f in chn.figures}
    assert figures["BNS"].text == "30,055" and figures["BNS"].selected
    assert figures["China (GACC)"].text == "41,000" and figures["China (GACC)"].side == "partner"
    assert [f.label for f in chn.figures if f.selected] == ["BNS"]
    assert chn.spread == pytest.approx(41000 / 30055.39 - 1, abs=1e-4)
    assert chn.note == (
        "2023, trade with CHN: China (GACC) reports 41.0 bn USD, 36% more than BNS's 30.1 bn USD that the "
        "assessment uses"
    )


def test_markdown_and_html_show_both(kaz: ReportData) -> None:
    md = render(kaz, "md")
    start = md.index("## Trade by basis, 2023, 2022, 2021")
    part = md[start : md.index("\n## ", start + 10)]
    bns = re.search(
        r"\| 2023 \| China \| 30,055 \[\[\d+\]\]\(#src-data-trade_current\) \| BNS \|[^\n]*\*\*used\*\*", part
    )
    assert bns is not None
    gacc = re.search(
        r"\| 2023 \| China \| 41,000 \[\[\d+\]\]\(#src-data-cited\) \| China \(GACC\) \| cited \| "
        r"the partner's report \| full year \|  \| <https://",
        part,
    )
    assert gacc is not None
    assert "China (GACC) reports 41.0 bn USD, 36% more than BNS's 30.1 bn USD" in part
    html = render(kaz, "html")
    section = re.search(r'<section id="trade-bases">.*?</section>', html, flags=re.S)
    assert section is not None
    rows = re.findall(
        r'<tr data-year="2023" data-partner="CHN" data-basis="(\w+)"( class="selected")?>.*?'
        r'<span class="fig" data-fig="[^"]+">([\d,]+)</span>.*?<td>([^<]+)</td>',
        section.group(0),
        flags=re.S,
    )
    shown = {(label, value, bool(sel)) for _basis, sel, value, label in rows}
    assert ("BNS", "30,055", True) in shown and ("China (GACC)", "41,000", False) in shown
    assert "China (GACC) reports 41.0 bn USD, 36% more than BNS&#39;s 30.1 bn USD" in section.group(0)
