"""Render :class:`~multivector.report.model.ReportData` as one self-contained HTML page.

The page works offline: Plotly's JavaScript is inlined once in ``<head>`` (no CDN), the CSS is inline,
there are no fonts or images to fetch. Each chart's figure is embedded as JSON in a
``<script type="application/json" id="fig-...">`` element and drawn by a short script at the end, so the
charts can be checked by parsing the page. Every text goes through jinja2's autoescape (the one escape
function of this format); only http(s) URLs become links. The words shared with the Markdown renderer
come from :mod:`.wording`.
"""

from __future__ import annotations

from functools import cache

import jinja2
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from multivector.report import wording
from multivector.report.charts import figure_json, heatmap_figure, ternary_figure, timeline_figure
from multivector.report.charts_extra import frontier_figure, sankey_figure, scenario_ternary_figure
from multivector.report.charts_time import (
    alignment_figure,
    balance_lines_figure,
    composite_figure,
    composite_ternary_figure,
)
from multivector.report.escape import anchor, safe_url
from multivector.report.model import SINGLE_POWER_MARK, ReportData

__all__ = ["render_html"]

_STATUS_CLASS = {
    "verified": "ok",
    "reported": "warn",
    "claimed": "warn",
    "unverified": "warn",
    "disputed": "bad",
    "contradicted": "bad",
}


def _is_link(url: object) -> bool:
    """Only http(s) URLs become links (:func:`multivector.report.escape.safe_url`); anything else is
    printed as text."""
    return safe_url(url) is not None


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("multivector.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["status_class"] = lambda s: _STATUS_CLASS.get(str(s), "warn")
    env.globals["is_link"] = _is_link
    env.filters["safe_url"] = safe_url
    env.filters["anchor"] = anchor
    env.globals["words"] = wording
    return env


@cache
def _plotly_js() -> str:
    return get_plotlyjs()


def charts(data: ReportData) -> list[tuple[str, go.Figure]]:
    """(key, figure) of every chart the page draws, in page order; a section's charts only when the report
    has the section."""
    out: list[tuple[str, go.Figure]] = [("ternary", ternary_figure(data))]
    if data.pole_shares:
        out.append(("heatmap", heatmap_figure(data)))
    over = data.over_time
    if over is not None:
        if over.composite:
            out.append(("series-composite", composite_figure(over)))
        if over.ternary:
            out.append(("series-ternary", composite_ternary_figure(over)))
        if over.balance:
            out.append(("series-balance", balance_lines_figure(over)))
        if over.alignment:
            out.append(("series-alignment", alignment_figure(over)))
    section = data.scenarios
    if section is not None:
        names = {i.id: i.name for i in data.infrastructure}
        out.append(("scenario-ternary", scenario_ternary_figure(section)))
        out += [(f"sankey-{sc.name}", sankey_figure(sc, names)) for sc in section.scenarios if sc.links]
        if section.frontier is not None:
            out.append(("frontier", frontier_figure(section)))
    if data.timeline:
        out.append(("timeline", timeline_figure(data)))
    return out


def render_html(data: ReportData, include_plotlyjs: bool = True) -> str:
    """The report as one HTML page. ``include_plotlyjs=False`` leaves Plotly's JavaScript out (for
    embedding in a page that already loads it); the default inlines it so the file works offline."""
    drawn = charts(data)
    template = _environment().get_template("report.html.j2")
    return template.render(
        data=data,
        charts={key: figure_json(fig) for key, fig in drawn},
        heights={key: int(fig.layout.height or 450) for key, fig in drawn},
        single_power_mark=SINGLE_POWER_MARK,
        plotly_js=_plotly_js() if include_plotlyjs else "",
    )
