"""The report's "Trade by basis" section on the hand-made store of tests/_trade_store.py (values there), on
a store with COW alone and without a store: the figures side by side, the one used marked, the
disagreements in words, the same in HTML, Markdown and JSON."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from _trade_store import build_trade_store
from multivector.report import ReportData, build_report_data, render
from multivector.report.model_trade import TradeBasesSection


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> ReportData:
    store = build_trade_store(tmp_path_factory.mktemp("reportbases") / "multivector.duckdb")
    return build_report_data("KAZ", store=store, series=False)


@pytest.fixture(scope="module")
def section(data: ReportData) -> TradeBasesSection:
    assert data.trade_bases is not None
    return data.trade_bases


def _section_html(html: str) -> str:
    found = re.search(r'<section id="trade-bases">.*?</section>', html, flags=re.S)
    assert found is not None
    return found.group(0)


def test_latest_year_with_two_figures(section: TradeBasesSection) -> None:
    # 2022 has the bureau alone; 2023 has the bureau, WITS and the cited figures (2012-2014: COW alone)
    assert section.years == [2023] and section.threshold == 0.10
    assert [(r.partner, r.partner_name) for r in section.rows] == [
        ("RUS", "Russia"), ("CHN", "China"), ("USA", "United States"), ("EU27", "EU27"),
    ]  # fmt: skip
    chn = section.rows[1]
    assert [(f.label, f.text, f.selected, f.compared) for f in chn.figures] == [
        ("BNS", "250", True, True),
        ("Comtrade (WITS)", "260", False, True),
        ("Kazakhstan (BNS)", "200", False, False),  # January-September: shown, not compared
        ("China (GACC)", "350", False, True),
    ]
    assert chn.spread == pytest.approx(0.40) and chn.disagree and chn.n_compared == 3
    assert chn.note == (
        "2023, trade with CHN: China (GACC) reports 350 million USD, 40% more than BNS's 250 million USD "
        "that the assessment uses"
    )
    usa = section.rows[2]  # WITS gives no US exports: one figure, shown alone, no note
    assert [f.label for f in usa.figures] == ["BNS"] and usa.note is None and not usa.disagree
    assert section.rows[3].spread is None and section.rows[3].disagree  # EU27: 50 against a cited 0
    assert section.notes == [r.note for r in section.rows if r.note]


def test_every_figure_cites_its_dataset(data: ReportData, section: TradeBasesSection) -> None:
    listed = {c.id for c in data.sources}
    for fig in section.entries():
        assert fig.citations and {c.id for c in fig.citations} <= listed
    cited = {f.label: [c.id for c in f.citations] for f in section.rows[1].figures}
    assert cited["China (GACC)"] == ["data-cited"] and cited["BNS"] == ["data-trade_current"]


def test_markdown(data: ReportData, section: TradeBasesSection) -> None:
    md = render(data, "md")
    assert "[Trade by basis](#trade-bases)" in md and "## Trade by basis, 2023" in md
    n = next(c.number for c in data.sources if c.id == "data-cited")
    row = (
        f"| 2023 | China | 350 [[{n}]](#src-data-cited) | China (GACC) | cited | the partner's report | "
        "full year |  | <https://example.org/gacc> |"
    )
    assert row in md
    assert (
        "| 2023 | China | 250 [[" in md
        and "| national\\_statistics | the country's report | full year | **used** |" in md
    )
    assert f"- {section.rows[1].note}" in md.replace("\\", "")
    assert "javascript:alert(1)" in md and "<javascript:" not in md  # printed as text, never a link


def test_html(data: ReportData) -> None:
    html = render(data, "html")
    part = _section_html(html)
    assert '<a href="#trade-bases">Trade by basis</a>' in html
    selected = re.findall(
        r'<tr data-year="2023" data-partner="CHN" data-basis="(\w+)" class="selected">', part
    )
    assert selected == ["national_statistics"]
    assert 'href="https://example.org/gacc"' in part and 'href="javascript' not in part
    assert "China (GACC) reports 350 million USD, 40% more than BNS&#39;s 250 million USD" in part
    assert part.count("<strong>used</strong>") == 4  # one per power


def test_json_round_trip_and_old_documents(data: ReportData) -> None:
    again = ReportData.model_validate_json(render(data, "json"))
    assert again.trade_bases == data.trade_bases
    old = data.model_dump(mode="json")
    del old["trade_bases"]  # a document written before the section existed still validates
    assert ReportData.model_validate(old).trade_bases is None


def test_no_section_without_two_figures_or_without_a_store(tmp_path: Path) -> None:
    cow = build_trade_store(tmp_path / "cow.duckdb", cow_only=True)
    for report in (build_report_data("KAZ", store=cow, series=False), build_report_data("KAZ", series=False)):
        assert report.trade_bases is None
        assert 'id="trade-bases"' not in render(report, "html")
        assert "Trade by basis" not in render(report, "md")
