"""Loading scenarios: built-in presets, scenario files, shared network files, the casebook and ``--set``.

A scenario may name a ``network`` (a file ``presets/_network-<name>.yaml`` for the built-in ones, or a path
relative to the scenario file): its commodities, channels, groups, substitutions, parameters, assumptions
and sources are merged in first, and the scenario's own entries override them by id (by name for
parameters). Files whose name starts with ``_`` are networks, not scenarios, and are not listed.

When the scenario names a ``case`` and the casebook has it, every channel that names an ``infrastructure``
id is checked against the case and fills its missing ``name``, ``operator``, ``crosses``, ``pole`` and (in
million tonnes per year) ``capacity`` from the casebook entry. Values given in the scenario file win; each
carries its own citation or is labelled ASSUMPTION.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from multivector.errors import MultivectorError, ScenarioError
from multivector.scenarios.model import Parameter, Scenario, coerce_parameter, parse_scenario, read_yaml

__all__ = [
    "PRESET_DIR",
    "apply_overrides",
    "coerce_override",
    "list_scenarios",
    "load_scenario",
    "parse_overrides",
]

PRESET_DIR = Path(__file__).with_name("presets")


def _preset_paths() -> dict[str, Path]:
    return {p.stem: p for p in sorted(PRESET_DIR.glob("*.yaml")) if not p.name.startswith("_")}


def list_scenarios() -> pd.DataFrame:
    """The built-in scenarios: ``name, title, dimension, parameters, description``."""
    rows = []
    for name in _preset_paths():
        sc = load_scenario(name, use_case=False)
        params = ", ".join(
            f"{k}={p.value:g}" for k, p in sc.parameters.items() if not isinstance(p.value, bool)
        )
        rows.append(
            {
                "name": sc.name,
                "title": sc.title,
                "dimension": sc.dimension,
                "parameters": params,
                "description": " ".join(sc.description.split()),
            }
        )
    return pd.DataFrame(rows, columns=["name", "title", "dimension", "parameters", "description"])


_LISTS = ("channels", "groups", "substitutions", "assumptions")
_MAPPINGS = ("commodities", "parameters", "sources", "uncertain")


def _shape(key: str, value: object) -> object:
    """``value`` of a merged section if it has the section's shape (a list or a mapping), else a
    ScenarioError naming the field (``channels: 5`` is not a list of channels)."""
    if value is None:
        return [] if key in _LISTS else {}
    if key in _LISTS and not isinstance(value, list):
        raise ScenarioError(f"{key}: must be a list, got {type(value).__name__} {str(value)[:40]!r}")
    if key in _MAPPINGS and not isinstance(value, dict):
        raise ScenarioError(f"{key}: must be a mapping of name: entry, got {type(value).__name__}")
    return value


def _merge(base: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    out.pop("kind", None)
    for key, value in own.items():
        if key in ("channels", "groups") and key in out:
            old, new = _shape(key, out[key]), _shape(key, value)
            assert isinstance(old, list) and isinstance(new, list)
            by_id = {e["id"]: e for e in old if isinstance(e, dict) and "id" in e}
            merged = list(old)
            for entry in new:
                if isinstance(entry, dict) and entry.get("id") in by_id:
                    pos = merged.index(by_id[entry["id"]])
                    merged[pos] = {**by_id[entry["id"]], **entry}
                else:
                    merged.append(entry)
            out[key] = merged
        elif key in ("substitutions", "assumptions") and key in out:
            old, new = _shape(key, out[key]), _shape(key, value)
            assert isinstance(old, list) and isinstance(new, list)
            out[key] = old + new
        elif key in _MAPPINGS and key in out:
            old_map, new_map = _shape(key, out[key]), _shape(key, value)
            assert isinstance(old_map, dict) and isinstance(new_map, dict)
            out[key] = {**old_map, **new_map}
        else:
            out[key] = value
    return out


def _resolve_network(data: dict[str, Any], where: Path | None) -> dict[str, Any]:
    ref = data.get("network")
    if ref is None:
        return data
    if not isinstance(ref, str):
        raise ScenarioError("network: must be the name of a network file")
    candidates = [PRESET_DIR / f"_network-{ref}.yaml"]
    if where is not None:
        candidates.insert(0, (where.parent / ref))
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        known = sorted(p.stem.removeprefix("_network-") for p in PRESET_DIR.glob("_network-*.yaml"))
        raise ScenarioError(f"network: unknown network {ref!r}; known: {', '.join(known)} (or a file path)")
    base = read_yaml(path)
    if not isinstance(base, dict):
        raise ScenarioError(f"{path}: must be a mapping of fields")
    return _merge(base, data)


def load_scenario(name_or_path: str | Path | Scenario, *, use_case: bool = True) -> Scenario:
    """A built-in scenario by name (``cpc-outage``) or a scenario YAML file, validated.

    Raises :class:`~multivector.errors.ScenarioError` naming the field for any problem.
    """
    if isinstance(name_or_path, Scenario):
        return name_or_path
    presets = _preset_paths()
    text = str(name_or_path)
    if text in presets:
        path = presets[text]
    else:
        path = Path(text)
        if not path.is_file():
            raise ScenarioError(
                f"scenario: unknown scenario {text!r}; built-in: {', '.join(presets)} (or a YAML file path)"
            )
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: must be a mapping of fields")
    try:
        data = _resolve_network(data, path)
    except ScenarioError as exc:
        raise ScenarioError(f"{path.name}: {exc}", param=exc.param) from None
    sc = parse_scenario(data, where=path.name)
    if use_case and sc.case:
        sc = _fill_from_case(sc)
    try:
        sc.check_references()
    except ScenarioError as exc:
        raise ScenarioError(f"{path.name}: {exc}") from None
    return sc


def _fill_from_case(sc: Scenario) -> Scenario:
    """Fill missing channel fields from the casebook's infrastructure entries (see the module docstring)."""
    try:
        from multivector.casebook import load_case  # type: ignore[attr-defined,unused-ignore]

        case = load_case(str(sc.case))
    except (ImportError, MultivectorError):
        return sc
    infra = {i.id: i for i in getattr(case, "infrastructure", [])}
    if not infra:
        return sc
    channels = []
    problems = []
    for idx, ch in enumerate(sc.channels):
        if ch.infrastructure is None:
            channels.append(ch)
            continue
        entry = infra.get(ch.infrastructure)
        if entry is None:
            problems.append(
                f"channels[{idx}].infrastructure: unknown infrastructure id {ch.infrastructure!r} in case "
                f"{sc.case!r}; known: {', '.join(sorted(infra))}"
            )
            channels.append(ch)
            continue
        update: dict[str, Any] = {}
        if ch.name is None:
            update["name"] = entry.name
        if ch.operator is None and entry.operator:
            update["operator"] = entry.operator
        if not ch.crosses and entry.crosses:
            update["crosses"] = [c.upper() for c in entry.crosses]
        if ch.pole is None and entry.pole:
            update["pole"] = entry.pole.upper()
        cap = entry.capacity
        if ch.capacity is None and cap is not None and cap.value is not None and "million tonnes" in cap.unit:
            update["capacity"] = cap.value
            update["cite"] = {**ch.cite, "capacity": f"casebook {sc.case}: infrastructure {entry.id}"}
        channels.append(ch.model_copy(update=update))
    if problems:
        raise ScenarioError("; ".join(problems))
    return sc.model_copy(update={"channels": channels})


def parse_overrides(items: Iterable[str] | Mapping[str, object] | None) -> dict[str, object]:
    """``["days=90", "fraction=0.5"]`` (or a mapping) as a dict; malformed items raise ScenarioError.

    ``key=value`` strings are the command line's ``--set`` syntax, so their errors say ``--set``.
    """
    if items is None:
        return {}
    if isinstance(items, Mapping):
        return dict(items)
    out: dict[str, object] = {}
    for item in items:
        if "=" not in item:
            key = item.strip()
            raise ScenarioError(
                f"--set {item!r}: expected key=value, e.g. days=90", param=key if key else None
            )
        key, value = item.split("=", 1)
        out[key.strip()] = value.strip()
    return out


def _override_error(key: str, reason: str, *, cli: bool, named: bool = False) -> ScenarioError:
    """The error of one override, naming the parameter as ``--set key`` (``key=value`` strings, the command
    line's syntax) or ``parameter 'key'`` (a mapping) unless ``reason`` already ``named`` it; ``param``
    carries the name for the other front ends."""
    if cli:
        return ScenarioError(f"--set {key}: {reason}", param=key)
    return ScenarioError(reason if named else f"parameter {key!r}: {reason}", param=key)


def coerce_override(p: Parameter, raw: object) -> float | int | bool:
    """The value ``raw`` (a number, ``true``/``false`` or a string) for parameter ``p``, typed and
    range-checked (:func:`~multivector.scenarios.model.coerce_parameter`, except that ``True``/``False`` are
    not the numbers 1/0 of a numeric parameter). Raises ``ValueError`` saying what is wrong, without naming
    the parameter."""
    if p.type == "bool":
        return coerce_parameter(p, raw)
    expected = "an int" if p.type == "int" else "a number"
    if isinstance(raw, bool):
        raise ValueError(f"expected {expected}, got {str(raw).lower()}")
    if not isinstance(raw, int | float):
        try:
            float(str(raw))
        except ValueError:
            raise ValueError(f"expected {expected}, got {raw!r}") from None
    return coerce_parameter(p, raw)


def apply_overrides(sc: Scenario, overrides: Iterable[str] | Mapping[str, object] | None) -> Scenario:
    """Set parameter values (typed and range-checked); an unknown key names the valid ones.

    A parameter the caller sets is fixed: it leaves ``uncertain``, so a Monte Carlo keeps it at the set
    value in every draw instead of drawing it from its distribution (``--set days=90`` means 90 days).

    Every error is a :class:`~multivector.errors.ScenarioError` whose ``param`` is the parameter at fault.
    Its message says ``--set days: ...`` when the overrides were ``key=value`` strings (the command line's
    ``--set``) and ``parameter 'days': ...`` when they were a mapping (Python, the REST API).
    """
    cli = overrides is not None and not isinstance(overrides, Mapping)
    values = parse_overrides(overrides)
    if not values:
        return sc
    params = dict(sc.parameters)
    for key, raw in values.items():
        if key not in params:
            valid = ", ".join(sorted(params)) or "(this scenario has no parameters)"
            raise _override_error(key, f"unknown parameter {key!r}; valid: {valid}", cli=cli, named=True)
        try:
            new = coerce_override(params[key], raw)
        except ValueError as exc:
            raise _override_error(key, str(exc), cli=cli) from None
        params[key] = params[key].model_copy(update={"value": new})
    uncertain = {k: d for k, d in sc.uncertain.items() if k not in values}
    return sc.model_copy(update={"parameters": params, "uncertain": uncertain})
