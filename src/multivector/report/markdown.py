"""Render :class:`~multivector.report.model.ReportData` as Markdown: the same figures as the HTML page.

Each figure prints as its ``text`` followed by its citations, ``0.62 [[4]](#src-fn4)``, with the same
numbers as the HTML; the sources list at the end carries an ``<a id="src-fn4"></a>`` anchor per entry, so
the links work on GitHub, in pandoc and in MkDocs. Charts are not drawn: their numbers are in the tables.
The sections, their order and their words are the HTML's (:mod:`.wording`).

Escaping: every text goes through :func:`_md_text` (HTML and Markdown specials, line breaks) and every URL
through :func:`_md_url` (http(s) only, percent-encoded, as an autolink); anchors through :func:`_md_anchor`.
"""

from __future__ import annotations

from multivector.powers import POLES
from multivector.report import wording
from multivector.report.claims_section import claims_markdown
from multivector.report.escape import anchor, md_text, md_url
from multivector.report.model import (
    SINGLE_POWER_MARK,
    Citation,
    Figure,
    OverTime,
    ReportData,
    ScenarioSection,
    SummaryRow,
)
from multivector.report.model_trade import TradeBasesSection

__all__ = ["render_markdown"]


def _md_text(value: object) -> str:
    """Text for a Markdown table cell or paragraph (:func:`multivector.report.escape.md_text`)."""
    return md_text(value)


def _md_url(url: str | None) -> str:
    """A URL as an autolink when it is http(s), percent-encoded; any other URL (``javascript:``, a path)
    is printed as escaped text, never as a link (:func:`multivector.report.escape.md_url`)."""
    return md_url(url) if url else ""


def _md_anchor(value: str) -> str:
    """An anchor id: letters, digits, ``-`` and ``_`` only (:func:`multivector.report.escape.anchor`)."""
    return anchor(value)


def _cites(citations: list[Citation]) -> str:
    return "".join(f" [[{c.number}]](#{_md_anchor(c.anchor)})" for c in citations)


def _fig(f: Figure) -> str:
    return f"{_md_text(f.text)}{_cites(f.citations)}"


def _amount(f: Figure) -> str:
    """A stated amount: the figure, its citations and its unit (no unit when the value is not stated)."""
    unit = f" {_md_text(f.unit)}" if f.value is not None and f.unit else ""
    return f"{_fig(f)}{unit}"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: list[str], rows: list[list[str]], align: str = "") -> list[str]:
    """A GitHub table; ``align`` gives one letter per column (``l`` or ``r``, default ``l``)."""
    marks = ["---:" if align[i : i + 1] == "r" else "---" for i in range(len(header))]
    return [_row(header), _row(marks), *(_row(r) for r in rows), ""]


def _heading(level: int, anchor: str, text: str) -> list[str]:
    return [f'<a id="{_md_anchor(anchor)}"></a>', "", f"{'#' * level} {_md_text(text)}", ""]


# ------------------------------------------------------------------------------------------ summary
_SUMMARY_HEADER = [
    "Dimension", "Figure of", "Origin", "Balance", "Tilt R / C / W", "Lean (strength)", "Largest power",
    "Four powers' share", "Evidence", "Basis", "In composite", "Sources",
]  # fmt: skip


def _summary_cells(r: SummaryRow) -> list[str]:
    name = f"{_md_text(r.label or r.dimension)} ({_md_text(r.dimension)})"
    if "no_data" in r.flags:
        return [
            name,
            "no figure",
            "",
            "n/a",
            "",
            "",
            "",
            "",
            "",
            "",
            _md_text(wording.in_composite_text(r)),
            "",
        ]
    mark = _md_text(SINGLE_POWER_MARK) if r.single_power else ""
    share = _md_text(r.power_share.text + (wording.of_total(r) if r.power_share.value is not None else ""))
    return [
        name,
        _md_text(wording.year_text(r)),
        _md_text(r.origin or ""),
        _md_text(r.balance.text) + mark,
        " / ".join(_md_text(f.text) for f in (r.tilt_rus, r.tilt_chn, r.tilt_west)),
        f"{_md_text(r.tilt_lean or 'n/a')} ({_md_text(r.tilt_strength.text)})",
        _md_text(f"{r.largest_power or 'n/a'} {r.largest_exposure.text}{wording.of_total(r)}"),
        share,
        _md_text(r.evidence or ""),
        _md_text(wording.basis_text(r)),
        _md_text(wording.in_composite_text(r)),
        _cites(r.balance.citations).strip(),
    ]


def _summary(data: ReportData) -> list[str]:
    out = _heading(2, "summary", "Balance and tilt by dimension" + (f", {data.year}" if data.year else ""))
    rows = [_summary_cells(r) for r in data.summary]
    c = data.composite
    if c is not None:
        share = c.power_share.text + (wording.of_total(c) if c.power_share.value is not None else "")
        rows.append([
            "**Composite**", str(data.year or ""), "", _md_text(c.balance.text),
            " / ".join(_md_text(f.text) for f in (c.tilt_rus, c.tilt_chn, c.tilt_west)),
            f"{_md_text(c.tilt_lean or 'n/a')} ({_md_text(c.tilt_strength.text)})",
            _md_text(f"{c.largest_power or 'n/a'} {c.largest_exposure.text}{wording.of_total(c)}"),
            _md_text(share),
            f"coverage {100 * c.coverage:.0f}%" if c.coverage is not None else "", "", "",
            _cites(c.balance.citations).strip(),
        ])  # fmt: skip
    out += _table(_SUMMARY_HEADER, rows, "lllrrl")
    if c is not None:
        out += [f"- {_md_text(n)}" for n in wording.composite_notes(c, data.summary)] + [""]
    out += [x for n in data.summary_notes for x in (_md_text(n), "")]
    notes = wording.assessment_notes(data)
    if notes:
        out += [f"**Not measured ({len(notes)})**", "", *(f"- {_md_text(n)}" for n in notes), ""]
    out += ["The numbers of each row come from the sources in its last column.", ""]
    return out


def _pole_shares(data: ReportData) -> list[str]:
    out = _heading(2, "heatmap", "Dimension x power")
    rows = [
        [
            _md_text(ps.dimension),
            str(ps.year) if ps.year is not None else "n/a",
            *(_fig(ps.shares[p]) if p in ps.shares else "" for p in POLES),
            "world total" if ps.total_basis == "world" else "listed partners",
        ]
        for ps in data.pole_shares
    ]
    out += _table(["Dimension", "As of", *POLES, "Shares of"], rows, "ll" + "r" * len(POLES))
    out += [
        '"World total": shares of the country\'s total with every partner (the unlisted rest is OTHER). '
        '"Listed partners": shares of the partners the source lists, not of the whole total.',
        "",
    ]
    return out


# ------------------------------------------------------------------------------------------ over time
def _over_time(data: ReportData) -> list[str]:
    ot = data.over_time
    out = _heading(2, "over-time", "Over time" + (f", {ot.first_year}-{ot.last_year}" if ot else ""))
    if data.data_note:
        out += [f"> {_md_text(data.data_note)}", ""]
    if ot is None:
        return out
    out += [_over_time_intro(ot), ""]
    if ot.composite:
        out += ["### The composite balance and tilt", ""]
        header = ["Year", "Balance", "Russia", "China", "West", "Coverage", "Figures used"]
        rows = [[_md_text(c) for c in r] for r in wording.composite_rows(ot)]
        out += _table(header, rows, "lrrrrr")
    if ot.balance:
        out += ["### Each dimension's balance", ""]
        rows = [[_md_text(c) for c in r] for r in wording.balance_rows(ot)]
        out += _table(
            ["Year", *(_md_text(line.key) for line in ot.balance)], rows, "l" + "r" * len(ot.balance)
        )
    if ot.alignment:
        out += [
            "### UN General Assembly alignment",
            "",
            f"{_md_text(ot.alignment_measure)} of {_md_text(ot.country)} with each power per year; the flag "
            f"marks a year that covers part of the calendar year or rests on few joint votes."
            f"{_cites(ot.alignment[0].citations)}",
            "",
        ]
        rows = [[_md_text(c) for c in r] for r in wording.alignment_rows(ot)]
        header = ["Year", *(_md_text(line.label) for line in ot.alignment), "Flag"]
        out += _table(header, rows, "l" + "r" * len(ot.alignment))
    out += [f"- {_md_text(n)}" for n in ot.notes]
    return [*out, ""] if ot.notes else out


def _over_time_intro(ot: OverTime) -> str:
    cites = "composite" + (_cites(ot.composite[0].citations) if ot.composite else "")
    cites += "".join(f"; {_md_text(line.label)}{_cites(line.citations)}" for line in ot.balance)
    if ot.alignment:
        cites += f"; UN alignment{_cites(ot.alignment[0].citations)}"
    return (
        "Every year is assessed as the summary is: per dimension the newest sufficient figure up to that "
        "year, left out once older than its horizon. Empty cells are years without a figure, never zeros. "
        f"Sources: {cites}."
    )


# ------------------------------------------------------------------------------------------ trade by basis
def _trade_bases(tb: TradeBasesSection) -> list[str]:
    """Every basis's figure per year and power, the one the assessment uses marked, and the
    disagreements (:mod:`multivector.report.trade_bases_section`)."""
    out = _heading(2, "trade-bases", f"Trade by basis, {', '.join(str(y) for y in tb.years)}")
    out += [_md_text(tb.rule), ""]
    rows = [
        [str(r.year), _md_text(r.partner_name), f"{_md_text(f.text)}{_cites(f.citations)}", _md_text(f.label),
         _md_text(f.basis), _md_text(f.side_text()), _md_text(f.period_text()),
         "**used**" if f.selected else "", _md_url(f.url)]
        for r in tb.rows for f in r.figures
    ]  # fmt: skip
    header = ["Year", "Partner", "Million USD", "Whose figure", "Basis", "Side", "Period", "Assessment"]
    out += _table([*header, "Link"], rows, "llr")
    if tb.notes:
        out += [f"**Where the bases disagree by more than {tb.threshold:.0%}**", ""]
        return [*out, *(f"- {_md_text(n)}" for n in tb.notes), ""]
    return [*out, f"No two full-year figures differ by more than {tb.threshold:.0%} in these years.", ""]


# ------------------------------------------------------------------------------------------ scenarios
def _scenarios(ss: ScenarioSection) -> list[str]:
    """Each preset's outcome (figures cite the scenario's inputs, listed once per scenario), its
    assumptions, and the frontier."""
    out = _heading(2, "scenarios", "Scenarios: stress-testing the balance")
    out += [f"**Assumptions.** {_md_text(ss.assumptions_note)}", ""]
    for sc in ss.scenarios:
        params = ", ".join(f"{k} = {v}" for k, v in sc.parameters.items())
        out += [
            f"### {_md_text(sc.title)} ({_md_text(sc.name)}, {_md_text(sc.dimension)})",
            "",
            f"Over {sc.window_days:g} days. Parameters: {_md_text(params)}. "
            f"Inputs cited:{_cites(sc.citations)}. Model outputs:",
            "",
        ]
        rows = [[_md_text(f.label.split(": ", 1)[-1]), _md_text(f.text), _md_text(f.unit or "")]
                for f in sc.figures()]  # fmt: skip
        power = f"{sc.largest_power_before or 'n/a'} → {sc.largest_power_after or 'n/a'}"
        rows += [["Largest power before → after", _md_text(power), ""],
                 ["Binding limits", _md_text("; ".join(sc.binding) or "none"), ""]]  # fmt: skip
        out += _table(["Measure", "Value", "Unit"], rows, "lr")
        if sc.links:
            rows = [[_md_text(link.source), _md_text(link.target), f"{link.volume:,.3f}",
                     _md_text(link.unit or ""), _md_text(link.kind)] for link in sc.links]  # fmt: skip
            out += _table(["From", "To", "Volume", "Unit", "Kind"], rows, "llr")
        out += [f"- ASSUMPTION: {_md_text(a)}" for a in sc.assumptions]
        out += [""] if sc.assumptions else []
    fr = ss.frontier
    if fr is not None:
        out += [
            f"### The frontier: gains against dependence ({_md_text(fr.dimension)})",
            "",
            f"Today: gains {_md_text(fr.current_gains.text)} bn USD a year at a largest exposure of "
            f"{_md_text(fr.current_exposure.text)} (balance {_md_text(fr.current_balance.text)}); "
            f"the frontier offers {_md_text(fr.gain_gap.text)} bn USD more at the same exposure, or "
            f"{_md_text(fr.exposure_gap.text)} less exposure at the same gains. Model outputs under the "
            f"presets' assumptions.{_cites(fr.current_gains.citations)}",
            "",
        ]
        rows = [[f"{100 * pt.epsilon:.1f}%", f"{pt.gains:.2f}", f"{100 * pt.largest_exposure:.1f}%",
                 wording.series_value(pt.balance) or "n/a"] for pt in fr.points]  # fmt: skip
        out += _table(["Exposure ceiling", "Gains (bn USD/yr)", "Largest exposure", "Balance"], rows, "rrrr")
    return out


# ------------------------------------------------------------------------------------------ casebook
def _ties(data: ReportData) -> list[str]:
    rows = [
        [_md_text(t.dimension), str(t.year) if t.year is not None else "n/a", _md_text(t.partner_name),
         _md_text(t.kind or ""), _md_text(t.basis or ""), _fig(t.value), _md_text(t.value.unit or "")]
        for t in data.ties
    ]  # fmt: skip
    out = _heading(2, "ties", "The figures behind the profile")
    return out + _table(["Dimension", "Year", "Partner", "Kind", "Basis", "Value", "Unit"], rows, "lllllr")


def _timeline(data: ReportData) -> list[str]:
    out = _heading(2, "timeline", "Timeline of agreements and events")
    for e in data.timeline:
        place = f", {_md_text(e.place)}" if e.place else ""
        dims = f"; {_md_text(', '.join(e.dimensions))}" if e.dimensions else ""
        out.append(
            f"- **{_md_text(e.date)}** {_md_text(e.title)} ({_md_text(e.kind)}{place}; "
            f"{_md_text(', '.join(e.parties))}{dims}){_cites(e.citations)}"
        )
        out += [f"  - {_md_text(a.label)}: {_amount(a)}" for a in e.amounts]
    return [*out, ""]


def _infrastructure(data: ReportData) -> list[str]:
    rows = []
    for i in data.infrastructure:
        flow = ""
        if i.latest_flow:
            flow = f"{_amount(i.latest_flow)} ({_md_text(i.latest_flow.label.split(': ', 1)[-1])})"
        rows.append([
            _md_text(i.name), f"{_md_text(i.kind)} ({_md_text(i.dimension)})",
            _amount(i.capacity) if i.capacity else "", _md_text(i.operator or ""), _md_text(i.owners),
            _md_text(" → ".join(i.crosses)), _md_text(i.pole or ""), flow, _cites(i.citations).strip(),
        ])  # fmt: skip
    header = ["Name", "Kind", "Capacity", "Operator", "Owners", "Crosses", "Pole", "Latest flow", "Sources"]
    return _heading(2, "infrastructure", "Infrastructure") + _table(header, rows)


def _claims(data: ReportData) -> list[str]:
    out = _heading(2, "claims", "Claims")
    out += ["Statements as made, with their status. A claim is not a verified fact.", ""]
    for cl in data.claims:
        who = f" {_md_text(cl.speaker)}" if cl.speaker else ""
        when = f" ({_md_text(cl.date)})" if cl.date else ""
        out.append(
            f"- **[{_md_text(cl.status.upper())}]**{who}{when}: "
            f"\u201c{_md_text(cl.statement)}\u201d{_cites(cl.citations)}"
        )
        out += [f"  - {_md_text(a.label)}: {_amount(a)}" for a in cl.amounts]
        if cl.status_note:
            out.append(f"  - Status: {_md_text(cl.status_note)}")
    return [*out, ""]


def _sources(data: ReportData) -> list[str]:
    out = _heading(2, "sources", "Sources")
    for s in data.sources:
        url = f" {_md_url(s.url)}" if s.url else ""
        note = f" {_md_text(s.note)}" if s.note else ""
        out.append(f'{s.number}. <a id="{_md_anchor(s.anchor)}"></a>{_md_text(s.text)}{url}{note}')
    return out


# ------------------------------------------------------------------------------------------ document
def render_markdown(data: ReportData) -> str:
    """The report as a Markdown document (GitHub-flavoured tables), section for section the HTML page."""
    out: list[str] = [f"# {_md_text(wording.title(data))}", ""]
    if data.title:
        out += [f"*{_md_text(data.title)}*", ""]
    out += [
        f"{_md_text(wording.casebook_text(data))} · {_md_text(data.country)} · "
        f"{_md_text(data.generated_with)} · {len(data.sources)} sources",
        "",
        "Contents: "
        + " · ".join(f"[{_md_text(h)}](#{_md_anchor(a)})" for a, h in wording.sections(data, False)),
        "",
    ]
    if data.description:
        out += [_md_text(data.description), ""]
    out += ["## How to read this", ""]
    for para in data.how_to_read:
        out += [_md_text(para), ""]
    out += _summary(data)
    if data.pole_shares:
        out += _pole_shares(data)
    if data.over_time is not None or data.data_note:
        out += _over_time(data)
    if data.trade_bases is not None:
        out += _trade_bases(data.trade_bases)
    if data.scenarios is not None:
        out += _scenarios(data.scenarios)
    for present, part in (
        (data.ties, _ties),
        (data.timeline, _timeline),
        (data.infrastructure, _infrastructure),
        (data.claims, _claims),
    ):
        if present:
            out += part(data)
    out += claims_markdown(data.claims_checked)
    out += _sources(data)
    out += ["", f"*Built with {_md_text(data.generated_with)}; {_md_text(wording.casebook_text(data))}.*", ""]
    return "\n".join(out)
