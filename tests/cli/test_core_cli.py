"""The core commands (report, profile, casebook) print and write what the library computes; library errors
become one line and exit code 2. Without a store (each test has an empty MULTIVECTOR_HOME) the assessment
of Kazakhstan rests on its built-in casebook."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from _helpers import run_cli
from multivector.assessment import assess
from multivector.casebook import BUILTIN_DIR
from multivector.cli.commands_assess import parse_weights


@pytest.mark.parametrize("suffix", [".html", ".md", ".json"])
def test_report_writes_each_format(tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"kaz{suffix}"
    code, stdout, err = run_cli(capsys, "report", "KAZ", "-o", str(out))
    assert code == 0, err
    assert f"wrote {out}" in stdout
    text = out.read_text(encoding="utf-8")
    lib = assess("KAZ")
    if suffix == ".html":
        assert text.startswith("<!DOCTYPE html>") and "scatterternary" in text
    elif suffix == ".md":
        assert text.startswith("# Kazakhstan between the giants")
    else:
        doc = json.loads(text)
        assert doc["case_id"] == "kazakhstan" and doc["assessment"] == lib.to_dict()


def test_report_of_a_country_without_data_or_casebook_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(capsys, "report", "UZB", "-o", str(tmp_path / "uzb.html"))
    assert code == 2 and "nothing to assess for UZB" in " ".join(err.split())
    assert "multivector data import all DIR" in " ".join(err.split())
    assert not (tmp_path / "uzb.html").exists()


def test_report_with_user_casebook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    own = tmp_path / "mine.yaml"
    text = (BUILTIN_DIR / "kazakhstan.yaml").read_text(encoding="utf-8")
    own.write_text(text.replace("id: kazakhstan\n", "id: my-kazakhstan\n", 1), encoding="utf-8")
    out = tmp_path / "mine.json"
    code, _, err = run_cli(capsys, "report", "KAZ", "--casebook", str(own), "-o", str(out))
    assert code == 0, err
    assert json.loads(out.read_text(encoding="utf-8"))["case_id"] == "my-kazakhstan"


def test_profile_table_prints_the_library_figures(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "profile", "KAZ")
    assert code == 0, err
    lib = assess("KAZ")
    lines = out.splitlines()
    for e in lib.dimensions:
        if e.balance is None:
            continue
        row = next(ln for ln in lines if ln.split() and ln.split()[0] == e.dimension)
        assert f"{e.balance:.2f}" in row.split(), (e.dimension, row)
        assert str(e.year) in row
    comp = next(ln for ln in lines if ln.split() and ln.split()[0] == "composite")
    assert lib.composite.balance is not None and f"{lib.composite.balance:.2f}" in comp.split()
    # every numbered source of the assessment is listed
    for cite in lib.sources:
        assert re.search(rf"^\[{cite.number}\] ", out, flags=re.M), cite.id


def test_profile_weights_are_the_library_weights(capsys: pytest.CaptureFixture[str]) -> None:
    assert parse_weights("security=2,trade=0.5") == {"security": 2.0, "trade": 0.5}
    assert parse_weights(None) is None
    weighted = assess("KAZ", weights={"security": 5}).composite.balance
    plain = assess("KAZ").composite.balance
    # the weight changes the figure (security, balance 0.00, counts five times), so a command that
    # ignored --weights would print the plain composite and fail both checks below
    assert weighted is not None and plain is not None and f"{weighted:.2f}" != f"{plain:.2f}"
    code, out, err = run_cli(capsys, "profile", "KAZ", "--weights", "security=5", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["composite"] == assess("KAZ", weights={"security": 5}).to_dict()["composite"]
    code, out, err = run_cli(capsys, "profile", "KAZ", "--weights", "security=5")
    assert code == 0, err
    comp = next(ln for ln in out.splitlines() if ln.split() and ln.split()[0] == "composite")
    assert f"{weighted:.2f}" in comp.split(), comp
    assert "weights (others 1): security=5" in out


def test_casebook_list_and_show(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "casebook", "list")
    assert code == 0 and "kazakhstan" in out
    code, out, _ = run_cli(capsys, "casebook", "show", "KAZ")
    assert code == 0 and "agreements" in out
    code, out, _ = run_cli(capsys, "casebook", "show", "KAZ", "--section", "infrastructure")
    assert code == 0 and "Khorgos" in out


def test_bad_casebook_exits_2_naming_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "broken_case.yaml"
    bad.write_text(
        "id: broken\nname: Broken\ncountry: KAZ\nsources: []\nties: [{id: t1}]\n", encoding="utf-8"
    )
    code, _, err = run_cli(capsys, "report", "KAZ", "--casebook", str(bad), "-o", str(tmp_path / "x.html"))
    assert code == 2
    assert "broken_case.yaml" in err and "error:" in err and "Traceback" not in err
    assert not (tmp_path / "x.html").exists()


def test_bad_inputs_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "report", "XYZ", "-o", str(tmp_path / "x.html"))
    assert code == 2 and "unknown country 'XYZ'" in err
    code, _, err = run_cli(capsys, "report", "KAZ", "-o", str(tmp_path / "x.pdf"))
    assert code == 2 and "extension" in err
    code, _, err = run_cli(capsys, "profile", "KAZ", "--weights", "security")
    assert code == 2 and "NAME=NUMBER" in err
    code, _, err = run_cli(capsys, "profile", "KAZ", "--weights", "arms=2")
    assert code == 2 and "unknown dimension 'arms'" in err
    code, _, err = run_cli(capsys, "casebook", "show", "KAZ", "--section", "nope")
    assert code == 2 and "--section" in err
