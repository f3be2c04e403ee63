"""Render :class:`~multivector.report.model.ReportData` as Markdown: the same figures as the HTML page.

Each figure prints as its ``text`` followed by its citations, ``0.62 [[4]](#src-fn4)``; the sources list
at the end carries an ``<a id="src-fn4"></a>`` anchor per entry, so the links work on GitHub, in
pandoc and in MkDocs. Charts are not drawn: their numbers are in the tables. Text from the case is
escaped (Markdown specials and HTML).
"""

from __future__ import annotations

import html

from multivector.powers import POLES
from multivector.report.model import Citation, Figure, ReportData, SummaryRow

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
    return [
        first,
        when,
        unit,
        _esc(r.balance.text),
        _esc(r.tilt_rus.text),
        _esc(r.tilt_chn.text),
        _esc(r.tilt_west.text),
        f"{_esc(r.tilt_lean or 'n/a')} ({_esc(r.tilt_strength.text)})",
        _esc(r.largest_power or "n/a"),
        _esc(r.largest_exposure.text),
        _esc(r.power_share.text),
        partners,
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
                "Sources",
            ]
        )
    )
    out.append(_row(["---"] * 3 + ["---:"] * 4 + ["---", "---"] + ["---:"] * 3 + ["---"]))
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
        out += [
            "",
            f"Composite: weighted mean over {_esc(', '.join(c.dimensions_used))}{cover}. "
            f"Weights: {_esc(weights)}. Years used: {_esc(c.as_of.replace(',', ', '))}. "
            "The numbers of each row come from the sources in its last column.",
        ]
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
