"""Schemathesis against the OpenAPI schema: no request the schema allows makes the server fail."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import schemathesis
    from schemathesis.checks import not_a_server_error

from multivector.api import create_app

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::starlette.exceptions.StarletteDeprecationWarning"),
]

# The scenario runs are covered by their own tests (a Monte Carlo per example would be slow here); the
# app's store does not exist, so the data endpoints answer 404 fast and the casebook ones answer fully.
_APP = create_app(Path("/nonexistent/multivector-schemathesis.duckdb"))
schema = schemathesis.openapi.from_asgi("/openapi.json", _APP)


@schema.exclude(method="POST").parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: schemathesis.Case) -> None:
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error])


@schema.include(method="POST").parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors_on_runs(case: schemathesis.Case) -> None:
    if isinstance(case.body, dict) and isinstance(case.body.get("draws"), int):
        case.body["draws"] = min(case.body["draws"], 100)
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error])
