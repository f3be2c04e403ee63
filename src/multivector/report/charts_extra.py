"""Plotly charts of the report's "Over time" and scenario sections, drawn from ReportData alone.

* :func:`balance_lines_figure`: the balance index per dimension 1992-latest (gaps where a source has no
  data, never zeros);
* :func:`moving_ternary_figure`: the tilt of each dimension moving over the years (a path per dimension,
  the year on hover, first and last years labelled);
* :func:`alignment_figure`: UN General Assembly agreement with Russia, China and the USA per year;
* :func:`scenario_ternary_figure`: each scenario's position before and after the shock;
* :func:`sankey_figure`: one scenario's flows after the shock (channel -> channel, rerouted, lost);
* :func:`frontier_figure`: gains against the largest single-power exposure, with today's position.
"""

from __future__ import annotations

from collections import defaultdict

import plotly.graph_objects as go

from multivector.report.charts import _FONT
from multivector.report.model import OverTime, ScenarioRow, ScenarioSection, SeriesPoint

__all__ = [
    "alignment_figure",
    "balance_lines_figure",
    "frontier_figure",
    "moving_ternary_figure",
    "sankey_figure",
    "scenario_ternary_figure",
]

SERIES_COLOURS: dict[str, str] = {
    "trade": "#2166ac",
    "arms": "#b2182b",
    "alliances": "#5e3c99",
    "unga": "#1b7837",
    "events": "#e08214",
}
POWER_COLOURS: dict[str, str] = {"RUS": "#c0392b", "CHN": "#e6a100", "USA": "#1f4e99"}
KIND_COLOURS: dict[str, str] = {
    "delivered": "rgba(120,140,160,0.45)",
    "rerouted": "rgba(33,102,172,0.6)",
    "lost": "rgba(178,24,43,0.6)",
    "shifted": "rgba(27,120,55,0.6)",
    "planned": "rgba(120,140,160,0.45)",
}
_TERNARY_AXES = dict(min=0, linewidth=1.5, ticks="outside", gridcolor="#dddddd")


def _layout(**kwargs: object) -> dict[str, object]:
    base: dict[str, object] = dict(
        template="plotly_white", font=_FONT, margin=dict(l=60, r=40, t=60, b=50), paper_bgcolor="white"
    )
    base.update(kwargs)
    return base


def _ternary_layout() -> dict[str, object]:
    return dict(
        sum=1,
        aaxis=dict(title=dict(text="Russia"), **_TERNARY_AXES),
        baxis=dict(title=dict(text="China"), **_TERNARY_AXES),
        caxis=dict(title=dict(text="West (USA + EU27)"), **_TERNARY_AXES),
        bgcolor="#fafafa",
    )


def balance_lines_figure(over: OverTime) -> go.Figure:
    """One line per dimension: the balance index (0-1) per year; ``None`` years break the line."""
    fig = go.Figure()
    for line in over.balance:
        exposure = line.extra.get("largest_exposure", [None] * len(line.years))
        fig.add_trace(
            go.Scatter(
                x=line.years,
                y=line.values,
                mode="lines+markers",
                name=line.label,
                connectgaps=False,
                line=dict(color=SERIES_COLOURS.get(line.key, "#666666"), width=2),
                marker=dict(size=5),
                customdata=[[e if e is not None else float("nan")] for e in exposure],
                hovertemplate=f"{line.label}<br>%{{x}}: balance %{{y:.2f}}"
                "<br>largest exposure %{customdata[0]:.1%}<extra></extra>",
            )
        )
    fig.update_layout(
        **_layout(
            title=dict(
                text=f"Balance between the four powers per dimension, {over.first_year}-{over.last_year}"
            ),
            xaxis=dict(title=dict(text="year"), range=[over.first_year - 0.5, over.last_year + 0.5], dtick=2),
            yaxis=dict(title=dict(text="balance index (0 = one power, 1 = even)"), range=[0, 1.02]),
            legend=dict(orientation="h", y=-0.18),
            height=460,
        )
    )
    return fig


def moving_ternary_figure(over: OverTime) -> go.Figure:
    """The tilt of each dimension moving over the years: a path per dimension, years on hover and the
    first and last years written beside their points."""
    fig = go.Figure()
    paths: dict[str, list[SeriesPoint]] = defaultdict(list)
    for p in over.ternary:
        paths[p.dimension].append(p)
    labels = {line.key: line.label for line in over.balance}
    for dim, pts in paths.items():
        pts.sort(key=lambda p: p.year or 0)
        colour = SERIES_COLOURS.get(dim, "#666666")
        n = len(pts)
        fig.add_trace(
            go.Scatterternary(
                a=[p.tilt_rus for p in pts],
                b=[p.tilt_chn for p in pts],
                c=[p.tilt_west for p in pts],
                mode="lines+markers+text",
                name=labels.get(dim, dim),
                line=dict(color=colour, width=1.5),
                marker=dict(
                    size=[5] * (n - 1) + [11] if n else [], color=colour, opacity=0.85, line=dict(width=0)
                ),
                text=[str(p.year) if i in (0, n - 1) else "" for i, p in enumerate(pts)],
                textposition="top right",
                textfont=dict(size=10, color=colour),
                cliponaxis=False,
                customdata=[[p.year, p.balance if p.balance is not None else float("nan")] for p in pts],
                hovertemplate=f"{dim} %{{customdata[0]}}<br>Russia %{{a:.2f}}<br>China %{{b:.2f}}"
                "<br>West %{c:.2f}<br>balance %{customdata[1]:.2f}<extra></extra>",
            )
        )
    fig.update_layout(
        **_layout(
            title=dict(text="The tilt moving over the years (large dot = latest year)"),
            ternary=_ternary_layout(),
            legend=dict(orientation="v", x=1.02, y=1),
            margin=dict(l=60, r=40, t=90, b=50),
            height=560,
        )
    )
    return fig


def alignment_figure(over: OverTime) -> go.Figure:
    """UN General Assembly agreement with Russia, China and the USA per year (three lines)."""
    fig = go.Figure()
    for line in over.alignment:
        same = line.extra.get("same_vote", [None] * len(line.years))
        votes = line.extra.get("n_votes", [None] * len(line.years))
        fig.add_trace(
            go.Scatter(
                x=line.years,
                y=line.values,
                mode="lines+markers",
                name=f"with {line.label}",
                connectgaps=False,
                line=dict(color=POWER_COLOURS.get(line.key, "#666666"), width=2),
                marker=dict(size=5),
                customdata=[
                    [s if s is not None else float("nan"), v if v is not None else float("nan")]
                    for s, v in zip(same, votes, strict=True)
                ],
                hovertemplate=f"with {line.label}, %{{x}}<br>agreement %{{y:.2f}}"
                "<br>same vote %{customdata[0]:.0%} of %{customdata[1]:.0f} joint votes<extra></extra>",
            )
        )
    fig.update_layout(
        **_layout(
            title=dict(text=f"UN General Assembly vote agreement, {over.first_year}-{over.last_year}"),
            xaxis=dict(title=dict(text="year"), range=[over.first_year - 0.5, over.last_year + 0.5], dtick=2),
            yaxis=dict(title=dict(text="agreement (Voeten, 0-1)"), range=[0, 1.02]),
            legend=dict(orientation="h", y=-0.18),
            height=420,
        )
    )
    return fig


def scenario_ternary_figure(section: ScenarioSection) -> go.Figure:
    """Each scenario's position before (hollow) and after (filled) the shock, joined by a line."""
    fig = go.Figure()
    palette = ["#2166ac", "#b2182b", "#1b7837", "#e08214", "#5e3c99", "#01665e", "#8c510a"]
    for i, sc in enumerate(section.scenarios):
        if sc.tilt_before is None or sc.tilt_after is None:
            continue
        colour = palette[i % len(palette)]
        before, after = sc.tilt_before, sc.tilt_after
        fig.add_trace(
            go.Scatterternary(
                a=[before[0], after[0]],
                b=[before[1], after[1]],
                c=[before[2], after[2]],
                mode="lines+markers",
                name=f"{sc.title} ({sc.dimension})",
                line=dict(color=colour, width=2),
                marker=dict(
                    size=[10, 14],
                    symbol=["circle-open", "circle"],
                    color=colour,
                    line=dict(width=2, color=colour),
                ),
                customdata=[["before", sc.balance_before.text], ["after", sc.balance_after.text]],
                hovertemplate=f"{sc.name} %{{customdata[0]}}<br>Russia %{{a:.2f}}<br>China %{{b:.2f}}"
                "<br>West %{c:.2f}<br>balance %{customdata[1]}<extra></extra>",
            )
        )
    fig.update_layout(
        **_layout(
            title=dict(text="Before (hollow) and after (filled) each shock"),
            ternary=_ternary_layout(),
            legend=dict(orientation="h", y=-0.12),
            margin=dict(l=60, r=40, t=90, b=40),
            height=600,
        )
    )
    return fig


def sankey_figure(sc: ScenarioRow, names: dict[str, str] | None = None) -> go.Figure:
    """The flows after the shock: planned volume by channel (left) -> where it went (right: the channel
    itself when delivered, another channel when rerouted, ``lost``)."""
    names = names or {}
    left = list(dict.fromkeys(link.source for link in sc.links))
    right = list(dict.fromkeys(link.target for link in sc.links))
    units = {link.source: link.unit for link in sc.links}
    labels = [f"{names.get(c, c)} (planned)" for c in left] + [
        "lost" if c == "lost" else f"{names.get(c, c)} (carried)" for c in right
    ]
    colours = ["#8da0b3"] * len(left) + ["#b2182b" if c == "lost" else "#2166ac" for c in right]
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node=dict(label=labels, color=colours, pad=14, thickness=14, line=dict(width=0)),
            link=dict(
                source=[left.index(link.source) for link in sc.links],
                target=[len(left) + right.index(link.target) for link in sc.links],
                value=[link.volume for link in sc.links],
                color=[KIND_COLOURS.get(link.kind, "rgba(150,150,150,0.5)") for link in sc.links],
                customdata=[[link.kind, link.unit or units.get(link.source) or ""] for link in sc.links],
                hovertemplate="%{source.label} -> %{target.label}<br>%{customdata[0]}: %{value:.3f}"
                " %{customdata[1]}<extra></extra>",
            ),
        )
    )
    fig.update_layout(
        **_layout(
            title=dict(text=f"{sc.title}: where the volume goes (over {sc.window_days:g} days)"),
            margin=dict(l=20, r=20, t=60, b=20),
            height=max(320, 60 + 34 * max(len(left), len(right))),
        )
    )
    return fig


def frontier_figure(section: ScenarioSection) -> go.Figure:
    """Expected gains against the largest single-power exposure along the frontier (colour = balance),
    with today's position marked."""
    front = section.frontier
    fig = go.Figure()
    if front is None:
        return fig
    pts = sorted(front.points, key=lambda p: p.largest_exposure)
    fig.add_trace(
        go.Scatter(
            x=[p.largest_exposure for p in pts],
            y=[p.gains for p in pts],
            mode="lines+markers",
            name="frontier",
            line=dict(color="#555555", width=2),
            marker=dict(
                size=9,
                color=[p.balance if p.balance is not None else float("nan") for p in pts],
                colorscale="Viridis",
                cmin=0,
                cmax=1,
                colorbar=dict(title=dict(text="balance"), x=1.02),
            ),
            customdata=[[p.balance if p.balance is not None else float("nan")] for p in pts],
            hovertemplate="exposure %{x:.1%}<br>gains %{y:.2f} bn USD/yr<br>balance %{customdata[0]:.2f}"
            "<extra></extra>",
        )
    )
    cur_x, cur_y = front.current_exposure.value, front.current_gains.value
    if cur_x is not None and cur_y is not None:
        fig.add_trace(
            go.Scatter(
                x=[cur_x],
                y=[cur_y],
                mode="markers+text",
                name="today",
                text=["today"],
                textposition="bottom left",
                marker=dict(size=16, symbol="star", color="#b2182b"),
                hovertemplate=f"today<br>exposure {front.current_exposure.text}<br>gains "
                f"{front.current_gains.text} bn USD/yr<br>balance {front.current_balance.text}"
                "<extra></extra>",
            )
        )
    fig.update_layout(
        **_layout(
            title=dict(text=f"Gains against dependence ({front.dimension}): the frontier and today"),
            xaxis=dict(
                title=dict(text="largest single-power exposure (share of the total)"), tickformat=".0%"
            ),
            yaxis=dict(title=dict(text="expected gains, billion USD per year")),
            legend=dict(orientation="h", y=-0.2),
            height=460,
        )
    )
    return fig
