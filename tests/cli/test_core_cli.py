"""The core commands: report (html, md, json), profile, casebook list/show, and library errors -> exit 2."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multivector.casebook import BUILTIN_DIR
from multivector.cli import main as cli_main
from multivector.cli.commands_core import parse_weights
from multivector.cli.main import app

cli_main._register()
runner = CliRunner()


@pytest.mark.parametrize("suffix", [".html", ".md", ".json"])
def test_report_writes_each_format(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"kaz{suffix}"
    result = runner.invoke(app, ["report", "KAZ", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output
    text = out.read_text(encoding="utf-8")
    if suffix == ".html":
        assert text.startswith("<!DOCTYPE html>") and "scatterternary" in text
    elif suffix == ".md":
        assert text.startswith("# Kazakhstan between the giants") and "## Sources" in text
    else:
        doc = json.loads(text)
        assert doc["case_id"] == "kazakhstan" and doc["summary"]


def test_report_format_option_overrides_extension(tmp_path: Path) -> None:
    out = tmp_path / "kaz.txt"
    result = runner.invoke(app, ["report", "kazakhstan", "-o", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["country"] == "KAZ"


def test_report_with_user_casebook(tmp_path: Path) -> None:
    own = tmp_path / "mine.yaml"
    own.write_text(
        (BUILTIN_DIR / "kazakhstan.yaml")
        .read_text(encoding="utf-8")
        .replace("name: Kazakhstan\n", "name: My Kazakhstan\n", 1),
        encoding="utf-8",
    )
    out = tmp_path / "mine.md"
    result = runner.invoke(app, ["report", "KAZ", "--casebook", str(own), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# My Kazakhstan between the giants")


def test_profile_prints_the_summary() -> None:
    result = runner.invoke(app, ["profile", "KAZ"])
    assert result.exit_code == 0, result.output
    for word in ("security", "trade", "energy", "composite", "balance", "RUS", "sipri-at-2025"):
        assert word in result.output


def test_profile_weights() -> None:
    assert parse_weights("security=2,trade=0.5")["security"] == 2.0  # type: ignore[index]
    assert parse_weights(None) is None
    result = runner.invoke(app, ["profile", "KAZ", "--weights", "security=5"])
    assert result.exit_code == 0, result.output


def test_casebook_list_and_show() -> None:
    result = runner.invoke(app, ["casebook", "list"])
    assert result.exit_code == 0 and "kazakhstan" in result.output
    result = runner.invoke(app, ["casebook", "show", "KAZ"])
    assert result.exit_code == 0 and "agreements" in result.output
    result = runner.invoke(app, ["casebook", "show", "KAZ", "--section", "infrastructure"])
    assert result.exit_code == 0 and "Khorgos" in result.output


def _main(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["multivector", *args])
    with pytest.raises(SystemExit) as exc:
        cli_main.main()
    return int(exc.value.code or 0)


def test_bad_casebook_exits_2_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "broken_case.yaml"
    bad.write_text(
        "id: broken\nname: Broken\ncountry: KAZ\nsources: []\nties: [{id: t1}]\n", encoding="utf-8"
    )
    code = _main(monkeypatch, "report", "KAZ", "--casebook", str(bad), "-o", str(tmp_path / "x.html"))
    err = capsys.readouterr().err
    assert code == 2
    assert "broken_case.yaml" in err and "error:" in err
    assert "Traceback" not in err
    assert not (tmp_path / "x.html").exists()


def test_bad_inputs_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _main(monkeypatch, "report", "XYZ", "-o", str(tmp_path / "x.html")) == 2
    assert "no built-in case for 'XYZ'" in capsys.readouterr().err
    assert _main(monkeypatch, "report", "KAZ", "-o", str(tmp_path / "x.pdf")) == 2
    assert "extension" in capsys.readouterr().err
    assert _main(monkeypatch, "profile", "KAZ", "--weights", "security") == 2
    assert "NAME=NUMBER" in capsys.readouterr().err
    assert _main(monkeypatch, "casebook", "show", "KAZ", "--section", "nope") == 2
    assert "--section" in capsys.readouterr().err
