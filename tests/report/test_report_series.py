"""The report with imported datasets (series 1992-latest, UN alignment, the tilt moving over the years)
and with the scenario section (before/after ternary, rerouting Sankey, frontier)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from multivector.report import ReportData, build_report_data, render_html, render_markdown, report_json
from multivector.report.markdown import _esc
from multivector.report.scenario_section import preset_names
from multivector.report.series import NO_DATA_NOTE
from multivector.store.db import Store

from .test_report import _numbers, _Page

SERIES = ("trade", "arms", "alliances", "unga", "events")


@pytest.fixture(scope="module")
def full(series_store: Path) -> ReportData:
    return build_report_data("kazakhstan", store=series_store, scenarios=preset_names("kazakhstan"))


@pytest.fixture(scope="module")
def full_page(full: ReportData) -> _Page:
    parser = _Page()
    parser.feed(render_html(full, include_plotlyjs=False))
    return parser


def _spec(parser: _Page, key: str) -> dict:
    return json.loads(parser.json_scripts[f"fig-{key}"])


@pytest.mark.realdata
def test_series_cover_1992_to_latest(full: ReportData, full_page: _Page, series_store: Path) -> None:
    ot = full.over_time
    assert ot is not None and ot.first_year == 1992 and ot.last_year >= 2024
    spec = _spec(full_page, "series-balance")
    traces = {t["name"].split(" ")[0]: t for t in spec["data"]}
    assert set(traces) >= {"trade", "arms", "alliances", "UN", "events"}
    by_key = {line.key: line for line in ot.balance}
    assert set(by_key) == set(SERIES)
    with Store(series_store, read_only=True) as st:
        trade_last = int(st.query_df("SELECT max(year) FROM cow_trade").iloc[0, 0])
    for key, line in by_key.items():
        trace = next(t for t in spec["data"] if t["name"] == line.label)
        assert trace["x"][0] == 1992 and trace["x"][-1] == ot.last_year
        ys = [y for y in trace["y"] if y is not None]
        assert ys and all(0.0 <= y <= 1.0 for y in ys), key
        assert len(trace["y"]) == len(trace["x"])
    # no zero where there is no measurement. COW does not record trade among the former Soviet republics
    # in 1992-93: Kazakhstan's trade line is a gap there, measured every year 1994-2014, a gap after 2014.
    trade = by_key["trade"]
    values = dict(zip(trade.years, trade.values, strict=True))
    assert values[1992] is None and values[1993] is None
    assert all(values[y] is not None for y in range(1994, trade_last + 1))
    after = [v for y, v in values.items() if y > trade_last]
    assert after and all(v is None for v in after)
    trade_trace = next(t for t in spec["data"] if t["name"] == trade.label)
    assert trade_trace["y"][:2] == [None, None] and trade_trace["connectgaps"] is False
    assert any("starts in 1994" in n and "1992-1993" in n for n in ot.notes)
    assert by_key["unga"].values[trade.years.index(2020)] is not None
    # GDELT covers sample days only: most years are gaps, not zeros
    assert sum(v is None for v in by_key["events"].values) > 10
    assert sum(v is not None for v in by_key["events"].values) >= 1


@pytest.mark.realdata
def test_un_votes_are_the_equidistance_off_the_ternary(
    full: ReportData, full_page: _Page, series_store: Path
) -> None:
    from multivector.panels import balance_over_time

    ot = full.over_time
    assert ot is not None
    unga = next(line for line in ot.balance if line.key == "unga")
    assert unga.label == "UN votes (equidistance)" and unga.construction == "vote-equidistance"
    assert unga.comparable is False
    alliances = next(line for line in ot.balance if line.key == "alliances")
    assert alliances.label == "alliances (ATOP defence pledges)"
    assert alliances.construction == "defence-pledge-presence"
    # the line is the panels' equidistance, year by year (not the entropy of renormalised agreement)
    expected = balance_over_time("KAZ", ["unga"], (1992, ot.last_year), series_store).set_index("year")
    for year, value in zip(unga.years, unga.values, strict=True):
        if year in expected.index:
            assert value == pytest.approx(float(expected.loc[year, "balance"]))
        else:
            assert value is None, year  # fewer than UNGA_MIN_VOTES roll calls: a gap
    assert max(v for v in unga.values if v is not None) < 0.9  # the shares of agreement gave 0.91-0.99
    assert "unga" not in {p.dimension for p in ot.ternary}
    trace = next(t for t in _spec(full_page, "series-balance")["data"] if t["name"] == unga.label)
    assert trace["line"]["dash"] == "dot"
    assert all(not t["name"].startswith("UN") for t in _spec(full_page, "series-ternary")["data"])


@pytest.mark.realdata
def test_alignment_chart_has_three_powers(full: ReportData, full_page: _Page) -> None:
    spec = _spec(full_page, "series-alignment")
    assert [t["name"] for t in spec["data"]] == ["with Russia", "with China", "with USA"]
    for t in spec["data"]:
        assert t["x"][0] == 1992
        ys = [y for y in t["y"] if y is not None]
        assert len(ys) >= 30 and all(0.0 <= y <= 1.0 for y in ys)
    assert full.over_time is not None
    rus = full.over_time.alignment[0]
    usa = full.over_time.alignment[2]
    y2020 = rus.years.index(2020)
    rus_2020, usa_2020 = rus.values[y2020], usa.values[y2020]
    assert rus_2020 is not None and usa_2020 is not None and rus_2020 > usa_2020


@pytest.mark.realdata
def test_moving_ternary(full_page: _Page) -> None:
    spec = _spec(full_page, "series-ternary")
    trade = next(t for t in spec["data"] if t["name"].startswith("trade"))
    assert trade["type"] == "scatterternary" and len(trade["a"]) >= 20
    years = [c[0] for c in trade["customdata"]]
    # Kazakhstan's trade path starts in 1994: COW has no intra-CIS trade in 1992-93, so no point there
    assert years == sorted(years) and years[0] == 1994 and years == list(range(1994, years[-1] + 1))
    for a, b, c in zip(trade["a"], trade["b"], trade["c"], strict=True):
        assert a + b + c == pytest.approx(1.0, abs=1e-6)


@pytest.mark.realdata
def test_datasets_are_cited(full: ReportData, full_page: _Page, series_store: Path) -> None:
    cites = {c.id: c for c in full.sources}
    for sid in ("data-cow_trade", "data-sipri", "data-atop", "data-unga", "data-gdelt"):
        assert sid in cites and cites[sid].anchor == f"src-{sid}" and cites[sid].kind == "dataset"
        assert f"src-{sid}" in full_page.source_items
    unga = cites["data-unga"]
    with Store(series_store, read_only=True) as st:
        prov = st.provenance("unga")[0]
    assert prov["provenance"]["publisher"] in unga.text and prov["provenance"]["version"] in unga.text
    assert unga.note and re.search(r"sha256 [0-9a-f]{64}", unga.note)
    assert unga.note and prov["provenance"]["files"][0]["sha256"] in unga.note
    assert full.over_time is not None
    for line in [*full.over_time.balance, *full.over_time.alignment]:
        assert line.citations and all(c.kind == "dataset" for c in line.citations)
    # every source is linked from the page
    assert set(full_page.local_links) | set(full_page.data_cites) >= {c.anchor for c in full.sources}


@pytest.mark.realdata
def test_scenario_section(full: ReportData, full_page: _Page) -> None:
    section = full.scenarios
    assert section is not None and {s.name for s in section.scenarios} == set(preset_names("kazakhstan"))
    cpc = next(s for s in section.scenarios if s.name == "cpc-outage")
    assert cpc.value_lost.value is not None and cpc.value_lost.value > 0
    assert cpc.balance_after.value is not None and cpc.balance_before.value is not None
    assert cpc.balance_after.value > cpc.balance_before.value
    assert cpc.binding and cpc.assumptions
    assert {link.kind for link in cpc.links} >= {"rerouted", "lost", "delivered"}
    sankey = _spec(full_page, "sankey-cpc-outage")["data"][0]
    assert sankey["type"] == "sankey" and "lost" in sankey["node"]["label"]
    before_after = _spec(full_page, "scenario-ternary")["data"]
    assert len(before_after) == len(section.scenarios)
    assert all(t["type"] == "scatterternary" and len(t["a"]) == 2 for t in before_after)
    frontier = _spec(full_page, "frontier")["data"]
    assert [t["name"] for t in frontier] == ["frontier", "today"]
    assert len(frontier[0]["x"]) >= 10
    assert section.frontier is not None and section.frontier.current_exposure.value == frontier[1]["x"][0]
    for fig in [*cpc.figures(), *section.frontier.figures()]:
        assert fig.citations, fig.id
        assert full_page.figures.get(fig.id) == fig.text


@pytest.mark.realdata
def test_all_formats_carry_the_new_figures(full: ReportData, full_page: _Page) -> None:
    md = render_markdown(full)
    for fig in full.figures():
        assert _esc(fig.text) in md, fig.id
        assert full_page.figures.get(fig.id) == fig.text, fig.id
    cited = re.findall(r"(?:^|\s)(\d[\d,]*(?:\.\d+)?%?) \[\[\d+\]\]\(#src-", md, re.M)
    summary_ids = {f.id for r in [*full.summary, full.composite] if r for f in r.figures()}
    assert _numbers(cited) == _numbers([f.text for f in full.figures() if f.id not in summary_ids])
    assert "## Over time, 1992-" in md and "### UN General Assembly alignment" in md
    assert "ASSUMPTION:" in md and "## Scenarios" in md
    for c in full.sources:
        assert f'<a id="{c.anchor}"></a>' in md
    doc = json.loads(report_json(full))
    assert doc["over_time"]["first_year"] == 1992 and len(doc["over_time"]["alignment"]) == 3
    assert doc["scenarios"]["frontier"]["points"]
    again = ReportData.model_validate(doc)
    assert again.model_dump() == full.model_dump()


def test_no_store_gives_a_note() -> None:
    data = build_report_data("kazakhstan")
    assert data.over_time is None and data.scenarios is None and data.data_note == NO_DATA_NOTE
    html = render_html(data, include_plotlyjs=False)
    assert "multivector data import all DIR" in html and 'id="over-time"' not in html
    assert NO_DATA_NOTE.replace("`", "\\`") in render_markdown(data) or "data import all" in render_markdown(
        data
    )


def test_cli_default_without_store(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from multivector.cli import main as cli_main
    from multivector.cli.main import app

    cli_main._register()
    out = tmp_path / "kaz.json"
    result = CliRunner().invoke(app, ["report", "KAZ", "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["over_time"] is None and doc["data_note"] == NO_DATA_NOTE
    assert {s["name"] for s in doc["scenarios"]["scenarios"]} == set(preset_names("kazakhstan"))
    result = CliRunner().invoke(app, ["report", "KAZ", "-o", str(out), "--no-scenarios"])
    assert result.exit_code == 0 and json.loads(out.read_text(encoding="utf-8"))["scenarios"] is None
    result = CliRunner().invoke(
        app, ["report", "KAZ", "-o", str(out), "--store", str(tmp_path / "none.duckdb")]
    )
    assert result.exit_code != 0
    assert "does not exist" in (result.output + str(result.exception))


@pytest.mark.slow
@pytest.mark.realdata
def test_cli_with_store_and_scenarios(tmp_path: Path, series_store: Path) -> None:
    from typer.testing import CliRunner

    from multivector.cli import main as cli_main
    from multivector.cli.main import app

    cli_main._register()
    out = tmp_path / "kaz.md"
    args = ["report", "KAZ", "-o", str(out), "--store", str(series_store), "--scenarios", "cpc-outage"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    md = out.read_text(encoding="utf-8")
    assert "## Over time, 1992-" in md and "CPC pipeline outage" in md and "Chinese demand" not in md
    result = CliRunner().invoke(app, [*args[:4], "--no-series", "--no-scenarios"])
    assert result.exit_code == 0 and "## Over time" not in out.read_text(encoding="utf-8")
