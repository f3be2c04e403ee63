"""The words of the report, shared by the HTML and the Markdown renderers so that both print the same.

Every function returns plain text (not escaped): each renderer escapes it with its own escape function
(jinja2 autoescape in HTML, ``_md_text`` in Markdown). Numbers come from the :class:`ReportData` (figures'
``text``; series values with two decimals), never recomputed here.
"""

from __future__ import annotations

from collections.abc import Sequence

from multivector.assessment import FLAGS
from multivector.report.model import CompositeRow, OverTime, ReportData, SeriesLine, SummaryRow

__all__ = [
    "alignment_flags",
    "alignment_rows",
    "assessment_notes",
    "balance_rows",
    "basis_text",
    "casebook_text",
    "composite_notes",
    "composite_rows",
    "figure_years_text",
    "flag_words",
    "in_composite_text",
    "of_total",
    "sections",
    "series_value",
    "title",
    "year_text",
]


def title(data: ReportData) -> str:
    """``"Uzbekistan between the giants, 2025"``."""
    return f"{data.case_name} between the giants" + (f", {data.year}" if data.year is not None else "")


def casebook_text(data: ReportData) -> str:
    """``"casebook kazakhstan"`` or ``"no casebook: data dimensions only"``."""
    return f"casebook {data.case_id}" if data.case_id else "no casebook: data dimensions only"


def sections(data: ReportData, charts: bool = True) -> list[tuple[str, str]]:
    """(anchor, heading) of every section the report has, in page order: the table of contents.
    ``charts=False`` (Markdown) leaves out the ternary chart, whose numbers are in the summary table."""
    out = [("summary", "Summary")] + ([("ternary", "Ternary")] if charts else [])
    if data.pole_shares:
        out.append(("heatmap", "Dimension x power"))
    if data.over_time is not None or data.data_note:
        out.append(("over-time", "Over time"))
    if data.trade_bases is not None:
        out.append(("trade-bases", "Trade by basis"))
    if data.scenarios is not None:
        out.append(("scenarios", "Scenarios"))
    if data.ties:
        out.append(("ties", "Figures"))
    if data.timeline:
        out.append(("timeline", "Timeline"))
    if data.infrastructure:
        out.append(("infrastructure", "Infrastructure"))
    if data.claims:
        out.append(("claims", "Claims"))
    if data.claims_checked is not None:
        out.append(("claims-checked", "Claims checked"))
    out.append(("sources", "Sources"))
    return out


# ------------------------------------------------------------------------------------------ summary
def year_text(row: SummaryRow) -> str:
    """The year of the figure and its age: ``"2023 (2 years old)"``, ``"2025 (current)"``, ``"n/a"``."""
    if row.year is None:
        return "n/a"
    if row.age is None:
        return str(row.year)
    age = "current" if row.age == 0 else ("1 year old" if row.age == 1 else f"{row.age} years old")
    return f"{row.year} ({age})"


def of_total(row: SummaryRow) -> str:
    """What the row's shares are shares of, appended to a share: ``" of listed partners"`` where the source
    lists partners without a world total (never called a world total), nothing for the world total."""
    if row.total_basis == "listed":
        return " of listed partners"
    if row.total_basis == "mixed":
        return " (mixed bases)"
    return ""


def basis_text(row: SummaryRow) -> str:
    """The basis of the figure (whose statistics) and of its shares (world total or listed partners)."""
    parts = [row.basis] if row.basis else []
    if row.total_basis == "world":
        parts.append("shares of the world total")
    elif row.total_basis == "listed":
        parts.append("shares of the listed partners only")
    elif row.total_basis == "mixed":
        parts.append("world totals and listed partners mixed")
    return "; ".join(parts)


def flag_words(flag: str) -> str:
    """A flag in words (:data:`multivector.assessment.FLAGS`)."""
    return FLAGS.get(flag, flag.replace("_", " "))


def in_composite_text(row: SummaryRow) -> str:
    """``"yes"``, or ``"no: "`` and every flag of the row in words."""
    if row.in_composite:
        return "yes"
    return "no: " + "; ".join(flag_words(f) for f in row.flags) if row.flags else "no"


def figure_years_text(years: dict[str, int]) -> str:
    """``"security 2023, trade 2022"``."""
    return ", ".join(f"{d} {y}" for d, y in years.items())


def composite_notes(c: CompositeRow, summary: Sequence[SummaryRow]) -> list[str]:
    """The note under the summary: the dimensions used with their years, those left out with their reason,
    the dimensions without a figure, the weights that differ from 1 and the coverage."""
    years = {r.dimension: r.year for r in summary if r.year is not None}
    used = ", ".join(f"{d} {years[d]}" if d in years else d for d in c.dimensions_used)
    out = [
        f"The composite is the weighted mean of {used or 'no dimension'} (each with the year of its figure)."
    ]
    if c.excluded:
        out.append("Left out: " + "; ".join(f"{d} ({flag_words(f)})" for d, f in c.excluded.items()) + ".")
    missing = [r.dimension for r in summary if r.flags == ["no_data"]]
    if missing:
        out.append(f"No figure: {', '.join(missing)}.")
    odd = {k: v for k, v in c.weights.items() if v != 1.0}
    out.append(
        "Weights: 1 each"
        + (", except " + ", ".join(f"{k} {v:g}" for k, v in odd.items()) if odd else "")
        + "."
    )
    if c.coverage is not None:
        out.append(
            f"Coverage: the figures used carry {100 * c.coverage:.0f}% of the weight of the comparable "
            "dimensions."
        )
    return out


def assessment_notes(data: ReportData) -> list[str]:
    """The assessment's own notes (what is not measured and why)."""
    notes = data.assessment.get("notes", []) if data.assessment else []
    return [str(n) for n in notes]


# ------------------------------------------------------------------------------------------ over time
def series_value(value: float | None) -> str:
    """A series value with two decimals; ``""`` for a year without one (a gap, never a zero)."""
    return "" if value is None else f"{value:.2f}"


def _share(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.0f}%"


def composite_rows(ot: OverTime) -> list[list[str]]:
    """Per year: year, composite balance, Russia, China, West, coverage and the figure years used."""
    if not ot.composite:
        return []
    comp = ot.composite[0]
    tilt = {line.key: line for line in ot.tilt}
    coverage = comp.extra.get("coverage", [None] * len(comp.years))
    rows = []
    for i, year in enumerate(comp.years):
        coords = [series_value(tilt[k].values[i]) if k in tilt else "" for k in ("RUS", "CHN", "WEST")]
        used = figure_years_text(ot.figure_years.get(str(year), {}))
        rows.append([str(year), series_value(comp.values[i]), *coords, _share(coverage[i]), used])
    return rows


def balance_rows(ot: OverTime) -> list[list[str]]:
    """Per year: year and each dimension's balance (``""``: not measured that year)."""
    if not ot.balance:
        return []
    return [
        [str(year), *(series_value(line.values[i]) for line in ot.balance)]
        for i, year in enumerate(ot.balance[0].years)
    ]


def alignment_flags(line: SeriesLine, i: int) -> str:
    """Why year ``i`` of a UN alignment line is flagged: ``"partial year (43% covered)"``, ``"few joint
    votes (4)"``; ``""`` when it is not."""
    if line.values[i] is None:
        return ""
    words = []
    partial = line.extra.get("partial_year")
    if partial is not None and partial[i]:
        cover = line.extra.get("coverage", [None] * len(line.years))[i]
        words.append("partial year" + (f" ({100 * cover:.0f}% covered)" if cover is not None else ""))
    few = line.extra.get("few_votes")
    if few is not None and few[i]:
        n = line.extra.get("n_votes", [None] * len(line.years))[i]
        words.append("few joint votes" + (f" ({n:.0f})" if n is not None else ""))
    return "; ".join(words)


def alignment_rows(ot: OverTime) -> list[list[str]]:
    """Per year: year, the agreement with each power, and the flags of the year."""
    if not ot.alignment:
        return []
    rows = []
    for i, year in enumerate(ot.alignment[0].years):
        flags = list(dict.fromkeys(f for line in ot.alignment if (f := alignment_flags(line, i))))
        rows.append([str(year), *(series_value(line.values[i]) for line in ot.alignment), "; ".join(flags)])
    return rows
