"""Issue 14, items 14 and 17: `data status` readable at 80 columns; `compare --year` before the data
start says where they start."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from multivector.cli.main import app
from multivector.errors import InputError
from multivector.panels.frames import parse_years
from multivector.store import Store

runner = CliRunner()


@pytest.mark.realdata
def test_data_status_fits_80_columns(real_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At 80 columns the table used to cut every column to "rej…", "ver…", "202…" and wrap versions into
    a dozen lines per table."""
    monkeypatch.setenv("MULTIVECTOR_HOME", str(real_store.parent))
    monkeypatch.setenv("COLUMNS", "80")
    res = runner.invoke(app, ["data", "status"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "…" not in res.stdout
    table = [line for line in lines if line.startswith("│")]
    with Store(real_store, read_only=True) as st:
        stored = len(st.status_records())
    assert len(table) == stored  # one line per stored table, none wrapped
    for name in ("unga_votes", "cow_trade_national", "cited_energy_routes", "sipri_register"):
        assert any(f"│ {name} " in line for line in table), name
    text = " ".join(res.stdout.split())
    assert "sipri: trade register generated 2025-01-03 (2000-2023); TIV tables generated 2022-07-28" in text


@pytest.mark.realdata
def test_compare_before_the_data_start_says_where_they_start(real_store: Path) -> None:
    """``compare`` and ``profile`` (one library rule, ``assess``): a year before 1992 names where the
    assessment starts; it used to print an empty table."""
    for command in ("compare", "profile"):
        res = runner.invoke(app, [command, "KAZ", "--year", "1980", "--store", str(real_store)])
        assert isinstance(res.exception, InputError), (command, res.output)
        wanted = "year 1980 is before 1992, where the assessment starts: ask for 1992 or later"
        assert str(res.exception) == wanted


def test_parse_years_messages() -> None:
    with pytest.raises(InputError, match="year 1980 is before 1987, where the data start"):
        parse_years((1987, 1980))
    with pytest.raises(InputError, match="reversed"):
        parse_years("2020-2000")  # typed by the user: both years are theirs
