"""multivector: measure, monitor and stress-test how a state balances its ties among the great powers.

The public API, grouped along the pipeline (sources -> store -> panels and indicators -> scenarios ->
report). Names are imported lazily on first use, so ``import multivector`` and the CLI start fast; the
list is pinned by ``tests/test_public_api.py``.

Casebook
    :func:`load_case`, :func:`list_cases`, :func:`case_ties`, :func:`headline_ties`, :func:`timeline`,
    :func:`find_figures`, :class:`Case`
The vocabulary (:mod:`multivector.dimensions`)
    :data:`DIMENSIONS`, :data:`TABLES`, :func:`normalise_weights`
The assessment (one per country and year, behind every interface)
    :func:`assess`, :func:`assess_many`, :func:`assess_series`, :class:`Assessment`, :func:`compare`,
    :func:`rank`, :func:`add_balance`
Indicators (balance among the powers)
    :func:`validate_ties`, :func:`partner_shares`, :func:`concentration`, :func:`power_vector`,
    :func:`balance`, :func:`balance_series`, :func:`composite_balance`
Data: sources, store, downloads
    :func:`source_names`, :func:`get_source`, :class:`Store`, :func:`import_source`, :func:`import_all`,
    :func:`pull`, :func:`to_iso3`
Panels and the field's measures
    :func:`create_country_years`, :func:`create_dyad_years`, :func:`add_trade`, :func:`add_arms`,
    :func:`add_alliances`, :func:`add_igos`, :func:`add_unga`, :func:`add_events`, :func:`add_influence`,
    :func:`build_panel`, :func:`balance_over_time`, :func:`dyad_alignment`, :func:`ideal_points`
Scenarios
    :func:`list_scenarios`, :func:`load_scenario`, :func:`run_scenario`, :func:`frontier`
Report
    :func:`build_report_data`, :func:`write_report`
Errors
    :class:`MultivectorError` and its subclasses (see :mod:`multivector.errors`)
"""

from __future__ import annotations

import importlib
from typing import Any

from multivector.errors import (
    CasebookError,
    DataError,
    DownloadError,
    InputError,
    MultivectorError,
    PipelineError,
    ScenarioError,
    StoreError,
    UnknownCountryError,
)

__version__ = "0.1.0"

#: Where each lazily imported public name lives.
_LAZY: dict[str, str] = {
    # casebook
    "Case": "multivector.casebook",
    "case_ties": "multivector.casebook",
    "find_figures": "multivector.casebook",
    "headline_ties": "multivector.casebook",
    "list_cases": "multivector.casebook",
    "load_case": "multivector.casebook",
    "timeline": "multivector.casebook",
    # the vocabulary
    "DIMENSIONS": "multivector.dimensions",
    "TABLES": "multivector.dimensions",
    "normalise_weights": "multivector.dimensions",
    # the assessment
    "Assessment": "multivector.assessment",
    "add_balance": "multivector.assessment",
    "assess": "multivector.assessment",
    "assess_many": "multivector.assessment",
    "assess_series": "multivector.assessment",
    "compare": "multivector.assessment",
    "rank": "multivector.assessment",
    # indicators
    "balance": "multivector.indicators",
    "balance_series": "multivector.indicators",
    "composite_balance": "multivector.indicators",
    "concentration": "multivector.indicators",
    "partner_shares": "multivector.indicators",
    "power_vector": "multivector.indicators",
    "validate_ties": "multivector.indicators",
    # data
    "Store": "multivector.store",
    "get_source": "multivector.sources",
    "import_all": "multivector.store",
    "import_source": "multivector.store",
    "pull": "multivector.store",
    "source_names": "multivector.sources",
    "to_iso3": "multivector.countries",
    # panels and measures
    "add_alliances": "multivector.panels",
    "add_arms": "multivector.panels",
    "add_events": "multivector.panels",
    "add_igos": "multivector.panels",
    "add_influence": "multivector.panels",
    "add_trade": "multivector.panels",
    "add_unga": "multivector.panels",
    "balance_over_time": "multivector.panels",
    "build_panel": "multivector.panels",
    "create_country_years": "multivector.panels",
    "create_dyad_years": "multivector.panels",
    "dyad_alignment": "multivector.alignment",
    "ideal_points": "multivector.alignment",
    # scenarios
    "frontier": "multivector.scenarios",
    "list_scenarios": "multivector.scenarios",
    "load_scenario": "multivector.scenarios",
    "run_scenario": "multivector.scenarios",
    # report
    "build_report_data": "multivector.report",
    "write_report": "multivector.report",
}

__all__ = [
    "CasebookError",
    "DataError",
    "DownloadError",
    "InputError",
    "MultivectorError",
    "PipelineError",
    "ScenarioError",
    "StoreError",
    "UnknownCountryError",
    "__version__",
    *sorted(_LAZY),
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'multivector' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
