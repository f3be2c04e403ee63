"""Bad input: every case gives a DataError naming the file (and line) or quarantined rows, never a traceback
from inside pandas."""

from __future__ import annotations

import gzip
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from multivector.errors import DataError
from multivector.provenance import LoadResult
from multivector.sources import alliances, cow, sipri, unga

Load = Callable[[Path], dict[str, LoadResult]]
DYADIC_HEADER = "ccode1,ccode2,year,flow1,flow2,smoothflow1,smoothflow2\n"


def _write(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_wrong_format(tmp_path: Path) -> None:
    f = _write(tmp_path / "cow_trade_v4_dyadic_x.csv", "<html><body>Not found</body></html>\n")
    with pytest.raises(DataError, match=r"cow_trade_v4_dyadic_x\.csv: line 1: missing column\(s\) ccode1"):
        cow.load_trade(f)


def test_missing_columns(tmp_path: Path) -> None:
    f = _write(tmp_path / "atop5_x.csv", "ccode1,ccode2,year,atop_defense\n2,20,1950,1\n")
    with pytest.raises(DataError, match=r"missing column\(s\) atop_offense.*right file for atop"):
        alliances.load_atop(f)


def test_too_many_fields_quarantined_with_line(tmp_path: Path) -> None:
    f = _write(
        tmp_path / "cow_trade_v4_dyadic_x.csv", DYADIC_HEADER + "2,20,1950,1,2,1,2\n2,31,1950,1,2,1,2,9\n"
    )
    res = cow.load_trade(f)["cow_trade"]
    assert (res.report.rows_read, res.report.rows_kept, res.report.rows_rejected) == (2, 1, 1)
    assert res.rejected[["file", "line", "reason"]].values.tolist() == [
        [str(f), 3, "wrong column count: expected 7, found 8"]
    ]


def test_bad_values_are_quarantined_with_line(tmp_path: Path) -> None:
    f = _write(
        tmp_path / "cow_trade_v4_dyadic_x.csv",
        DYADIC_HEADER
        + "2,20,1950,1,2,1,2\n2,20,nineteen,1,2,1,2\n2,31,1950,abc,2,1,2\n999,20,1950,1,1,1,1\n",
    )
    res = cow.load_trade(f)["cow_trade"]
    assert (res.report.rows_read, res.report.rows_kept, res.report.rows_rejected) == (4, 1, 3)
    rej = res.rejected.set_index("line")
    assert "not an integer in year" in rej.loc[3, "reason"]
    assert "not a number in flow1" in rej.loc[4, "reason"]
    assert "unknown COW country code" in rej.loc[5, "reason"]
    assert rej.loc[3, "file"].endswith("cow_trade_v4_dyadic_x.csv")


def test_bad_date_quarantined(tmp_path: Path, fixtures: Path) -> None:
    for name in ("unga_rollcalls_test.csv", "unga_votes_test.csv"):
        shutil.copy(fixtures / "unga" / name, tmp_path / name)
    votes = tmp_path / "unga_votes_test.csv"
    votes.write_text(votes.read_text() + "101_19921105,101,1992-13-45,CHN,710,1,yes\n")
    res = unga.load(tmp_path)["unga_votes"]
    rej = res.rejected
    assert rej["reason"].str.contains("bad date in date").any()
    assert rej.loc[rej["reason"].str.contains("bad date"), "line"].tolist() == [8]


def test_unknown_country_code_quarantined(tmp_path: Path, fixtures: Path) -> None:
    for name in ("unga_rollcalls_test.csv", "unga_votes_test.csv"):
        shutil.copy(fixtures / "unga" / name, tmp_path / name)
    votes = tmp_path / "unga_votes_test.csv"
    votes.write_text(votes.read_text() + "101_19921105,101,1992-11-05,XYZ,999,1,yes\n")
    res = unga.load(tmp_path)["unga_votes"]
    assert res.rejected["reason"].tolist() == ["unknown country code (XYZ)"]


def test_unknown_sipri_name_quarantined(tmp_path: Path) -> None:
    f = _write(
        tmp_path / "sipri_tiv_x.csv",
        "supplier_code,supplier,recipient,year,tiv_musd\nRUS,Russia,Kazakhstan,2015,1\nXXX,Atlantis,Kazakhstan,2015,2\n",
    )
    res = sipri.load(f)["sipri_tiv"]
    assert res.report.rows_kept == 1
    assert res.rejected["reason"].tolist() == ["unknown supplier name (Atlantis)"]
    assert res.rejected["line"].tolist() == [3]


def test_not_utf8(tmp_path: Path) -> None:
    f = _write(
        tmp_path / "sipri_tiv_x.csv",
        b"supplier_code,supplier,recipient,year,tiv_musd\n"
        + "TUR,Türkiye,Kazakhstan,2020,1\n".encode("latin-1"),
    )
    with pytest.raises(DataError, match=r"sipri_tiv_x\.csv: line 2: bytes that are not UTF-8.*iconv"):
        sipri.load(f)


# ids: every xdist worker must name the cases alike (gzip.compress writes the time into its bytes)
@pytest.mark.parametrize("content", [b"", gzip.compress(b"")], ids=["plain", "gzip"])
def test_empty_files(tmp_path: Path, content: bytes) -> None:
    f = _write(tmp_path / "cow_trade_v4_dyadic_x.csv.gz", content)
    with pytest.raises(DataError, match=r"dyadic_x\.csv\.gz: .*(empty|no content)"):
        cow.load_trade(f)


def test_truncated_gzip(tmp_path: Path, fixtures: Path) -> None:
    data = gzip.compress((fixtures / "trade" / "cow_trade_v4_dyadic_test.csv").read_bytes() * 50)
    f = _write(tmp_path / "cow_trade_v4_dyadic_x.csv.gz", data[: len(data) // 2])
    with pytest.raises(DataError, match=r"gzip file is truncated or corrupt.*download it again"):
        cow.load_trade(f)


def test_not_gzip_but_named_gz(tmp_path: Path) -> None:
    f = _write(tmp_path / "cow_trade_v4_dyadic_x.csv.gz", DYADIC_HEADER)
    with pytest.raises(DataError, match="not gzip-compressed"):
        cow.load_trade(f)


def test_zip_ok_empty_and_truncated(tmp_path: Path, fixtures: Path) -> None:
    good = tmp_path / "atop5_x.zip"
    with zipfile.ZipFile(good, "w") as zf:
        zf.write(fixtures / "alliances" / "atop5_directed_dyad_year_test.csv", "atop.csv")
    assert len(alliances.load_atop(good)["atop"].table) == 4
    empty = tmp_path / "atop5_empty.zip"
    with zipfile.ZipFile(empty, "w"):
        pass
    with pytest.raises(DataError, match=r"atop5_empty\.zip: .*(0 data files|truncated or corrupt)"):
        alliances.load_atop(empty)
    cut = _write(tmp_path / "atop5_cut.zip", good.read_bytes()[:60])
    with pytest.raises(DataError, match=r"atop5_cut\.zip: the zip file is truncated or corrupt"):
        alliances.load_atop(cut)


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file or folder"):
        sipri.load(tmp_path / "nope")
    with pytest.raises(DataError, match="no sipri file found"):
        sipri.load(tmp_path)
    with pytest.raises(DataError, match="no UNGA voting files found"):
        unga.load(tmp_path)
