"""Render :class:`~multivector.report.model.ReportData` as one self-contained HTML page.

The page works offline: Plotly's JavaScript is inlined once in ``<head>`` (no CDN), the CSS is inline,
there are no fonts or images to fetch. Each chart's figure is embedded as JSON in a
``<script type="application/json" id="fig-...">`` element and drawn by a short script at the end, so the
charts can be checked by parsing the page. Every text from the case is escaped (jinja2 autoescape) and
every link goes through :func:`multivector.report.escape.safe_url` (the ``safe_url`` filter: http(s) only,
percent-encoded); ids and fragments through :func:`~multivector.report.escape.anchor`.
"""

from __future__ import annotations

from functools import cache

import jinja2
from plotly.offline import get_plotlyjs

from multivector.report.charts import figure_json, heatmap_figure, ternary_figure, timeline_figure
from multivector.report.charts_extra import (
    alignment_figure,
    balance_lines_figure,
    frontier_figure,
    moving_ternary_figure,
    sankey_figure,
    scenario_ternary_figure,
)
from multivector.report.escape import anchor, safe_url
from multivector.report.model import SINGLE_POWER_MARK, ReportData

__all__ = ["listed_partner_shares", "render_html"]

_STATUS_CLASS = {
    "verified": "ok",
    "reported": "warn",
    "claimed": "warn",
    "unverified": "warn",
    "disputed": "bad",
    "contradicted": "bad",
}


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
    env.filters["safe_url"] = safe_url
    env.filters["anchor"] = anchor
    return env


@cache
def _plotly_js() -> str:
    return get_plotlyjs()


def listed_partner_shares(data: ReportData) -> list[str]:
    """The dimensions whose exposure and power share are shares of the listed partners (no world total
    stated for the year), not of the country's total: the renderers mark them."""
    listed = {(p.dimension, p.year) for p in data.pole_shares if p.total_basis == "listed"}
    return [r.dimension for r in data.summary if (r.dimension, r.year) in listed]


def render_html(data: ReportData, include_plotlyjs: bool = True) -> str:
    """The report as one HTML page. ``include_plotlyjs=False`` leaves Plotly's JavaScript out (for
    embedding in a page that already loads it); the default inlines it so the file works offline."""
    charts = [
        ("ternary", "Between the giants", ternary_figure(data)),
        ("heatmap", "Dimension x power", heatmap_figure(data)),
        ("timeline", "Timeline", timeline_figure(data)),
    ]
    over = data.over_time
    if over is not None:
        charts.append(("series-balance", "Balance over time", balance_lines_figure(over)))
        charts.append(("series-ternary", "Tilt over time", moving_ternary_figure(over)))
        if over.alignment:
            charts.append(("series-alignment", "UN alignment", alignment_figure(over)))
    section = data.scenarios
    if section is not None:
        names = {i.id: i.name for i in data.infrastructure}
        charts.append(("scenario-ternary", "Before and after", scenario_ternary_figure(section)))
        for sc in section.scenarios:
            if sc.links:
                charts.append((f"sankey-{sc.name}", sc.title, sankey_figure(sc, names)))
        if section.frontier is not None:
            charts.append(("frontier", "Frontier", frontier_figure(section)))
    chart_json = {key: figure_json(fig) for key, _, fig in charts}
    heights = {key: int(fig.layout.height or 450) for key, _, fig in charts}
    template = _environment().get_template("report.html.j2")
    return template.render(
        data=data,
        listed=listed_partner_shares(data),
        charts=chart_json,
        heights=heights,
        single_power_mark=SINGLE_POWER_MARK,
        plotly_js=_plotly_js() if include_plotlyjs else "",
    )
