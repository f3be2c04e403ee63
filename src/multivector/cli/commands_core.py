"""Core commands: ``report`` and ``casebook list|show``.

They call only the public API (:mod:`multivector.casebook`, :mod:`multivector.report`); library errors
propagate to :func:`multivector.cli.main.main`, which prints one line and exits with code 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from multivector.cli.main import app
from multivector.errors import InputError

__all__ = ["SECTIONS", "casebook_app"]

console = Console()

casebook_app = typer.Typer(
    help="Browse a case: its sources, actors, ties, agreements, infrastructure, claims.", no_args_is_help=True
)
app.add_typer(casebook_app, name="casebook")

#: Sections of a case that ``casebook show --section`` prints.
SECTIONS: tuple[str, ...] = ("summary", "sources", "actors", "ties", "agreements", "infrastructure", "claims")

CaseArg = Annotated[str, typer.Argument(help="Case id (kazakhstan) or ISO3 code of its country (KAZ).")]
CasebookOpt = Annotated[
    Path | None,
    typer.Option(
        "--casebook",
        help="Use your own case file (YAML, see docs/casebook.md) instead of a built-in case.",
        dir_okay=False,
    ),
]


@app.command("report")
def report_command(
    country: Annotated[
        str, typer.Argument(help="ISO3 code or name of any country, or a built-in case id (kazakhstan).")
    ] = "KAZ",
    output: Annotated[
        Path, typer.Option("--output", "-o", help="File to write (.html, .md or .json).", dir_okay=False)
    ] = Path("report.html"),
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="html, md or json (default: from the extension).", case_sensitive=False
        ),
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", help="Year to assess (default: the latest year with data).")
    ] = None,
    casebook: CasebookOpt = None,
    weights: Annotated[
        str | None,
        typer.Option("--weights", help="Composite weights, e.g. security=2 (others keep weight 1)."),
    ] = None,
    store: Annotated[
        Path | None,
        typer.Option(
            "--store",
            help="Store with imported datasets (default: the configured store, if any).",
            dir_okay=False,
        ),
    ] = None,
    no_series: Annotated[bool, typer.Option("--no-series", help="Leave out the section over time.")] = False,
    scenarios: Annotated[
        str | None,
        typer.Option(
            "--scenarios",
            help="Scenarios for the scenario section, e.g. cpc-outage,us-deals-2025 (default: the built-in "
            "presets of the country's built-in case).",
        ),
    ] = None,
    no_scenarios: Annotated[
        bool, typer.Option("--no-scenarios", help="Leave out the scenario section.")
    ] = False,
) -> None:
    """Write the "Between Giants" report of any country: its assessment (balance, tilt, largest exposure per
    dimension, the composite, every figure's year and sources), its movement over the years, and for a
    country with a casebook the ties, timeline, infrastructure, claims and scenarios. HTML is one
    self-contained file that works offline."""
    from multivector.cli.commands_assess import parse_weights
    from multivector.report import build_report_data, resolve_target, write_report
    from multivector.report.scenario_section import preset_names

    fmt_norm = fmt.lower() if fmt else None
    if fmt_norm == "markdown":
        fmt_norm = "md"
    if fmt_norm is not None and fmt_norm not in ("html", "md", "json"):
        raise InputError(f"--format must be html, md or json, got {fmt!r}")
    if no_scenarios and scenarios:
        raise InputError("give --scenarios or --no-scenarios, not both")
    names: list[str] | None = None
    if scenarios:
        names = [n.strip() for n in scenarios.split(",") if n.strip()]
    elif not no_scenarios and casebook is None:
        iso3, book = resolve_target(country)
        from multivector.assessment import resolve_casebook

        case = resolve_casebook(iso3, book)
        names = preset_names(case.id) if case is not None else None
    data = build_report_data(
        country,
        year=year,
        casebook=casebook,
        weights=parse_weights(weights),
        store=store,
        scenarios=names or None,
        series=not no_series,
    )
    path = write_report(data, output, format=fmt_norm)  # type: ignore[arg-type]
    console.print(f"wrote {path}", highlight=False, soft_wrap=True)


@casebook_app.command("list")
def casebook_list() -> None:
    """List the built-in cases."""
    from multivector.casebook import list_cases, load_case

    table = Table(title="built-in cases", title_justify="left")
    for col in ("id", "country", "name", "ties", "agreements", "sources"):
        table.add_column(col)
    for cid in list_cases():
        c = load_case(cid)
        cells = (c.id, c.country, c.name, str(len(c.ties)), str(len(c.agreements)), str(len(c.sources)))
        table.add_row(*(Text(x) for x in cells))
    console.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    if hasattr(value, "model_dump"):
        parts = [f"{k}={v}" for k, v in value.model_dump(exclude_none=True).items() if v not in ([], "")]
        return " ".join(parts)
    return str(value)


@casebook_app.command("show")
def casebook_show(
    case: CaseArg = "KAZ",
    section: Annotated[
        str, typer.Option("--section", "-s", help=f"One of: {', '.join(SECTIONS)}.")
    ] = "summary",
    casebook: CasebookOpt = None,
) -> None:
    """Show a case: a summary (default) or one section as a table."""
    from multivector.assessment import resolve_casebook
    from multivector.report import resolve_target

    name = section.strip().lower()
    if name not in SECTIONS:
        raise InputError(f"--section must be one of {', '.join(SECTIONS)}, got {section!r}")
    iso3, book = resolve_target(case, casebook)
    found = resolve_casebook(iso3, book)
    if found is None:
        raise InputError(
            f"no built-in case for {case!r}: give a case id or your own file with --casebook FILE"
        )
    c = found
    if name == "summary":
        console.print(Text(f"{c.name} ({c.country}) case {c.id}", style="bold"))
        if c.title:
            console.print(c.title, highlight=False, markup=False)
        for sec in SECTIONS[1:]:
            console.print(f"  {sec:<15} {len(getattr(c, sec))}", highlight=False)
        return
    entries = getattr(c, name)
    columns: dict[str, tuple[str, ...]] = {
        "sources": ("id", "kind", "number", "title", "url"),
        "actors": ("id", "name", "kind", "home", "sources"),
        "ties": ("id", "from_", "to", "dimension", "kind", "value", "unit", "year", "sources"),
        "agreements": ("date", "id", "kind", "title", "parties", "amounts", "sources"),
        "infrastructure": ("id", "name", "kind", "capacity", "operator", "crosses", "pole", "sources"),
        "claims": ("id", "status", "speaker", "statement", "amounts", "sources"),
    }
    table = Table(title=f"{c.id}: {name} ({len(entries)})", title_justify="left", show_lines=False)
    for col in columns[name]:
        table.add_column(col.rstrip("_"), overflow="fold")
    for e in entries:
        table.add_row(*(Text(_cell(getattr(e, col))) for col in columns[name]))
    console.print(table)
