"""Issue 14, items 10, 11 and 14: scenario files that used to give tracebacks, ``--set`` in the Monte Carlo,
and the readability of ``scenario run`` and ``frontier``."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

import multivector.cli.commands_scenario  # noqa: F401  (registers the commands)
from multivector.cli.main import app
from multivector.errors import ScenarioError
from multivector.scenarios import load_scenario, run_scenario

runner = CliRunner()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # `channels: 5` merged with the network's channel list: TypeError 'int' object is not iterable
        ("name: x\nnetwork: kazakhstan-energy\nchannels: 5\n", r"x\.yaml: channels: must be a list, got int"),
        ("name: x\nnetwork: kazakhstan-energy\nparameters: [1, 2]\n", "parameters: must be a mapping"),
        # 5,000 nested brackets: RecursionError in the pure-Python YAML loader
        ("name: x\ndescription: " + "[" * 5000 + "]" * 5000 + "\n", "not valid YAML|nested"),
        ("name: x\ndescription: " + "[" * 70 + "]" * 70 + "\n", "nested more than 64 levels deep"),
        ("a: &a [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nname: x\n", "alias refers to a collection"),
    ],
)
def test_bad_scenario_files_are_one_line_errors(tmp_path: Path, text: str, message: str) -> None:
    f = tmp_path / "x.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match=message):
        load_scenario(f)
    res = runner.invoke(app, ["scenario", "run", str(f)])
    assert isinstance(res.exception, ScenarioError)  # main() prints it as one line, exit 2


def test_an_alias_bomb_scenario_is_refused(tmp_path: Path) -> None:
    lines = ["a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]"]
    for i, name in enumerate("bcdefgh"):
        prev = "a" if i == 0 else "bcdefgh"[i - 1]
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    f = tmp_path / "bomb.yaml"
    f.write_text("\n".join([*lines, "name: x", "network: kazakhstan-energy"]) + "\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="expands to more than 100,000 nodes"):
        load_scenario(f)


def test_a_parameter_set_by_the_user_is_fixed_in_every_draw() -> None:
    """`scenario run cpc-outage --set days=90` reported a 90-day window but redrew days in the Monte Carlo
    (p50 of days 48, lost p50 4.5 Mt): a set parameter is now fixed in every draw."""
    fixed = run_scenario("cpc-outage", overrides=["days=90"], draws=400, seed=1)
    assert fixed.parameters["days"] == 90 and fixed.window_days == 90
    mc = fixed.monte_carlo
    assert mc is not None
    assert "param:days" not in mc.draws.columns and "param:oil_value" in mc.draws.columns
    lost = mc.summary.set_index("metric").loc["lost"]
    # the volume lost depends on days (and fraction), not on the oil price: with days fixed it is the
    # same in every draw, and equal to the deterministic run's
    deterministic = float(fixed.channels["lost"].sum())
    assert lost["p5"] == pytest.approx(deterministic) and lost["p95"] == pytest.approx(deterministic)
    drawn = run_scenario("cpc-outage", draws=400, seed=1).monte_carlo
    assert drawn is not None and "param:days" in drawn.draws.columns  # without --set, days is drawn


def test_the_api_fixes_a_set_parameter_too(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from multivector.api import create_app

    with TestClient(create_app(tmp_path / "none.duckdb")) as client:
        res = client.post("/api/v1/scenarios/cpc-outage/run", json={"set": {"days": 90}, "draws": 200})
    assert res.status_code == 200, res.text
    summary = {row["metric"]: row for row in res.json()["result"]["monte_carlo"]["summary"]}
    assert "param:days" not in summary and summary["lost"]["p5"] == pytest.approx(summary["lost"]["p95"])


def test_run_says_fixed_parameters_and_what_a_capacity_cut_is() -> None:
    res = runner.invoke(app, ["scenario", "run", "cpc-outage", "--set", "days=90", "--draws", "100"])
    assert res.exit_code == 0, res.output
    out = " ".join(res.stdout.split())
    assert "Fixed by --set in every draw (not drawn): days=90." in out
    assert "capacity cut" in out and "cut 18.493 > planned 13.700 million tonnes" in out
    assert "capacity cut is the capacity the shocks remove over the window, not a volume lost" in out


def test_frontier_fits_80_columns_without_raw_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    res = runner.invoke(app, ["frontier", "KAZ", "--points", "9"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "…" not in res.stdout  # no truncated header or value
    assert "┃ lambda" not in res.stdout and "flow:" not in res.stdout and "expand:" not in res.stdout
    assert "price of 1 pt" in res.stdout and "kazakhstan-china-oil" in res.stdout
