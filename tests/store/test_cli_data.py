"""`multivector data ...` through Typer's CliRunner (MULTIVECTOR_HOME is per test, from tests/conftest.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _store_fakes import write_items
from typer.testing import CliRunner

import multivector.cli.commands_data  # noqa: F401  (registers `data` on app)
from multivector.cli.main import app
from multivector.errors import MultivectorError

runner = CliRunner()


def test_import_status_quarantine(tmp_path: Path, fake_sources: list[str]) -> None:
    src = write_items(tmp_path / "items.csv", [(1, 1.0), (2, -2.0)])
    res = runner.invoke(app, ["data", "import", "fake", str(src)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["data", "status", "--format", "json"])
    assert res.exit_code == 0, res.output
    tables = json.loads(res.stdout)["tables"]
    assert [(t["source"], t["table"], t["rows"], t["version"]) for t in tables] == [
        ("fake", "fake_items", 1, "1.0")
    ]
    assert tables[0]["files"][0]["sha256"] and tables[0]["citation"] == "Fake, 2024."
    res = runner.invoke(app, ["data", "status"])
    assert res.exit_code == 0 and "fake_items" in res.stdout
    res = runner.invoke(app, ["data", "quarantine", "fake", "--limit", "5"])
    assert res.exit_code == 0 and "negative value" in res.stdout


def test_import_all_exits_nonzero_on_a_failed_source(tmp_path: Path, fake_sources: list[str]) -> None:
    write_items(tmp_path / "data" / "fake" / "items.csv", [(1, 1.0)])
    write_items(tmp_path / "data" / "broken" / "items.csv", [(1, 1.0)])
    res = runner.invoke(app, ["data", "import", "all", str(tmp_path / "data")])
    assert res.exit_code == 1
    assert "1 of 2 sources imported" in res.stdout
    assert "broken on purpose" in res.stderr


def test_library_errors_reach_main_as_multivector_errors(tmp_path: Path, fake_sources: list[str]) -> None:
    res = runner.invoke(app, ["data", "import", "nope", str(tmp_path)])
    assert isinstance(res.exception, MultivectorError) and "unknown data source" in str(res.exception)
    res = runner.invoke(app, ["data", "status", "--format", "xml"])
    assert isinstance(res.exception, MultivectorError)
    res = runner.invoke(app, ["data", "pull", "gdelt", "--since", "yesterday"])
    assert isinstance(res.exception, MultivectorError) and "YYYY-MM-DD" in str(res.exception)


def test_status_on_empty_store() -> None:
    res = runner.invoke(app, ["data", "status", "--format", "json"])
    assert res.exit_code == 0 and json.loads(res.stdout)["tables"] == []


@pytest.mark.parametrize("cmd", [["data", "--help"], ["data", "pull", "--help"]])
def test_help(cmd: list[str]) -> None:
    assert runner.invoke(app, cmd).exit_code == 0
