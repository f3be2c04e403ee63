"""``multivector check TEXT|FILE`` and ``multivector ledger CASE``: check statements about a country's ties.

A thin layer over :mod:`multivector.claims`: ``check`` parses the sentences of a text (or a file, or ``-``
for standard input) and prints one row per claim with its verdict; ``ledger`` checks every figure and claim
of a casebook. ``--format json`` prints ``{"claims": [...]}`` (the same document as ``POST /api/v1/check``).
Without an imported store, checks that need data are not checkable and say how to import it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from multivector import config
from multivector.casebook.schema import Case
from multivector.claims.model import CheckResult
from multivector.cli.main import app
from multivector.errors import InputError

__all__ = ["MAX_TEXT_BYTES", "read_text"]

#: Largest text file ``check`` reads (a long report is a few hundred kB).
MAX_TEXT_BYTES = 2 * 1024 * 1024
_STYLE = {"supported": "green", "contradicted": "bold red", "basis_differs": "yellow", "not_checkable": "dim"}
console = Console()

FormatOpt = Annotated[
    str, typer.Option("--format", "-f", help="table (default) or json.", case_sensitive=False)
]
StoreOpt = Annotated[
    Path | None,
    typer.Option(
        "--store", help="Store with the imported datasets (default: the configured store).", dir_okay=False
    ),
]
YearOpt = Annotated[
    int | None,
    typer.Option(
        "--year",
        help="Check as of this year (default: this year): what is the future, how old the "
        "latest data may be for a claim that states no year.",
        min=1900,
        max=2100,
    ),
]


def read_text(arg: str) -> str:
    """The text to check: ``-`` reads standard input, an existing file is read (UTF-8, at most
    :data:`MAX_TEXT_BYTES`), anything else is the text itself."""
    if arg == "-":
        return sys.stdin.read()
    path = Path(arg)
    try:
        is_file = len(arg) < 4096 and "\n" not in arg and path.is_file()
    except OSError:
        is_file = False
    if not is_file:
        return arg
    if path.stat().st_size > MAX_TEXT_BYTES:
        raise InputError(f"{path}: larger than {MAX_TEXT_BYTES // 1024 // 1024} MB; split the text")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None


def _store_path(store: Path | None) -> Path | None:
    if store is not None:
        if not store.is_file():
            raise InputError(
                f"--store {store}: no such file; import data with `multivector data import all DIR`"
            )
        return store
    default = config.store_path()
    return default if default.is_file() else None


def _case(name: str, casebook: Path | None) -> Case:
    """The case of ``ledger``: a case file, a built-in case id or the ISO3 code of its country."""
    from multivector.casebook import list_cases, load_case

    if casebook is not None:
        return load_case(casebook)
    text = name.strip()
    if text.lower() in list_cases():
        return load_case(text.lower())
    for cid in list_cases():
        case = load_case(cid)
        if case.country == text.upper():
            return case
    raise InputError(
        f"no built-in case for {name!r}: give a case id ({', '.join(list_cases())}), the ISO3 code of its "
        "country, or your own case file with --casebook FILE"
    )


def _format(fmt: str) -> str:
    value = fmt.strip().lower()
    if value not in ("table", "json"):
        raise InputError(f"--format must be table or json, got {fmt!r}")
    return value


def _why(r: CheckResult) -> str:
    """The last column: the rule and the notes of a judged claim, the reason of any other."""
    if r.tolerance and r.verdict in ("supported", "contradicted"):
        return f"rule: {r.tolerance}" + (f"; {r.notes}" if r.notes else "")
    return r.reason


def _print(results: list[CheckResult], fmt: str, title: str) -> None:
    from multivector.claims import claims_json, ledger_summary
    from multivector.claims.verdict import format_value

    if fmt == "json":
        sys.stdout.write(json.dumps(claims_json(results), indent=2, ensure_ascii=False) + "\n")
        return
    table = Table(title=title, title_justify="left", show_lines=True)
    for col, kw in (
        ("verdict", {"no_wrap": True}),
        ("claim", {"ratio": 3}),
        ("claimed", {"ratio": 1}),
        ("measured", {"ratio": 1}),
        ("period", {"no_wrap": True}),
        ("basis", {"ratio": 2}),
        ("why", {"ratio": 3}),
    ):
        table.add_column(col, overflow="fold", **kw)
    for r in results:
        value = r.measured if isinstance(r.measured, str) or r.measured is None else format_value(r.measured)
        unit = (
            ""
            if r.unit in (None, "vote", "rank", "pledge")
            else (" %" if r.unit == "percent" else f" {r.unit}")
        )
        measured = "" if value is None else f"{value}{unit}"
        table.add_row(
            Text(r.verdict, style=_STYLE.get(r.verdict, "")),
            Text(r.text),
            Text(r.claimed or ""),
            Text(measured),
            Text(r.period or ""),
            Text(r.basis or ""),
            Text(_why(r)),
        )
    console.print(table)
    counts = ledger_summary(results)
    console.print(Text(f"{len(results)} claim(s): " + ", ".join(f"{n} {v}" for v, n in counts.items())))


@app.command("check")
def check_command(
    text: Annotated[
        str, typer.Argument(help="The statement(s) to check, a text file, or - for standard input.")
    ],
    fmt: FormatOpt = "table",
    country: Annotated[
        str | None,
        typer.Option(
            "--country", help="ISO3 of the country the text is about, for sentences that do not say."
        ),
    ] = None,
    store: StoreOpt = None,
    year: YearOpt = None,
) -> None:
    """Check statements about a country's ties against the data: trade, a partner's share or rank, arms
    imports, UN votes and vote agreement, defence pacts, shared IGOs, oil and gas routes, FDI. One row per
    claim: supported, contradicted, basis_differs or not_checkable, with the measured value, its basis and
    sources, and the reason."""
    from multivector.claims import check_text

    fmt_norm = _format(fmt)
    body = read_text(text)
    if not body.strip():
        raise InputError("nothing to check: give a sentence, a text file or - for standard input")
    results = check_text(body, _store_path(store), country=country, current_year=year)
    if not results and fmt_norm == "table":
        console.print(
            Text("no claim found: no sentence states a figure, rank, vote or pact the data measure")
        )
        return
    _print(results, fmt_norm, "claims checked")


@app.command("ledger")
def ledger_command(
    case: Annotated[
        str, typer.Argument(help="Case id (kazakhstan) or ISO3 code of its country (KAZ).")
    ] = "KAZ",
    fmt: FormatOpt = "table",
    casebook: Annotated[
        Path | None,
        typer.Option(
            "--casebook", help="Use your own case file (YAML) instead of a built-in case.", dir_okay=False
        ),
    ] = None,
    store: StoreOpt = None,
    year: YearOpt = None,
) -> None:
    """The claims ledger of a case: every figure and claim of its casebook with its verdict and evidence."""
    from multivector.claims import ledger

    the_case = _case(case, casebook)
    results = ledger(the_case, _store_path(store), current_year=year)
    _print(results, _format(fmt), f"claims ledger of {the_case.name} ({the_case.id})")
