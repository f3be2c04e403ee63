"""Plotly charts of the report's scenario section, drawn from :class:`ScenarioSection` alone (the "Over
time" charts are :mod:`.charts_time`).

* :func:`scenario_ternary_figure`: each scenario's position before and after the shock;
* :func:`sankey_figure`: one scenario's flows after the shock (channel -> channel, rerouted, lost), small
  channels merged into "other" and every flow in the hover;
* :func:`frontier_figure`: gains against the largest single-power exposure, with today's position.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

import plotly.graph_objects as go

from multivector.report.charts import FONT, chart_text, ternary_axes
from multivector.report.model import SankeyLink, ScenarioRow, ScenarioSection

__all__ = [
    "SANKEY_LABEL_CHARS",
    "SANKEY_MAX_NODES",
    "SANKEY_MIN_LABEL_SHARE",
    "SANKEY_NODE_PAD",
    "frontier_figure",
    "sankey_figure",
    "scenario_ternary_figure",
]

KIND_COLOURS: dict[str, str] = {
    "delivered": "rgba(120,140,160,0.45)",
    "rerouted": "rgba(33,102,172,0.6)",
    "lost": "rgba(178,24,43,0.6)",
    "shifted": "rgba(27,120,55,0.6)",
    "planned": "rgba(120,140,160,0.45)",
}


def _layout(**kwargs: object) -> dict[str, object]:
    base: dict[str, object] = dict(
        template="plotly_white", font=FONT, margin=dict(l=60, r=40, t=60, b=50), paper_bgcolor="white"
    )
    base.update(kwargs)
    return base


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
                name=chart_text(f"{sc.title} ({sc.dimension})"),
                line=dict(color=colour, width=2),
                marker=dict(
                    size=[10, 14],
                    symbol=["circle-open", "circle"],
                    color=colour,
                    line=dict(width=2, color=colour),
                ),
                customdata=[["before", sc.balance_before.text], ["after", sc.balance_after.text]],
                hovertemplate=f"{chart_text(sc.name)} %{{customdata[0]}}"
                "<br>Russia %{a:.2f}<br>China %{b:.2f}<br>West %{c:.2f}<br>balance %{customdata[1]}"
                "<extra></extra>",
            )
        )
    fig.update_layout(
        **_layout(
            title=dict(text="Before (hollow) and after (filled) each shock"),
            ternary=ternary_axes(),
            legend=dict(orientation="h", y=-0.12),
            margin=dict(l=60, r=40, t=90, b=40),
            height=600,
        )
    )
    return fig


#: Sankey legibility. A node carrying less than this share of the total volume gets no visible label (its
#: name and volume are in the hover), and two or more such channels are merged into one "other" node.
SANKEY_MIN_LABEL_SHARE = 0.04
#: At most this many nodes per column: the smallest channels beyond are merged into "other".
SANKEY_MAX_NODES = 8
#: Longest visible node label (longer names are shortened with an ellipsis; the hover has them in full).
SANKEY_LABEL_CHARS = 28
#: Pixels between two nodes of a column: more than a label's line height, so labels never overlap.
SANKEY_NODE_PAD = 20
SANKEY_FONT_SIZE = 12
#: The node the small channels are merged into.
SANKEY_OTHER = "other"


def _short(text: str, limit: int = SANKEY_LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _sankey_groups(volumes: dict[str, float], keep: Collection[str] = ()) -> dict[str, str]:
    """Each channel's node: itself, or :data:`SANKEY_OTHER` for the small channels merged (those below
    :data:`SANKEY_MIN_LABEL_SHARE`, when there are two or more, then the smallest beyond
    :data:`SANKEY_MAX_NODES`). Channels in ``keep`` (``lost``) are never merged."""
    total = sum(volumes.values()) or 1.0
    order = sorted(volumes, key=lambda c: (-volumes[c], c))
    merged = [c for c in order if c not in keep and volumes[c] < SANKEY_MIN_LABEL_SHARE * total]
    if len(merged) < 2:
        merged = []
    kept = [c for c in order if c not in merged]
    while len(kept) + (1 if merged else 0) > SANKEY_MAX_NODES:
        victim = next((c for c in reversed(kept) if c not in keep), None)
        if victim is None:
            break
        kept.remove(victim)
        merged.append(victim)
    return {c: (SANKEY_OTHER if c in merged else c) for c in volumes}


def _volumes(amounts: dict[str, float]) -> str:
    return ", ".join(f"{v:,.3f} {chart_text(u)}".rstrip() for u, v in amounts.items())


def sankey_figure(sc: ScenarioRow, names: dict[str, str] | None = None) -> go.Figure:
    """The flows after the shock: planned volume by channel (left) -> where it went (right: the channel
    itself when delivered, another channel when rerouted, ``lost``).

    Legible with many channels: labels are short (the full names are in the hover), channels carrying less
    than :data:`SANKEY_MIN_LABEL_SHARE` of the volume have no visible label and are merged into one "other"
    node, each column has at most :data:`SANKEY_MAX_NODES` nodes, and nodes are :data:`SANKEY_NODE_PAD`
    pixels apart. Every channel and every flow, with its own volume and unit, stays in the hover.
    """
    names = names or {}
    units = {link.source: link.unit for link in sc.links}

    def full(c: str) -> str:
        name = "lost" if c == "lost" else names.get(c, c)
        return chart_text(name if name == c else f"{name} [{c}]")

    def unit_of(link: SankeyLink) -> str:
        return link.unit or units.get(link.source) or ""

    # per column: channel -> unit -> volume
    sides: dict[str, dict[str, dict[str, float]]] = {"L": {}, "R": {}}
    for link in sc.links:
        for side, c in (("L", link.source), ("R", link.target)):
            amounts = sides[side].setdefault(c, {})
            amounts[unit_of(link)] = amounts.get(unit_of(link), 0.0) + link.volume
    size = {side: {c: sum(a.values()) for c, a in chans.items()} for side, chans in sides.items()}
    group = {"L": _sankey_groups(size["L"]), "R": _sankey_groups(size["R"], keep=("lost",))}
    total = sum(link.volume for link in sc.links) or 1.0

    nodes: list[tuple[str, str]] = []  # (column, channel or SANKEY_OTHER)
    for side in ("L", "R"):
        order = sorted(size[side], key=lambda c: (group[side][c] == SANKEY_OTHER, -size[side][c], c))
        nodes += list(dict.fromkeys((side, group[side][c]) for c in order))
    index = {node: i for i, node in enumerate(nodes)}
    labels, hovers, colours = [], [], []
    for side, key in nodes:
        members = sorted((c for c, g in group[side].items() if g == key), key=lambda c: -size[side][c])
        what = "planned" if side == "L" else ("lost" if key == "lost" else "carried")
        head = f"other channels ({len(members)})" if key == SANKEY_OTHER else full(key)
        hovers.append(f"<b>{head}</b> ({what})<br>" + "<br>".join(
            f"{full(c)}: {_volumes(sides[side][c])}" for c in members))  # fmt: skip
        if key == SANKEY_OTHER:
            shown = f"other ({len(members)})"
        else:
            shown = "lost" if key == "lost" else names.get(key, key)
        visible = sum(size[side][c] for c in members) >= SANKEY_MIN_LABEL_SHARE * total
        labels.append(chart_text(_short(shown)) if visible else "")
        colours.append("#8da0b3" if side == "L" else "#b2182b" if key == "lost" else "#2166ac")

    flows: dict[tuple[int, int, str], list[SankeyLink]] = defaultdict(list)
    for link in sc.links:
        key3 = (index[("L", group["L"][link.source])], index[("R", group["R"][link.target])], link.kind)
        flows[key3].append(link)
    link_hovers = [
        f"<b>{kind}</b><br>" + "<br>".join(
            f"{full(x.source)} -> {full(x.target)}: {_volumes({unit_of(x): x.volume})}" for x in links)
        for (_, _, kind), links in flows.items()
    ]  # fmt: skip
    unit_names = sorted({unit_of(link) for link in sc.links} - {""})
    title = chart_text(f"{sc.title}: where the volume goes (over {sc.window_days:g} days)")
    if len(unit_names) > 1:
        widths = chart_text(" and ".join(unit_names))
        title += f"<br><sup>widths add {widths}; hover for each flow in its unit</sup>"
    n_rows = max(1, *(sum(1 for side, _ in nodes if side == col) for col in ("L", "R")))
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            textfont=dict(size=SANKEY_FONT_SIZE),
            node=dict(
                label=labels, color=colours, pad=SANKEY_NODE_PAD, thickness=14, line=dict(width=0),
                customdata=hovers, hovertemplate="%{customdata}<extra></extra>",
            ),
            link=dict(
                source=[k[0] for k in flows], target=[k[1] for k in flows],
                value=[sum(x.volume for x in v) for v in flows.values()],
                color=[KIND_COLOURS.get(k[2], "rgba(150,150,150,0.5)") for k in flows],
                customdata=link_hovers, hovertemplate="%{customdata}<extra></extra>",
            ),
        )
    )  # fmt: skip
    header = dict(y=1.0, xref="paper", yref="paper", showarrow=False, yanchor="bottom",
                  font=dict(size=SANKEY_FONT_SIZE, color="#555555"))  # fmt: skip
    fig.update_layout(
        **_layout(
            title=dict(text=title),
            margin=dict(l=20, r=20, t=90, b=20),
            height=max(360, 150 + 44 * n_rows),
            annotations=[
                dict(x=0, text="planned", xanchor="left", **header),
                dict(x=1, text="carried, rerouted or lost", xanchor="right", **header),
            ],
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
