"""The report's scenario section: each preset run at its defaults, and the gains-vs-dependence frontier.

:func:`scenario_section` calls only the public API of :mod:`multivector.scenarios`
(:func:`~multivector.scenarios.run_scenario` with ``draws=0``, :func:`~multivector.scenarios.frontier`,
:func:`~multivector.scenarios.current_position`). The numbers are model outputs: each cites the sourced
inputs of its scenario (the casebook ids in the scenario's ``sources``); the presets' assumptions are
listed beside them, labelled as assumptions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from multivector.errors import InputError, MultivectorError
from multivector.report.model import (
    Figure,
    FrontierPoint,
    FrontierSection,
    SankeyLink,
    ScenarioRow,
    ScenarioSection,
    format_index,
    format_share,
    make_figure,
)
from multivector.values import number_or_none as as_float

__all__ = ["ASSUMPTIONS_NOTE", "preset_names", "scenario_section"]

ASSUMPTIONS_NOTE = (
    "Model outputs, not observations: each preset runs at its default parameters (no Monte Carlo draws). "
    "The figures cite the sourced inputs (capacities, route volumes, trade values); everything marked "
    "ASSUMPTION (planned flows, prices, rerouting costs, which routes can substitute) is the preset's own "
    "assumption. See docs/scenarios.md."
)


def preset_names(case_id: str) -> list[str]:
    """The built-in presets written for ``case_id`` (all presets for the built-in ``kazakhstan`` case)."""
    from multivector.scenarios import list_scenarios, load_scenario

    names = [str(n) for n in list_scenarios()["name"]]
    return [n for n in names if (load_scenario(n).case or "kazakhstan") == case_id]


def _amount(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.2f}"


def _first(frame: pd.DataFrame, column: str) -> Any:
    return frame[column].iloc[0] if not frame.empty and column in frame.columns else None


def _tilt(frame: pd.DataFrame) -> list[float] | None:
    coords = [as_float(_first(frame, c)) for c in ("tilt_rus", "tilt_chn", "tilt_west")]
    return None if None in coords else [float(c) for c in coords if c is not None]


def _row(name: str, sources: list[str]) -> ScenarioRow:
    from multivector.scenarios import run_scenario

    res = run_scenario(name, draws=0)
    days = float(res.window_days)
    window = f"over {days:g} days"
    label = f"{res.name}"

    def fig(key: str, what: str, value: float | None, text: str, unit: str | None) -> Figure:
        return make_figure(
            f"scenarios.{res.name}.{key}",
            "scenarios",
            f"{label}: {what} (model output)",
            value,
            text,
            sources,
            unit,
        )

    lost: list[Figure] = []
    rerouted: list[Figure] = []
    for _, t in res.totals.iterrows():
        commodity, unit = str(t["commodity"]), str(t["unit"])
        lv, rv = as_float(t["lost"]), as_float(t["rerouted"])
        lost.append(fig(f"lost.{commodity}", f"{commodity} lost {window}", lv, _amount(lv), unit))
        rerouted.append(fig(f"rerouted.{commodity}", f"{commodity} rerouted {window}", rv, _amount(rv), unit))
    value = as_float(res.totals["value_lost"].sum()) if "value_lost" in res.totals.columns else None
    bb, ba = as_float(_first(res.balance_before, "balance")), as_float(_first(res.balance_after, "balance"))
    eb = as_float(_first(res.balance_before, "largest_exposure"))
    ea = as_float(_first(res.balance_after, "largest_exposure"))
    binding: list[str] = []
    if not res.binding.empty:
        for _, b in res.binding.iterrows():
            saving = as_float(b.get("saving_per_unit"))
            extra = f" (one more unit saves {saving:.3g} bn USD)" if saving else ""
            binding.append(f"{b['constraint']}{extra}")
    links = [
        SankeyLink(
            source=str(f["source"]),
            target=str(f["target"]),
            volume=float(f["volume"]),
            unit=str(f["unit"]) if f["unit"] is not None else None,
            kind=str(f["kind"]),
        )
        for _, f in res.flows_after.iterrows()
        if as_float(f["volume"]) and float(f["volume"]) > 0
    ]
    lp_before = _first(res.balance_before, "largest_power")
    lp_after = _first(res.balance_after, "largest_power")
    return ScenarioRow(
        name=res.name,
        title=res.title,
        dimension=res.dimension,
        parameters=dict(res.parameters),
        window_days=days,
        lost=lost,
        rerouted=rerouted,
        value_lost=fig("value_lost", f"value lost {window}", value, _amount(value), "billion USD"),
        balance_before=fig(
            "balance_before", f"balance of {res.dimension} before", bb, format_index(bb), None
        ),
        balance_after=fig("balance_after", f"balance of {res.dimension} after", ba, format_index(ba), None),
        exposure_before=fig("exposure_before", "largest exposure before", eb, format_share(eb), "share"),
        exposure_after=fig("exposure_after", "largest exposure after", ea, format_share(ea), "share"),
        largest_power_before=str(lp_before) if lp_before else None,
        largest_power_after=str(lp_after) if lp_after else None,
        tilt_before=_tilt(res.balance_before),
        tilt_after=_tilt(res.balance_after),
        binding=binding,
        assumptions=list(res.assumptions),
        links=links,
        sources=sources,
    )


def _frontier(case_id: str, dimension: str, sources: list[str]) -> FrontierSection:
    from multivector.scenarios import current_position, frontier

    table = frontier(case_id, dimension=dimension)
    pos = current_position(case_id, dimension=dimension)
    points = [
        FrontierPoint(
            epsilon=float(r["epsilon"]),
            gains=float(r["gains"]),
            balance=as_float(r.get("balance")),
            largest_exposure=float(r["largest_exposure"]),
            lam=as_float(r.get("lambda")),
        )
        for _, r in table.iterrows()
    ]

    def fig(key: str, what: str, value: float | None, text: str, unit: str | None) -> Figure:
        return make_figure(
            f"frontier.{key}",
            "frontier",
            f"{dimension} frontier: {what} (model output)",
            value,
            text,
            sources,
            unit,
        )

    g, e, b = (as_float(pos.get(k)) for k in ("gains", "largest_exposure", "balance"))
    gg, eg = as_float(pos.get("gain_gap")), as_float(pos.get("exposure_gap"))
    return FrontierSection(
        dimension=dimension,
        points=points,
        current_gains=fig("current_gains", "gains today", g, _amount(g), "billion USD per year"),
        current_exposure=fig("current_exposure", "largest exposure today", e, format_share(e), "share"),
        current_balance=fig("current_balance", "balance today", b, format_index(b), None),
        gain_gap=fig("gain_gap", "gain forgone at today's exposure", gg, _amount(gg), "billion USD per year"),
        exposure_gap=fig(
            "exposure_gap", "exposure that could be shed at today's gains", eg, format_share(eg), "share"
        ),
        sources=sources,
    )


def scenario_section(
    case_id: str, names: Sequence[str], known_sources: set[str]
) -> tuple[ScenarioSection, dict[str, dict[str, Any]]]:
    """Run ``names`` (preset names or scenario files) at their defaults and the energy frontier of
    ``case_id``; returns the section and citation fields for scenario sources the case does not list."""
    from multivector.scenarios import load_scenario

    extra: dict[str, dict[str, Any]] = {}
    rows: list[ScenarioRow] = []
    by_dimension: dict[str, list[str]] = {}
    for name in names:
        try:
            sc = load_scenario(name)
        except (MultivectorError, OSError) as exc:
            raise InputError(f"--scenarios: {exc}") from None
        sources = list(sc.sources)
        for sid, text in sc.sources.items():
            if sid not in known_sources and sid not in extra:
                extra[sid] = {
                    "kind": "scenario",
                    "title": text,
                    "url": None,
                    "publisher": None,
                    "date": None,
                    "note": f"cited by the scenario network of {sc.name}",
                    "text": text.rstrip(".") + ".",
                }
        if not sources:
            raise InputError(f"--scenarios: scenario {sc.name!r} cites no sources; the report needs them")
        rows.append(_row(name, sources))
        by_dimension.setdefault(sc.dimension, []).extend(sources)
    return (
        ScenarioSection(
            scenarios=rows, frontier=_first_frontier(case_id, by_dimension), assumptions_note=ASSUMPTIONS_NOTE
        ),
        extra,
    )


def _first_frontier(case_id: str, by_dimension: dict[str, list[str]]) -> FrontierSection | None:
    """The frontier of the first scenario dimension (in the scenarios' order) that has a frontier model for
    ``case_id``, citing that dimension's scenario sources; None when none has one."""
    from multivector.errors import ScenarioError

    for dimension, sources in by_dimension.items():
        try:
            return _frontier(case_id, dimension, list(dict.fromkeys(sources)))
        except ScenarioError:
            continue
    return None
