"""The report's Plotly charts, each drawn from :class:`~multivector.report.model.ReportData` alone.

* :func:`ternary_figure`: the country between Russia, China and the West, one point per dimension (the
  composite as a star) and, where a dimension has several years, its path over time;
* :func:`heatmap_figure`: dimension x power shares (RUS, CHN, USA, EU27, OTHER);
* :func:`timeline_figure`: the casebook's agreements and events on a time axis.

:func:`figure_json` serialises a figure for embedding in HTML (``<``, ``>`` and ``&`` escaped, so text from
a case file cannot close the ``<script>`` element).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import plotly.graph_objects as go
import plotly.io as pio

from multivector.powers import POLES
from multivector.report.model import SINGLE_POWER_MARK, ReportData, SeriesPoint

__all__ = ["figure_json", "heatmap_figure", "ternary_figure", "timeline_figure"]

#: One colour per dimension, shared by the ternary chart and the timeline.
DIMENSION_COLOURS: dict[str, str] = {
    "security": "#b2182b",
    "trade": "#2166ac",
    "energy": "#e08214",
    "transit": "#5e3c99",
    "investment": "#1b7837",
    "technology": "#01665e",
    "diplomacy": "#8c510a",
    "composite": "#111111",
}
_FALLBACK = "#666666"
_HOVER_ABC = "<br>Russia %{a:.2f}<br>China %{b:.2f}<br>West %{c:.2f}"
_FONT = dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif", size=13)


def _layout(**kwargs: object) -> dict[str, object]:
    base: dict[str, object] = dict(
        template="plotly_white", font=_FONT, margin=dict(l=40, r=40, t=50, b=40), paper_bgcolor="white"
    )
    base.update(kwargs)
    return base


def ternary_figure(data: ReportData) -> go.Figure:
    """Scatterternary: a = Russia, b = China, c = West (USA + EU27) for each dimension's latest year, the
    composite as a star, and a line through the years for every dimension with a series of two or more."""
    fig = go.Figure()
    paths: dict[str, list[SeriesPoint]] = defaultdict(list)
    for p in data.series:
        paths[p.dimension].append(p)
    for dim, pts in paths.items():
        if len(pts) < 2:
            continue
        fig.add_trace(
            go.Scatterternary(
                a=[p.tilt_rus for p in pts],
                b=[p.tilt_chn for p in pts],
                c=[p.tilt_west for p in pts],
                mode="lines+markers",
                name=f"{dim} over time",
                legendgroup=dim,
                showlegend=True,
                line=dict(color=DIMENSION_COLOURS.get(dim, _FALLBACK), width=1.5, dash="dot"),
                marker=dict(size=5, color=DIMENSION_COLOURS.get(dim, _FALLBACK), opacity=0.6),
                text=[str(p.year) if p.year is not None else "" for p in pts],
                hovertemplate=f"{dim} %{{text}}" + _HOVER_ABC + "<extra></extra>",
            )
        )
    for row in data.summary:
        if row.tilt_rus.value is None or row.tilt_chn.value is None or row.tilt_west.value is None:
            continue
        label = f"{row.dimension} {row.year}" if row.year is not None else row.dimension
        mark = SINGLE_POWER_MARK if row.single_power else ""
        why = "<br>one power quantified: balance 0 by construction" if row.single_power else ""
        if row.in_composite is False:
            why += "<br>not in the composite"
        fig.add_trace(
            go.Scatterternary(
                a=[row.tilt_rus.value],
                b=[row.tilt_chn.value],
                c=[row.tilt_west.value],
                mode="markers+text",
                cliponaxis=False,
                name=label,
                legendgroup=row.dimension,
                text=[row.dimension + mark],
                textposition="top center",
                marker=dict(
                    size=13,
                    color=DIMENSION_COLOURS.get(row.dimension, _FALLBACK),
                    line=dict(width=1, color="white"),
                ),
                hovertemplate=(
                    f"{label}<br>Russia %{{a:.2f}}<br>China %{{b:.2f}}<br>West %{{c:.2f}}"
                    f"<br>balance {row.balance.text}{mark}{why}<extra></extra>"
                ),
            )
        )
    comp = data.composite
    if comp is not None and None not in (comp.tilt_rus.value, comp.tilt_chn.value, comp.tilt_west.value):
        fig.add_trace(
            go.Scatterternary(
                a=[comp.tilt_rus.value],
                b=[comp.tilt_chn.value],
                c=[comp.tilt_west.value],
                mode="markers+text",
                cliponaxis=False,
                name="composite",
                text=["composite"],
                textposition="bottom center",
                marker=dict(size=20, symbol="star", color=DIMENSION_COLOURS["composite"]),
                hovertemplate=f"composite<br>Russia %{{a:.2f}}<br>China %{{b:.2f}}<br>West %{{c:.2f}}"
                f"<br>balance {comp.balance.text}<extra></extra>",
            )
        )
    axis = dict(min=0, linewidth=1.5, ticks="outside", gridcolor="#dddddd")
    fig.update_layout(
        **_layout(
            title=dict(text=f"{data.case_name} between Russia, China and the West"),
            ternary=dict(
                sum=1,
                aaxis=dict(title=dict(text="Russia"), **axis),
                baxis=dict(title=dict(text="China"), **axis),
                caxis=dict(title=dict(text="West (USA + EU27)"), **axis),
                bgcolor="#fafafa",
            ),
            legend=dict(orientation="v", x=1.02, y=1),
            margin=dict(l=60, r=40, t=90, b=50),
            height=560,
        )
    )
    return fig


def heatmap_figure(data: ReportData) -> go.Figure:
    """Heat map of each pole's share of each dimension's total (latest year), with the shares printed."""
    rows = data.pole_shares
    y = [f"{r.dimension} ({r.year})" if r.year is not None else r.dimension for r in rows]
    z = [[r.shares[p].value if p in r.shares else None for p in POLES] for r in rows]
    text = [[r.shares[p].text if p in r.shares else "" for p in POLES] for r in rows]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(POLES),
            y=y,
            text=text,
            texttemplate="%{text}",
            zmin=0,
            zmax=1,
            colorscale="Blues",
            colorbar=dict(title=dict(text="share"), tickformat=".0%"),
            xgap=2,
            ygap=2,
            hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
        )
    )
    fig.update_layout(
        **_layout(
            title=dict(text="Share of each power in each dimension"),
            height=120 + 48 * max(len(rows), 1),
            yaxis=dict(autorange="reversed"),
            xaxis=dict(side="top"),
        )
    )
    return fig


def timeline_figure(data: ReportData) -> go.Figure:
    """The agreements and events on a time axis, one row per dimension (``general`` when none)."""
    fig = go.Figure()
    by_dim: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for e in data.timeline:
        for dim in e.dimensions or ["general"]:
            by_dim[dim].append((e.date, e.title))
    for dim, items in by_dim.items():
        dates = [_as_date(d) for d, _ in items]
        fig.add_trace(
            go.Scatter(
                x=dates,
                y=[dim] * len(items),
                mode="markers",
                name=dim,
                text=[t for _, t in items],
                marker=dict(
                    size=12, color=DIMENSION_COLOURS.get(dim, _FALLBACK), line=dict(width=1, color="white")
                ),
                hovertemplate="%{x|%d %b %Y}<br>%{text}<extra></extra>",
            )
        )
    fig.update_layout(
        **_layout(
            title=dict(text="Agreements and events"),
            height=140 + 40 * max(len(by_dim), 1),
            showlegend=False,
            xaxis=dict(type="date"),
            yaxis=dict(type="category"),
        )
    )
    return fig


def _as_date(text: str) -> str:
    """Plotly date string for a full, month or year precision date ("2025", "2025-06", "2025-06-12")."""
    parts = text.split("-")
    if len(parts) == 1:
        return f"{parts[0]}-07-01"
    if len(parts) == 2:
        return f"{parts[0]}-{parts[1]}-15"
    return dt.date.fromisoformat(text).isoformat()


def figure_json(fig: go.Figure) -> str:
    """The figure as JSON safe to embed in ``<script type="application/json">``."""
    text = pio.to_json(fig, validate=False, pretty=False, engine="json")
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
