"""What the command line says about dimensions left out of a composite, and how ``--set`` errors read.

* ``profile``: a balance with one power quantified prints as ``0.00*``, the "used" column says ``no*``, and
  the footnote and the excluded list follow the table; ``--include-single-power`` keeps them in;
* ``compare``: the ``unga`` column is ``unga†`` (the UN-vote equidistance, not a share of flows), each
  country's ``dimensions_excluded`` is printed, and ``--include-noncomparable`` reaches ``rank()``;
* ``scenario run --set``: every error names the parameter as ``--set NAME: ...``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from multivector.cli import commands_panel
from multivector.cli import main as cli_main
from multivector.cli.main import app, error_message
from multivector.errors import ScenarioError

cli_main._register()
runner = CliRunner()


def _line(output: str, start: str) -> str:
    return next(ln for ln in output.splitlines() if ln.strip().startswith(start))


def test_profile_marks_single_power_rows() -> None:
    result = runner.invoke(app, ["profile", "KAZ"])
    assert result.exit_code == 0, result.output
    out = result.output
    for dim in ("transit", "technology"):
        line = _line(out, dim)
        assert "0.00*" in line and "no*" in line, line
    security = _line(out, "security")
    assert "0.00*" not in security and "yes" in security
    assert "yes" in _line(out, "trade")
    assert "left out of the composite: transit, technology" in out
    flat = " ".join(out.split())
    assert (
        "* one power quantified (transit, technology): balance 0 by construction, left out of the composite "
        "(--include-single-power puts it back)." in flat
    )
    assert "composite as of: security=2023, trade=2022, energy=2024, investment=2022," in flat


def test_profile_include_single_power() -> None:
    result = runner.invoke(app, ["profile", "KAZ", "--include-single-power"])
    assert result.exit_code == 0, result.output
    out = result.output
    transit = _line(out, "transit")
    assert "0.00*" in transit and "no*" not in transit and "yes" in transit
    assert "left out of the composite" not in out
    assert "kept in the composite because --include-single-power was asked for" in " ".join(out.split())
    base = _line(runner.invoke(app, ["profile", "KAZ"]).output, "composite").replace("│", " ").split()
    kept = _line(out, "composite").replace("│", " ").split()
    assert base[:2] == kept[:2] == ["composite", "latest"]
    assert float(kept[2]) < float(base[2])  # two zeros by construction averaged in pull the composite down


def test_report_include_single_power(tmp_path: Path) -> None:
    out = tmp_path / "kaz.json"
    args = ["report", "KAZ", "-o", str(out), "--no-scenarios", "--no-series"]
    assert runner.invoke(app, [*args, "--include-single-power"]).exit_code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["composite"]["include_single_power"] is True and doc["composite"]["dimensions_excluded"] == []
    assert runner.invoke(app, args).exit_code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["composite"]["dimensions_excluded"] == ["transit", "technology"]


class _Store:
    def __enter__(self) -> _Store:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def _ranked(include_noncomparable: bool) -> pd.DataFrame:
    """What panels.rank returns (columns of panels.compare), for two countries."""
    used = "trade,alliances,arms" + (",unga" if include_noncomparable else "")
    return pd.DataFrame(
        {
            "rank": [1, 2],
            "country": ["UZB", "KAZ"],
            "balance": [0.62, 0.47],
            "largest_power": ["RUS", "RUS"],
            "tilt_lean": ["RUS", "RUS"],
            "dimensions_used": [used, used],
            "as_of": ["trade=2014,alliances=2018,arms=2021", "trade=2014,alliances=2018,arms=2021"],
            "dimensions_excluded": ["" if include_noncomparable else "unga"] * 2,
            "balance_alliances": [0.0, 0.0],
            "balance_arms": [0.66, 0.2],
            "balance_trade": [0.82, 0.84],
            "balance_unga": [0.40, 0.50],
            "constructions": ["trade=share-of-flows,arms=share-of-flows,alliances=defence-pledge-presence,"
                              "unga=vote-equidistance"] * 2,
        }
    )  # fmt: skip


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []

    def fake_rank(countries: list[str], **kwargs: Any) -> pd.DataFrame:
        seen.append(kwargs)
        return _ranked(bool(kwargs.get("include_noncomparable")))

    monkeypatch.setattr(commands_panel, "rank", fake_rank)
    monkeypatch.setattr(commands_panel, "_open", lambda store: _Store())
    return seen


def test_compare_marks_unga_and_prints_the_excluded(calls: list[dict[str, Any]]) -> None:
    result = runner.invoke(app, ["compare", "KAZ", "UZB"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert calls == [{"year": None, "store": calls[0]["store"], "include_noncomparable": False}]
    header = _line(out, "rank")
    assert header.split() == ["rank", "country", "balance", "largest", "lean", "trade", "arms", "alliances",
                              "unga\u2020"]  # fmt: skip
    assert "unga\u2020: vote equidistance, not a share of flows, not in the composite" in out
    assert "(averaged in with --include-noncomparable)" in out
    assert "  UZB: trade=2014,alliances=2018,arms=2021 (left out: unga)" in out
    assert "  KAZ: trade=2014,alliances=2018,arms=2021 (left out: unga)" in out


def test_compare_include_noncomparable_reaches_rank(calls: list[dict[str, Any]]) -> None:
    result = runner.invoke(app, ["compare", "KAZ", "UZB", "--include-noncomparable"])
    assert result.exit_code == 0, result.output
    assert calls[0]["include_noncomparable"] is True
    assert "unga\u2020: vote equidistance, not a share of flows, in the composite" in result.output
    assert "(left out:" not in result.output
    as_json = runner.invoke(app, ["compare", "KAZ", "--format", "json", "--include-noncomparable"])
    doc = json.loads(as_json.output)
    assert doc["include_noncomparable"] is True and calls[1]["include_noncomparable"] is True
    assert doc["countries"][0]["dimensions_excluded"] == ""


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
    def failing_app() -> None:
        raise ScenarioError("parameter 'days': expected an int, got 'abc'", param="days")

    monkeypatch.setattr(cli_main, "_register", lambda: None)
    monkeypatch.setattr(cli_main, "app", failing_app)
    with pytest.raises(SystemExit) as exc:
        cli_main.main()
    assert exc.value.code == 2
    assert capsys.readouterr().err.strip() == "error: --set days: expected an int, got 'abc'"
