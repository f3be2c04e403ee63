"""The public API is what ``multivector.__all__`` lists: pin it, and check every name resolves."""

from __future__ import annotations

import subprocess
import sys

import multivector

EXPECTED = {
    # errors and version
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
    # casebook
    "Case",
    "case_ties",
    "find_figures",
    "headline_ties",
    "list_cases",
    "load_case",
    "timeline",
    # the vocabulary
    "DIMENSIONS",
    "TABLES",
    "normalise_weights",
    # the assessment
    "Assessment",
    "add_balance",
    "assess",
    "assess_many",
    "assess_series",
    "compare",
    "rank",
    # indicators
    "balance",
    "balance_series",
    "composite_balance",
    "concentration",
    "partner_shares",
    "power_vector",
    "validate_ties",
    # data
    "Store",
    "get_source",
    "import_all",
    "import_source",
    "pull",
    "source_names",
    "to_iso3",
    # panels and measures
    "add_alliances",
    "add_arms",
    "add_events",
    "add_igos",
    "add_influence",
    "add_trade",
    "add_unga",
    "balance_over_time",
    "build_panel",
    "create_country_years",
    "create_dyad_years",
    "dyad_alignment",
    "ideal_points",
    # scenarios
    "frontier",
    "list_scenarios",
    "load_scenario",
    "run_scenario",
    # report
    "build_report_data",
    "write_report",
}


def test_all_is_pinned() -> None:
    assert set(multivector.__all__) == EXPECTED
    assert len(multivector.__all__) == len(set(multivector.__all__))


def test_every_public_name_resolves_and_is_documented() -> None:
    for name in multivector.__all__:
        obj = getattr(multivector, name)
        if callable(obj) and name[0].islower():
            assert obj.__doc__ and obj.__doc__.strip(), f"{name} has no docstring"


def test_errors_share_one_root() -> None:
    for name in multivector.__all__:
        obj = getattr(multivector, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, multivector.MultivectorError)


def test_unknown_attribute_is_an_attribute_error() -> None:
    try:
        multivector.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_import_is_light() -> None:
    """``import multivector`` must not pull in the heavy parts (DuckDB, Ibis, SciPy, Plotly)."""
    code = (
        "import sys, multivector; heavy = [m for m in ('duckdb', 'ibis', 'scipy', 'plotly', 'pyspark')"
        " if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""
