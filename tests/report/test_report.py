"""The built-in case's report: charts, tables, source links, the same figures in HTML, Markdown and JSON."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from multivector import InputError
from multivector.casebook import load_case
from multivector.report import (
    ReportData,
    build_report_data,
    render_html,
    render_markdown,
    report_json,
    write_report,
)
from multivector.report.markdown import _esc


class _Page(HTMLParser):
    """Collect what the tests check: tags with src/href, ids, local links, figures, chart JSON, rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.external: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self.local_links: list[str] = []
        self.data_cites: list[str] = []
        self.figures: dict[str, str] = {}
        self.json_scripts: dict[str, str] = {}
        self.source_items: set[str] = set()
        self.rows: dict[str, int] = {}
        self.tags: list[str] = []
        self._fig: str | None = None
        self._script: str | None = None
        self._table: str | None = None
        self._in_sources = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        if tag in ("script", "link", "img", "iframe", "source") and (a.get("src") or a.get("href")):
            self.external.append((tag, a.get("src") or a.get("href") or ""))
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href", "").startswith("#"):
            self.local_links.append(a["href"][1:])
        if "data-cites" in a:
            self.data_cites.extend(a["data-cites"].split())
        if "data-fig" in a:
            self._fig = a["data-fig"]
            self.figures[self._fig] = ""
        if tag == "script" and a.get("type") == "application/json":
            self._script = a["id"]
            self.json_scripts[self._script] = ""
        if tag == "table":
            self._table = a.get("class", "")
            self.rows.setdefault(self._table, 0)
        if (
            tag == "tr"
            and self._table
            and ("data-dimension" in a or self._table in ("ties", "infrastructure"))
        ):
            self.rows[self._table or ""] += 1
        if tag == "ol" and "sources" in a.get("class", ""):
            self._in_sources = True
        if tag == "li" and self._in_sources:
            self.source_items.add(a.get("id", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            self._fig = None
        if tag == "script":
            self._script = None
        if tag == "table":
            self._table = None
        if tag == "ol":
            self._in_sources = False

    def handle_data(self, data: str) -> None:
        if self._fig is not None:
            self.figures[self._fig] += data
        if self._script is not None:
            self.json_scripts[self._script] += data


@pytest.fixture(scope="module")
def data() -> ReportData:
    return build_report_data("kazakhstan")


@pytest.fixture(scope="module")
def page(data: ReportData) -> tuple[str, _Page]:
    text = render_html(data)
    parser = _Page()
    parser.feed(text)
    return text, parser


@pytest.fixture(scope="module")
def markdown(data: ReportData) -> str:
    return render_markdown(data)


def test_data_covers_every_section(data: ReportData) -> None:
    case = load_case("kazakhstan")
    assert data.case_id == "kazakhstan" and data.country == "KAZ"
    assert data.generated_with.startswith("multivector ")
    dims = [r.dimension for r in data.summary]
    assert {"security", "trade", "energy", "investment"} <= set(dims)
    assert data.composite is not None and data.composite.balance.value is not None
    assert 0.0 <= data.composite.balance.value <= 1.0
    assert len(data.timeline) == len(case.agreements)
    assert len(data.infrastructure) == len(case.infrastructure)
    assert len(data.claims) == len(case.claims)
    assert [e.date for e in data.timeline] == sorted(e.date for e in data.timeline)
    for row in data.pole_shares:
        total = sum(f.value or 0.0 for f in row.shares.values())
        assert total == pytest.approx(1.0, abs=1e-6)


def test_every_figure_is_cited(data: ReportData) -> None:
    numbers = {c.id: c.number for c in data.sources}
    assert sorted(numbers.values()) == list(range(1, len(numbers) + 1))
    figures = list(data.figures())
    assert len(figures) > 50
    assert len({f.id for f in figures}) == len(figures), "figure ids must be unique"
    for fig in figures:
        assert fig.citations, f"{fig.id} has no citation"
        assert [c.id for c in fig.citations] == sorted(fig.sources, key=numbers.__getitem__)


def test_html_is_self_contained(page: tuple[str, _Page]) -> None:
    text, parser = page
    assert parser.external == [], "no script, stylesheet or image may be fetched"
    assert "link" not in parser.tags and "img" not in parser.tags
    assert not re.search(r"""<(script|link)[^>]+(src|href)\s*=\s*["']?https?:""", text, re.I)
    assert "@import" not in text and "url(http" not in text
    assert text.count("Plotly.newPlot") == 1
    assert len(text) > 3_000_000, "plotly.js is inlined"


def test_html_charts(page: tuple[str, _Page]) -> None:
    _, parser = page
    for key, trace in (("ternary", "scatterternary"), ("heatmap", "heatmap"), ("timeline", "scatter")):
        assert f"chart-{key}" in parser.ids
        spec = json.loads(parser.json_scripts[f"fig-{key}"])
        types = {t.get("type") for t in spec["data"]}
        assert trace in types, (key, types)
    ternary = json.loads(parser.json_scripts["fig-ternary"])
    names = [t["name"] for t in ternary["data"]]
    assert "composite" in names and any(n.startswith("security") for n in names)
    assert ternary["layout"]["ternary"]["aaxis"]["title"]["text"] == "Russia"
    heat = json.loads(parser.json_scripts["fig-heatmap"])["data"][0]
    assert heat["x"] == ["RUS", "CHN", "USA", "EU27", "OTHER"]


def test_html_tables_and_sources(data: ReportData, page: tuple[str, _Page]) -> None:
    _, parser = page
    assert parser.rows["summary"] == len(data.summary) + 1
    assert parser.rows["pole-shares"] == len(data.pole_shares)
    assert parser.rows["ties"] == len(data.ties) + 1  # header row
    assert parser.rows["infrastructure"] == len(data.infrastructure) + 1
    assert {f"event-{e.id}" for e in data.timeline} <= parser.ids
    assert {f"claim-{c.id}" for c in data.claims} <= parser.ids
    # every source link resolves to an entry of the sources list, and every entry is linked
    anchors = {c.anchor for c in data.sources}
    assert parser.source_items == anchors
    src_links = [h for h in parser.local_links if h.startswith("src-")]
    assert src_links and set(src_links) <= parser.source_items
    assert set(parser.data_cites) <= parser.source_items
    assert set(src_links) | set(parser.data_cites) == anchors
    # every figure is on the page, printed as its text
    for fig in data.figures():
        assert parser.figures.get(fig.id) == fig.text, fig.id


def test_claim_status_is_shown(data: ReportData, page: tuple[str, _Page]) -> None:
    text, _ = page
    for claim in data.claims:
        assert re.search(
            rf'id="claim-{re.escape(claim.id)}">\s*<span class="status [a-z]+">{claim.status}<', text
        )


_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _numbers(texts: list[str]) -> set[str]:
    return {m.replace(",", "") for t in texts for m in _NUM.findall(t)}


def test_markdown_holds_the_same_figures(data: ReportData, markdown: str) -> None:
    for fig in data.figures():
        assert _esc(fig.text) in markdown, fig.id
    # numbers printed with a citation in the Markdown == numbers of the cited figures outside the summary
    cited = re.findall(r"(?:^|\s)(\d[\d,]*(?:\.\d+)?%?) \[\[\d+\]\]\(#src-", markdown, re.M)
    md_numbers = _numbers(cited)
    summary_ids = {f.id for r in [*data.summary, data.composite] if r for f in r.figures()}
    json_numbers = _numbers([f.text for f in data.figures() if f.id not in summary_ids])
    assert md_numbers == json_numbers
    # the summary table: same numbers row by row
    for row in data.summary:
        line = next(ln for ln in markdown.splitlines() if ln.startswith(f"| {row.dimension} |"))
        assert all(f.text in line for f in row.figures())
    for c in data.sources:
        assert f'<a id="{c.anchor}"></a>' in markdown
        assert f"[[{c.number}]](#{c.anchor})" in markdown


def test_json_holds_every_figure_with_citations(data: ReportData, tmp_path: Path) -> None:
    path = write_report(data, tmp_path / "kaz.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["case_id"] == "kazakhstan" and doc["generated_with"].startswith("multivector")
    assert doc["schema_version"] == "1"
    again = ReportData.model_validate(doc)
    assert [f.id for f in again.figures()] == [f.id for f in data.figures()]
    for fig in again.figures():
        assert fig.citations and all(c.text and c.anchor.startswith("src-") for c in fig.citations)
    assert json.loads(report_json(data)) == doc


def test_write_report_formats(tmp_path: Path, data: ReportData) -> None:
    assert write_report(data, tmp_path / "a.md").read_text(encoding="utf-8").startswith("# Kazakhstan")
    assert write_report(data, tmp_path / "a.txt", format="json").read_text(encoding="utf-8").startswith("{")
    html = write_report(data, tmp_path / "sub" / "a.htm").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    with pytest.raises(InputError, match="extension"):
        write_report(data, tmp_path / "a.pdf")


def test_case_text_is_escaped() -> None:
    case = load_case("kazakhstan")
    evil = "<script>alert(1)</script> & | * _"
    bad = case.model_copy(update={"title": evil, "name": "Kaz</script><b>"})
    data = build_report_data(bad)
    html = render_html(data, include_plotlyjs=False)
    assert "<script>alert(1)" not in html and "</script><b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in html
    md = render_markdown(data)
    assert "<script>" not in md and "&lt;script&gt;" in md and "\\|" in md


def test_iso3_and_id_resolve_to_the_same_case() -> None:
    assert build_report_data("KAZ").model_dump() == build_report_data("kazakhstan").model_dump()
    with pytest.raises(InputError, match="no built-in case"):
        build_report_data("XYZ")


def test_series_draws_a_path_on_the_ternary() -> None:
    series = pd.DataFrame(
        {
            "country": "KAZ",
            "dimension": "trade",
            "year": [2021, 2022, 2023],
            "tilt_rus": [0.4, 0.35, 0.3],
            "tilt_chn": [0.3, 0.3, 0.35],
            "tilt_west": [0.3, 0.35, 0.35],
            "balance": [0.9, 0.92, 0.93],
            "sources": ["a", "b", "c"],
        }
    )
    data = build_report_data("kazakhstan", series=series)
    assert [p.year for p in data.series] == [2021, 2022, 2023]
    parser = _Page()
    parser.feed(render_html(data, include_plotlyjs=False))
    traces = json.loads(parser.json_scripts["fig-ternary"])["data"]
    path = next(t for t in traces if t["name"] == "trade over time")
    assert path["mode"] == "lines+markers" and path["a"] == [0.4, 0.35, 0.3]
    assert "## Tilt over time" in render_markdown(data)


def test_weights_change_the_composite() -> None:
    base = build_report_data("kazakhstan")
    heavy = build_report_data("kazakhstan", weights={"security": 10, "trade": 1})
    assert heavy.composite is not None and base.composite is not None
    assert heavy.composite.dimensions_used == ["security", "trade"]
    assert heavy.composite.tilt_rus.value != base.composite.tilt_rus.value
