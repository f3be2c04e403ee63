"""The CLI: scenario list/show/run and frontier."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from multivector.cli.main import app, register_commands
from multivector.errors import ScenarioError

register_commands()
runner = CliRunner()


def test_run_cpc_outage_90_days_prints_a_table():
    res = runner.invoke(app, ["scenario", "run", "cpc-outage", "--set", "days=90"])
    assert res.exit_code == 0, res.output
    assert "TOTAL" in res.output and "atyrau-samara" in res.output
    assert "8.393" in res.output  # Mt lost over the 90 days
    assert "group[aktau-port]" in res.output


def test_run_json_with_draws():
    res = runner.invoke(
        app, ["scenario", "run", "cpc-outage", "--draws", "1000", "--seed", "1", "--format", "json"]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["monte_carlo"]["draws"] == 1000
    assert {"channels", "by_power", "flows_after", "balance_before", "binding"} <= set(data)


def test_list_and_show():
    res = runner.invoke(app, ["scenario", "list"])
    assert res.exit_code == 0 and "us-deals-2025" in res.output
    res = runner.invoke(app, ["scenario", "show", "russia-secondary-sanctions"])
    assert res.exit_code == 0 and "fraction" in res.output


def test_unknown_set_key_is_a_scenario_error():
    res = runner.invoke(app, ["scenario", "run", "cpc-outage", "--set", "speed=3"])
    assert isinstance(res.exception, ScenarioError)
    assert "valid: days, fraction, oil_value" in str(res.exception)


def test_frontier_json():
    res = runner.invoke(app, ["frontier", "KAZ", "--points", "5", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert len(data["frontier"]) == 5
    assert data["current"]["exposure_gap"] >= 0


def test_bad_set_value_is_worded_as_set():
    res = runner.invoke(app, ["scenario", "run", "cpc-outage", "--set", "days=0"])
    assert isinstance(res.exception, ScenarioError)
    assert str(res.exception) == "--set days: 0 is below the minimum 1"
    assert res.exception.param == "days"
