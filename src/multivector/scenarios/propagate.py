"""Running a scenario: propagate the shocks, solve the rerouting LP, measure the balance before and after.

:func:`run_scenario` returns a :class:`ScenarioResult` whose tidy frames are what the CLI prints and the
report draws: ``channels`` (per channel: planned, capacity, cut, delivered, rerouted, lost...),
``by_power``, ``flows_before`` / ``flows_after`` (source channel -> target channel volumes, for a Sankey),
``balance_before`` / ``balance_after`` (one row each, the columns of
:func:`multivector.indicators.balance`), ``binding`` (the LP constraints that bind) and, with draws,
``monte_carlo`` (percentiles 5, 50, 95).

Volumes are in each channel's unit (million tonnes of oil, billion cubic metres of gas, billion USD of
trade) over the scenario's window (``window_days``); values are in billion USD.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from multivector.powers import POLES
from multivector.scenarios.lp import solve_lp
from multivector.scenarios.model import Scenario
from multivector.scenarios.montecarlo import MonteCarlo, simulate
from multivector.scenarios.network import Arrays, Flows, balance_arrays, compile_arrays, pole_values
from multivector.scenarios.presets import apply_overrides, load_scenario
from multivector.values import json_value

__all__ = ["CHANNEL_COLUMNS", "ScenarioResult", "run_scenario"]

CHANNEL_COLUMNS: tuple[str, ...] = (
    "channel",
    "name",
    "pole",
    "commodity",
    "unit",
    "planned",
    "capacity_before",
    "capacity",
    "cut",
    "delivered",
    "rerouted",
    "received",
    "lost",
    "carried",
    "spare_after",
    "value_lost",
    "reroute_cost",
)


@dataclass
class ScenarioResult:
    """The outcome of one scenario run (see the module docstring for the frames)."""

    name: str
    title: str
    dimension: str
    parameters: dict[str, float | int | bool]
    window_days: float
    channels: pd.DataFrame
    by_power: pd.DataFrame
    flows_before: pd.DataFrame
    flows_after: pd.DataFrame
    balance_before: pd.DataFrame
    balance_after: pd.DataFrame
    binding: pd.DataFrame
    constraints: pd.DataFrame
    totals: pd.DataFrame
    lp_seconds: float
    assumptions: list[str] = field(default_factory=list)
    monte_carlo: MonteCarlo | None = None

    def to_frame(self) -> pd.DataFrame:
        """The per-channel table with a totals row per unit (what ``scenario run`` prints)."""
        return pd.concat([self.channels, self.totals], ignore_index=True)

    def to_dict(self) -> dict[str, Any]:
        """Everything as JSON-ready Python objects (NaN becomes None)."""

        def records(df: pd.DataFrame) -> list[dict[str, Any]]:
            return [
                {str(k): json_value(v) for k, v in row.items()}
                for row in df.astype(object).to_dict(orient="records")
            ]

        out: dict[str, Any] = {
            "name": self.name,
            "title": self.title,
            "dimension": self.dimension,
            "parameters": self.parameters,
            "window_days": self.window_days,
            "channels": records(self.channels),
            "totals": records(self.totals),
            "by_power": records(self.by_power),
            "flows_before": records(self.flows_before),
            "flows_after": records(self.flows_after),
            "balance_before": records(self.balance_before)[0],
            "balance_after": records(self.balance_after)[0],
            "binding": records(self.binding),
            "lp_seconds": self.lp_seconds,
            "assumptions": self.assumptions,
        }
        if self.monte_carlo is not None:
            out["monte_carlo"] = {
                "seed": self.monte_carlo.seed,
                "draws": len(self.monte_carlo.draws),
                "lp_draws": self.monte_carlo.n_lp,
                "summary": records(self.monte_carlo.summary),
            }
        return out


def _balance_frame(a: Arrays, by_pole: np.ndarray, dimension: str, country: str) -> pd.DataFrame:
    """One row of balance columns; computed by :func:`multivector.indicators.balance` when it is there."""
    from multivector.indicators import balance as indicator_balance

    if by_pole.sum() > 0:
        ties = pd.DataFrame(
            {
                "country": country,
                "partner": list(POLES),
                "dimension": dimension,
                "year": 0,
                "value": by_pole[0],
                "unit": "billion USD",
            }
        )
        ties = ties[ties["value"] > 0]
        row = indicator_balance(ties).drop(columns=["year"]).reset_index(drop=True)
        return row
    bal, largest = balance_arrays(by_pole)
    return pd.DataFrame(
        {"country": [country], "dimension": [dimension], "balance": bal, "largest_exposure": largest}
    )


def _channel_frame(sc: Scenario, a: Arrays, f: Flows) -> pd.DataFrame:
    planned = a.planned[0]
    rerouted = f.rerouted_out[0]
    received = f.received[0]
    carried = f.own[0] + received
    frame = pd.DataFrame(
        {
            "channel": a.ids,
            "name": [c.name or c.id for c in sc.channels],
            "pole": a.poles,
            "commodity": a.commodities,
            "unit": a.units,
            "planned": planned,
            "capacity_before": a.cap0[0],
            "capacity": a.cap[0],
            "cut": np.maximum(a.cap0[0] - a.cap[0], 0.0),
            "delivered": f.own[0],
            "rerouted": rerouted,
            "received": received,
            "lost": f.lost[0],
            "carried": carried,
            "spare_after": np.maximum(a.cap[0] - carried, 0.0),
            "value_lost": f.lost[0] * a.vpu[0],
            "reroute_cost": (_moved(f) * _pair_cost(a)).sum(axis=0),
        }
    )
    return frame[list(CHANNEL_COLUMNS)]


def _moved(f: Flows) -> np.ndarray:
    assert f.moved is not None
    return f.moved[0]


def _pair_cost(a: Arrays) -> np.ndarray:
    cost = np.broadcast_to(a.tcost[0][None, :], (a.k, a.k)).copy()
    for (i, j), c in a.override.items():
        cost[i, j] = c[0]
    return cost


def _totals(ch: pd.DataFrame) -> pd.DataFrame:
    rows = []
    numeric = [c for c in CHANNEL_COLUMNS if c not in ("channel", "name", "pole", "commodity", "unit")]
    for (com, unit), part in ch.groupby(["commodity", "unit"], sort=False):
        row: dict[str, Any] = {
            "channel": "TOTAL",
            "name": f"total {com}",
            "pole": "",
            "commodity": com,
            "unit": unit,
        }
        for col in numeric:
            row[col] = float(part[col].sum())
        rows.append(row)
    return pd.DataFrame(rows, columns=list(CHANNEL_COLUMNS))


def _flows_frames(a: Arrays, f: Flows) -> tuple[pd.DataFrame, pd.DataFrame]:
    before = pd.DataFrame(
        {"source": a.ids, "target": a.ids, "volume": a.planned0[0], "unit": a.units, "kind": "planned"}
    )
    before = before[before["volume"] > 0].reset_index(drop=True)
    rows = []
    assert f.moved is not None
    moved = f.moved[0]
    for i, src in enumerate(a.ids):
        if f.own[0, i] > 0:
            rows.append((src, src, f.own[0, i], a.units[i], "delivered"))
        for j, tgt in enumerate(a.ids):
            if moved[i, j] > 0:
                rows.append((src, tgt, moved[i, j], a.units[i], "rerouted"))
        if f.lost[0, i] > 0:
            rows.append((src, "lost", f.lost[0, i], a.units[i], "lost"))
    for i, j, moved in a.shifts:
        if moved[0] > 0:
            rows.append((a.ids[i], a.ids[j], float(moved[0]), a.units[i], "shifted"))
    after = pd.DataFrame(rows, columns=["source", "target", "volume", "unit", "kind"])
    return before, after


def _by_power(a: Arrays, f: Flows) -> pd.DataFrame:
    before = pole_values(a, a.planned0, a.vpu0)[0]
    after = pole_values(a, f.delivered_on, a.vpu)[0]
    lost = pole_values(a, f.lost, a.vpu)[0]
    out_v = pole_values(a, f.rerouted_out, a.vpu)[0]
    in_v = pole_values(a, f.received, a.vpu)[0]
    frame = pd.DataFrame(
        {
            "pole": list(POLES),
            "value_before": before,
            "value_after": after,
            "value_lost": lost,
            "value_rerouted_out": out_v,
            "value_rerouted_in": in_v,
        }
    )
    tb, ta = before.sum(), after.sum()
    frame["share_before"] = before / tb if tb > 0 else np.nan
    frame["share_after"] = after / ta if ta > 0 else np.nan
    return frame


def run_scenario(
    scenario: str | Path | Scenario,
    overrides: Iterable[str] | Mapping[str, object] | None = None,
    draws: int = 0,
    seed: int = 0,
) -> ScenarioResult:
    """Run a scenario (a preset name, a YAML path or a :class:`Scenario`).

    ``overrides`` sets parameters (``["days=90"]`` or ``{"days": 90}``); ``draws > 0`` adds a Monte Carlo
    over the scenario's uncertain parameters, reproducible with ``seed``.
    """
    sc = apply_overrides(load_scenario(scenario), overrides)
    values: dict[str, float | np.ndarray] = {k: float(p.value) for k, p in sc.parameters.items()}
    a = compile_arrays(sc, values, 1)
    sol = solve_lp(a, 0)
    f = sol.flows
    ch = _channel_frame(sc, a, f)
    before, after = _flows_frames(a, f)
    by_power = _by_power(a, f)
    mc = simulate(sc, draws, seed) if draws > 0 else None
    return ScenarioResult(
        name=sc.name,
        title=sc.title,
        dimension=sc.dimension,
        parameters={k: p.value for k, p in sc.parameters.items()},
        window_days=float(a.window[0]),
        channels=ch,
        by_power=by_power,
        flows_before=before,
        flows_after=after,
        balance_before=_balance_frame(a, pole_values(a, a.planned0, a.vpu0), sc.dimension, sc.country),
        balance_after=_balance_frame(a, pole_values(a, f.delivered_on, a.vpu), sc.dimension, sc.country),
        binding=sol.binding,
        constraints=sol.constraints,
        totals=_totals(ch),
        lp_seconds=sol.seconds,
        assumptions=list(sc.assumptions),
        monte_carlo=mc,
    )
