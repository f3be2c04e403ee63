"""``multivector profile`` (one country's assessment) and ``multivector compare`` (countries side by side).

Both print :func:`multivector.assess` / :func:`multivector.compare`; ``--format json`` prints
:meth:`multivector.Assessment.to_dict` (profile) or the compare table's records, the same documents the
REST API answers. Heavy modules are imported inside the commands, so ``multivector --help`` stays fast.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from multivector.cli.main import app
from multivector.errors import InputError

if TYPE_CHECKING:
    from multivector.assessment.model import Assessment, DimensionAssessment

__all__ = ["compare_command", "parse_weights", "profile_command"]

console = Console()

CountryArg = Annotated[str, typer.Argument(help="ISO3 code or name of the country (KAZ, Uzbekistan).")]
YearOpt = Annotated[
    int | None, typer.Option("--year", help="Year to assess (default: the latest year with data).")
]
CasebookOpt = Annotated[
    Path | None,
    typer.Option(
        "--casebook",
        help="Join your own case file (YAML, docs/casebook.md); default: the built-in case of the country.",
        dir_okay=False,
    ),
]
WeightsOpt = Annotated[
    str | None,
    typer.Option(
        "--weights",
        help="Composite weights, e.g. security=2,events=0 (dimensions not named keep weight 1).",
    ),
]
StoreOpt = Annotated[
    Path | None,
    typer.Option("--store", help="Store file (default: the configured store, if any).", dir_okay=False),
]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table or json.", case_sensitive=False)]


def parse_weights(text: str | None) -> dict[str, float] | None:
    """Parse ``security=2,trade=1`` into a weights mapping for the library (whose one rule gives every
    dimension not named its default weight: :func:`multivector.dimensions.normalise_weights`)."""
    if text is None or not text.strip():
        return None
    weights: dict[str, float] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        if not sep:
            raise InputError(f"--weights: {part.strip()!r} is not NAME=NUMBER (e.g. security=2,trade=1)")
        try:
            weights[name.strip().lower()] = float(value)
        except ValueError:
            raise InputError(f"--weights: {value.strip()!r} for {name.strip()!r} is not a number") from None
    return weights


def _format(text: str) -> str:
    fmt = text.strip().lower()
    if fmt not in ("table", "json"):
        raise InputError(f"--format must be table or json, got {text!r}")
    return fmt


def _num(value: float | None, pattern: str = "{:.2f}") -> str:
    return "n/a" if value is None else pattern.format(value)


def _cites(ids: list[str], numbers: dict[str, int]) -> str:
    """Citation numbers as compact ranges: ``1,3-6``."""
    got = sorted({numbers[i] for i in ids if i in numbers})
    parts: list[str] = []
    for n in got:
        if parts and "-" not in parts[-1] and int(parts[-1].split("-")[-1]) == n - 1 and len(parts[-1]) < 9:
            parts[-1] = f"{parts[-1]}-{n}"
        elif parts and "-" in parts[-1] and int(parts[-1].split("-")[1]) == n - 1:
            parts[-1] = f"{parts[-1].split('-')[0]}-{n}"
        else:
            parts.append(str(n))
    return ",".join(parts)


def _dimension_cells(e: DimensionAssessment, numbers: dict[str, int]) -> list[str]:
    lean = f"{e.tilt.lean} {_num(e.tilt.strength)}" if e.tilt.lean else ""
    largest = f"{e.largest_power} {_num(e.largest_exposure, '{:.0%}')}" if e.largest_power else ""
    if e.largest_exposure is None and e.largest_power:
        largest = e.largest_power
    evidence = f"{e.evidence.count}/{e.evidence.minimum}" if e.evidence else ""
    origin = {"data": "data", "casebook": "case"}.get(e.origin or "", "")
    used = "yes" if e.in_composite else "no"
    year = str(e.year) if e.year is not None else ""
    return [
        e.dimension,
        year,
        origin,
        _num(e.balance),
        lean,
        largest,
        evidence,
        used,
        _cites(e.sources, numbers),
    ]


def print_assessment(a: Assessment) -> None:
    """The assessment as a table that fits 80 columns, the composite, why dimensions are left out, the
    notes and the numbered sources."""
    from multivector.assessment import FLAGS

    numbers = {c.id: c.number for c in a.sources}
    title = f"{a.name} ({a.country}), {a.year}" + (f", casebook {a.case}" if a.case else ", no casebook")
    table = Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1),
    )
    heads = ("dimension", "year", "from", "bal.", "lean", "largest", "evid.", "used", "src")
    for col in heads:
        table.add_column(col, no_wrap=col != "src", justify="right" if col in ("bal.", "evid.") else "left")
    for e in a.dimensions:
        table.add_row(
            *(Text(c) for c in _dimension_cells(e, numbers)), style=None if e.in_composite else "dim"
        )
    c = a.composite
    lean = f"{c.tilt.lean} {_num(c.tilt.strength)}" if c.tilt.lean else ""
    largest = f"{c.largest_power} {_num(c.largest_exposure, '{:.0%}')}" if c.largest_power else ""
    cells = ("composite", str(a.year), "", _num(c.balance), lean, largest, "", "", "")
    table.add_row(*(Text(x) for x in cells), style="bold")
    console.print(table)
    console.print(
        Text(
            f"composite: coverage {c.coverage:.0%}; years: "
            + (", ".join(f"{d} {y}" for d, y in c.years.items()) or "none")
        )
    )
    for d, why in c.excluded.items():
        console.print(Text(f"left out: {d}: {FLAGS.get(why, why)}"))
    weights = {d: w for d, w in a.weights.items() if w != 1.0}
    if weights:
        console.print(Text("weights (others 1): " + ", ".join(f"{d}={w:g}" for d, w in weights.items())))
    console.print(
        Text(
            "bal. = balance (0 one power, 1 even); evid. = evidence / minimum; from = data or casebook (case)"
        ),
        style="dim",
    )
    for note in a.notes:
        console.print(Text(f"note: {note}"), style="dim")
    for cite in a.sources:
        console.print(Text(f"[{cite.number}] {cite.text}"), overflow="ellipsis", no_wrap=True)


@app.command("profile")
def profile_command(
    country: CountryArg = "KAZ",
    year: YearOpt = None,
    casebook: CasebookOpt = None,
    weights: WeightsOpt = None,
    store: StoreOpt = None,
    output_format: FormatOpt = "table",
) -> None:
    """One country's assessment: per dimension the figure used (its year, origin, evidence and sources),
    why a dimension is left out of the composite, and the composite. Any country in the store; the
    built-in casebook joins Kazakhstan's."""
    from multivector.assessment import assess

    fmt = _format(output_format)
    result = assess(country, year, casebook=casebook, weights=parse_weights(weights), store=store)
    if fmt == "json":
        typer.echo(json.dumps(result.to_dict(), indent=2))
        return
    print_assessment(result)


def _cell(value: Any, pattern: str = "{:.2f}") -> str:
    if value is None or value != value:
        return "-"
    return pattern.format(value) if isinstance(value, float) else str(value)


@app.command("compare")
def compare_command(
    countries: Annotated[
        list[str] | None, typer.Argument(help="ISO3 codes or names (default: Central Asia's five).")
    ] = None,
    year: YearOpt = None,
    weights: WeightsOpt = None,
    store: StoreOpt = None,
    output_format: FormatOpt = "table",
) -> None:
    """Rank countries by their composite balance among RUS, CHN, USA and EU27 (each country's
    assessment, as ``profile`` prints it), then each dimension's balance per country."""
    from multivector import dimensions as vocab
    from multivector.assessment import CENTRAL_ASIA, rank

    fmt = _format(output_format)
    table = rank(countries or CENTRAL_ASIA, year, weights=parse_weights(weights), store=store)
    if fmt == "json":
        records = json.loads(table.to_json(orient="records"))
        typer.echo(json.dumps({"year": year, "countries": records}, indent=2))
        return
    ranking = Table(
        title=f"Composite balance among RUS, CHN, USA, EU27{f' in {year}' if year else ''}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
    )
    for col in ("rank", "country", "year", "balance", "largest", "lean", "coverage"):
        ranking.add_column(
            col, no_wrap=True, justify="right" if col in ("rank", "balance", "coverage") else "left"
        )
    for rec in table.to_dict("records"):
        largest = (
            f"{rec['largest_power']} {_cell(rec['largest_exposure'], '{:.0%}')}"
            if rec["largest_power"]
            else "-"
        )
        ranking.add_row(
            _cell(rec["rank"]),
            rec["country"],
            _cell(rec["year"]),
            _cell(rec["balance"]),
            largest,
            _cell(rec["tilt_lean"]),
            _cell(rec["coverage"], "{:.0%}"),
        )
    console.print(ranking)
    codes = list(table["country"])
    per_dim = Table(
        title="Balance per dimension (* = in the composite)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
    )
    per_dim.add_column("dimension", no_wrap=True)
    for code in codes:
        per_dim.add_column(code, justify="right", no_wrap=True)
    for d in vocab.DIMENSIONS:
        if table[f"balance_{d}"].isna().all():
            continue
        cells = []
        for rec in table.to_dict("records"):
            used = d in str(rec["dimensions_used"]).split(",")
            cells.append(_cell(rec[f"balance_{d}"]) + ("*" if used else " "))
        per_dim.add_row(d, *cells)
    console.print(per_dim)
    for rec in table.to_dict("records"):
        if rec["excluded"]:
            console.print(Text(f"{rec['country']} left out: {str(rec['excluded']).replace(',', ', ')}"))
    missing = table.attrs.get("missing") or []
    if missing:
        console.print(Text(f"nothing known about: {', '.join(missing)}"), style="yellow")
