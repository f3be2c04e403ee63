"""The report of the built-in case without a store: the assessment rendered, the same in HTML, Markdown, JSON.

Every test here runs offline (``MULTIVECTOR_HOME`` is an empty directory: no store), so the report rests on
the Kazakhstan casebook; ``tests/report/test_report_series.py`` covers the report built from the real-data
store.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import multivector
from multivector import InputError
from multivector.assessment import FLAGS
from multivector.casebook import load_case
from multivector.report import ReportData, build_report_data, render, report_json, write_report
from multivector.report.markdown import _md_text, _md_url
from multivector.report.model import SINGLE_POWER_MARK
from multivector.report.movement import NO_DATA_NOTE


class Page(HTMLParser):
    """What the tests check: external resources, ids, local links, figures, chart JSON, table rows, the
    heading, the table of contents and the cells of the summary table by dimension."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.external: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self.local_links: list[str] = []
        self.toc: list[str] = []
        self.data_cites: list[str] = []
        self.figures: dict[str, str] = {}
        self.json_scripts: dict[str, str] = {}
        self.source_items: set[str] = set()
        self.rows: dict[str, dict[str, list[str]]] = {}
        self.h1 = ""
        self.hrefs: list[str] = []
        self._stack: list[str] = []
        self._fig: str | None = None
        self._script: str | None = None
        self._table: str | None = None
        self._row: list[str] | None = None
        self._td = False
        self._in_sources = False
        self._in_toc = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self._stack.append(tag)
        if tag in ("script", "link", "img", "iframe", "source") and (a.get("src") or a.get("href")):
            self.external.append((tag, a.get("src") or a.get("href") or ""))
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        if tag == "a" and a.get("href", "").startswith("#"):
            self.local_links.append(a["href"][1:])
            if self._in_toc:
                self.toc.append(a["href"][1:])
        if tag == "nav":
            self._in_toc = True
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
            self.rows.setdefault(self._table, {})
        if tag == "tr" and self._table and "data-dimension" in a:
            self._row = self.rows[self._table].setdefault(a["data-dimension"], [])
        if tag == "td" and self._row is not None:
            self._row.append("")
            self._td = True
        if tag == "ol" and "sources" in a.get("class", ""):
            self._in_sources = True
        if tag == "li" and self._in_sources:
            self.source_items.add(a.get("id", ""))

    def handle_endtag(self, tag: str) -> None:
        if self._stack:
            self._stack.pop()
        if tag == "span":
            self._fig = None
        if tag == "script":
            self._script = None
        if tag == "table":
            self._table = None
        if tag == "tr":
            self._row = None
        if tag == "td":
            self._td = False
        if tag == "ol":
            self._in_sources = False
        if tag == "nav":
            self._in_toc = False

    def handle_data(self, data: str) -> None:
        if self._fig is not None:
            self.figures[self._fig] += data
        if self._script is not None:
            self.json_scripts[self._script] += data
        if self._row is not None and self._td:
            self._row[-1] += data
        if "h1" in self._stack:
            self.h1 += data

    def chart(self, key: str) -> dict[str, Any]:
        return json.loads(self.json_scripts[f"fig-{key}"])


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    return page


@pytest.fixture(scope="module")
def data() -> ReportData:
    return build_report_data("KAZ")


@pytest.fixture(scope="module")
def html_text(data: ReportData) -> str:
    return render(data, "html")


@pytest.fixture(scope="module")
def page(html_text: str) -> Page:
    return parse(html_text)


@pytest.fixture(scope="module")
def markdown(data: ReportData) -> str:
    return render(data, "md")


@pytest.fixture(scope="module")
def assessment() -> multivector.Assessment:
    return multivector.assess("KAZ")


# ------------------------------------------------------------------------------------------ header
def test_header_names_country_year_and_casebook(data: ReportData, page: Page, markdown: str) -> None:
    a = multivector.assess("KAZ")
    assert (data.case_id, data.country, data.year) == ("kazakhstan", "KAZ", a.year)
    assert page.h1 == f"Kazakhstan between the giants, {a.year}"
    assert markdown.startswith(f"# Kazakhstan between the giants, {a.year}\n")
    assert "casebook kazakhstan" in markdown.splitlines()[4]


def test_table_of_contents_follows_the_sections(data: ReportData, page: Page, markdown: str) -> None:
    """Every section of the built-in case is there (no store: the over-time section from the casebook),
    and the table of contents lists exactly the sections on the page."""
    expected = ["summary", "ternary", "heatmap", "over-time", "ties", "timeline", "infrastructure", "claims",
                "claims-checked", "sources"]  # fmt: skip
    assert page.toc == expected and set(expected) <= page.ids
    toc = next(line for line in markdown.splitlines() if line.startswith("Contents: "))
    assert re.findall(r"\]\(#([a-z-]+)\)", toc) == [x for x in expected if x != "ternary"]
    for anchor in expected:
        if anchor != "ternary":
            assert f'<a id="{anchor}"></a>' in markdown


# ------------------------------------------------------------------------------------------ summary
def test_summary_prints_the_assessment(
    data: ReportData, page: Page, markdown: str, assessment: multivector.Assessment
) -> None:
    """Each dimension's balance, year, origin and evidence are the assessment's, in every format."""
    assert [r.dimension for r in data.summary] == [d.dimension for d in assessment.dimensions]
    md_rows: dict[str, str] = {}
    for line in markdown.split("## Balance and tilt", 1)[1].split("\n\n- ", 1)[0].splitlines():
        if m := re.match(r"\| .+? \((\w+)\) \|", line):
            md_rows[m.group(1)] = line
    for row, dim in zip(data.summary, assessment.dimensions, strict=True):
        expected = "n/a" if dim.balance is None else f"{dim.balance:.2f}"
        assert row.balance.text == expected
        assert (row.year, row.origin, row.age, row.flags) == (dim.year, dim.origin, dim.age, dim.flags)
        cells = page.rows["summary"][row.dimension]
        assert cells[3].startswith(expected), (row.dimension, cells)
        assert md_rows[row.dimension].split(" | ")[3].startswith(expected)
        if dim.evidence is not None:
            words = f"{dim.evidence.count} " + ("power" if dim.evidence.count == 1 else "powers")
            assert cells[8].startswith(words if dim.evidence.kind == "powers" else str(dim.evidence.count))
            assert f"(minimum {dim.evidence.minimum})" in cells[8]
        flags = "; ".join(FLAGS[f] for f in dim.flags)
        assert cells[10] == ("yes" if dim.in_composite else f"no: {flags}")
        assert cells[2] == (dim.origin or "")
    comp = page.rows["summary"]["composite"]
    assert comp[3] == f"{assessment.composite.balance:.2f}"
    assert data.composite is not None and data.composite.balance.value == assessment.composite.balance


def test_every_figure_is_cited_in_order(data: ReportData, page: Page) -> None:
    numbers = {c.id: c.number for c in data.sources}
    assert sorted(numbers.values()) == list(range(1, len(numbers) + 1))
    figures = list(data.figures())
    assert len(figures) > 50 and len({f.id for f in figures}) == len(figures)
    for fig in figures:
        assert fig.citations, f"{fig.id} has no citation"
        assert [c.id for c in fig.citations] == sorted(fig.sources, key=numbers.__getitem__)
        assert page.figures.get(fig.id) == fig.text, fig.id
    # every source link resolves to an entry of the sources list, and every entry is used
    anchors = {c.anchor for c in data.sources}
    assert page.source_items == anchors
    links = {h for h in page.local_links if h.startswith("src-")} | set(page.data_cites)
    assert links == anchors


def test_listed_partner_shares_are_never_called_world_totals(data: ReportData, page: Page) -> None:
    """Issue 14/18: where the casebook lists partners without a world total (trade: 94.7% to the four
    powers of the partners it lists), the shares say "of listed partners"."""
    listed = [r for r in data.summary if r.total_basis == "listed" and r.power_share.value is not None]
    assert "trade" in {r.dimension for r in listed}
    for r in listed:
        cells = page.rows["summary"][r.dimension]
        assert cells[6].endswith("of listed partners") and cells[7].endswith("of listed partners")
        assert "world total" not in cells[9] and "of listed partners" in r.power_share.label
    world = [r for r in data.summary if r.total_basis == "world"]
    assert world and all("listed" not in page.rows["summary"][r.dimension][7] for r in world)
    for ps in data.pole_shares:
        assert page.rows["pole-shares"][ps.dimension][-1] == (
            "world total" if ps.total_basis == "world" else "listed partners"
        )


def test_composite_note_names_years_reasons_weights_coverage(
    data: ReportData, html_text: str, markdown: str, assessment: multivector.Assessment
) -> None:
    c = assessment.composite
    used = ", ".join(f"{d} {c.years[d]}" for d in c.dimensions_used)
    left = "; ".join(f"{d} ({FLAGS[f]})" for d, f in c.excluded.items())
    for text in (f"weighted mean of {used} (each", f"Left out: {left}.", "Weights: 1 each.",
                 f"carry {100 * c.coverage:.0f}% of the weight"):  # fmt: skip
        assert text.replace("'", "&#39;") in html_text, text
        assert _md_text(text) in markdown, text
    weighted = build_report_data("KAZ", weights={"security": 2}, series=False)
    assert weighted.composite is not None and "Weights: 1 each, except security 2." in render(weighted, "md")
    expected = multivector.assess("KAZ", weights={"security": 2}).composite.balance
    assert expected != c.balance  # security (0.00) counts twice: the weight changes the figure
    assert weighted.composite.balance.value == expected


def test_single_power_is_marked_and_footnoted(data: ReportData, page: Page, markdown: str) -> None:
    marked = [r.dimension for r in data.summary if r.single_power]
    assert marked == ["transit", "technology"]  # one power quantified in the casebook
    for dim in marked:
        assert page.rows["summary"][dim][3] == "0.00" + SINGLE_POWER_MARK
        assert f"| 0.00{_md_text(SINGLE_POWER_MARK)} |" in next(
            line for line in markdown.splitlines() if f"({dim})" in line
        )
    assert data.summary_notes and "transit, technology" in data.summary_notes[0]
    assert "single-power-note" in page.ids and _md_text(data.summary_notes[0]) in markdown


# ------------------------------------------------------------------------------------------ formats
def test_json_carries_the_assessment(data: ReportData, tmp_path: Path) -> None:
    doc = json.loads(write_report(data, tmp_path / "kaz.json").read_text(encoding="utf-8"))
    assert doc["schema_version"] == "2"
    assert doc["assessment"] == multivector.assess("KAZ").to_dict()
    again = ReportData.model_validate(doc)
    assert [f.id for f in again.figures()] == [f.id for f in data.figures()]
    assert json.loads(report_json(data)) == doc
    weighted = build_report_data("KAZ", weights={"trade": 3}, series=False)
    expected = multivector.assess("KAZ", weights={"trade": 3}).to_dict()
    # the weight changes the composite, so a report that ignored it would differ from the library's
    assert expected["composite"] != multivector.assess("KAZ").to_dict()["composite"]
    assert weighted.assessment == expected


def test_markdown_mirrors_the_html(data: ReportData, html_text: str, page: Page, markdown: str) -> None:
    """Same sections, same figures, same citation numbers."""
    html_numbers = {int(n) for n in re.findall(r'href="#src-[^"]+"[^>]*>(\d+)</a>', html_text)}
    md_numbers = {int(n) for n in re.findall(r"\[\[(\d+)\]\]\(#src-", markdown)}
    assert html_numbers == md_numbers == {c.number for c in data.sources}
    for c in data.sources:
        assert f'<a id="{c.anchor}"></a>' in markdown and f"[[{c.number}]](#{c.anchor})" in markdown
    for fig in data.figures():
        assert _md_text(fig.text) in markdown, fig.id
    for key in ("series-composite", "series-balance"):
        assert f"fig-{key}" in page.json_scripts
    ot = data.over_time
    assert ot is not None
    table = markdown.split("### Each dimension's balance", 1)[1].split("\n\n", 2)[1].splitlines()[2:]
    cells = {int(r.split(" | ")[0].strip("| ")): [c.strip(" |") for c in r.split(" | ")[1:]] for r in table}
    for i, line in enumerate(ot.balance):
        for year, value in zip(line.years, line.values, strict=True):
            assert cells[year][i] == ("" if value is None else f"{value:.2f}"), (line.key, year)


def test_html_is_self_contained(html_text: str, page: Page) -> None:
    assert page.external == [], "no script, stylesheet or image may be fetched"
    assert not re.search(r"""<(script|link)[^>]+(src|href)\s*=\s*["']?https?:""", html_text, re.I)
    assert html_text.count("Plotly.newPlot") == 1 and len(html_text) > 3_000_000


def test_charts_take_colours_from_the_registry(page: Page) -> None:
    from multivector.dimensions import DIMENSIONS
    from multivector.powers import COLOURS

    ternary = page.chart("ternary")["data"]
    for trace in ternary:
        if trace.get("mode") == "markers" and trace.get("legendgroup") in DIMENSIONS:
            assert trace["marker"]["color"] == DIMENSIONS[trace["legendgroup"]].colour
    lines = page.chart("series-balance")["data"]
    assert lines and all(t["line"]["color"] == DIMENSIONS[_key(t["name"])].colour for t in lines)
    comp = page.chart("series-composite")["data"]
    assert comp[0]["line"]["color"] == COLOURS["composite"]
    assert [t["line"]["color"] for t in comp[1:]] == [COLOURS["RUS"], COLOURS["CHN"], COLOURS["WEST"]]


def _key(label: str) -> str:
    from multivector.dimensions import DIMENSIONS

    return next(k for k, d in DIMENSIONS.items() if d.label == label)


def test_no_store_series_rest_on_the_casebook_with_the_note(data: ReportData, page: Page) -> None:
    ot = data.over_time
    assert ot is not None and data.data_note == NO_DATA_NOTE and "data-note" in page.ids
    assert all(not s.startswith("data-") for line in ot.balance for s in line.sources)
    assert ot.alignment == [] and "over-time-notes" in page.ids
    # the last year of the composite line is the assessment's composite
    assert ot.last_year == data.year and ot.composite[0].values[-1] == data.composite.balance.value  # type: ignore[union-attr]


def test_casebook_sections_follow_the_case(data: ReportData, page: Page) -> None:
    case = load_case("kazakhstan")
    assert len(data.timeline) == len(case.agreements) and len(data.claims) == len(case.claims)
    assert len(data.infrastructure) == len(case.infrastructure)
    assert {f"event-{e.id}" for e in data.timeline} <= page.ids
    assert {f"claim-{c.id}" for c in data.claims} <= page.ids


def test_write_report_formats(tmp_path: Path, data: ReportData) -> None:
    assert write_report(data, tmp_path / "a.md").read_text(encoding="utf-8").startswith("# Kazakhstan")
    assert write_report(data, tmp_path / "a.txt", format="json").read_text(encoding="utf-8").startswith("{")
    assert write_report(data, tmp_path / "s" / "a.htm").read_text(encoding="utf-8").startswith("<!DOCTYPE")
    with pytest.raises(InputError, match="extension"):
        write_report(data, tmp_path / "a.pdf")


# ------------------------------------------------------------------------------------------ escaping
def test_case_text_and_urls_are_escaped() -> None:
    """Issue 14/5: a casebook whose text and source URL carry markup renders inert in HTML, Markdown and the
    charts; only http(s) URLs become links."""
    case = load_case("kazakhstan")
    evil = '"><script>alert(1)</script> & | * _'
    sources = [
        s.model_copy(update={"url": 'https://example.org/a"><script>alert(2)</script>'}) if i == 0 else
        s.model_copy(update={"url": "javascript:alert(3)"}) if i == 1 else s
        for i, s in enumerate(case.sources)
    ]  # fmt: skip
    agreements = [case.agreements[0].model_copy(update={"title": evil}), *case.agreements[1:]]
    bad = case.model_copy(update={"title": evil, "sources": sources, "agreements": agreements})
    data = build_report_data(bad, series=False)
    html = render(data, "html")
    assert "<script>alert" not in html and 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in html
    timeline = parse(html).chart("timeline")
    assert any("&lt;script&gt;" in t for trace in timeline["data"] for t in trace["text"])
    md = render(data, "md")
    assert "<script>" not in md and "\\|" in md and "(javascript:" not in md and "<javascript:" not in md
    assert "<https://example.org/a%22%3E%3Cscript%3Ealert%282%29%3C/script%3E>" in md


def test_md_url_allows_only_http_links() -> None:
    assert _md_url("https://a.org/x y?q=(1)") == "<https://a.org/x%20y?q=%281%29>"
    assert _md_url("HTTP://a.org/<b>") == "<HTTP://a.org/%3Cb%3E>"
    assert _md_url("javascript:alert(1)") == "javascript:alert(1)"
    assert _md_url("data:text/html,<script>") == "data:text/html,&lt;script&gt;"
    assert _md_url(None) == ""


def test_iso3_and_case_id_give_the_same_report() -> None:
    a = build_report_data("KAZ", series=False).model_dump()
    b = build_report_data("kazakhstan", series=False).model_dump()
    assert a == b


# ------------------------------------------------------------------------------------------ parts
def test_place_labels_groups_colocated_and_overlapping_labels() -> None:
    from multivector.report.charts import TernaryPoint, _box, place_labels

    corner = [TernaryPoint(n, 1.0, 0.0, 0.0) for n in ("security", "alliances", "transit")]
    near = TernaryPoint("energy", 0.96, 0.02, 0.02)  # 14 px below the corner: its label would overlap
    apart = TernaryPoint("trade", 0.3, 0.3, 0.4)
    labels = place_labels([*corner, near, apart])
    assert [lab.members for lab in labels] == [["security", "alliances", "transit", "energy"], ["trade"]]
    assert labels[0].position == "bottom right"  # into the triangle, off the Russia corner's title
    assert labels[0].text == "security, alliances, transit, energy"
    # 20 points 0.01 apart in Russia's coordinate (3.5 px): their labels must merge, into a few groups
    many = [TernaryPoint(f"d{a}", 0.3 + a / 100, 0.35 - a / 200, 0.35 - a / 200) for a in range(20)]
    placed = place_labels(many)
    assert 1 < len(placed) < len(many)
    assert sorted(m for lab in placed for m in lab.members) == sorted(p.name for p in many)
    boxes = [_box(lab) for lab in placed]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def test_years_text_compresses_runs() -> None:
    from multivector.report.charts_time import years_text

    assert years_text([1995, 1992, 1993, 2001, 2000]) == "1992-1993, 1995, 2000-2001"
    assert years_text([2024]) == "2024" and years_text([]) == ""


def test_alignment_passes_the_partial_year_through(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the panel has ``unga_coverage``/``unga_partial_year`` (panels/unga.py), the alignment lines
    carry them and the report names the partial year; ``few_votes`` flags a year far below the median."""
    import pandas as pd

    from multivector.report import movement
    from multivector.report.wording import alignment_flags, alignment_rows

    years = [2021, 2022, 2023, 2024]
    rows = [
        {"partner_iso3": p, "year": y, "unga_agreement": 0.8, "unga_same_vote": 0.7,
         "unga_n_votes": 4 if y == 2024 else 80, "unga_coverage": 0.43 if y == 2024 else 1.0,
         "unga_partial_year": y == 2024}
        for p in ("RUS", "CHN", "USA", "EU27") for y in years
    ]  # fmt: skip
    panel = pd.DataFrame(rows).astype({"unga_partial_year": "boolean"})
    monkeypatch.setattr(movement, "build_panel", lambda *args, **kwargs: panel)
    lines = movement._alignment("KAZ", years, store=None)  # type: ignore[arg-type]
    assert [line.key for line in lines] == ["RUS", "CHN", "USA", "EU27"]
    for line in lines:
        assert line.extra["partial_year"] == [0.0, 0.0, 0.0, 1.0]
        assert line.extra["few_votes"] == [0.0, 0.0, 0.0, 1.0]  # 4 < 0.25 x 80
        assert alignment_flags(line, 3) == "partial year (43% covered); few joint votes (4)"
        assert alignment_flags(line, 2) == ""
    from multivector.report.model import OverTime

    over = OverTime(country="KAZ", first_year=2021, last_year=2024, balance=[], alignment=lines,
                    alignment_measure="", ternary=[], datasets=[])  # fmt: skip
    assert alignment_rows(over)[-1][-1] == "partial year (43% covered); few joint votes (4)"
