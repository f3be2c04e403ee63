"""Render :class:`~multivector.report.model.ReportData` as Markdown: the same figures as the HTML page.

Each figure prints as its ``text`` followed by its citations, ``0.62 [[4]](#src-fn4)``; the sources list
at the end carries an ``<a id="src-fn4"></a>`` anchor per entry, so the links work on GitHub, in
pandoc and in MkDocs. Charts are not drawn: their numbers are in the tables. Text from the case is
escaped (Markdown specials and HTML).
"""

from __future__ import annotations

import html

from multivector.powers import POLES
from multivector.report.claims_section import claims_markdown
from multivector.report.model import (
    SINGLE_POWER_MARK,
    Citation,
    Figure,
    OverTime,
    ReportData,
    ScenarioSection,
    SeriesLine,
    SummaryRow,
)

__all__ = ["render_markdown"]

_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_[]|"})


def _esc(text: object) -> str:
    """Escape text for a Markdown table cell or paragraph: HTML, Markdown specials, line breaks."""
    s = html.escape(str(text), quote=False).translate(_SPECIALS)
    return " ".join(s.split())


def _cites(citations: list[Citation]) -> str:
    return "".join(f" [[{c.number}]](#{c.anchor})" for c in citations)


def _fig(f: Figure) -> str:
    return f"{_esc(f.text)}{_cites(f.citations)}"


def _amount(f: Figure) -> str:
    """A stated amount: the figure, its citations and its unit (no unit when the value is not stated)."""
    unit = f" {_esc(f.unit)}" if f.value is not None and f.unit else ""
    return f"{_fig(f)}{unit}"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _summary_cells(r: SummaryRow, first: str, when: str, unit: str, partners: str) -> list[str]:
    mark = _esc(SINGLE_POWER_MARK) if r.single_power else ""
    powers = f"{r.n_powers_quantified} of 4" if r.n_powers_quantified is not None else ""
    return [
        first,
        when,
        unit,
        _esc(r.balance.text) + mark,
        _esc(r.tilt_rus.text),
        _esc(r.tilt_chn.text),
        _esc(r.tilt_west.text),
        f"{_esc(r.tilt_lean or 'n/a')} ({_esc(r.tilt_strength.text)})",
        _esc(r.largest_power or "n/a"),
        _esc(r.largest_exposure.text),
        _esc(r.power_share.text),
        partners,
        powers,
        _cites(r.balance.citations).strip(),
    ]


def render_markdown(data: ReportData) -> str:
    """The report as a Markdown document (GitHub-flavoured tables)."""
    out: list[str] = [f"# {_esc(data.case_name)} between the giants", ""]
    if data.title:
        out += [f"*{_esc(data.title)}*", ""]
    out += [
        f"Case `{data.case_id}` ({_esc(data.country)}), {_esc(data.generated_with)}, "
        f"{len(data.sources)} sources.",
        "",
    ]
    if data.description:
        out += [_esc(data.description), ""]
    out += ["## How to read this", ""]
    for para in data.how_to_read:
        out += [_esc(para), ""]

    out += ["## Balance and tilt by dimension", ""]
    out.append(
        _row(
            [
                "Dimension",
                "As of",
                "Unit",
                "Balance",
                "Russia",
                "China",
                "West",
                "Lean (strength)",
                "Largest power",
                "Exposure",
                "Power share",
                "Partners",
                "Powers",
                "Sources",
            ]
        )
    )
    out.append(_row(["---"] * 3 + ["---:"] * 4 + ["---", "---"] + ["---:"] * 4 + ["---"]))
    for r in data.summary:
        out.append(
            _row(
                _summary_cells(
                    r,
                    _esc(r.dimension),
                    str(r.year) if r.year is not None else "n/a",
                    _esc(r.unit or ""),
                    str(r.n_partners) if r.n_partners is not None else "",
                )
            )
        )
    c = data.composite
    if c is not None:
        out.append(_row(_summary_cells(c, "**composite**", "latest of each", "", "")))
        weights = ", ".join(f"{k} {v:.3g}" for k, v in c.weights.items())
        cover = (
            f" (the data cover {100 * c.coverage:.0f}% of the intended weight)"
            if c.coverage is not None
            else ""
        )
        left_out = (
            f" Left out of the composite: {_esc(', '.join(c.dimensions_excluded))}."
            if c.dimensions_excluded
            else ""
        )
        out += [
            "",
            f"Composite: weighted mean over {_esc(', '.join(c.dimensions_used))}{cover}. "
            f"Weights: {_esc(weights)}. Years used: {_esc(c.as_of.replace(',', ', '))}.{left_out} "
            "The numbers of each row come from the sources in its last column.",
        ]
    for note in data.summary_notes:
        out += ["", _esc(note)]
    out.append("")

    out += ["## Dimension x power", "", "Share of each power in each dimension's total (latest year).", ""]
    out.append(_row(["Dimension", "As of", *POLES, "Total"]))
    out.append(_row(["---", "---"] + ["---:"] * len(POLES) + ["---"]))
    for ps in data.pole_shares:
        cells = [_fig(ps.shares[p]) if p in ps.shares else "" for p in POLES]
        basis = "world total" if ps.total_basis == "world" else "listed partners"
        out.append(_row([_esc(ps.dimension), str(ps.year) if ps.year is not None else "n/a", *cells, basis]))
    out.append("")

    if len({p.dimension for p in data.series}) < len(data.series):
        out += [
            "## Tilt over time",
            "",
            "Ternary coordinates for dimensions with a series (the chart's paths).",
            "",
        ]
        out.append(_row(["Dimension", "Year", "Russia", "China", "West", "Balance"]))
        out.append(_row(["---", "---"] + ["---:"] * 4))
        for p in data.series:
            bal = f"{p.balance:.2f}" if p.balance is not None else "n/a"
            out.append(
                _row(
                    [
                        _esc(p.dimension),
                        str(p.year),
                        f"{p.tilt_rus:.2f}",
                        f"{p.tilt_chn:.2f}",
                        f"{p.tilt_west:.2f}",
                        bal,
                    ]
                )
            )
        out.append("")

    if data.data_note:
        out += [f"> {_esc(data.data_note)}", ""]
    if data.over_time is not None:
        out += _over_time(data.over_time)
    if data.scenarios is not None:
        out += _scenarios(data.scenarios)

    out += ["## The figures behind the profile", ""]
    out.append(_row(["Dimension", "Year", "Partner", "Kind", "Basis", "Value", "Unit"]))
    out.append(_row(["---"] * 5 + ["---:", "---"]))
    for t in data.ties:
        out.append(
            _row(
                [
                    _esc(t.dimension),
                    str(t.year) if t.year is not None else "n/a",
                    _esc(t.partner_name),
                    _esc(t.kind or ""),
                    _esc(t.basis or ""),
                    _fig(t.value),
                    _esc(t.value.unit or ""),
                ]
            )
        )
    out.append("")

    out += ["## Timeline of agreements and events", ""]
    for e in data.timeline:
        place = f", {_esc(e.place)}" if e.place else ""
        dims = f"; {_esc(', '.join(e.dimensions))}" if e.dimensions else ""
        out.append(
            f"- **{_esc(e.date)}** {_esc(e.title)} ({_esc(e.kind)}{place}; {_esc(', '.join(e.parties))}"
            f"{dims}){_cites(e.citations)}"
        )
        for a in e.amounts:
            out.append(f"  - {_esc(a.label)}: {_amount(a)}")
    out.append("")

    out += ["## Infrastructure", ""]
    out.append(
        _row(["Name", "Kind", "Capacity", "Operator", "Owners", "Crosses", "Pole", "Latest flow", "Sources"])
    )
    out.append(_row(["---"] * 9))
    for i in data.infrastructure:
        cap = _amount(i.capacity) if i.capacity else ""
        flow = ""
        if i.latest_flow:
            when = i.latest_flow.label.split(": ", 1)[-1]
            flow = f"{_amount(i.latest_flow)} ({_esc(when)})"
        out.append(
            _row(
                [
                    _esc(i.name),
                    f"{_esc(i.kind)} ({_esc(i.dimension)})",
                    cap,
                    _esc(i.operator or ""),
                    _esc(i.owners),
                    _esc(" → ".join(i.crosses)),
                    _esc(i.pole or ""),
                    flow,
                    _cites(i.citations).strip(),
                ]
            )
        )
    out.append("")

    out += ["## Claims", "", "Statements as made, with their status. A claim is not a verified fact.", ""]
    for cl in data.claims:
        who = f" {_esc(cl.speaker)}" if cl.speaker else ""
        when = f" ({_esc(cl.date)})" if cl.date else ""
        out.append(
            f"- **[{_esc(cl.status.upper())}]**{who}{when}: "
            f"\u201c{_esc(cl.statement)}\u201d{_cites(cl.citations)}"
        )
        for a in cl.amounts:
            out.append(f"  - {_esc(a.label)}: {_amount(a)}")
        if cl.status_note:
            out.append(f"  - Status: {_esc(cl.status_note)}")
    out.append("")

    out += claims_markdown(data.claims_checked)
    out += ["## Sources", ""]
    for s in data.sources:
        url = (
            f" <{s.url}>"
            if s.url and s.url.startswith(("http://", "https://"))
            else (f" {_esc(s.url)}" if s.url else "")
        )
        note = f" {_esc(s.note)}" if s.note else ""
        out.append(f'{s.number}. <a id="{s.anchor}"></a>{_esc(s.text)}{url}{note}')
    out += ["", f"*Built with {_esc(data.generated_with)}.*", ""]
    return "\n".join(out)


def _value(v: float | None) -> str:
    return f"{v:.2f}" if v is not None else "n/a"


def _series_table(lines: list[SeriesLine], header: list[str]) -> list[str]:
    out = [_row(["Year", *header]), _row(["---"] + ["---:"] * len(lines))]
    for i, year in enumerate(lines[0].years):
        out.append(_row([str(year), *(_value(line.values[i]) for line in lines)]))
    return [*out, ""]


def _over_time(ot: OverTime) -> list[str]:
    """The "Over time" section: the balance per dimension, the UN alignment and the tilt path, as tables;
    the datasets are cited once per series (n/a: the source does not cover the year)."""
    cites = "; ".join(f"{_esc(line.label)}{_cites(line.citations)}" for line in ot.balance)
    if ot.alignment:
        cites += f"; UN General Assembly alignment{_cites(ot.alignment[0].citations)}"
    out = [
        f"## Over time, {ot.first_year}-{ot.last_year}",
        "",
        "From the imported datasets: the balance index per dimension and year (n/a: no measurement that "
        "year, never a zero; unga is the UN-vote equidistance, on another scale and not in the composite). "
        f"Sources: {cites}.",
        "",
    ]
    if ot.balance:
        out += _series_table(ot.balance, [_esc(line.key) for line in ot.balance])
    if ot.alignment:
        out += [
            "### UN General Assembly alignment",
            "",
            f"{_esc(ot.alignment_measure)} of {_esc(ot.country)} with each power.",
            "",
        ]
        out += _series_table(ot.alignment, [_esc(line.label) for line in ot.alignment])
    if ot.ternary:
        out += [
            "### The tilt moving over the years",
            "",
            "Ternary coordinates per dimension and year (the chart's paths).",
            "",
            _row(["Dimension", "Year", "Russia", "China", "West", "Balance"]),
            _row(["---", "---"] + ["---:"] * 4),
        ]
        for p in ot.ternary:
            coords = [f"{p.tilt_rus:.2f}", f"{p.tilt_chn:.2f}", f"{p.tilt_west:.2f}", _value(p.balance)]
            out.append(_row([_esc(p.dimension), str(p.year), *coords]))
        out.append("")
    for note in ot.notes:
        out.append(f"- {_esc(note)}")
    return [*out, ""] if ot.notes else out


def _scenarios(ss: ScenarioSection) -> list[str]:
    """The scenario section: one row per preset (figures cited), its assumptions, and the frontier."""
    out = [
        "## Scenarios: stress-testing the balance",
        "",
        f"**Assumptions.** {_esc(ss.assumptions_note)}",
        "",
    ]
    for sc in ss.scenarios:
        params = ", ".join(f"{k} = {v}" for k, v in sc.parameters.items())
        out += [
            f"### {_esc(sc.title)} (`{sc.name}`, {_esc(sc.dimension)})",
            "",
            f"Over {sc.window_days:g} days. Parameters: {_esc(params)}. Inputs cited:{_cites(sc.citations)}. "
            "Model outputs:",
            "",
            _row(["Measure", "Value", "Unit"]),
            _row(["---", "---:", "---"]),
        ]
        for f in sc.figures():
            out.append(_row([_esc(f.label.split(": ", 1)[-1]), _fig(f), _esc(f.unit or "")]))
        power = f"{sc.largest_power_before or 'n/a'} → {sc.largest_power_after or 'n/a'}"
        out += [
            _row(["Largest power before → after", _esc(power), ""]),
            _row(["Binding limits", _esc("; ".join(sc.binding) or "none"), ""]),
            "",
        ]
        if sc.links:
            out += [
                _row(["From", "To", "Volume", "Unit", "Kind"]),
                _row(["---", "---", "---:", "---", "---"]),
            ]
            for link in sc.links:
                out.append(
                    _row([_esc(link.source), _esc(link.target), f"{link.volume:,.3f}", _esc(link.unit or ""),
                          _esc(link.kind)])
                )  # fmt: skip
            out.append("")
        for a in sc.assumptions:
            out.append(f"- ASSUMPTION: {_esc(a)}")
        if sc.assumptions:
            out.append("")
    fr = ss.frontier
    if fr is not None:
        out += [
            f"### The frontier: gains against dependence ({_esc(fr.dimension)})",
            "",
            f"Today: gains {_fig(fr.current_gains)} bn USD a year at a largest exposure of "
            f"{_fig(fr.current_exposure)} (balance {_fig(fr.current_balance)}); the frontier offers "
            f"{_fig(fr.gain_gap)} bn USD more at the same exposure, or {_fig(fr.exposure_gap)} less exposure "
            "at the same gains. Model outputs under the presets' assumptions.",
            "",
            _row(["Exposure ceiling", "Gains (bn USD/yr)", "Largest exposure", "Balance"]),
            _row(["---:"] * 4),
        ]
        for pt in fr.points:
            out.append(
                _row([f"{100 * pt.epsilon:.1f}%", f"{pt.gains:.2f}", f"{100 * pt.largest_exposure:.1f}%",
                      _value(pt.balance)])
            )  # fmt: skip
        out.append("")
    return out
