"""The rerouting Sankey stays legible with many channels: few, short, well-spaced labels; small channels
merged into "other"; and every channel and flow still in the hover."""

from __future__ import annotations

import html

import pytest

from multivector import casebook as cb
from multivector.report.charts_extra import (
    SANKEY_LABEL_CHARS,
    SANKEY_MAX_NODES,
    SANKEY_MIN_LABEL_SHARE,
    sankey_figure,
)
from multivector.report.model import SankeyLink, ScenarioRow, ScenarioSection
from multivector.report.scenario_section import preset_names, scenario_section


@pytest.fixture(scope="module")
def section() -> ScenarioSection:
    return scenario_section("kazakhstan", preset_names("kazakhstan"), set())[0]


@pytest.fixture(scope="module")
def names() -> dict[str, str]:
    return {i.id: i.name for i in cb.load_case("kazakhstan").infrastructure}


def _many(row: ScenarioRow, n: int = 24) -> ScenarioRow:
    """A row with ``n`` channels of falling size, every third losing half its volume, a few rerouted."""
    links: list[SankeyLink] = []
    for i in range(n):
        volume = 40.0 / (i + 1)
        unit = "billion cubic metres" if i % 5 == 4 else "million tonnes"
        if i % 3 == 0:
            links.append(
                SankeyLink(source=f"ch{i}", target="lost", volume=volume / 2, unit=unit, kind="lost")
            )
            volume /= 2
        if i % 4 == 1:
            links.append(
                SankeyLink(source=f"ch{i}", target="ch0", volume=volume / 4, unit=unit, kind="rerouted")
            )
            volume *= 0.75
        links.append(SankeyLink(source=f"ch{i}", target=f"ch{i}", volume=volume, unit=unit, kind="delivered"))
    return row.model_copy(update={"name": "many", "links": links})


def _check_legible(row: ScenarioRow, names: dict[str, str]) -> None:
    fig = sankey_figure(row, names)
    [trace] = fig.data
    node, link = trace.node, trace.link
    # labels and hovers are HTML-escaped for Plotly (report.charts.chart_text): measure what is shown
    labels = [html.unescape(x) for x in node.label]
    hovers = [html.unescape(x) for x in node.customdata]
    sources, targets, values = list(link.source), list(link.target), list(link.value)
    total = sum(x.volume for x in row.links)
    assert sum(values) == pytest.approx(total)  # merging keeps every unit of volume
    left = sorted(set(sources))
    right = sorted(set(targets))
    assert not set(left) & set(right) and sorted(left + right) == list(range(len(labels)))
    size = [0.0] * len(labels)
    for s, t, v in zip(sources, targets, values, strict=True):
        size[s] += v
        size[t] += v
    font = trace.textfont.size or fig.layout.font.size
    assert node.pad >= 1.3 * font  # two nodes' labels are at least a line apart
    plot_height = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    for column in (left, right):
        assert len(column) <= SANKEY_MAX_NODES
        assert (len(column) - 1) * node.pad <= plot_height / 2  # room for the padding: plotly keeps it
        shown = [labels[i] for i in column if labels[i]]
        assert len(shown) == len(set(shown))  # no two visible labels alike in a column
        for i in column:
            if labels[i]:
                assert len(labels[i]) <= SANKEY_LABEL_CHARS, labels[i]
                assert size[i] >= SANKEY_MIN_LABEL_SHARE * total - 1e-9, (labels[i], size[i] / total)
    # the hover still carries every channel, on its side, and every flow
    left_hover = " ".join(hovers[i] for i in left)
    right_hover = " ".join(hovers[i] for i in right)
    flows_hover = html.unescape(" ".join(link.customdata))
    for x in row.links:
        assert f"[{x.source}]" in left_hover or x.source in left_hover, x.source
        assert f"[{x.target}]" in right_hover or x.target in right_hover, x.target
        assert f"{x.volume:,.3f}" in flows_hover, (x.source, x.target)


def test_preset_sankeys_are_legible(section: ScenarioSection, names: dict[str, str]) -> None:
    rows = [row for row in section.scenarios if row.links]
    assert any(len({x.target for x in row.links}) > SANKEY_MAX_NODES for row in rows)  # the crowded case
    for row in rows:
        _check_legible(row, names)


def test_many_channels_are_merged_into_other(section: ScenarioSection, names: dict[str, str]) -> None:
    row = _many(section.scenarios[0])
    _check_legible(row, names)
    [trace] = sankey_figure(row, names).data
    labels = list(trace.node.label)
    others = [label for label in labels if label.startswith("other (")]
    assert len(others) == 2  # one per column
    assert "lost" in labels  # never merged
    merged = [h for h in trace.node.customdata if h.startswith("<b>other channels")]
    assert all("ch23" in h or "ch22" in h for h in merged)
    # mixed units are said in the title, and each flow keeps its unit in the hover
    assert "billion cubic metres and million tonnes" in sankey_figure(row, names).layout.title.text


def test_long_names_are_shortened_but_kept_in_full_in_the_hover(
    section: ScenarioSection, names: dict[str, str]
) -> None:
    row = next(r for r in section.scenarios if r.name == "cpc-outage")
    long_names = {**names, "cpc": "The Caspian Pipeline Consortium pipeline from Tengiz to Novorossiysk"}
    [trace] = sankey_figure(row, long_names).data
    label = next(label for label in trace.node.label if label.startswith("The Caspian"))
    assert len(label) == SANKEY_LABEL_CHARS and label.endswith("\u2026")
    assert any(long_names["cpc"] + " [cpc]" in h for h in trace.node.customdata)


def test_names_from_the_case_are_escaped_for_plotly(section: ScenarioSection) -> None:
    """Plotly reads HTML in labels and hovers: a name from a case is shown literally, never as markup."""
    row = next(r for r in section.scenarios if r.name == "cpc-outage")
    evil = {"cpc": '<a href="javascript:alert(1)">CPC</a>'}
    [trace] = sankey_figure(row, evil).data
    texts = [*trace.node.label, *trace.node.customdata, *trace.link.customdata]
    assert not any("<a href" in t for t in texts)
    assert any("&lt;a href=" in t for t in texts)
