"""``multivector scenario list|show|run`` and ``multivector frontier``: thin layer over the scenarios API."""

from __future__ import annotations

import json
import math
from typing import Annotated, Any

import pandas as pd
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from multivector.cli.main import app
from multivector.dimensions import ENERGY
from multivector.errors import ScenarioError
from multivector.scenarios import current_position, frontier, list_scenarios, load_scenario, run_scenario
from multivector.scenarios.presets import parse_overrides

__all__ = ["scenario_app"]

scenario_app = typer.Typer(
    help="Stress-test the balance: list, show and run scenarios.", no_args_is_help=True
)
app.add_typer(scenario_app, name="scenario")
_out = Console(width=200)
#: The frontier tables are printed at the terminal's width (80 columns when piped).
_narrow = Console()

_FORMATS = ("table", "json")


def _check_format(fmt: str) -> str:
    if fmt not in _FORMATS:
        raise ScenarioError(f"--format: unknown format {fmt!r}; valid: {', '.join(_FORMATS)}")
    return fmt


def _fmt(v: Any, digits: int = 3) -> str:
    if isinstance(v, float):
        return "" if math.isnan(v) else f"{v:,.{digits}f}"
    return escape(str(v))


def _table(df: pd.DataFrame, title: str, digits: int = 3) -> Table:
    table = Table(title=title, show_lines=False)
    for col in df.columns:
        table.add_column(str(col), justify="right" if pd.api.types.is_numeric_dtype(df[col]) else "left")
    for _, row in df.iterrows():
        style = "bold" if row.iloc[0] == "TOTAL" else None
        table.add_row(*[_fmt(v, digits) for v in row], style=style)
    return table


@scenario_app.command("list")
def list_cmd(fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table") -> None:
    """The built-in scenarios."""
    df = list_scenarios()
    if _check_format(fmt) == "json":
        typer.echo(json.dumps(df.to_dict(orient="records"), indent=2))
        return
    _out.print(_table(df[["name", "title", "dimension", "parameters"]], "Built-in scenarios"))


@scenario_app.command("show")
def show_cmd(
    name: Annotated[str, typer.Argument(help="A built-in scenario or a YAML file.")],
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """A scenario's parameters, shocks, channels and assumptions."""
    sc = load_scenario(name)
    if _check_format(fmt) == "json":
        typer.echo(sc.model_dump_json(indent=2, by_alias=True))
        return
    _out.print(f"[bold]{sc.name}[/]: {sc.title}\n{' '.join(sc.description.split())}\n")
    params = pd.DataFrame(
        [
            {
                "parameter": k,
                "value": p.value,
                "type": p.type,
                "min": p.min,
                "max": p.max,
                "uncertain": sc.uncertain[k].dist if k in sc.uncertain else "",
                "description": p.description,
            }
            for k, p in sc.parameters.items()
        ]
    )
    if not params.empty:
        _out.print(_table(params.astype(str), "Parameters (--set key=value)"))
    shocks = pd.DataFrame([s.model_dump(exclude_none=True, exclude={"cite"}) for s in sc.shocks]).astype(str)
    if not shocks.empty:
        _out.print(_table(shocks, "Shocks"))
    chans = pd.DataFrame(
        [
            {
                "channel": c.id,
                "pole": c.pole or "",
                "commodity": c.commodity,
                "planned/yr": c.planned,
                "capacity/yr": c.capacity,
                "other_use": c.other_use,
                "crosses": ",".join(c.crosses),
                "cite(planned)": c.cite.get("planned", ""),
            }
            for c in sc.channels
        ]
    ).astype(str)
    _out.print(_table(chans, "Channels"))
    for line in sc.assumptions:
        _out.print(f"- {line}")


def _check_set(items: list[str] | None) -> list[str] | None:
    """``--set`` items must be ``key=value`` with a name: say which one is not, as ``--set ...``."""
    for item in items or []:
        key, sep, _ = item.partition("=")
        name = key.strip()
        if not sep:
            raise ScenarioError(
                f"--set {name or repr(item)}: no value; expected key=value, e.g. days=90", param=name or None
            )
        if not name:
            raise ScenarioError(f"--set {item!r}: no parameter name; expected key=value, e.g. days=90")
    return items or None


@scenario_app.command("run")
def run_cmd(
    name: Annotated[str, typer.Argument(help="A built-in scenario or a YAML file.")],
    set_: Annotated[list[str] | None, typer.Option("--set", help="Override a parameter: key=value.")] = None,
    draws: Annotated[int, typer.Option("--draws", min=0, help="Monte Carlo draws (0: none).")] = 0,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the Monte Carlo draws.")] = 0,
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Run a scenario: per-channel volumes, balance before and after, binding constraints."""
    _check_format(fmt)
    res = run_scenario(name, overrides=_check_set(set_), draws=draws, seed=seed)
    if fmt == "json":
        typer.echo(json.dumps(res.to_dict(), indent=2, default=str))
        return
    params = ", ".join(
        f"{k}={v:g}" if not isinstance(v, bool) else f"{k}={v}" for k, v in res.parameters.items()
    )
    _out.print(f"[bold]{res.name}[/]: {res.title}  ({params})")
    _out.print(
        f"Volumes over the window of {res.window_days:g} days in each channel's unit; "
        "value_lost in billion USD."
    )
    frame = res.to_frame().rename(columns={"cut": "capacity cut"})
    cols = [
        "channel",
        "pole",
        "unit",
        "planned",
        "capacity",
        "capacity cut",
        "delivered",
        "rerouted",
        "received",
        "lost",
        "value_lost",
    ]
    _out.print(_table(frame[cols], f"{res.name}: volumes by channel"))
    for line in _cut_notes(frame):
        _out.print(line, highlight=False)
    bal = pd.DataFrame(
        [
            {
                "": "before",
                "balance": float(res.balance_before["balance"].iloc[0]),
                "largest power": str(res.balance_before["largest_power"].iloc[0]),
                "largest exposure": float(res.balance_before["largest_exposure"].iloc[0]),
            },
            {
                "": "after",
                "balance": float(res.balance_after["balance"].iloc[0]),
                "largest power": str(res.balance_after["largest_power"].iloc[0]),
                "largest exposure": float(res.balance_after["largest_exposure"].iloc[0]),
            },
        ]
    )
    _out.print(_table(bal, f"Balance of the {res.dimension} vector (H/ln 4 over RUS, CHN, USA, EU27)"))
    by_power = res.by_power[
        ["pole", "value_before", "value_after", "value_lost", "share_before", "share_after"]
    ]
    _out.print(_table(by_power, "By power (billion USD)"))
    if not res.binding.empty:
        _out.print(
            _table(
                res.binding[["constraint", "limit", "used", "saving_per_unit"]],
                "Binding constraints (saving per extra unit, billion USD)",
                digits=4,
            )
        )
    if res.monte_carlo is not None:
        mc = res.monte_carlo
        _out.print(
            _table(
                mc.summary, f"Monte Carlo: {len(mc.draws):,} draws, seed {mc.seed} ({mc.n_lp} solved by LP)"
            )
        )
        fixed = [k for k in parse_overrides(set_) if k in load_scenario(name).uncertain]
        if fixed:
            values = ", ".join(f"{k}={res.parameters[k]:g}" for k in fixed)
            _out.print(f"Fixed by --set in every draw (not drawn): {values}.", highlight=False)


def _cut_notes(frame: pd.DataFrame) -> list[str]:
    """Say what "capacity cut" is where it exceeds "planned" (it is capacity, not the country's volume)."""
    rows = frame[(frame["channel"] != "TOTAL") & (frame["capacity cut"] > frame["planned"] + 1e-9)]
    if rows.empty:
        return []
    cases = "; ".join(
        f"{r['channel']}: cut {r['capacity cut']:,.3f} > planned {r['planned']:,.3f} {r['unit']}"
        for r in rows.to_dict("records")
    )
    return [
        f"capacity cut is the capacity the shocks remove over the window, not a volume lost: it exceeds "
        f"planned where the channel had room beyond the country's own planned flow ({cases}). What the "
        "country loses is in lost."
    ]


@app.command("frontier")
def frontier_cmd(
    case: Annotated[str, typer.Argument(help="The case (KAZ).")] = "KAZ",
    dimension: Annotated[str, typer.Option("--dimension", help="Dimension (energy).")] = ENERGY,
    n_points: Annotated[int, typer.Option("--points", min=2, help="Points on the frontier.")] = 25,
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """The frontier between expected gains and the largest single-power exposure, and where today lies."""
    _check_format(fmt)
    df = frontier(case, dimension=dimension, n_points=n_points)
    now = current_position(case, dimension=dimension)
    if fmt == "json":
        typer.echo(json.dumps({"frontier": df.to_dict(orient="records"), "current": now}, indent=2))
        return
    _narrow.print(_table(_frontier_points(df), f"Strategy frontier, {dimension}", digits=2))
    _narrow.print(
        "ceiling: the most exposure to any one power allowed; gains and capex: billion USD a year; "
        "price of 1 pt: expected gain given up per percentage point less exposure (the LP's dual, "
        "lambda / 100).",
        highlight=False,
    )
    _narrow.print(_table(_frontier_routes(df), "Routes and expansions along the frontier (Mt/yr)", digits=2))
    _narrow.print(_table(_current(now), "Current position and distance to the frontier", digits=3))


def _frontier_points(df: pd.DataFrame) -> pd.DataFrame:
    """One row per frontier point with readable headers."""
    return pd.DataFrame(
        {
            "ceiling": [f"{100 * v:.1f}%" for v in df["epsilon"]],
            "gains": df["gains"].astype(float),
            "largest exposure": [f"{100 * v:.1f}%" for v in df["largest_exposure"]],
            "balance": df["balance"].astype(float),
            "capex": df["capex"].astype(float),
            "price of 1 pt": [f"{v / 100:.3f}" for v in df["lambda"].astype(float)],
        }
    )


def _frontier_routes(df: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """Flows and expansions (rows) at up to ``n`` points spread along the frontier (columns: the ceiling)."""
    picks = sorted({round(i * (len(df) - 1) / max(n - 1, 1)) for i in range(n)}) if len(df) else []
    cols = [c for c in df.columns if c.startswith(("flow:", "expand:"))]
    out = pd.DataFrame(
        {"route or expansion": [c.replace("flow:", "").replace("expand:", "expand ") for c in cols]}
    )
    for i in picks:
        out[f"{100 * float(df['epsilon'].iloc[i]):.0f}%"] = [float(df[c].iloc[i]) for c in cols]
    return out


def _current(now: dict[str, Any]) -> pd.DataFrame:
    """The current position as (measure, value) rows, so it fits 80 columns."""
    rows = [{"measure": str(k).replace("_", " "), "value": v} for k, v in now.items()]
    return pd.DataFrame(rows, columns=["measure", "value"]).astype({"measure": str})
