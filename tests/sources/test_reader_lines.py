"""Errors and quarantined rows name the line where the problem really is.

- a byte that is not UTF-8 is reported at its line and byte offset in the file, however far into the file;
- the COW IGO reader quarantines a wrong row at its true line after a quoted field that spans lines;
- a data line that is only ``""`` is a row with one (empty) field: quarantined, not an internal error.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from multivector.errors import DataError
from multivector.provenance import LoadResult
from multivector.sources import igo
from multivector.sources._readers import csv_layout, read_csv

Check = Callable[[LoadResult], None]
SCHEMA = {"a": "int", "b": "int"}


def _with_bad_byte(rows: int, bad_line: int) -> tuple[bytes, int]:
    """A CSV ``a,b`` of ``rows`` data rows with a Latin-1 byte on ``bad_line``; and that byte's position."""
    lines = [b"a,b\n", *(b"%d,%d\n" % (i, i) for i in range(rows))]
    lines[bad_line - 1] = b"1,caf\xe9\n"
    offset = sum(len(x) for x in lines[: bad_line - 1]) + len(b"1,caf")
    return b"".join(lines), offset + 1  # 1-based, as editors count


@pytest.mark.parametrize(("rows", "bad_line"), [(3, 3), (20_000, 15_002)])
def test_bad_utf8_byte_is_reported_at_its_line(rows: int, bad_line: int) -> None:
    data, offset = _with_bad_byte(rows, bad_line)
    with pytest.raises(DataError) as err:
        csv_layout(data, where="x.csv")
    msg = str(err.value)
    assert msg.startswith(f"x.csv: line {bad_line}: bytes that are not UTF-8 (b'\\xe9")
    assert f"byte {offset} of the file" in msg and "re-save the file as UTF-8" in msg


def test_bad_utf8_byte_in_a_part_of_a_file_counts_from_first_line(tmp_path: Path) -> None:
    data, _ = _with_bad_byte(20_000, 15_002)
    with pytest.raises(
        DataError, match=r"^x\.csv: line 15011: bytes that are not UTF-8 .*byte 6 of the line"
    ):
        read_csv(tmp_path / "x.csv", SCHEMA, source="t", data=data, label="x.csv", first_line=10)


def test_bad_utf8_byte_after_a_bom(tmp_path: Path) -> None:
    f = tmp_path / "t.csv"
    f.write_bytes(b"\xef\xbb\xbfa,b\n1,2\n3,\xff\n")
    with pytest.raises(
        DataError,
        match=rf"^{f}: line 3: bytes that are not UTF-8 \(b'\\xff\\n'\) at byte 14 of the file, byte 3 ",
    ):
        read_csv(f, SCHEMA, source="t")


def test_line_of_just_empty_quotes_is_a_wrong_column_count(tmp_path: Path) -> None:
    f = tmp_path / "t.csv"
    f.write_text('a,b\n1,2\n""\n   \n" "\n3,4\n')  # '   ' is blank (skipped); '""' and '" "' are rows
    table, rejected, n = read_csv(f, SCHEMA, source="t")
    assert n == 4 and table["a"].tolist() == [1, 3] and table["_line"].tolist() == [2, 6]
    assert rejected[["file", "line", "reason"]].values.tolist() == [
        [str(f), 3, "wrong column count: expected 2, found 1"],
        [str(f), 5, "wrong column count: expected 2, found 1"],
    ]


def test_csv_layout_of_empty_quotes_line() -> None:
    layout = csv_layout(b'a,b\n""\n1,2\n', where="x")
    assert layout.widths.tolist() == [1, 2] and layout.lines.tolist() == [2, 3] and layout.raw == {0: ""}


def _igo_zip(where: Path, text: str) -> Path:
    z = where / "dyadic_formatv3.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("dyadic_formatv3.csv", text)
    return z


IGO_HEAD = "dyadid,ccode1,ccode2,year,statename1,AALCO,CIS\n"


def test_igo_wrong_row_after_multiline_field_is_quarantined(tmp_path: Path, check_result: Check) -> None:
    z = _igo_zip(
        tmp_path,
        IGO_HEAD
        + '365705,365,705,2014,"Russia\n(Soviet Union)",0,1\n'  # lines 2-3
        + "bad,1,2\n"  # line 4
        + "2705,2,705,2014,United States,1,0\n",  # line 5
    )
    res = igo.load(z)["igo"]
    check_result(res)
    assert res.report.rows_read == 3 and res.report.rows_kept == 2
    assert res.rejected[["file", "line", "reason", "raw"]].values.tolist() == [
        [f"{z}::dyadic_formatv3.csv", 4, "wrong column count: expected 7, found 3", "bad,1,2"]
    ]
    assert sorted(res.table["year"].unique().tolist()) == [2014]


def test_igo_empty_quotes_line_is_quarantined(tmp_path: Path, check_result: Check) -> None:
    z = _igo_zip(tmp_path, IGO_HEAD + '365705,365,705,2014,Russia,0,1\n""\n2705,2,705,2014,USA,1,0\n')
    res = igo.load(z)["igo"]
    check_result(res)
    assert res.report.rows_read == 3 and res.report.rows_kept == 2
    assert res.rejected[["line", "reason"]].values.tolist() == [
        [3, "wrong column count: expected 7, found 1"]
    ]


def test_igo_rows_after_several_bad_rows_keep_their_lines(tmp_path: Path, check_result: Check) -> None:
    body = (
        IGO_HEAD
        + '1,2,365,2014,"a\nb\nc",1,1\n'  # lines 2-4
        + "x\n"  # 5
        + "\n"  # 6 blank
        + '2,2,705,2014,"d\ne",1,9\n'  # 7-8: code 9 is invalid
        + '"",\n'  # 9
        + "3,365,705,2014,f,0,0\n"  # 10
        + "4,2,365,2015,g,0,0,EXTRA\n"  # 11: pandas alone would stop here ("Expected 7 fields")
    )
    res = igo.load(_igo_zip(tmp_path, body))["igo"]
    check_result(res)
    got = res.rejected.sort_values("line")[["line", "reason"]].values.tolist()
    assert got == [
        [5, "wrong column count: expected 7, found 1"],
        [7, "invalid joint-membership code (not 0, 1, -1 or -9: [9.0])"],
        [9, "wrong column count: expected 7, found 2"],
        [11, "wrong column count: expected 7, found 8"],
    ]
    assert res.report.rows_read == 6 and res.report.rows_kept == 2
    assert pd.api.types.is_integer_dtype(res.table["year"])
