"""``/scenarios``: list, show and run the built-in scenarios.

Scenario names resolve only through :func:`multivector.scenarios.list_scenarios`: a name that is not a
built-in preset (a path, ``../x``) is a 404 and never reaches :func:`~multivector.scenarios.load_scenario`.
A run is :func:`multivector.scenarios.run_scenario` with the body's ``set`` as overrides; Monte Carlo draws
are capped at :data:`~multivector.api.schemas.MAX_DRAWS`. A bad override is a 422 whose ``field`` is
``set.<parameter>`` and whose message says what the parameter accepts (its type and range).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Path

from multivector.api.deps import ApiError
from multivector.api.schemas import (
    ErrorResponse,
    ScenarioDetail,
    ScenarioParameter,
    ScenarioRunRequest,
    ScenarioRunResponse,
    ScenarioSummary,
)
from multivector.values import json_ready

__all__ = ["router"]

router = APIRouter(prefix="/scenarios", tags=["scenarios"])

_NAME = Path(description="a built-in scenario, e.g. cpc-outage", min_length=1, max_length=64,
             pattern=r"^[a-z0-9][a-z0-9_-]*$")  # fmt: skip
_ERRORS: dict[int | str, dict[str, Any]] = {404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}}


@lru_cache(maxsize=1)
def _listed() -> tuple[dict[str, Any], ...]:
    from multivector.scenarios import list_scenarios

    frame = list_scenarios()
    return tuple(
        {str(k): ("" if v is None else str(v)) for k, v in rec.items()} for rec in frame.to_dict("records")
    )


def _check(name: str) -> str:
    names = [r["name"] for r in _listed()]
    if name not in names:
        raise ApiError(404, f"unknown scenario {name!r}; built-in scenarios: {', '.join(names)}", "name")
    return name


@lru_cache(maxsize=32)
def _detail(name: str) -> ScenarioDetail:
    from multivector.scenarios import load_scenario

    sc = load_scenario(name)
    params = [
        ScenarioParameter(name=k, value=p.value, type=p.type, min=p.min, max=p.max, description=p.description)
        for k, p in sc.parameters.items()
    ]
    return ScenarioDetail(
        name=sc.name, title=sc.title, description=" ".join(sc.description.split()), country=sc.country,
        dimension=sc.dimension, parameters=params,
        uncertain={k: d.model_dump(mode="json", exclude_none=True) for k, d in sc.uncertain.items()},
        channels=[c.model_dump(mode="json", exclude_none=True) for c in sc.channels],
        shocks=[s.model_dump(mode="json", exclude_none=True) for s in sc.shocks],
        assumptions=list(sc.assumptions), sources=dict(sc.sources),
    )  # fmt: skip


@router.get("", response_model=list[ScenarioSummary], summary="The built-in scenarios")
def list_all() -> list[ScenarioSummary]:
    """Every built-in scenario: name, title, dimension, parameters (with defaults) and description."""
    return [ScenarioSummary(**r) for r in _listed()]


@router.get("/{name}", response_model=ScenarioDetail, responses=_ERRORS, summary="One scenario in full")
def show(name: str = _NAME) -> ScenarioDetail:
    """The scenario's parameters (with ranges, for a form), uncertain parameters, channels, shocks,
    assumptions and sources."""
    return _detail(_check(name))


@router.post(
    "/{name}/run",
    response_model=ScenarioRunResponse,
    responses={**_ERRORS, 413: {"model": ErrorResponse}},
    summary="Run a scenario with parameters",
)
def run(body: ScenarioRunRequest, name: str = _NAME) -> ScenarioRunResponse:
    """Run the scenario with ``set`` (parameter values, checked against their types and ranges) and,
    when ``draws > 0``, a Monte Carlo over its uncertain parameters reproducible with ``seed``."""
    from multivector.scenarios import load_scenario, run_scenario
    from multivector.scenarios.presets import coerce_override

    _check(name)
    params = load_scenario(name).parameters
    for key, raw in body.set.items():
        if key not in params:
            valid = ", ".join(sorted(params)) or "(it has none)"
            raise ApiError(422, f"set.{key}: {name} has no parameter {key!r}; its parameters: {valid}",
                           f"set.{key}")  # fmt: skip
        try:
            coerce_override(params[key], raw)
        except ValueError as exc:
            raise ApiError(422, f"set.{key}: {exc}", f"set.{key}") from None
    result = run_scenario(name, overrides=dict(body.set), draws=body.draws, seed=body.seed)
    return ScenarioRunResponse(name=name, result=json_ready(result.to_dict()), sources=_detail(name).sources)
