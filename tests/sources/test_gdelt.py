"""GDELT loader on fixture files written in the real 1.0 historical, 1.0 daily and 2.0 layouts."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from multivector.errors import DataError
from multivector.provenance import LoadResult
from multivector.sources import gdelt, get_source

FIX = Path(__file__).parents[1] / "fixtures" / "gdelt"
GOOD = FIX / "good"
BAD = FIX / "bad"


@pytest.fixture(scope="module")
def good() -> LoadResult:
    return gdelt.load(GOOD)["gdelt_events"]


def test_registered() -> None:
    spec = get_source("gdelt")
    # the events, and the state of each file the per-file import has seen
    assert spec.folder == "gdelt" and spec.tables == ("gdelt_events", "gdelt_files")


def test_all_formats_zipped_or_not(good: LoadResult) -> None:
    t = good.table
    assert good.report.rows_read == good.report.rows_kept == 15 and good.report.rows_rejected == 0
    counts = t.groupby("source_format").size().to_dict()
    assert counts == {"v1_hist": 3, "v1_daily": 6, "v2": 6}
    assert list(t.columns) == list(gdelt.EVENT_COLUMNS)
    assert str(t["globaleventid"].dtype) == "int64"
    assert {Path(f).name for f in t["source_file"]} >= {
        "20130403.export.CSV.zip",
        "v1_hist_19950101.export.CSV",
    }
    assert len(good.provenance.files) == 5


def test_detect_format() -> None:
    assert gdelt.detect_format(GOOD / "v1_hist_19950101.export.CSV") == "v1_hist"
    assert gdelt.detect_format(GOOD / "20130403.export.CSV.zip") == "v1_daily"
    assert gdelt.detect_format(GOOD / "20241022130000.export.CSV") == "v2"


def test_leading_spaces_stripped_and_eu(good: LoadResult) -> None:
    t = good.table.set_index("globaleventid")
    assert t.loc[2001, "actor2_code"] == "RUSGOV"
    assert t.loc[2004, "actor2_code"] is None  # a lone space
    assert t.loc[2003, "actor2_iso3"] == "EU27" and t.loc[2003, "actor2_country"] == "EUR"
    assert t.loc[9003, "actor1_iso3"] == "EU27"
    assert t.loc[2001, "actor1_iso3"] == "KAZ"


def test_types_and_dates(good: LoadResult) -> None:
    t = good.table.set_index("globaleventid")
    assert str(t.loc[9002, "sqldate"].date()) == "2024-10-21"
    assert (t.loc[9002, "year"], t.loc[9002, "month"]) == (2024, 10)
    assert str(t.loc[9101, "dateadded"]) == "2024-10-22 13:15:00"
    assert t.loc[9002, "goldstein"] == -5.0 and t.loc[9002, "quad_class"] == 3
    assert t.loc[2004, "is_root_event"] == False  # noqa: E712
    assert t.loc[1002, "event_code"] == "0871" and t.loc[1002, "event_root_code"] == "08"


@pytest.mark.parametrize(
    ("name", "line", "reason"),
    [
        ("wrong_columns.export.CSV", 2, "wrong column count: expected 61, found 60"),
        ("bad_date.export.CSV", 2, "bad date: SQLDATE 20241341"),
        ("bad_goldstein.export.CSV", 3, "non-numeric GoldsteinScale: abc"),
        ("non_utf8.export.CSV", 2, "not UTF-8: invalid byte sequence"),
        ("duplicate_ids.export.CSV", 3, "duplicate GLOBALEVENTID: 7000"),
    ],
)
def test_bad_rows_rejected_with_file_and_line(name: str, line: int, reason: str) -> None:
    res = gdelt.load(BAD / name)["gdelt_events"]
    rep = res.report
    assert rep.rows_read == rep.rows_kept + rep.rows_rejected and rep.rows_rejected == 1
    rej = res.rejected.iloc[0]
    assert (Path(rej["file"]).name, int(rej["line"]), rej["reason"]) == (name, line, reason)
    assert rej["source"] == "gdelt" and rej["raw"].count("\t") >= 59
    assert rep.reasons == {reason.split(":")[0]: 1}


def test_line_numbers_after_skipped_lines(tmp_path: Path) -> None:
    lines = (BAD / "wrong_columns.export.CSV").read_text().splitlines()
    bad_date = lines[2].replace("\t20241022\t", "\t2024XX22\t", 1)
    (tmp_path / "mixed.export.CSV").write_text("\n".join([lines[0], lines[1], bad_date, lines[3]]) + "\n")
    res = gdelt.load(tmp_path / "mixed.export.CSV")["gdelt_events"]
    got = sorted(zip(res.rejected["line"].astype(int), res.rejected["reason"], strict=True))
    assert [g[0] for g in got] == [2, 3] and got[1][1].startswith("bad date")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.export.CSV.zip", "empty zip archive"),
        ("truncated.export.CSV.zip", "corrupt or truncated zip"),
        ("not_gdelt.csv", "not a GDELT event file"),
    ],
)
def test_bad_files_raise_data_error_naming_file(name: str, message: str) -> None:
    with pytest.raises(DataError, match=message) as exc:
        gdelt.load(BAD / name)
    assert name in str(exc.value)


def test_missing_path() -> None:
    with pytest.raises(DataError, match="no such file"):
        gdelt.load(FIX / "nope")


def test_import_into_is_idempotent_and_quarantines() -> None:
    con = duckdb.connect()
    first = gdelt.import_into(con, [GOOD, BAD / "bad_date.export.CSV"])
    assert (first.rows_kept, first.rows_rejected) == (17, 1)
    again = gdelt.import_into(con, GOOD)
    assert again.rows_kept == 0 and again.rows_rejected == 15
    assert again.reasons == {"duplicate GLOBALEVENTID": 15}
    assert con.execute("SELECT count(*) FROM gdelt_events").fetchone() == (17,)
    q = con.execute("SELECT source, line, reason FROM quarantine ORDER BY reason LIMIT 1").fetchone()
    assert q == ("gdelt", 2, "bad date: SQLDATE 20241341")
    assert [r[0] for r in con.execute("SELECT name FROM (SHOW TABLES)").fetchall()] == [
        "gdelt_events",
        "quarantine",
    ]


def _variant(tmp_path: Path, name: str, field: int, value: str) -> Path:
    """A copy of a clean 2.0 fixture whose second line has ``value`` in 0-based ``field``."""
    lines = (BAD / "bad_date.export.CSV").read_text().splitlines()
    good = lines[0].split("\t")
    row = lines[0].split("\t")
    row[0] = str(int(good[0]) + 1)
    row[field] = value
    out = tmp_path / name
    out.write_text("\n".join([lines[0], "\t".join(row)]) + "\n")
    return out


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        (29, "5", "bad QuadClass: 5"),
        (30, "", "non-numeric GoldsteinScale: "),
        (31, "x", "bad count: NumMentions/NumSources/NumArticles x/"),
        (34, "", "non-numeric AvgTone: "),
        (59, "2024", "bad date: DATEADDED 2024"),
        (0, "12ab", "bad GLOBALEVENTID: 12ab (not an integer)"),
        (32, "12.5", "bad count: NumMentions/NumSources/NumArticles "),
    ],
)
def test_values_typed_by_the_reader_are_rejected_with_line(
    tmp_path: Path, field: int, value: str, reason: str
) -> None:
    res = gdelt.load(_variant(tmp_path, "v.export.CSV", field, value))["gdelt_events"]
    assert (res.report.rows_kept, res.report.rows_rejected) == (1, 1)
    rej = res.rejected.iloc[0]
    assert int(rej["line"]) == 2 and rej["reason"].startswith(reason)


def test_duplicates_across_files_keep_the_first(tmp_path: Path) -> None:
    a = tmp_path / "a.export.CSV"
    b = tmp_path / "b.export.CSV"
    shutil.copy(GOOD / "20241022130000.export.CSV", a)
    shutil.copy(GOOD / "20241022130000.export.CSV", b)
    n = len(a.read_text().splitlines())
    res = gdelt.load(tmp_path)["gdelt_events"]
    assert (res.report.rows_kept, res.report.rows_rejected) == (n, n)
    assert set(res.table["source_file"]) == {str(a)}
    assert sorted(res.rejected["line"].astype(int)) == list(range(1, n + 1))
    assert set(res.rejected["file"]) == {str(b)}
