"""Single-power dimensions in the report: 0 by construction, marked *, footnoted, out of the composite.

Kazakhstan's casebook quantifies one power for transit (the routes through Russia) and technology (one US
deal): their balance is 0 whatever the real split, so the report marks them and the composite leaves them out
unless ``include_single_power=True``. Security also has one power quantified, but Russia's 94 % of a stated
total leaves the other three too little to matter (``coverage_ok``): it is measured, not marked.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from multivector.report import ReportData, build_report_data, render_html, render_markdown, write_report
from multivector.report.model import SINGLE_POWER_MARK, SummaryRow

MARKED = ["transit", "technology"]


@pytest.fixture(scope="module")
def data() -> ReportData:
    return build_report_data("kazakhstan")


@pytest.fixture(scope="module")
def kept() -> ReportData:
    return build_report_data("kazakhstan", include_single_power=True)


def _rows(data: ReportData) -> dict[str, SummaryRow]:
    return {r.dimension: r for r in data.summary}


def test_rows_carry_the_coverage_flags(data: ReportData) -> None:
    rows = _rows(data)
    for dim in MARKED:
        r = rows[dim]
        assert (r.n_powers_quantified, r.coverage_ok, r.in_composite, r.single_power) == (
            1,
            False,
            False,
            True,
        )
        assert r.balance.value == 0.0
    security = rows["security"]
    assert security.n_powers_quantified == 1 and security.coverage_ok is True
    assert security.in_composite is True and not security.single_power
    assert all(r.in_composite for d, r in rows.items() if d not in MARKED)
    comp = data.composite
    assert comp is not None and comp.dimensions_excluded == MARKED
    assert not set(MARKED) & set(comp.dimensions_used) and comp.include_single_power is False
    assert comp.coverage is not None and comp.coverage < 1.0
    assert (comp.n_powers_quantified, comp.coverage_ok, comp.in_composite) == (None, None, None)


def test_footnote_and_how_to_read(data: ReportData) -> None:
    assert data.summary_notes == [
        f"{SINGLE_POWER_MARK} one power quantified (transit, technology): balance 0 by construction, "
        "left out of the composite (include_single_power puts it back)."
    ]
    assert any(f"(marked {SINGLE_POWER_MARK})" in p and "by construction" in p for p in data.how_to_read)


def test_html_marks_the_balance_and_prints_the_footnote(data: ReportData) -> None:
    html = render_html(data, include_plotlyjs=False)
    for dim in MARKED:
        row = re.search(rf'<tr data-dimension="{dim}"[^>]*>.*?</tr>', html, re.S)
        assert row is not None and 'data-in-composite="no"' in row.group(0)
        assert re.search(r'>0\.00</span><a class="mark" href="#single-power-note"[^>]*>\*</a>', row.group(0))
    security = re.search(r'<tr data-dimension="security"[^>]*>.*?</tr>', html, re.S)
    assert security is not None and 'class="mark"' not in security.group(0)
    assert 'data-in-composite="yes"' in security.group(0)
    note = re.search(r'<p class="note" id="single-power-note">(.*?)</p>', html, re.S)
    assert note is not None and "one power quantified (transit, technology)" in note.group(1)
    assert "balance 0 by construction, left out of the composite" in note.group(1)
    assert 'Left out of the composite: <span class="excluded">transit, technology</span>' in html
    spec = re.search(r'<script type="application/json" id="fig-ternary">(.*?)</script>', html, re.S)
    assert spec is not None
    ternary = json.loads(spec.group(1))
    transit = next(t for t in ternary["data"] if t["name"].startswith("transit"))
    assert transit["text"] == ["transit*"] and "not in the composite" in transit["hovertemplate"]


def test_markdown_marks_the_balance_and_prints_the_footnote(data: ReportData) -> None:
    md = render_markdown(data)
    for dim in MARKED:
        line = next(ln for ln in md.splitlines() if ln.startswith(f"| {dim} |"))
        assert "| 0.00\\* |" in line and "| 1 of 4 |" in line
    security = next(ln for ln in md.splitlines() if ln.startswith("| security |"))
    assert "\\*" not in security and "| 1 of 4 |" in security
    assert "Left out of the composite: transit, technology." in md
    assert "\\* one power quantified (transit, technology): balance 0 by construction" in md


def test_json_carries_the_flags(data: ReportData, tmp_path: Path) -> None:
    doc = json.loads(write_report(data, tmp_path / "kaz.json").read_text(encoding="utf-8"))
    rows = {r["dimension"]: r for r in doc["summary"]}
    assert rows["transit"]["coverage_ok"] is False and rows["transit"]["in_composite"] is False
    assert rows["transit"]["n_powers_quantified"] == 1 and rows["trade"]["n_powers_quantified"] == 3
    assert doc["composite"]["dimensions_excluded"] == MARKED
    assert doc["summary_notes"] == data.summary_notes
    assert ReportData.model_validate(doc).model_dump() == data.model_dump()


def test_include_single_power_puts_them_back(data: ReportData, kept: ReportData, tmp_path: Path) -> None:
    comp, base = kept.composite, data.composite
    assert comp is not None and base is not None
    assert comp.dimensions_excluded == [] and set(MARKED) <= set(comp.dimensions_used)
    assert comp.include_single_power is True and comp.coverage == pytest.approx(1.0)
    # two zeros by construction pull the mean down
    assert comp.balance.value is not None and base.balance.value is not None
    assert comp.balance.value < base.balance.value
    rows = _rows(kept)
    assert all(rows[d].in_composite and rows[d].single_power for d in MARKED)
    assert kept.summary_notes and "kept in the composite" in kept.summary_notes[0]
    assert any("kept in this composite" in p for p in kept.how_to_read)
    md = render_markdown(kept)
    assert "0.00\\*" in md and "Left out of the composite" not in md
    # write_report passes the option through
    out = write_report("kazakhstan", tmp_path / "kept.json", include_single_power=True)
    assert json.loads(out.read_text(encoding="utf-8"))["composite"]["dimensions_excluded"] == []


def test_powers_without_a_stated_tie_are_not_shown_as_zero(data: ReportData) -> None:
    """Trade 2022 has no US figure in the casebook: the table says 'not stated' (cited), not 0.0%."""
    rows = {r.dimension: r for r in data.pole_shares}
    trade = rows["trade"].shares
    assert trade["USA"].text == "not stated" and trade["USA"].value is None and trade["USA"].citations
    assert trade["RUS"].value is not None and trade["RUS"].value > 0.2  # stated figures still shown
    assert all(rows["transit"].shares[p].text == "not stated" for p in ("CHN", "USA", "EU27"))
    assert "not stated" in render_markdown(data)
