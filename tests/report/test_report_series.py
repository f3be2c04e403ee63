"""The report built from the real-data store (``-m realdata``): any country (Uzbekistan has no casebook),
the "Over time" section (the composite and tilt per year with the figure years, the composite's path,
each dimension's balance with gaps, the UN alignment with the four powers), the COW 2009-2011 note, and the
scenario section of the built-in case.

Expected values are derived from the assessment (``multivector.assess``/``assess_series`` on the same
store) or from the shared data's SOURCE.md files, as each test says.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import multivector
from multivector.errors import StoreError
from multivector.report import ReportData, build_report_data, render
from multivector.report.markdown import _md_text
from multivector.report.model import SeriesLine
from multivector.report.movement import ARTEFACTS
from multivector.report.scenario_section import preset_names
from multivector.report.wording import figure_years_text

from .test_report import Page, parse

pytestmark = pytest.mark.realdata
CASEBOOK_SECTIONS = ("ties", "timeline", "infrastructure", "claims", "scenarios")


@pytest.fixture(scope="module")
def uzb(series_store: Path) -> ReportData:
    return build_report_data("UZB", store=series_store)


@pytest.fixture(scope="module")
def kaz(series_store: Path) -> ReportData:
    return build_report_data("KAZ", store=series_store, scenarios=preset_names("kazakhstan"))


@pytest.fixture(scope="module")
def uzb_page(uzb: ReportData) -> Page:
    return parse(render(uzb, "html"))


@pytest.fixture(scope="module")
def kaz_page(kaz: ReportData) -> Page:
    return parse(render(kaz, "html"))


def _line(lines: list[SeriesLine], key: str) -> SeriesLine:
    return next(line for line in lines if line.key == key)


def test_uzbekistan_has_no_casebook_sections_and_cites_its_datasets(
    uzb: ReportData, uzb_page: Page, series_store: Path
) -> None:
    a = multivector.assess("UZB", store=series_store)
    assert uzb.case_id is None and uzb.assessment == a.to_dict()
    assert uzb_page.h1 == f"Uzbekistan between the giants, {a.year}"
    assert (uzb.ties, uzb.timeline, uzb.infrastructure, uzb.claims, uzb.scenarios) == ([], [], [], [], None)
    assert not set(CASEBOOK_SECTIONS) & uzb_page.ids and not set(CASEBOOK_SECTIONS) & set(uzb_page.toc)
    md = render(uzb, "md")
    assert "no casebook: data dimensions only" in md and not re.search(r"^## (Timeline|Claims)", md, re.M)
    # every source is an imported dataset, with its version and the files' SHA-256 (Store.provenance)
    ids = {c.id for c in uzb.sources}
    # the newest SIPRI release (the February 2026 register) is the one the series read
    assert {"data-sipri_2024", "data-atop", "data-cow_trade", "data-unga", "data-gdelt"} <= ids
    assert "data-sipri" not in ids  # a release the series did not read is not cited
    assert all(i.startswith("data-") for i in ids)
    assert all(c.version and "sha256" in (c.note or "").lower() + c.text.lower() for c in uzb.sources)
    for fig in uzb.figures():
        assert fig.citations, fig.id


@pytest.mark.parametrize("country", ["UZB", "KAZ"])
def test_composite_line_ends_at_the_assessment(
    country: str, uzb: ReportData, kaz: ReportData, series_store: Path
) -> None:
    """The last year of the "Over time" section is the assessment: same composite, tilt and figure years."""
    data = {"UZB": uzb, "KAZ": kaz}[country]
    a = multivector.assess(country, store=series_store)
    ot = data.over_time
    assert ot is not None and ot.first_year == 1992 and ot.last_year == a.year
    comp = ot.composite[0]
    assert a.year is not None and comp.years == list(range(1992, a.year + 1))
    assert comp.values[-1] == a.composite.balance
    assert comp.extra["coverage"][-1] == a.composite.coverage
    assert ot.figure_years[str(a.year)] == a.composite.years
    last = ot.ternary[-1]
    assert (last.year, last.tilt_rus, last.tilt_chn, last.tilt_west) == (
        a.year, a.composite.tilt.rus, a.composite.tilt.chn, a.composite.tilt.west
    )  # fmt: skip
    assert [line.key for line in ot.tilt] == ["RUS", "CHN", "WEST"]
    assert [line.values[-1] for line in ot.tilt] == [a.composite.tilt.rus, a.composite.tilt.chn,
                                                      a.composite.tilt.west]  # fmt: skip


def test_composite_hover_gives_figure_years_and_coverage(kaz: ReportData, kaz_page: Page) -> None:
    ot = kaz.over_time
    assert ot is not None
    trace = kaz_page.chart("series-composite")["data"][0]
    assert trace["connectgaps"] is False and trace["x"] == ot.composite[0].years
    for year, (coverage, used) in zip(trace["x"], trace["customdata"], strict=True):
        assert coverage == pytest.approx(ot.composite[0].extra["coverage"][year - 1992])
        expected = figure_years_text(ot.figure_years.get(str(year), {})) or "no figure"
        assert used.replace("<br>", " ").split() == expected.split()


def test_dimension_lines_have_gaps(kaz: ReportData, kaz_page: Page, series_store: Path) -> None:
    """Each dimension's line holds a value exactly in the years its figure is from (``assess_series``:
    ``figure_year == year``), None elsewhere: Kazakhstan's trade is unknown in 1992-93 (intra-CIS trade
    not recorded), GDELT events are measured in 2013 and 2016 but not 2014-2015 (the shared sample's
    days). Gaps stay gaps in the chart too (``connectgaps`` off)."""
    ot = kaz.over_time
    assert ot is not None
    rows = multivector.assess_series("KAZ", store=series_store)
    for line in ot.balance:
        mine = rows[
            (rows["dimension"] == line.key) & (rows["figure_year"] == rows["year"]) & rows["balance"].notna()
        ]
        measured = dict(zip(mine["year"], mine["balance"], strict=True))
        for year, value in zip(line.years, line.values, strict=True):
            assert value == (measured.get(year) if year in measured else None), (line.key, year)
    trade = dict(zip(_line(ot.balance, "trade").years, _line(ot.balance, "trade").values, strict=True))
    assert trade[1992] is None and trade[1993] is None and trade[1994] is not None
    events = dict(zip(_line(ot.balance, "events").years, _line(ot.balance, "events").values, strict=True))
    assert events[2013] is not None and events[2016] is not None
    assert events[2014] is None and events[2015] is None
    for trace in kaz_page.chart("series-balance")["data"]:
        assert trace["connectgaps"] is False and trace["mode"] == "lines+markers"
        assert len(trace["x"]) == len(trace["y"]) == ot.last_year - ot.first_year + 1


def test_trade_line_notes_the_2009_2011_recording_artefact(
    kaz: ReportData, kaz_page: Page, uzb: ReportData
) -> None:
    """COW's Russia-Kazakhstan trade collapses in 2009-2011 (customs-union recording, README.md and
    trade/SOURCE.md): a band and a label on the trade line, a sentence in the notes, in every format."""
    [rule] = [r for r in ARTEFACTS if r.years == (2009, 2011)]
    ot = kaz.over_time
    assert ot is not None
    # the artefact note, beside the notes where the trade basis changes (COW to national statistics)
    [note] = [n for n in _line(ot.balance, "trade").notes if n.text == rule.text]
    assert (note.first_year, note.last_year) == (2009, 2011)
    assert all(not line.notes for line in ot.balance if line.key not in ("trade", "security"))
    layout = kaz_page.chart("series-balance")["layout"]
    assert any(s["x0"] == 2008.5 and s["x1"] == 2011.5 for s in layout["shapes"])
    assert any("2009-2011" in a["text"] for a in layout["annotations"])
    sentence = next(n for n in ot.notes if rule.text in n)
    assert sentence.startswith("Trade, 2009-2011: COW records Russia-Kazakhstan trade")
    assert _md_text(sentence) in render(kaz, "md")
    # Uzbekistan is not in the dyad: no artefact note on its lines (only basis changes, documented "basis")
    assert uzb.over_time is not None
    assert all(n.documented == "basis" for line in uzb.over_time.balance for n in line.notes)


def test_alignment_has_four_powers_and_flags_2024(kaz: ReportData, kaz_page: Page) -> None:
    """The Voeten file stops on 4 June 2024 (unga/SOURCE.md: 6 roll calls in 2024 against 61-129 a year
    since 1992), so 2024 rests on a handful of joint votes: flagged, in the chart and the table."""
    ot = kaz.over_time
    assert ot is not None and [line.key for line in ot.alignment] == ["RUS", "CHN", "USA", "EU27"]
    for line in ot.alignment:
        i = line.years.index(2024)
        n = line.extra["n_votes"][i]
        assert n is not None and n <= 6
        flagged = line.extra.get("partial_year", [0.0] * len(line.years))[i] or line.extra["few_votes"][i]
        assert flagged == 1.0
        assert line.extra["few_votes"][line.years.index(2023)] == 0.0  # 81 joint votes
    traces = kaz_page.chart("series-alignment")["data"]
    assert [t["name"] for t in traces] == ["with Russia", "with China", "with USA", "with EU27"]
    for t in traces:
        assert t["marker"]["symbol"][t["x"].index(2024)] == "circle-open"
        assert t["marker"]["symbol"][t["x"].index(2023)] == "circle"
    assert any(
        a["text"].startswith("2024: ") for a in kaz_page.chart("series-alignment")["layout"]["annotations"]
    )
    row = next(
        line for line in render(kaz, "md").splitlines() if line.startswith("| 2024 |") and "joint" in line
    )
    assert "few joint votes" in row or "partial year" in row


def test_composite_path_is_one_marker_per_place(kaz: ReportData, kaz_page: Page) -> None:
    """Co-located years share one marker (KAZ 1992-1993: the ATOP pledge to Russia alone), every year with
    a composite is in some marker's hover, and only the first and last places are labelled."""
    ot = kaz.over_time
    assert ot is not None
    traces = kaz_page.chart("series-ternary")["data"]
    markers = next(t for t in traces if t.get("mode") == "markers")
    places = {(round(a, 3), round(b, 3), round(c, 3)) for a, b, c in
              zip(markers["a"], markers["b"], markers["c"], strict=True)}  # fmt: skip
    assert len(places) == len(markers["a"])
    years = {p.year for p in ot.ternary}
    hovered: set[int] = set()
    for text, _balance in markers["customdata"]:
        for part in text.split(", "):
            first, _, last = part.partition("-")
            hovered |= set(range(int(first), int(last or first) + 1))
    assert hovered == years
    labels = next(t for t in traces if t.get("name") == "labels")["text"]
    assert labels[0].startswith("1992") and str(ot.last_year) in labels[-1] and len(labels) <= 2


def test_scenario_table_cites_once_per_row(kaz: ReportData) -> None:
    """Issue 14/14: the scenario table prints its numbers bare and the inputs' citations once per row."""
    html = render(kaz, "html")
    table = html.split('<table class="scenarios">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<tr id="scenario-[^"]+">(.*?)</tr>', table, re.S)
    assert kaz.scenarios is not None and len(rows) == len(kaz.scenarios.scenarios)
    for row in rows:
        assert row.count('<sup class="cites">') == 1


def test_json_round_trips(kaz: ReportData) -> None:
    doc = json.loads(render(kaz, "json"))
    assert doc["schema_version"] == "2" and doc["over_time"]["alignment"][3]["key"] == "EU27"
    assert ReportData.model_validate(doc).model_dump() == kaz.model_dump()


def test_cli_report_of_any_country(tmp_path: Path, series_store: Path) -> None:
    from typer.testing import CliRunner

    from multivector.cli import main as cli_main
    from multivector.cli.main import app

    cli_main._register()
    out = tmp_path / "uzb.md"
    result = CliRunner().invoke(app, ["report", "UZB", "-o", str(out), "--store", str(series_store)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# Uzbekistan between the giants, ")
    # no store, no casebook: the library's StoreError names what to import (main() prints it, exit 2)
    empty = CliRunner().invoke(app, ["report", "UZB", "-o", str(tmp_path / "none.md")])
    assert isinstance(empty.exception, StoreError) and "data import all" in str(empty.exception)
    assert not (tmp_path / "none.md").exists()
