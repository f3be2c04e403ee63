"""Plotly charts of the report's "Over time" section, drawn from :class:`~multivector.report.model.OverTime`.

* :func:`composite_figure`: the composite balance and the tilt (Russia, China, West) per year; the hover
  gives the year of every figure the year uses and the coverage;
* :func:`composite_ternary_figure`: the composite's path on the ternary chart, one marker per location
  (co-located years share it), the year on hover, the first and last labelled;
* :func:`balance_lines_figure`: each dimension's balance in the years it was measured, with documented
  caveats (:class:`~multivector.report.model.LineNote`) as shaded bands;
* :func:`alignment_figure`: UN General Assembly agreement with Russia, China, the USA and the EU27, with
  partial years and years of few joint votes marked.

Years without a value are gaps (``connectgaps=False``), never zeros. No chart has a play button or slider:
each works offline as a static figure with hover.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import plotly.graph_objects as go

from multivector.powers import COLOURS
from multivector.report.charts import (
    COMPOSITE_COLOUR,
    TernaryPoint,
    chart_text,
    dimension_colour,
    label_trace,
    layout,
    place_labels,
    ternary_axes,
)
from multivector.report.model import OverTime, SeriesLine, SeriesPoint
from multivector.report.wording import alignment_flags, figure_years_text

__all__ = [
    "alignment_figure",
    "balance_lines_figure",
    "composite_figure",
    "composite_ternary_figure",
    "years_text",
]

_NAN = float("nan")


def _or_nan(value: float | None) -> float:
    return _NAN if value is None else value


def _year_axis(over: OverTime) -> dict[str, object]:
    return dict(title=dict(text="year"), range=[over.first_year - 0.5, over.last_year + 0.5], dtick=2)


def _wrap(text: str, width: int = 70) -> str:
    return "<br>".join(textwrap.wrap(chart_text(text), width)) or ""


def years_text(years: Sequence[int]) -> str:
    """Years as ranges: ``[1992, 1993, 1995]`` -> ``"1992-1993, 1995"``."""
    out: list[str] = []
    ys = sorted(set(years))
    start = prev = ys[0] if ys else 0
    ends: list[int | None] = [*ys[1:], None]
    for y in ends:
        if y is not None and y == prev + 1:
            prev = y
            continue
        out.append(f"{start}-{prev}" if prev != start else str(start))
        if y is not None:
            start = prev = y
    return ", ".join(out) if ys else ""


# --------------------------------------------------------------------------------- composite and tilt
def composite_figure(over: OverTime) -> go.Figure:
    """The composite balance (thick) and the three tilt coordinates (dashed) per year, 0-1."""
    fig = go.Figure()
    if over.composite:
        comp = over.composite[0]
        coverage = comp.extra.get("coverage", [None] * len(comp.years))
        used = [
            _wrap(figure_years_text(over.figure_years.get(str(y), {})) or "no figure", 60) for y in comp.years
        ]
        fig.add_trace(
            go.Scatter(
                x=comp.years,
                y=comp.values,
                mode="lines+markers",
                name="composite balance",
                connectgaps=False,
                line=dict(color=COMPOSITE_COLOUR, width=3),
                marker=dict(size=6),
                customdata=[[_or_nan(c), u] for c, u in zip(coverage, used, strict=True)],
                hovertemplate="composite balance %{y:.2f}<br>coverage %{customdata[0]:.0%}"
                "<br>figures used: %{customdata[1]}<extra></extra>",
            )
        )
    for line in over.tilt:
        fig.add_trace(
            go.Scatter(
                x=line.years,
                y=line.values,
                mode="lines",
                name=f"tilt: {chart_text(line.label)}",
                connectgaps=False,
                line=dict(color=COLOURS.get(line.key, COLOURS["OTHER"]), width=1.8, dash="dash"),
                hovertemplate=f"tilt to {chart_text(line.label)} %{{y:.2f}}<extra></extra>",
            )
        )
    fig.update_layout(
        **layout(
            title=dict(text=f"Composite balance and tilt, {over.first_year}-{over.last_year}"),
            xaxis=_year_axis(over),
            yaxis=dict(title=dict(text="balance; tilt coordinate (0-1)"), range=[0, 1.02]),
            legend=dict(orientation="h", y=-0.18),
            hovermode="x unified",
            height=440,
        )
    )
    return fig


def _groups(points: Sequence[SeriesPoint]) -> list[list[SeriesPoint]]:
    """The points grouped by location (coordinates equal to three decimals), in year order."""
    groups: dict[tuple[float, float, float], list[SeriesPoint]] = {}
    for p in sorted(points, key=lambda q: q.year or 0):
        key = (round(p.tilt_rus, 3), round(p.tilt_chn, 3), round(p.tilt_west, 3))
        groups.setdefault(key, []).append(p)
    return list(groups.values())


def composite_ternary_figure(over: OverTime) -> go.Figure:
    """The composite's path: a line through the years (broken where a year has no composite), one marker
    per location coloured by year (co-located years share it; the hover lists them), the first and last
    years labelled."""
    fig = go.Figure()
    pts = sorted((p for p in over.ternary if p.year is not None), key=lambda p: p.year or 0)
    if pts:
        by_year = {p.year: p for p in pts}
        years = list(range(pts[0].year or 0, (pts[-1].year or 0) + 1))
        fig.add_trace(
            go.Scatterternary(
                a=[by_year[y].tilt_rus if y in by_year else None for y in years],
                b=[by_year[y].tilt_chn if y in by_year else None for y in years],
                c=[by_year[y].tilt_west if y in by_year else None for y in years],
                mode="lines",
                connectgaps=False,
                name="path",
                showlegend=False,
                line=dict(color="#9aa3ab", width=1.5),
                hoverinfo="skip",
            )
        )
        groups = _groups(pts)
        first, last = pts[0].year or 0, pts[-1].year or 0
        fig.add_trace(
            go.Scatterternary(
                a=[g[0].tilt_rus for g in groups],
                b=[g[0].tilt_chn for g in groups],
                c=[g[0].tilt_west for g in groups],
                mode="markers",
                cliponaxis=False,
                name="composite by year",
                marker=dict(
                    size=[9 + 2 * min(len(g) - 1, 4) for g in groups],
                    color=[g[-1].year for g in groups],
                    colorscale="Viridis",
                    cmin=first,
                    cmax=max(last, first + 1),
                    colorbar=dict(
                        title=dict(text="year"),
                        thickness=12,
                        len=0.7,
                        tickformat="d",
                        dtick=max(1, round((last - first) / 6)),
                    ),
                    line=dict(width=1, color="white"),
                ),
                customdata=[[years_text([p.year or 0 for p in g]), _or_nan(g[-1].balance)] for g in groups],
                hovertemplate="%{customdata[0]}" + "<br>Russia %{a:.2f}<br>China %{b:.2f}<br>West %{c:.2f}"
                "<br>composite balance %{customdata[1]:.2f}<extra></extra>",
            )
        )
        ends = [g for g in groups if any(p.year in (first, last) for p in g)]
        labelled = [
            TernaryPoint(
                years_text([p.year or 0 for p in g]),
                g[0].tilt_rus,
                g[0].tilt_chn,
                g[0].tilt_west,
                radius=(9 + 2 * min(len(g) - 1, 4)) / 2,
            )
            for g in ends
        ]
        fig.add_trace(label_trace(place_labels(labelled)))
    fig.update_layout(
        **layout(
            title=dict(text=f"The composite's path, {over.first_year}-{over.last_year}"),
            ternary=ternary_axes(),
            showlegend=False,
            margin=dict(l=70, r=40, t=90, b=60),
            height=560,
        )
    )
    return fig


# --------------------------------------------------------------------------------- each dimension
def _note_shapes(line: SeriesLine, colour: str) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    shapes, notes = [], []
    for n in line.notes:
        shapes.append(
            dict(
                type="rect",
                xref="x",
                yref="paper",
                x0=n.first_year - 0.5,
                x1=n.last_year + 0.5,
                y0=0,
                y1=1,
                fillcolor=colour,
                opacity=0.12,
                line=dict(width=0),
                layer="below",
            )
        )
        notes.append(
            dict(
                x=(n.first_year + n.last_year) / 2,
                y=1.0,
                xref="x",
                yref="paper",
                yanchor="bottom",
                showarrow=False,
                text=chart_text(f"{line.label} {n.first_year}-{n.last_year}: see the notes"),
                hovertext=_wrap(n.text),
                font=dict(size=11, color=colour),
            )
        )
    return shapes, notes


def balance_lines_figure(over: OverTime) -> go.Figure:
    """One line per dimension: the balance (0-1) in the years it was measured; ``None`` years break the
    line (a lone year is a lone marker); a balance on another scale (not comparable) is dotted."""
    fig = go.Figure()
    shapes: list[dict[str, object]] = []
    annotations: list[dict[str, object]] = []
    for line in over.balance:
        colour = dimension_colour(line.key)
        exposure = line.extra.get("largest_exposure", [None] * len(line.years))
        hover = (
            "<br>largest exposure %{customdata[0]:.1%}"
            if line.comparable
            else "<br>not a share of flows: not in the composite"
        )
        fig.add_trace(
            go.Scatter(
                x=line.years,
                y=line.values,
                mode="lines+markers",
                name=chart_text(line.label),
                connectgaps=False,
                line=dict(color=colour, width=2, dash="solid" if line.comparable else "dot"),
                marker=dict(size=6),
                customdata=[[_or_nan(e)] for e in exposure],
                hovertemplate=f"{chart_text(line.label)}<br>%{{x}}: balance %{{y:.2f}}{hover}<extra></extra>",
            )
        )
        more_shapes, more_notes = _note_shapes(line, colour)
        shapes += more_shapes
        annotations += more_notes
    fig.update_layout(
        **layout(
            title=dict(text=f"Each dimension's balance, {over.first_year}-{over.last_year}"),
            xaxis=_year_axis(over),
            yaxis=dict(title=dict(text="balance (0 = one power, 1 = even)"), range=[0, 1.02]),
            legend=dict(orientation="h", y=-0.18),
            shapes=shapes,
            annotations=annotations,
            margin=dict(l=60, r=40, t=80, b=50),
            height=480,
        )
    )
    return fig


# --------------------------------------------------------------------------------- UN alignment
def alignment_figure(over: OverTime) -> go.Figure:
    """UN General Assembly agreement with each power per year (four lines); a partial year or a year of
    few joint votes is an open marker, named in the hover and above the chart."""
    fig = go.Figure()
    flagged: dict[int, list[str]] = {}
    for line in over.alignment:
        same = line.extra.get("same_vote", [None] * len(line.years))
        votes = line.extra.get("n_votes", [None] * len(line.years))
        flags = [alignment_flags(line, i) for i in range(len(line.years))]
        for year, f in zip(line.years, flags, strict=True):
            if f:
                flagged.setdefault(year, []).append(f)
        fig.add_trace(
            go.Scatter(
                x=line.years,
                y=line.values,
                mode="lines+markers",
                name=f"with {chart_text(line.label)}",
                connectgaps=False,
                line=dict(color=COLOURS.get(line.key, COLOURS["OTHER"]), width=2),
                marker=dict(
                    size=[12 if f else 6 for f in flags],
                    symbol=["circle-open" if f else "circle" for f in flags],
                    line=dict(width=2),
                ),
                customdata=[
                    [_or_nan(s), _or_nan(v), chart_text(f) or "full year"]
                    for s, v, f in zip(same, votes, flags, strict=True)
                ],
                hovertemplate=f"with {chart_text(line.label)}, %{{x}}<br>agreement %{{y:.2f}}"
                "<br>same vote %{customdata[0]:.0%} of %{customdata[1]:.0f} joint votes"
                "<br>%{customdata[2]}<extra></extra>",
            )
        )
    notes = [
        dict(
            x=year,
            y=1.0,
            xref="x",
            yref="paper",
            yanchor="bottom",
            showarrow=False,
            text=chart_text(f"{year}: " + "; ".join(dict.fromkeys(f.split(" (")[0] for f in fs))),
            font=dict(size=11, color="#8a4b00"),
        )
        for year, fs in sorted(flagged.items())
    ]
    fig.update_layout(
        **layout(
            title=dict(text=f"UN General Assembly vote agreement, {over.first_year}-{over.last_year}"),
            xaxis=_year_axis(over),
            yaxis=dict(title=dict(text="agreement (Voeten, 0-1)"), range=[0, 1.02]),
            legend=dict(orientation="h", y=-0.18),
            annotations=notes,
            margin=dict(l=60, r=40, t=80, b=50),
            height=440,
        )
    )
    return fig
