"""``multivector panel`` (a dyad-year panel to CSV/Parquet) and ``multivector compare`` (balance table).

Thin layer over :mod:`multivector.panels`; library errors are printed by :func:`multivector.cli.main.main`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich import box
from rich.console import Console
from rich.table import Table

from multivector.cli.main import app
from multivector.errors import InputError, PipelineError, StoreError
from multivector.panels import (
    CENTRAL_ASIA,
    add_alliances,
    add_arms,
    add_events,
    add_igos,
    add_influence,
    add_trade,
    add_unga,
    create_dyad_years,
    rank,
)
from multivector.panels.balance import COMPARABLE, CONSTRUCTION, DIMENSIONS
from multivector.panels.frames import COVERAGE_ATTR
from multivector.store.db import Store

__all__ = ["compare_command", "panel_command"]

_out = Console()
_err = Console(stderr=True)
_FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
_SOURCES = {
    "add_trade": "COW trade",
    "add_arms": "SIPRI TIV",
    "add_alliances": "ATOP",
    "add_igos": "COW IGO",
    "add_unga": "UNGA votes",
    "add_events": "GDELT events",
}


def _years_text(coverage: object) -> str:
    if isinstance(coverage, tuple) and len(coverage) == 2:
        return f"{coverage[0]}-{coverage[1]}"
    if isinstance(coverage, list):
        return ", ".join(str(y) for y in coverage) + " (sample days)"
    return str(coverage)


def _open(store: Path | None) -> Store:
    s = Store(store, read_only=True)
    if not s.exists:
        raise StoreError(
            f"there is no store at {s.path} yet; import data first with `multivector data import all DIR`"
        )
    return s


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return "-"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


@app.command("panel")
def panel_command(
    countries: Annotated[list[str], typer.Argument(help="Country ISO3 codes, e.g. KAZ.")],
    partners: Annotated[str, typer.Option(help="Partners, comma-separated; EU = EU27.")] = "RUS,CHN,USA,EU27",
    years: Annotated[str, typer.Option(help="Year range, e.g. 1992-2023.")] = "1992-2023",
    output: Annotated[Path, typer.Option("--output", "-o", help="Output file: .csv or .parquet.")] = Path(
        "panel.csv"
    ),
    ideal_points: Annotated[bool, typer.Option(help="Also estimate UNGA ideal points (slow).")] = False,
    store: Annotated[Path | None, typer.Option(help="Store file (default: the user store).")] = None,
) -> None:
    """Build a directed dyad-year panel with every source and write it to CSV or Parquet."""
    fmt = _FORMATS.get(output.suffix.lower())
    if fmt is None:
        raise InputError(f"cannot write {output}: use a .csv or .parquet file name")
    df = create_dyad_years(countries, partners, years)
    with _open(store) as st:
        steps = [add_trade, add_arms, add_alliances, add_igos, add_events]
        for step in steps:
            try:
                df = step(df, st)
            except StoreError as exc:
                _err.print(f"[yellow]skipped {step.__name__}:[/] {exc}", highlight=False)
        try:
            df = add_unga(df, st, ideal_points=ideal_points)
        except StoreError as exc:
            _err.print(f"[yellow]skipped add_unga:[/] {exc}", highlight=False)
    try:
        df = add_influence(df)
    except PipelineError as exc:
        _err.print(f"[yellow]skipped add_influence:[/] {exc}", highlight=False)
    output.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        df.to_csv(output, index=False)
    else:
        pd.DataFrame(df).to_parquet(output, index=False)
    _out.print(f"wrote {len(df)} rows x {len(df.columns)} columns to {output}", highlight=False)
    coverage = df.attrs.get(COVERAGE_ATTR, {})
    for name, label in _SOURCES.items():
        if name in coverage:
            _out.print(f"  {label:<13} covers {_years_text(coverage[name])}", highlight=False)


#: Printed after the header of a dimension whose balance is on another scale (not a share of flows).
NONCOMPARABLE_MARK = "\u2020"


def _constructions(table: pd.DataFrame) -> dict[str, str]:
    """dimension -> construction, from compare()'s ``constructions`` column (``trade=share-of-flows,...``)."""
    if "constructions" not in table.columns or table.empty:
        return dict(CONSTRUCTION)
    pairs = (item.split("=", 1) for item in str(table["constructions"].iloc[0]).split(",") if "=" in item)
    return {k: v for k, v in pairs}


@app.command("compare")
def compare_command(
    countries: Annotated[
        list[str] | None, typer.Argument(help="ISO3 codes (default: Central Asia's five).")
    ] = None,
    year: Annotated[int | None, typer.Option(help="Latest year to use (default: latest available).")] = None,
    output_format: Annotated[str, typer.Option("--format", help="table or json")] = "table",
    store: Annotated[Path | None, typer.Option(help="Store file (default: the user store).")] = None,
    include_noncomparable: Annotated[
        bool,
        typer.Option(
            "--include-noncomparable",
            help="Also average the UN-vote equidistance (unga, not a share of flows) into the composite; "
            "by default it is shown but left out.",
        ),
    ] = False,
) -> None:
    """Compare and rank countries by their composite balance among RUS, CHN, USA and EU27.

    Columns marked \u2020 (unga) are on another scale: the UN-vote equidistance, not a share of flows,
    left out of the composite unless --include-noncomparable."""
    if output_format not in ("table", "json"):
        raise InputError(f"--format must be 'table' or 'json', got {output_format!r}")
    with _open(store) as st:
        table = rank(
            countries or CENTRAL_ASIA, year=year, store=st, include_noncomparable=include_noncomparable
        )
    if output_format == "json":
        records = json.loads(table.to_json(orient="records"))
        typer.echo(
            json.dumps(
                {"year": year, "include_noncomparable": include_noncomparable, "countries": records}, indent=2
            )
        )
        return
    built = _constructions(table)
    dims = [d for d in DIMENSIONS if f"balance_{d}" in table.columns]
    dims += [c.removeprefix("balance_") for c in table.columns if c.startswith("balance_")
             and c.removeprefix("balance_") not in dims]  # fmt: skip
    other = [d for d in dims if d not in COMPARABLE]
    out = Table(
        title=f"Balance among RUS, CHN, USA, EU27{f' (up to {year})' if year else ''}",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )
    columns = ["rank", "country", "balance", "largest_power", "tilt_lean", *(f"balance_{d}" for d in dims)]
    headers = ["rank", "country", "balance", "largest", "lean"]
    headers += [d + (NONCOMPARABLE_MARK if d in other else "") for d in dims]
    for header, col in zip(headers, columns, strict=True):
        out.add_column(
            header, no_wrap=True, justify="right" if col == "rank" or col.startswith("balance") else "left"
        )
    for rec in table[columns].astype(object).to_dict("records"):
        out.add_row(*(_cell(rec[c]) for c in columns))
    _out.print(out)
    for d in other:
        what = built.get(d, CONSTRUCTION.get(d, "another scale")).replace("-", " ")
        where = "in the composite" if include_noncomparable else "not in the composite"
        _out.print(f"{d}{NONCOMPARABLE_MARK}: {what}, not a share of flows, {where}", highlight=False)
        ask = "asked for with" if include_noncomparable else "averaged in with"
        _out.print(f"  ({ask} --include-noncomparable)", highlight=False)
    _out.print("years used (and dimensions left out of the composite):", highlight=False)
    cols = ["country", "as_of", "dimensions_excluded"] + (["note"] if "note" in table.columns else [])
    for rec in table[cols].to_dict("records"):
        left_out = f" (left out: {rec['dimensions_excluded']})" if rec["dimensions_excluded"] else ""
        note = rec.get("note")
        note_text = f"; {note}" if isinstance(note, str) and note else ""
        _out.print(f"  {rec['country']}: {rec['as_of'] or 'none'}{left_out}{note_text}", highlight=False)
