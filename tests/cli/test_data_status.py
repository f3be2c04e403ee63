"""`multivector data status` says what each row count counts (table and JSON).

Regression: status showed cow_trade with 2x the rows read from COW's file (the loader stores each
non-directed dyad row once per direction) without saying so.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import multivector.cli.commands_data  # noqa: F401  (registers `data` on app)
from multivector.cli.commands_data import ROW_UNITS, row_counts
from multivector.cli.main import app
from multivector.dimensions import TRADE_NATIONAL_STATS, TRADE_WITS
from multivector.sources import registry

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _status_json() -> dict[str, dict]:
    res = runner.invoke(app, ["data", "status", "--format", "json"])
    assert res.exit_code == 0, res.output
    return {t["table"]: t for t in json.loads(res.stdout)["tables"]}


def test_status_names_the_unit_of_each_count(tmp_path: Path) -> None:
    res = runner.invoke(app, ["data", "import", "cow_trade", str(FIXTURES / "trade")])
    assert res.exit_code == 0, res.output
    tables = _status_json()
    trade = tables["cow_trade"]
    assert (trade["rows_read"], trade["rows_kept"], trade["rows"]) == (4, 4, 8)
    assert trade["unit"] == "directed dyad-years (2 per COW dyad row)"
    assert trade["read_unit"].startswith("COW dyad rows (non-directed")
    assert trade["note"] == (
        "8 rows stored from 4 COW dyad rows (non-directed dyad-years, ccode1 < ccode2) kept: "
        "each is stored once per direction (rows = 2 x rows kept)"
    )
    national = tables["cow_trade_national"]
    assert national["unit"] == "country-years" and national["read_unit"] == "file rows"
    assert national["note"] == "" and national["rows"] == national["rows_kept"]

    res = runner.invoke(app, ["data", "status"], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert "Rows are:" in out
    assert "cow_trade: directed dyad-years (2 per COW dyad row)" in out
    assert "cow_trade_national: country-years" in out
    assert re.search(r"\b8 \*", out)  # the count that differs from the rows read is marked ...
    assert "* cow_trade: 8 rows stored from 4 COW dyad rows" in out  # ... and explained under the table
    assert "rows = 2 x rows kept" in out
    assert "* cow_trade_national" not in out


def test_every_registered_table_has_a_unit() -> None:
    tables = {t for name in registry.source_names() for t in registry.get_source(name).tables}
    assert tables <= set(ROW_UNITS), sorted(tables - set(ROW_UNITS))


def test_unknown_tables_and_equal_counts() -> None:
    assert row_counts("something_new", 5, 5) == {
        "unit": "rows of the stored table",
        "read_unit": "file rows",
        "note": "",
    }
    assert row_counts("something_new", 5, 7)["note"] == "5 rows stored from 7 file rows kept"


@pytest.mark.realdata
def test_real_status_counts_match_source_md(
    real_store: Path, shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the shared data: COW's dyadic file has the rows SOURCE.md states; the store holds twice as many,
    and status says why."""
    text = (shared_data / "trade" / "SOURCE.md").read_text(encoding="utf-8")
    m = re.search(r"`cow_trade_v4_dyadic_1870_2014\.csv\.gz` \([^,]+, ([\d,]+) rows\)", text)
    assert m, "SOURCE.md states the dyadic file's row count"
    file_rows = int(m.group(1).replace(",", ""))
    monkeypatch.setenv("MULTIVECTOR_HOME", str(real_store.parent))
    tables = _status_json()
    trade = tables["cow_trade"]
    assert trade["rows_read"] == trade["rows_kept"] == file_rows
    assert trade["rows"] == 2 * file_rows
    assert trade["note"].startswith(f"{2 * file_rows:,} rows stored from {file_rows:,} COW dyad rows")
    # the wide trade files of trade_current hold several figures per file row, and say so
    for name in (TRADE_NATIONAL_STATS, TRADE_WITS):
        assert tables[name]["rows"] > tables[name]["rows_kept"]
        assert tables[name]["note"].endswith(ROW_UNITS[name].why)
    # every other table stores one row per row kept, and says nothing more
    for name, rec in tables.items():
        if name not in ("cow_trade", TRADE_NATIONAL_STATS, TRADE_WITS):
            assert rec["note"] == "" and rec["rows"] == rec["rows_kept"], rec
            assert rec["unit"] == ROW_UNITS[name].stored
