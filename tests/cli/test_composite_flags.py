"""What the command line says about dimensions left out of a composite, and how ``--set`` errors read.

* ``profile``: each dimension left out of the composite is named with its reason in words;
* ``compare``: the ranking and each dimension's balance per country are the library's, ``*`` marking the
  dimensions the composite uses;
* ``scenario run --set``: every error names the parameter as ``--set NAME: ...``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from _helpers import run_cli
from multivector.assessment import assess, compare
from multivector.cli import main as cli_main
from multivector.cli.main import app, error_message
from multivector.errors import ScenarioError

cli_main.register_commands()
runner = CliRunner()


def _line(output: str, start: str) -> str:
    return next(ln for ln in output.splitlines() if ln.strip().startswith(start))


def test_profile_says_why_a_dimension_is_left_out(capsys: pytest.CaptureFixture[str]) -> None:
    """Offline, Kazakhstan's casebook: transit and technology quantify one power each (balance 0 by
    construction), diplomacy's shared IGOs are 2014 figures (stale by 2025) on another scale."""
    code, out, _ = run_cli(capsys, "profile", "KAZ")
    assert code == 0
    lib = {e.dimension: e for e in assess("KAZ").dimensions}
    for dim in ("transit", "technology"):
        assert lib[dim].flags == ["single_power"]
        assert _line(out, dim).split()[-2] == "no"
        assert f"left out: {dim}: one power quantified: the balance is 0 by construction" in out
    assert _line(out, "security").split()[-2] == "yes"  # one power, but of a stated total (94 %)
    assert "stale" in lib["diplomacy"].flags
    assert "left out: diplomacy: the figure is older than the dimension's horizon" in out


def test_compare_prints_the_library_ranking(tiny_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "compare", "KAZ", "--year", "2013", "--store", str(tiny_store))
    assert code == 0, err
    lib = compare(["KAZ"], 2013, store=tiny_store).iloc[0]
    row = _line(out, "1 ").split()
    assert row[:4] == ["1", "KAZ", "2013", f"{lib['balance']:.2f}"]
    # trade 0.77 and alliances 0.00 are in the composite (*), events 0.50 is not (4 of 100 events)
    assert _line(out, "trade").split()[1] == f"{lib['balance_trade']:.2f}*"
    assert _line(out, "events").split()[1] == "0.50"
    assert "KAZ left out: events:too_little_evidence" in out
    code, out, _ = run_cli(
        capsys, "compare", "KAZ", "--year", "2013", "--store", str(tiny_store), "--format", "json"
    )
    doc = json.loads(out)
    assert doc["countries"][0]["balance"] == pytest.approx(lib["balance"])


def test_compare_applies_the_weights(tiny_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """trade=3: (3 x 0.77 + 1 x 0.00) / 4 = 0.57 on the tiny store, where equal weights give 0.38."""
    lib = compare(["KAZ"], 2013, store=tiny_store, weights={"trade": 3}).iloc[0]
    plain = compare(["KAZ"], 2013, store=tiny_store).iloc[0]
    assert f"{lib['balance']:.2f}" == "0.57" and f"{plain['balance']:.2f}" == "0.38"
    args = ["compare", "KAZ", "--year", "2013", "--store", str(tiny_store), "--weights", "trade=3"]
    code, out, err = run_cli(capsys, *args)
    assert code == 0, err
    assert _line(out, "1 ").split()[:4] == ["1", "KAZ", "2013", f"{lib['balance']:.2f}"]
    code, out, err = run_cli(capsys, *args, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["countries"][0]["balance"] == pytest.approx(lib["balance"])


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("days=0", "--set days: 0 is below the minimum 1"),
        ("dayz=3", "--set dayz: unknown parameter 'dayz'; valid: days, fraction, oil_value"),
        ("days=abc", "--set days: expected an int, got 'abc'"),
        ("days", "--set days: no value; expected key=value, e.g. days=90"),
        ("=3", "--set '=3': no parameter name; expected key=value, e.g. days=90"),
    ],
)
def test_set_errors_name_the_parameter(item: str, message: str) -> None:
    result = runner.invoke(app, ["scenario", "run", "cpc-outage", "--set", item])
    assert isinstance(result.exception, ScenarioError)
    assert error_message(result.exception) == message


def test_error_message_words_a_parameter_as_set() -> None:
    assert error_message(ScenarioError("parameter 'days': 0 is below the minimum 1", param="days")) == (
        "--set days: 0 is below the minimum 1"
    )
    assert error_message(ScenarioError("unknown parameter 'x'; valid: days", param="x")) == (
        "--set x: unknown parameter 'x'; valid: days"
    )
    assert error_message(ScenarioError("--set days: bad", param="days")) == "--set days: bad"
    assert error_message(ScenarioError("shocks[0].channel: unknown")) == "shocks[0].channel: unknown"


def test_main_prints_the_set_wording(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def failing_app(**_: Any) -> None:
        raise ScenarioError("parameter 'days': expected an int, got 'abc'", param="days")

    monkeypatch.setattr(cli_main, "register_commands", lambda argv=None: None)
    monkeypatch.setattr(cli_main, "app", failing_app)
    with pytest.raises(SystemExit) as exc:
        cli_main.main()
    assert exc.value.code == 2
    assert capsys.readouterr().err.strip() == "error: --set days: expected an int, got 'abc'"
