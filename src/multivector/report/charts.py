"""The report's Plotly charts of the assessment, each drawn from :class:`~.model.ReportData` alone.

* :func:`ternary_figure`: the country between Russia, China and the West, one marker per dimension (the
  figure the assessment uses) and the composite as a star; co-located markers are drawn as concentric rings
  and share one label (:func:`place_labels`), so labels never pile up at a corner;
* :func:`heatmap_figure`: dimension x power shares (RUS, CHN, USA, EU27, OTHER);
* :func:`timeline_figure`: the casebook's agreements and events on a time axis.

Colours come from the registry (:attr:`multivector.dimensions.DimensionSpec.colour`) and
:data:`multivector.powers.COLOURS`. Every text from a case or a dataset goes through :func:`chart_text`
(Plotly reads a subset of HTML in texts); :func:`figure_json` serialises a figure for embedding in HTML
(``<``, ``>`` and ``&`` escaped, so no text can close the ``<script>`` element).
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import plotly.graph_objects as go
import plotly.io as pio

from multivector import dimensions as vocab
from multivector.powers import COLOURS, POLES
from multivector.report.model import ReportData, SummaryRow
from multivector.report.wording import flag_words

__all__ = [
    "COMPOSITE_COLOUR",
    "TernaryLabel",
    "TernaryPoint",
    "chart_text",
    "dimension_colour",
    "figure_json",
    "heatmap_figure",
    "place_labels",
    "ternary_axes",
    "ternary_figure",
    "timeline_figure",
]

#: The composite's colour in every chart.
COMPOSITE_COLOUR = COLOURS["composite"]
_FALLBACK = COLOURS["OTHER"]
FONT = dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif", size=13)
_HOVER_ABC = "<br>Russia %{a:.2f}<br>China %{b:.2f}<br>West %{c:.2f}"
#: No tick labels at 0 and 1: the corners carry only their titles (and the markers' labels near them).
_TERNARY_AXIS = dict(
    min=0, linewidth=1.5, ticks="outside", gridcolor="#dddddd", tickvals=[0.2, 0.4, 0.6, 0.8]
)


def chart_text(value: object) -> str:
    """Text for a chart: Plotly reads ``<br>``, ``<b>``, ``<a href>`` and entities in texts, so every text
    from a case or a dataset is HTML-escaped (the chart shows it literally)."""
    return html.escape(str(value), quote=False)


def dimension_colour(name: str) -> str:
    """The dimension's colour from the registry (grey for anything else)."""
    spec = vocab.DIMENSIONS.get(name)
    return spec.colour if spec is not None else _FALLBACK


def layout(**kwargs: object) -> dict[str, object]:
    """The report's base layout, updated by ``kwargs``."""
    base: dict[str, object] = dict(
        template="plotly_white", font=FONT, margin=dict(l=60, r=40, t=60, b=50), paper_bgcolor="white"
    )
    base.update(kwargs)
    return base


def ternary_axes() -> dict[str, object]:
    """The Russia-China-West triangle: a = Russia (top), b = China (left), c = West (right)."""
    return dict(
        sum=1,
        aaxis=dict(title=dict(text="Russia"), **_TERNARY_AXIS),
        baxis=dict(title=dict(text="China"), **_TERNARY_AXIS),
        caxis=dict(title=dict(text="West (USA + EU27)"), **_TERNARY_AXIS),
        bgcolor="#fafafa",
    )


# ------------------------------------------------------------------------------------ label placement
#: Approximate side of the report's ternary triangle in pixels, the width of one label character and the
#: height of a label line: used to tell when two labels would overlap.
TERNARY_SIDE_PX = 400.0
_CHAR_PX = 7.4
_LINE_PX = 16.0
_PAD_PX = 4.0
#: Markers closer than this (in pixels) are one location: one label, concentric rings.
COLOCATED_PX = 12.0
#: Longest label; a cluster with longer joined names prints "<first> +<n>" (every name is in the hover).
LABEL_CHARS = 40


@dataclass(frozen=True)
class TernaryPoint:
    """A marker to label: its ``name`` (the label text) and coordinates (Russia, China, West)."""

    name: str
    a: float
    b: float
    c: float
    #: The marker's radius in pixels (the label starts beyond it).
    radius: float = 9.0

    def xy(self) -> tuple[float, float]:
        """Pixel position in the triangle (China corner at 0, 0; y up)."""
        total = (self.a + self.b + self.c) or 1.0
        a, c = self.a / total, self.c / total
        return ((c + a / 2) * TERNARY_SIDE_PX, a * math.sqrt(3) / 2 * TERNARY_SIDE_PX)


@dataclass
class TernaryLabel:
    """One label for a cluster of markers: where it sits (``point``, ``position``), its text, and the
    names of every marker it stands for (``members``, listed in its hover)."""

    point: TernaryPoint
    members: list[str] = field(default_factory=list)
    position: str = "top center"
    text: str = ""


def _position(p: TernaryPoint) -> str:
    """Text position pointing into the triangle near a corner, so a label never covers a corner's title or
    its tick labels."""
    if p.a >= 0.75:
        return "bottom right"
    if p.b >= 0.75:
        return "top right"
    if p.c >= 0.75:
        return "top left"
    return "top center"


def _text(members: Sequence[str]) -> str:
    joined = ", ".join(members)
    return joined if len(joined) <= LABEL_CHARS else f"{members[0]} +{len(members) - 1}"


def _box(label: TernaryLabel) -> tuple[float, float, float, float]:
    """The label's box (x0, y0, x1, y1) in pixels, padded."""
    x, y = label.point.xy()
    w, h, r = _CHAR_PX * len(label.text), _LINE_PX, label.point.radius
    if label.position == "bottom right":
        box = (x + r * 0.7, y - r * 0.7 - h, x + r * 0.7 + w, y - r * 0.7)
    elif label.position == "top right":
        box = (x + r * 0.7, y + r * 0.7, x + r * 0.7 + w, y + r * 0.7 + h)
    elif label.position == "top left":
        box = (x - r * 0.7 - w, y + r * 0.7, x - r * 0.7, y + r * 0.7 + h)
    else:
        box = (x - w / 2, y + r, x + w / 2, y + r + h)
    return (box[0] - _PAD_PX, box[1] - _PAD_PX, box[2] + _PAD_PX, box[3] + _PAD_PX)


def _clash(p: TernaryLabel, q: TernaryLabel) -> bool:
    (px, py), (qx, qy) = p.point.xy(), q.point.xy()
    if math.hypot(px - qx, py - qy) < COLOCATED_PX:
        return True
    a, b = _box(p), _box(q)
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(points: Sequence[TernaryPoint]) -> list[TernaryLabel]:
    """One label per cluster of markers: markers at one location, or whose labels would overlap, share one
    label (at the first member's marker) naming them all (shortened past :data:`LABEL_CHARS`; the hover
    lists every member). Merges until no two labels overlap."""
    labels = [TernaryLabel(point=p, members=[p.name], position=_position(p), text=p.name) for p in points]
    merged = True
    while merged:
        merged = False
        for i, first in enumerate(labels):
            for other in labels[i + 1 :]:
                if _clash(first, other):
                    first.members.extend(other.members)
                    first.text = _text(first.members)
                    labels.remove(other)
                    merged = True
                    break
            if merged:
                break
    return labels


def label_trace(labels: Sequence[TernaryLabel], colour: str = "#333333") -> go.Scatterternary:
    """The labels as one trace of text beside invisible markers as large as the labelled markers (so Plotly
    sets each text off its marker); no legend entry, no hover (the markers' own hovers name them)."""
    return go.Scatterternary(
        a=[lab.point.a for lab in labels],
        b=[lab.point.b for lab in labels],
        c=[lab.point.c for lab in labels],
        mode="markers+text",
        marker=dict(size=[2 * lab.point.radius for lab in labels], opacity=0),
        text=[chart_text(lab.text) for lab in labels],
        textposition=[lab.position for lab in labels],
        textfont=dict(size=12, color=colour),
        cliponaxis=False,
        showlegend=False,
        name="labels",
        hoverinfo="skip",
    )


# ------------------------------------------------------------------------------------------ ternary
def _has_tilt(row: SummaryRow) -> bool:
    return None not in (row.tilt_rus.value, row.tilt_chn.value, row.tilt_west.value)


def _ring_sizes(rows: Sequence[SummaryRow]) -> dict[str, int]:
    """Marker size per dimension: co-located markers get decreasing sizes (concentric rings, all visible)."""
    sizes: dict[str, int] = {}
    groups: dict[tuple[float, float], list[str]] = defaultdict(list)
    for row in rows:
        p = TernaryPoint(
            row.dimension, row.tilt_rus.value or 0.0, row.tilt_chn.value or 0.0, row.tilt_west.value or 0.0
        )
        x, y = p.xy()
        key = next((k for k in groups if math.hypot(k[0] - x, k[1] - y) < COLOCATED_PX), (x, y))
        groups[key].append(row.dimension)
    for members in groups.values():
        for i, name in enumerate(members):
            sizes[name] = 12 + 7 * (len(members) - 1 - i)
    return sizes


def ternary_figure(data: ReportData) -> go.Figure:
    """Scatterternary: a = Russia, b = China, c = West (USA + EU27); one marker per dimension with a tilt
    (legend and hover name it, the year, balance and whether the composite uses it) and the composite as a
    star; labels placed by :func:`place_labels`."""
    fig = go.Figure()
    rows = [r for r in data.summary if _has_tilt(r)]
    sizes = _ring_sizes(rows)
    points = []
    for row in rows:
        when = f" {row.year}" if row.year is not None else ""
        why = (
            ""
            if row.in_composite
            else "<br>not in the composite: " + chart_text("; ".join(flag_words(f) for f in row.flags))
        )
        fig.add_trace(
            go.Scatterternary(
                a=[row.tilt_rus.value],
                b=[row.tilt_chn.value],
                c=[row.tilt_west.value],
                mode="markers",
                cliponaxis=False,
                name=chart_text(f"{row.label or row.dimension}{when}"),
                legendgroup=row.dimension,
                marker=dict(
                    size=sizes[row.dimension],
                    color=dimension_colour(row.dimension),
                    line=dict(width=1.5, color="white"),
                    opacity=1.0 if row.in_composite else 0.55,
                ),
                hovertemplate=chart_text(f"{row.label or row.dimension}{when}")
                + _HOVER_ABC
                + f"<br>balance {chart_text(row.balance.text)}{why}<extra></extra>",
            )
        )
        points.append(
            TernaryPoint(
                row.dimension,
                row.tilt_rus.value or 0.0,
                row.tilt_chn.value or 0.0,
                row.tilt_west.value or 0.0,
                radius=sizes[row.dimension] / 2,
            )
        )
    comp = data.composite
    if comp is not None and None not in (comp.tilt_rus.value, comp.tilt_chn.value, comp.tilt_west.value):
        fig.add_trace(
            go.Scatterternary(
                a=[comp.tilt_rus.value],
                b=[comp.tilt_chn.value],
                c=[comp.tilt_west.value],
                mode="markers",
                cliponaxis=False,
                name="composite",
                marker=dict(
                    size=20, symbol="star", color=COMPOSITE_COLOUR, line=dict(width=1, color="white")
                ),
                hovertemplate="composite" + _HOVER_ABC + f"<br>balance {chart_text(comp.balance.text)}"
                "<extra></extra>",
            )
        )
        points.append(
            TernaryPoint(
                "composite",
                comp.tilt_rus.value or 0.0,
                comp.tilt_chn.value or 0.0,
                comp.tilt_west.value or 0.0,
                radius=12.0,
            )
        )
    if points:
        fig.add_trace(label_trace(place_labels(points)))
    fig.update_layout(
        **layout(
            title=dict(text=chart_text(f"{data.case_name} between Russia, China and the West")),
            ternary=ternary_axes(),
            legend=dict(orientation="v", x=1.02, y=1),
            margin=dict(l=70, r=40, t=90, b=60),
            height=560,
        )
    )
    return fig


# ------------------------------------------------------------------------------------------ heat map
def heatmap_figure(data: ReportData) -> go.Figure:
    """Heat map of each pole's share of each dimension's total, with the shares printed; a row whose shares
    are of the listed partners only says so."""
    rows = data.pole_shares
    y = [f"{r.dimension} ({r.year})" if r.year is not None else r.dimension for r in rows]
    y = [
        f"{label}, of listed partners" if r.total_basis == "listed" else label
        for label, r in zip(y, rows, strict=True)
    ]
    z = [[r.shares[p].value if p in r.shares else None for p in POLES] for r in rows]
    text = [[chart_text(r.shares[p].text) if p in r.shares else "" for p in POLES] for r in rows]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(POLES),
            y=[chart_text(v) for v in y],
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
        **layout(
            title=dict(text="Share of each power in each dimension"),
            height=120 + 48 * max(len(rows), 1),
            yaxis=dict(autorange="reversed"),
            xaxis=dict(side="top"),
            margin=dict(l=230, r=40, t=90, b=30),
        )
    )
    return fig


# ------------------------------------------------------------------------------------------ timeline
def timeline_figure(data: ReportData) -> go.Figure:
    """The agreements and events on a time axis, one row per dimension (``general`` when none)."""
    fig = go.Figure()
    by_dim: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for e in data.timeline:
        for dim in e.dimensions or ["general"]:
            by_dim[dim].append((e.date, e.title))
    for dim, items in by_dim.items():
        fig.add_trace(
            go.Scatter(
                x=[_as_date(d) for d, _ in items],
                y=[chart_text(dim)] * len(items),
                mode="markers",
                name=chart_text(dim),
                text=[chart_text(t) for _, t in items],
                marker=dict(size=12, color=dimension_colour(dim), line=dict(width=1, color="white")),
                hovertemplate="%{x|%d %b %Y}<br>%{text}<extra></extra>",
            )
        )
    fig.update_layout(
        **layout(
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
