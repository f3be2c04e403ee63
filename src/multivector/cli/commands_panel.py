"""``multivector panel``: a directed dyad-year panel with every step, written to CSV or Parquet.

Thin layer over :func:`multivector.panels.build_panel` (the steps run in one fixed order); library errors
are printed by :func:`multivector.cli.main.main`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from multivector.cli.main import app
from multivector.errors import InputError, StoreError

__all__ = ["panel_command"]

_out = Console()
_err = Console(stderr=True)
_FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}


def _years_text(coverage: object) -> str:
    if isinstance(coverage, tuple) and len(coverage) == 2:
        return f"{coverage[0]}-{coverage[1]}"
    if isinstance(coverage, list):
        return ", ".join(str(y) for y in coverage) + " (sample days)"
    return str(coverage)


@app.command("panel")
def panel_command(
    countries: Annotated[list[str], typer.Argument(help="Country ISO3 codes or names, e.g. KAZ.")],
    partners: Annotated[str, typer.Option(help="Partners, comma-separated; EU = EU27.")] = "RUS,CHN,USA,EU27",
    years: Annotated[str, typer.Option(help="Year range, e.g. 1992-2023.")] = "1992-2023",
    steps: Annotated[
        str, typer.Option(help="Steps or dimensions, comma-separated (default: all), e.g. trade,unga.")
    ] = "all",
    output: Annotated[Path, typer.Option("--output", "-o", help="Output file: .csv or .parquet.")] = Path(
        "panel.csv"
    ),
    ideal_points: Annotated[bool, typer.Option(help="Also estimate UNGA ideal points (slow).")] = False,
    store: Annotated[Path | None, typer.Option(help="Store file (default: the user store).")] = None,
) -> None:
    """Build a directed dyad-year panel (every step whose data are imported) and write it to CSV or
    Parquet. Steps whose tables are not imported are skipped and named."""
    import pandas as pd

    from multivector.panels import build_panel
    from multivector.panels.build import SKIPPED_ATTR, STEPS
    from multivector.panels.frames import COVERAGE_ATTR
    from multivector.store.db import Store

    fmt = _FORMATS.get(output.suffix.lower())
    if fmt is None:
        raise InputError(f"cannot write {output}: use a .csv or .parquet file name")
    with Store(store, read_only=True) as st:
        if not st.exists:
            raise StoreError(
                f"there is no store at {st.path} yet; import data first with "
                "`multivector data import all DIR`"
            )
        df = build_panel(
            countries,
            partners,
            years,
            steps=steps,
            store=st,
            skip_missing=True,
            options={"add_unga": {"ideal_points": ideal_points}} if ideal_points else None,
        )
    for step, why in df.attrs.get(SKIPPED_ATTR, {}).items():
        _err.print(f"skipped {step}: {why}", highlight=False, markup=False)
    output.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        df.to_csv(output, index=False)
    else:
        pd.DataFrame(df).to_parquet(output, index=False)
    wrote = f"wrote {len(df)} rows x {len(df.columns)} columns to {output}"
    _out.print(wrote, highlight=False, soft_wrap=True)
    coverage = df.attrs.get(COVERAGE_ATTR, {})
    for name, spec in STEPS.items():
        if name in coverage and coverage[name] is not None:
            _out.print(f"  {spec.label:<32} covers {_years_text(coverage[name])}", highlight=False)
