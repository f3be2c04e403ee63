"""Scenarios: stress-test a country's ties with the great powers and trace the strategy frontier.

Pipeline (one module per step)::

    model (YAML schema) -> presets (load, network, casebook, --set) -> network (arrays, greedy fill)
        -> lp (rerouting LP, HiGHS) -> propagate (run_scenario, ScenarioResult)
        -> montecarlo (draws, percentiles) ;  frontier (gains vs dependence)

``docs/scenarios.md`` describes the file format, the presets and their assumptions.
"""

from __future__ import annotations

from multivector.scenarios.frontier import current_position, frontier
from multivector.scenarios.model import Scenario
from multivector.scenarios.montecarlo import MonteCarlo
from multivector.scenarios.presets import list_scenarios, load_scenario
from multivector.scenarios.propagate import ScenarioResult, run_scenario

__all__ = [
    "MonteCarlo",
    "Scenario",
    "ScenarioResult",
    "current_position",
    "frontier",
    "list_scenarios",
    "load_scenario",
    "run_scenario",
]
