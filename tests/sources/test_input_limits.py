"""Issue 14, items 2-4: decompression bombs, huge fields and names, integers that do not fit.

The bombs are made here, small on disk: a gzip of 300 MiB of zeros is about 300 KB, a zip of the same
about 300 KB; both stop at the ratio limit (200 x their compressed size, so about 60 MB) instead of
expanding in memory or on disk.
"""

from __future__ import annotations

import gzip
import io
import subprocess
import sys
import textwrap
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from multivector import countries
from multivector.errors import DataError
from multivector.sources import cow, sipri
from multivector.sources._official import Member, members
from multivector.sources._readers import read_bytes
from multivector.sources.limits import MAX_FIELD_CHARS, Limits, copy_member, gunzip

BOMB_BYTES = 300 << 20  # what the bombs below expand to


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    return gzip.compress(bytes(BOMB_BYTES), compresslevel=9)


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("data.csv", "w") as fh:
        block = bytes(1 << 20)
        for _ in range(BOMB_BYTES >> 20):
            fh.write(block)
    return buf.getvalue()


def _peak(fn) -> int:  # type: ignore[no-untyped-def]
    """Peak memory (bytes) Python allocated while ``fn`` ran (it is expected to raise DataError)."""
    tracemalloc.start()
    try:
        with pytest.raises(DataError, match="decompression bomb"):
            fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_gzip_bomb_stops_at_the_ratio_limit(tmp_path: Path, gzip_bomb: bytes) -> None:
    assert len(gzip_bomb) < 400_000  # small on disk
    f = tmp_path / "sipri_tiv_bomb.csv.gz"
    f.write_bytes(gzip_bomb)
    # 200 x ~300 KB = ~60 MB read at most, never the 300 MiB (before: all of it, in memory)
    assert _peak(lambda: read_bytes(f)) < 150 << 20
    with pytest.raises(DataError, match=r"sipri_tiv_bomb\.csv\.gz: decompresses to more than 200 times"):
        sipri.load(f)


def test_zip_bomb_stops_at_the_ratio_limit(tmp_path: Path, zip_bomb: bytes) -> None:
    assert len(zip_bomb) < 400_000
    f = tmp_path / "cow_trade_v4_dyadic_bomb.csv.zip"
    f.write_bytes(zip_bomb)
    assert _peak(lambda: read_bytes(f)) < 150 << 20
    with pytest.raises(DataError, match=r"bomb\.csv\.zip::data\.csv: decompresses to more than 200 times"):
        cow.load_trade(f)
    assert _peak(lambda: Member(f, ("data.csv",)).read()) < 150 << 20


def test_zip_bomb_is_not_written_to_disk(tmp_path: Path, zip_bomb: bytes) -> None:
    """The shared helper the GDELT loader can use instead of shutil.copyfileobj (2 MB zip -> 2 GB before)."""
    f = tmp_path / "20130401.export.CSV.zip"
    f.write_bytes(zip_bomb)
    out = tmp_path / "extracted.csv"
    with zipfile.ZipFile(f) as zf, pytest.raises(DataError, match="decompression bomb"):
        copy_member(zf, "data.csv", out, label=str(f))
    assert not out.exists()
    with zipfile.ZipFile(f) as zf:  # a limit given per call (or by MULTIVECTOR_MAX_COMPRESSION_RATIO)
        assert copy_member(zf, "data.csv", out, str(f), Limits(max_ratio=10_000)) == BOMB_BYTES


def test_limits_are_documented_defaults_overridable_by_environment(
    gzip_bomb: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MULTIVECTOR_MAX_COMPRESSION_RATIO", "2000")
    monkeypatch.setenv("MULTIVECTOR_MAX_UNCOMPRESSED_MB", "100")
    with pytest.raises(DataError, match=r"more than 104,857,600 bytes \(the limit per file\)"):
        gunzip(gzip_bomb, "bomb.gz")
    monkeypatch.setenv("MULTIVECTOR_MAX_UNCOMPRESSED_MB", "1000")
    assert len(gunzip(gzip_bomb, "bomb.gz")) == BOMB_BYTES


def test_real_files_are_within_the_limits(shared_data: Path) -> None:
    # the most compressible real file (UN votes, 12:1) reads whole, and equals what gzip gives
    f = shared_data / "unga" / "unga_votes_1946_2024.csv.gz"
    assert read_bytes(f) == gzip.decompress(f.read_bytes())


def test_nested_zips_with_too_many_members_are_refused(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        for i in range(400):
            zf.writestr(f"f{i}.csv", "")
    outer = tmp_path / "nested.zip"
    with zipfile.ZipFile(outer, "w") as zf:
        for i in range(30):  # 30 x 400 = 12,000 members, past the 10,000 limit
            zf.writestr(f"inner{i}.zip", inner.getvalue())
    with pytest.raises(DataError, match="lists more than 10,000 files"):
        members(outer)


# -- item 2: country names and fields of any length ------------------------------------------------------


def test_long_names_never_reach_the_name_regexes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Work done, not time: country_converter's regexes (quadratic in a name's length) only ever see names
    of at most MAX_NAME_CHARS characters, whatever the input."""
    seen: list[int] = []
    real = countries._coco_converter()

    class Counting:
        def convert(self, text: str, **kw: object) -> object:
            seen.append(len(text))
            return real.convert(text, **kw)  # type: ignore[attr-defined]

    countries._resolve_name.cache_clear()
    monkeypatch.setattr(countries, "_coco_converter", lambda: Counting())
    names = ["Kazakh" + "x" * 20_000, "y" * 10_000_000, "Kazakhstan, Republic of (test)"]
    got = countries.to_iso3(names, not_found="nan")
    assert got.isna().tolist() == [True, True, False]
    assert seen and max(seen) <= countries.MAX_NAME_CHARS
    with pytest.raises(countries.UnknownCountryError, match=r"longer than 100 characters \(20,006\)"):
        countries.to_iso3(names[0])
    countries._resolve_name.cache_clear()


def test_a_huge_field_is_quarantined_and_the_load_finishes(tmp_path: Path) -> None:
    """A 20,000-character actor name and a 10 MB field in a SIPRI file: before, 58 s and "never"; the load
    runs in a subprocess with a generous timeout that only a quadratic cost would reach."""
    f = tmp_path / "sipri_tiv_x.csv"
    f.write_text(
        "supplier,recipient,year,tiv_musd\n"
        "Russia,Kazakhstan,2015,90\n"
        f"{'Russia' * 3334},Kazakhstan,2016,10\n"  # 20,004 characters
        f"Russia,{'K' * 10_000_000},2017,10\n"  # 10 MB
        f"Russia,{'Atlantis ' * 11},2018,5\n",  # 99 characters: still matched, no country: rejected
        encoding="utf-8",
    )
    script = textwrap.dedent(
        f"""
        from multivector.sources import sipri
        res = sipri.load({str(f)!r})["sipri_tiv"]
        rep = res.report
        print(rep.rows_read, rep.rows_kept, rep.rows_rejected)
        for r in res.rejected.itertuples():
            print(r.line, r.reason[:70], len(r.raw))
        """
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "4 1 3"
    by_line = {int(x.split()[0]): x for x in lines[1:]}
    assert f"field too long in supplier: 20004 characters (limit {MAX_FIELD_CHARS:,})" in by_line[3]
    assert "field too long in recipient: 10000000 characters" in by_line[4]
    assert "unknown recipient name" in by_line[5]
    assert all(int(x.rsplit(maxsplit=1)[1]) <= 2_100 for x in lines[1:])  # the quarantine keeps 2,000 chars


# -- item 3: integers ------------------------------------------------------------------------------------

DYADIC = "ccode1,ccode2,year,flow1,flow2,smoothflow1,smoothflow2\n"


def test_integers_that_do_not_fit_are_rejected_with_file_line_and_reason(tmp_path: Path) -> None:
    f = tmp_path / "cow_trade_v4_dyadic_x.csv"
    f.write_text(
        DYADIC
        + "2,20,1990,1,2,1,2\n"  # line 2: fine
        + "2,20,99999999999999999999,1,2,1,2\n"  # 3: beyond int64 (was stored as -9223372036854775808)
        + "2,31,1e19,1,2,1,2\n"  # 4: a float, not an integer (was accepted)
        + "2,40,1991.0,1,2,1,2\n"  # 5: an integer written with .0: kept
        + "2,41,1991.5,1,2,1,2\n"  # 6: not an integer
        + "2,42,1992,inf,2,1,2\n",  # 7: not a finite flow
        encoding="utf-8",
    )
    res = cow.load_trade(f)["cow_trade"]
    assert (res.report.rows_read, res.report.rows_kept, res.report.rows_rejected) == (6, 2, 4)
    rej = res.rejected.set_index("line")
    assert rej.loc[3, "reason"] == "integer out of the 64-bit range in year: 99999999999999999999"
    assert rej.loc[4, "reason"] == "not an integer in year: 1e19"
    assert rej.loc[6, "reason"] == "not an integer in year: 1991.5"
    assert rej.loc[7, "reason"] == "not a finite number in flow1: inf"
    assert set(rej["file"]) == {str(f)}
    assert sorted(res.table["year"].unique().tolist()) == [1990, 1991]


def test_seventeen_digit_integers_keep_their_precision(tmp_path: Path) -> None:
    f = tmp_path / "sipri_trade_register_x.csv"
    fields = (
        "SIPRI AT Database ID,Supplier,Recipient,Designation,Description,Armament category,Order date,"
        "Order date is estimate,Numbers delivered,Numbers delivered is estimate,Delivery year,"
        "Delivery year is estimate,Status,SIPRI estimate,TIV deal unit,TIV delivery values,Local production"
    )
    ids = ["12345678901234567", "98765432109876543", "9223372036854775807"]  # 17, 17 and 19 digits
    rows = [f"{i},Russia,Kazakhstan,Su-30,FGA,Aircraft,2015,No,4,No,2016,No,New,1,1,1,No" for i in ids]
    f.write_text(fields + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    res = sipri.load(f)["sipri_register"]
    assert res.report.rows_rejected == 0
    # float64 would give 12345678901234568 and 98765432109876544
    assert [int(v) for v in res.table["deal_id"]] == [int(i) for i in ids]
