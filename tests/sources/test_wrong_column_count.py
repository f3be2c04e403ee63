"""Rows with more or fewer fields than the header are rejected with file, line and reason, never shifted.

Every caller of ``_readers.read_csv`` (and the IGO reader of COW's own release) is run on a real-format
fixture whose FIRST data row gets an extra field (pandas would otherwise take the first column as the
index and shift every row) and whose LAST data row loses its last field (pandas would pad it with NA).
The result must be exactly the load of the same file without those two rows, plus two quarantined rows
``wrong column count: expected N, found M`` at the lines where they are in the file.
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from multivector.errors import DataError
from multivector.provenance import LoadResult
from multivector.sources import alliances, cited, cow, igo, sipri, unga
from multivector.sources._readers import read_csv

Check = Callable[[LoadResult], None]
Loader = Callable[[Path], dict[str, LoadResult]]


@dataclass(frozen=True)
class Case:
    copy: str  # file or folder under tests/fixtures, copied to a temporary folder
    target: str  # the file (relative to the copy) whose rows are damaged; "zip::member" for a zip member
    load: Loader
    table: str
    whole_folder: bool = False  # load the copied folder rather than the file


CASES = {
    "cow_dyadic": Case("trade/cow_trade_v4_dyadic_test.csv", ".", cow.load_trade, "cow_trade"),
    "cow_national": Case(
        "trade/cow_trade_v4_national_test.csv", ".", cow.load_trade, "cow_trade_national"
    ),
    "cow_states": Case("trade/cow_states_test.csv", ".", cow.load_states, "cow_states"),
    "cow_majors": Case("alliances/cow_majors_test.csv", ".", cow.load_majors, "cow_majors"),
    "atop": Case("alliances/atop5_directed_dyad_year_test.csv", ".", alliances.load_atop, "atop"),
    "cow_alliance": Case(
        "alliances/cow_alliance_v4.1_directed_dyad_year_test.csv", ".", alliances.load_cow_alliance,
        "cow_alliance",
    ),
    "igo": Case("alliances/cow_igo_v3_shared_memberships_ndy_test.csv", ".", igo.load, "igo"),
    "sipri_tiv": Case("arms/sipri_tiv_test_1950_2021.csv", ".", sipri.load, "sipri_tiv"),
    "sipri_register": Case("arms/sipri_trade_register_test.csv", ".", sipri.load, "sipri_register"),
    "unga_votes": Case("unga", "unga_votes_test.csv", unga.load, "unga_votes", whole_folder=True),
    "unga_rollcalls": Case(
        "unga", "unga_rollcalls_test.csv", unga.load, "unga_rollcalls", whole_folder=True
    ),
    "undl_votes": Case("unga", "undl_scrape_votes_test.csv", unga.load, "unga_votes", whole_folder=True),
    "unvotes": Case("unga/unvotes", "un_votes.csv", unga.load, "unga_votes", whole_folder=True),
    "cited": Case(
        "cited", "trade/kaz_bilateral_trade_2021_2023_cited.csv", cited.load, "cited_trade",
        whole_folder=True,
    ),
    # the publishers' own files
    "official_majors": Case("official/cow_majors/majors2016.csv", ".", cow.load_majors, "cow_majors"),
    "official_sipri_register": Case(
        "official/sipri/sipri_trade_register.csv", ".", sipri.load, "sipri_register"
    ),
    "official_cow_dyadic": Case(
        "official/cow_trade/COW_Trade_4.0.zip", "zip::COW_Trade_4.0/Dyadic_COW_4.0.csv", cow.load_trade,
        "cow_trade",
    ),
    "official_cow_national": Case(
        "official/cow_trade/COW_Trade_4.0.zip", "zip::COW_Trade_4.0/National_COW_4.0.csv", cow.load_trade,
        "cow_trade_national",
    ),
    "official_atop": Case(
        "official/atop/atop_5.1_csv.zip", "zip::ATOP 5.1 (.csv)/atop5_1ddyr.csv", alliances.load_atop, "atop"
    ),
    "official_cow_alliance": Case(
        "official/cow_alliance/cow_alliance_version4.1_csv.zip",
        "zip::version4.1_csv/alliance_v4.1_by_directed_yearly.csv", alliances.load_cow_alliance,
        "cow_alliance",
    ),
    "official_igo": Case(
        "official/igo/cow_igo_dyadic_formatv3.zip", "zip::dyadic_formatv3.csv", igo.load, "igo"
    ),
    "official_unga": Case(
        "official/unga/unga_voeten_dataverse_LEJUQZ.zip", "zip::UNVotes2024.csv", unga.load, "unga_votes"
    ),
}  # fmt: skip


def _header_index(lines: list[str]) -> int:
    """The header line (0-based): the first, or the SIPRI register header after SIPRI's note lines."""
    for i, line in enumerate(lines[:40]):
        if line.lstrip('"').startswith("SIPRI AT Database ID"):
            return i
    return 0


def _damage(text: str, mode: str) -> tuple[str, list[int]]:
    """``mode`` "damage": first data row + an extra field, last data row - its last field; "drop": both
    rows removed. Returns the text and the 1-based lines of the two rows in the damaged file."""
    lines = text.splitlines(keepends=True)
    head = _header_index(lines)
    data = [i for i in range(head + 1, len(lines)) if lines[i].strip()]
    first, last = data[0], data[-1]
    if mode == "drop":
        return "".join(line for i, line in enumerate(lines) if i not in (first, last)), []
    end = "\n" if lines[first].endswith("\n") else ""
    lines[first] = lines[first].rstrip("\r\n") + ",EXTRA" + end
    end = "\n" if lines[last].endswith("\n") else ""
    lines[last] = lines[last].rstrip("\r\n").rsplit(",", 1)[0] + end
    return "".join(lines), [first + 1, last + 1]


def _prepare(case: Case, fixtures: Path, where: Path, mode: str) -> tuple[Path, list[int], int, str]:
    """Copy the fixture to ``where``, damage (or drop) the rows; the path to load, the damaged lines, the
    header's field count and the name the rejected rows carry."""
    src = fixtures / case.copy
    dest = where / src.name
    shutil.copytree(src, dest) if src.is_dir() else shutil.copy(src, dest)
    if case.target.startswith("zip::"):
        member = case.target.removeprefix("zip::")
        with zipfile.ZipFile(dest) as zf:
            files = {n: zf.read(n) for n in zf.namelist()}
        text, lines = _damage(files[member].decode("utf-8"), mode)
        files[member] = text.encode("utf-8")
        with zipfile.ZipFile(dest, "w") as zf:
            for name, body in files.items():
                zf.writestr(name, body)
        width = len(files[member].decode("utf-8").splitlines()[0].split(","))
        return dest, lines, width, f"{dest}::{member}"
    target = dest if case.target == "." else dest / case.target
    original = target.read_text(encoding="utf-8")
    text, lines = _damage(original, mode)
    target.write_text(text, encoding="utf-8")
    header = original.splitlines()[_header_index(original.splitlines())]
    width = len(header.split(","))
    return (dest if case.whole_folder or case.target == "." else target), lines, width, str(target)


@pytest.mark.parametrize("name", sorted(CASES))
def test_wrong_column_count_is_rejected_not_shifted(
    name: str, fixtures: Path, tmp_path: Path, check_result: Check
) -> None:
    case = CASES[name]
    (tmp_path / "damaged").mkdir()
    (tmp_path / "dropped").mkdir()
    path, lines, width, label = _prepare(case, fixtures, tmp_path / "damaged", "damage")
    clean_path, _, _, _ = _prepare(case, fixtures, tmp_path / "dropped", "drop")
    got = case.load(path)[case.table]
    check_result(got)
    try:
        want: LoadResult | None = case.load(clean_path)[case.table]
    except DataError as exc:  # the damaged file holds only the two rows: without them it is empty
        assert "no data rows after the header" in str(exc)
        want = None

    wrong = got.rejected[got.rejected["reason"].str.startswith("wrong column count")]
    assert wrong["line"].tolist() == lines
    assert wrong["reason"].tolist() == [
        f"wrong column count: expected {width}, found {width + 1}",
        f"wrong column count: expected {width}, found {width - 1}",
    ]
    assert (wrong["file"] == label).all()
    assert wrong["raw"].iloc[0].endswith(",EXTRA")
    assert got.report.reasons["wrong column count"] == 2
    if want is None:  # an empty file is refused: nothing to compare the rest with
        return
    # the two rows are read and rejected; everything else is as if they were not in the file
    assert got.report.rows_read == want.report.rows_read + 2
    assert got.report.rows_rejected == want.report.rows_rejected + 2
    assert got.report.rows_kept == want.report.rows_kept
    assert got.report.reasons["wrong column count"] == 2
    pd.testing.assert_frame_equal(got.table, want.table)


def test_extra_field_in_first_row_does_not_shift(tmp_path: Path) -> None:
    f = tmp_path / "t.csv"
    f.write_text("a,b,c\n1,x,3,4\n5,y,7\n8,z,9\n")
    table, rejected, n = read_csv(f, {"a": "int", "b": "str", "c": "int"}, source="test")
    assert n == 3
    assert table[["a", "b", "c"]].astype(str).values.tolist() == [["5", "y", "7"], ["8", "z", "9"]]
    assert table["_line"].tolist() == [3, 4]
    assert rejected[["file", "line", "reason", "raw"]].values.tolist() == [
        [str(f), 2, "wrong column count: expected 3, found 4", "1,x,3,4"]
    ]


def test_short_row_is_rejected_not_padded(tmp_path: Path) -> None:
    f = tmp_path / "t.csv"
    f.write_text("a,b,c\n1,x,3\n5,y\n8,z,\n")  # "8,z," has three fields (c empty): kept with NA
    table, rejected, n = read_csv(f, {"a": "int", "b": "str", "c": "int"}, source="test")
    assert n == 3 and table["a"].tolist() == [1, 8] and pd.isna(table["c"].iloc[1])
    assert rejected[["line", "reason"]].values.tolist() == [[3, "wrong column count: expected 3, found 2"]]


def test_lines_with_blank_lines_and_quoted_newlines(tmp_path: Path) -> None:
    f = tmp_path / "t.csv"
    f.write_text('a,b,c\n1,"two\nlines",3\n\n   \n4,5\n6,"x, y",7\n')
    table, rejected, n = read_csv(f, {"a": "int", "b": "str", "c": "int"}, source="test")
    assert n == 3  # blank lines are not rows
    assert table["_line"].tolist() == [2, 7] and table["b"].tolist() == ["two\nlines", "x, y"]
    assert rejected[["line", "raw"]].values.tolist() == [[6, "4,5"]]


def test_lines_count_from_first_line_for_a_part_of_a_file(tmp_path: Path) -> None:
    body = b"a,b\n1,2\n3\n"
    table, rejected, n = read_csv(
        tmp_path / "x.csv", {"a": "int", "b": "int"}, source="test", data=body, label="x.csv", first_line=12
    )
    assert n == 2
    assert table["_line"].tolist() == [13] and rejected["line"].tolist() == [14]
    assert rejected["file"].tolist() == ["x.csv"]


def test_tab_separated(tmp_path: Path) -> None:
    body = b"a\tb\n1\t2\n3\t4\t5\n"
    schema = {"a": "int", "b": "int"}
    table, rejected, _ = read_csv(tmp_path / "x.tab", schema, source="t", data=body, sep="\t")
    assert table["a"].tolist() == [1]
    assert rejected["reason"].tolist() == ["wrong column count: expected 2, found 3"]


def test_unclosed_quote_names_the_line(tmp_path: Path) -> None:
    f = tmp_path / "t.csv"
    f.write_text('a,b\n1,2\n3,"4\n5,6\n')
    with pytest.raises(DataError, match=r"t\.csv: line 3: a quoted field is never closed"):
        read_csv(f, {"a": "int", "b": "int"}, source="test")
