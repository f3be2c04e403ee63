"""Issue 14, item 3 on the DuckDB-native path (GDELT): a GLOBALEVENTID or count that is not an integer is
rejected with its file, line and reason, never rounded. DuckDB's typed CSV reader would round ``12.5`` to 13
and read ``1e2`` as 100 in an INTEGER column, so the import reads those columns as text and checks them
with the rule of the CSV loaders (sign and digits, a trailing ``.0`` allowed, within the column's range)."""

from __future__ import annotations

from pathlib import Path

import pytest

from multivector.sources import gdelt

pytestmark = pytest.mark.realdata


def _row(shared_data: Path, **fields: str) -> str:
    f = shared_data / "gdelt" / "subsets" / "kaz_actor_rows" / "gdelt1_20130401_kaz_actor_rows.tsv"
    cells = f.read_text(encoding="utf-8").splitlines()[0].split("\t")  # a real 58-field 1.0 daily row
    for index, value in fields.items():
        cells[int(index[1:])] = value
    return "\t".join(cells)


def test_overflowing_counts_are_rejected(shared_data: Path, tmp_path: Path) -> None:
    f = tmp_path / "20130401.export.CSV"
    f.write_text(_row(shared_data, c00="1", c31="99999999999999999999") + "\n", encoding="utf-8")
    res = gdelt.load(f)["gdelt_events"]
    assert res.report.rows_rejected == 1 and res.report.rows_kept == 0


def test_counts_that_are_not_integers_are_rejected(shared_data: Path, tmp_path: Path) -> None:
    f = tmp_path / "20130401.export.CSV"
    rows = [
        _row(shared_data, c00="1", c31="12.5"),
        _row(shared_data, c00="2", c32="1e2"),
        _row(shared_data, c00="3", c33="12.0"),  # a trailing .0 is an integer, as in the CSV loaders
        _row(shared_data, c00="4.5"),
        _row(shared_data, c00="5", c31="2147483648"),  # one more than the largest INTEGER
    ]
    f.write_text("\n".join(rows) + "\n", encoding="utf-8")
    res = gdelt.load(f)["gdelt_events"]
    assert res.report.rows_kept == 1 and res.report.rows_rejected == 4
    assert res.table["globaleventid"].tolist() == [3] and res.table["num_articles"].tolist() == [12]
    rej = res.rejected.sort_values("line")
    assert rej["line"].tolist() == [1, 2, 4, 5] and set(rej["file"]) == {str(f)}
    assert rej["reason"].tolist() == [
        f"bad count: NumMentions/NumSources/NumArticles 12.5/{_field(rows[0], 32)}/{_field(rows[0], 33)}"
        " (NumMentions not an integer)",
        f"bad count: NumMentions/NumSources/NumArticles {_field(rows[1], 31)}/1e2/{_field(rows[1], 33)}"
        " (NumSources not an integer)",
        "bad GLOBALEVENTID: 4.5 (not an integer)",
        f"bad count: NumMentions/NumSources/NumArticles 2147483648/{_field(rows[4], 32)}/"
        f"{_field(rows[4], 33)} (NumMentions out of the 32-bit integer range)",
    ]
    assert rej["raw"].tolist() == [rows[0], rows[1], rows[3], rows[4]]
    assert res.report.reasons == {"bad count": 3, "bad GLOBALEVENTID": 1}


def _field(row: str, index: int) -> str:
    return row.split("\t")[index]
