"""The loaders on the publishers' OWN formats (tests/fixtures/official, invented values, real layouts):
same tables and schemas as the shared-data copies, COW -9 and UN non-member codes, zip members named in
the provenance, and format errors that name the file and the columns found vs expected."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from multivector.errors import DataError
from multivector.provenance import LoadResult
from multivector.sources import alliances, cow, igo, sipri, sipri_schema, unga

Check = Callable[[LoadResult], None]


@pytest.fixture(scope="module")
def official(fixtures: Path) -> Path:
    return fixtures / "official"


def _same_schema(a: LoadResult, b: LoadResult) -> None:
    assert list(a.table.columns) == list(b.table.columns)
    assert a.table.dtypes.astype(str).tolist() == b.table.dtypes.astype(str).tolist()


def test_cow_trade_zip(official: Path, fixtures: Path, check_result: Check) -> None:
    res = cow.load_trade(official / "cow_trade" / "COW_Trade_4.0.zip")
    shared = cow.load_trade(fixtures / "trade")
    for name in ("cow_trade", "cow_trade_national"):
        check_result(res[name])
        _same_schema(res[name], shared[name])
    trade = res["cow_trade"]
    assert trade.report.rows_read == 4 and trade.report.rows_kept == 3 and len(trade.table) == 6
    assert trade.rejected["reason"].tolist() == ["unknown COW country code (705/999)"]
    assert trade.provenance.files[0].path.endswith("COW_Trade_4.0.zip::COW_Trade_4.0/Dyadic_COW_4.0.csv")
    t = trade.table.set_index(["iso3", "partner_iso3", "year"])
    assert pd.isna(t.loc[("RUS", "KAZ", 2014), "imports"])  # COW -9 -> NA, never rejected, never 0
    assert t.loc[("KAZ", "RUS", 2014), "imports"] == 9000.0
    nat = res["cow_trade_national"].table.set_index("iso3")
    assert pd.isna(nat.loc["RUS", "exports"]) and nat.loc["KAZ", "exports"] == 79000.0
    assert "National_COW_4.0.csv" in res["cow_trade_national"].provenance.files[0].path


def test_cow_trade_folder_and_nested_zip(official: Path, tmp_path: Path) -> None:
    inner = (official / "cow_trade" / "COW_Trade_4.0.zip").read_bytes()
    outer = tmp_path / "COW_Trade_4.0.zip"
    with zipfile.ZipFile(outer, "w") as zf:
        zf.writestr("COW_Trade_4.0/COW_Trade_4.0.zip", inner)
    res = cow.load_trade(tmp_path)  # a folder like the download cache
    assert set(res) == {"cow_trade", "cow_trade_national"}
    path = res["cow_trade"].provenance.files[0].path
    assert path.count("::") == 2 and path.endswith("Dyadic_COW_4.0.csv")


def test_cow_trade_wrong_columns_named(tmp_path: Path) -> None:
    bad = tmp_path / "COW_Trade_4.0.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("COW_Trade_4.0/Dyadic_COW_4.0.csv", "ccode1,ccode2,year,importer1,importer2,flow1\n")
    with pytest.raises(
        DataError,
        match=r"COW_Trade_4\.0\.zip::COW_Trade_4\.0/Dyadic_COW_4\.0\.csv: line 1: "
        r"missing column\(s\) flow2, smoothflow1, smoothflow2 .*found: ccode1, .*flow1\)",
    ):
        cow.load_trade(bad)


def test_zip_without_known_member(tmp_path: Path) -> None:
    bad = tmp_path / "atop_5.1_csv.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("a.csv", "x,y\n1,2\n")
        zf.writestr("b.csv", "p,q\n1,2\n")
    with pytest.raises(
        DataError,
        match=r"atop_5\.1_csv\.zip: no member .* atop layout.*a\.csv \(found: x, y\)"
        r".*expected one of: atop5_1ddyr\.csv \(stateA, stateB, year",
    ):
        alliances.load_atop(bad)


def test_atop_zip(official: Path, fixtures: Path, check_result: Check) -> None:
    res = alliances.load_atop(official / "atop")["atop"]
    check_result(res)
    _same_schema(res, alliances.load_atop(fixtures / "alliances")["atop"])
    assert res.provenance.files[0].path.endswith("::ATOP 5.1 (.csv)/atop5_1ddyr.csv")
    t = res.table.set_index(["iso3", "partner_iso3"])
    assert t.loc[("KAZ", "RUS"), "defense"] == 1 and t.loc[("KAZ", "CHN"), "defense"] == 0


def test_cow_alliance_merges_alliances(official: Path, fixtures: Path, check_result: Check) -> None:
    res = alliances.load_cow_alliance(official / "cow_alliance")["cow_alliance"]
    check_result(res)
    _same_schema(res, alliances.load_cow_alliance(fixtures / "alliances")["cow_alliance"])
    # the directed file is read, not the non-directed one next to it in the zip
    assert res.provenance.files[0].path.endswith("alliance_v4.1_by_directed_yearly.csv")
    assert res.report.rows_read == 4 and res.report.rows_kept == 4 and len(res.table) == 3
    row = res.table.set_index(["iso3", "partner_iso3"]).loc[("RUS", "KAZ")]
    assert (row["defense"], row["nonagg"], row["entente"]) == (1, 1, 1)


def test_igo_dyadic(official: Path, fixtures: Path, check_result: Check) -> None:
    res = igo.load(official / "igo" / "cow_igo_dyadic_formatv3.zip")["igo"]
    check_result(res)
    _same_schema(res, igo.load(fixtures / "alliances")["igo"])
    t = res.table.set_index(["ccode", "partner_ccode"])["dyadigos"]
    assert t.loc[(365, 705)] == 4 and t.loc[(2, 705)] == 1  # -9 = missing, not counted
    assert pd.isna(t.loc[(705, 710)])  # no IGO with a 0/1 code: unknown, not 0
    assert res.rejected["reason"].str.startswith("invalid joint-membership code").tolist() == [True]
    assert res.rejected["line"].tolist() == [5]


def test_majors2016(official: Path, fixtures: Path, check_result: Check) -> None:
    res = cow.load_majors(official / "cow_majors")["cow_majors"]
    check_result(res)
    _same_schema(res, cow.load_majors(fixtures / "alliances")["cow_majors"])
    assert res.table["iso3"].tolist() == ["USA", "RUS", "CHN"]


def test_unga_voeten_dataverse_zip(official: Path, fixtures: Path, check_result: Check) -> None:
    res = unga.load(official / "unga" / "unga_voeten_dataverse_LEJUQZ.zip")
    shared = unga.load(fixtures / "unga")
    for name in ("unga_votes", "unga_rollcalls"):
        check_result(res[name])
        _same_schema(res[name], shared[name])
    votes = res["unga_votes"]
    assert votes.report.rows_read == 7 and votes.report.rows_kept == 6
    assert votes.rejected["reason"].tolist() == ["not a UN member (vote code 9)"]
    assert votes.provenance.files[0].path.endswith("::UNVotes2024.csv")
    v = votes.table.set_index(["vote_id", "iso3"])
    assert (
        v.loc[("101_19921105", "KAZ"), "vote"] == "yes" and v.loc[("102_20211210", "CHN"), "vote"] == "absent"
    )
    rolls = res["unga_rollcalls"].table.set_index("vote_id")
    assert rolls.loc["101_19921105", "nu"] == 1 and rolls.loc["101_19921105", "n_no"] == 1
    assert (
        rolls.loc["102_20211210", "session"] == 76 and rolls.loc["102_20211210", "resolution"] == "A/RES/76/1"
    )
    assert rolls.loc["101_19921105", "amend"] == 0 and rolls.loc["101_19921105", "para"] == 0
    assert rolls.loc["102_20211210", "short"] == "HUMAN RIGHTS" and str(rolls["amend"].dtype) == "Int8"


def test_unga_tab_member(official: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(official / "unga" / "unga_voeten_dataverse_LEJUQZ.zip") as zf:
        text = zf.read("UNVotes2024.csv").decode()
    tab = pd.read_csv(io.StringIO(text)).to_csv(sep="\t", index=False)
    z = tmp_path / "bundle.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("UNVotes2024.tab", tab)
    assert unga.load(z)["unga_votes"].report.rows_kept == 6


def test_sipri_register_export(official: Path, fixtures: Path, check_result: Check) -> None:
    res = sipri.load(official / "sipri" / "sipri_trade_register.csv")["sipri_register"]
    check_result(res)
    _same_schema(res, sipri.load(fixtures / "arms")["sipri_register"])
    assert res.report.rows_read == 4 and res.report.rows_kept == 2
    assert dict(zip(res.rejected["line"], res.rejected["reason"], strict=True)) == {
        15: "not Yes/No in delivery_year_estimate",
        16: "unknown supplier name (Narnia)",
    }
    # SIPRI asks to be cited with the date the export was generated; it is read from the file
    assert res.provenance.citation.startswith(
        "Source: SIPRI Arms Transfers Database, trade register generated 3 Jan 2025 9:16:02 PM."
    )


def test_sipri_tiv_table(official: Path, fixtures: Path, check_result: Check) -> None:
    res = sipri.load(official / "sipri_tiv")["sipri_tiv"]
    check_result(res)
    _same_schema(res, sipri.load(fixtures / "arms")["sipri_tiv"])
    t = res.table.set_index(["recipient", "year"])["tiv"]
    assert t.loc[("Kazakhstan", 2019)] == 120.0 and t.loc[("Kyrgyzstan", 2021)] == 0.0
    assert set(res.table["supplier"]) == {"Russia"} and res.report.rows_read == 5
    assert res.rejected["line"].tolist() == [14]  # the 'x' cell; the Total row and column are not read
    assert "TIV tables generated 28 July 2022" in res.provenance.citation
    assert "[date generated]" not in sipri.PROVENANCE.citation


def test_shared_layout_still_wins(fixtures: Path) -> None:
    """A folder laid out like shared/data is read as before."""
    assert cow.load_trade(fixtures / "trade")["cow_trade"].provenance.files[0].path.endswith(".csv")


def test_import_from_download_cache(official: Path, tmp_path: Path) -> None:
    """`data pull` writes downloads/<entry>/<file>; import_source can be pointed at that cache."""
    import shutil

    from multivector.store import Store, import_source

    cache = tmp_path / "downloads"
    (cache / "cow_trade").mkdir(parents=True)
    shutil.copy(official / "cow_trade" / "COW_Trade_4.0.zip", cache / "cow_trade" / "COW_Trade_4.0.zip")
    (cache / "atop").mkdir()
    shutil.copy(official / "atop" / "atop_5.1_csv.zip", cache / "atop" / "atop_5.1_csv.zip")
    with Store(tmp_path / "store.duckdb") as store:
        trade = import_source("cow_trade", cache, store=store, progress=False)
        atop = import_source("atop", cache, store=store, progress=False)
        assert trade.ok and atop.ok and trade.rows_read == 7 and trade.rows_rejected == 1
        files = store.provenance("cow_trade")
        assert "Dyadic_COW_4.0.csv" in str(files)


def _tiv_table(where: Path, generated_line: str) -> Path:
    """The official TIV fixture with its 'Generated:' line replaced (written in ``where``)."""
    src = (
        Path(__file__).resolve().parents[1]
        / "fixtures"
        / "official"
        / "sipri_tiv"
        / "TIV-Export-RUS-1950-2021.csv"
    )
    text = src.read_text(encoding="utf-8").replace("Generated: 28 July 2022,,,,,", generated_line)
    f = where / "TIV-Export-RUS-1950-2021.csv"
    f.write_text(text, encoding="utf-8")
    return f


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ('"Generated: July 28, 2022",,,,,', "July 28, 2022"),  # a comma inside the date, quoted cell
        ("Generated: 28 July 2022 ,,,,,", "28 July 2022"),
        ('"Data generated: 3 Jan 2025 9:16:02 PM"', "3 Jan 2025 9:16:02 PM"),
    ],
)
def test_sipri_generated_date_to_the_end_of_the_line(tmp_path: Path, line: str, date: str) -> None:
    from multivector.sources._official import Member
    from multivector.sources.official_sipri import generated_date

    f = _tiv_table(tmp_path, line)
    assert generated_date(Member(f)) == date
    res = sipri.load(f)["sipri_tiv"]
    assert res.provenance.citation.startswith(
        f"Source: SIPRI Arms Transfers Database, TIV tables generated {date}."
    )


def test_sipri_generated_date_is_public() -> None:
    from multivector.sources import official_sipri

    assert "generated_date" in official_sipri.__all__


def test_sipri_official_table_without_date_asks_for_it(tmp_path: Path) -> None:
    res = sipri.load(_tiv_table(tmp_path, ",,,,,"))["sipri_tiv"]
    assert "generation date not stated in the file; add it to your citation" in res.provenance.citation
    assert "2022" not in res.provenance.citation and "2022" not in res.provenance.version


def test_sipri_shared_layout_cites_no_date_it_cannot_know(fixtures: Path) -> None:
    """Files in the shared layout (no note lines) other than the known shared copies: no invented date."""
    res = sipri.load(fixtures / "arms")
    for name in ("sipri_tiv", "sipri_register"):
        prov = res[name].provenance
        assert "generation date not stated in the file; add it to your citation" in prov.citation, name
        for stamp in ("2022", "2025"):
            assert stamp not in prov.citation and stamp not in prov.version, (name, prov)
    assert "[date generated]" not in sipri.PROVENANCE.citation and "2022" not in sipri.PROVENANCE.citation


def test_sipri_shared_copies_known_by_checksum(
    fixtures: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shared copies are recognised by their checksum (compressed or not) and cite their dates."""
    import gzip
    import hashlib

    tiv = (fixtures / "arms" / "sipri_tiv_test_1950_2021.csv").read_bytes()
    gz = tmp_path / "sipri_tiv_test_1950_2021.csv.gz"
    gz.write_bytes(gzip.compress(tiv, mtime=0))
    reg = fixtures / "arms" / "sipri_trade_register_test.csv"
    known = {
        hashlib.sha256(tiv).hexdigest(): sipri.SHARED_COPIES["tiv"],
        hashlib.sha256(reg.read_bytes()).hexdigest(): sipri.SHARED_COPIES["register"],
    }
    monkeypatch.setattr(sipri_schema, "KNOWN_COPIES", known)
    prov = sipri.load(gz)["sipri_tiv"].provenance
    assert prov.citation.startswith(
        "Source: SIPRI Arms Transfers Database, TIV tables generated 28 July 2022"
    )
    assert "360info" in prov.license
    prov = sipri.load(reg)["sipri_register"].provenance
    assert prov.citation.startswith(
        "Source: SIPRI Arms Transfers Database, trade register generated 3 January 2025"
    )
    assert "2022" not in prov.citation
