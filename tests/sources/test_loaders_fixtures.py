"""Every loader on small hand-written files in the real formats."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from multivector.provenance import LoadResult
from multivector.sources import alliances, cited, cow, get_source, igo, sipri, source_names, unga

Check = Callable[[LoadResult], None]


def test_registered() -> None:
    for name in ("unga", "cow_trade", "sipri", "atop", "cow_alliance", "igo", "cow_majors", "cited"):
        assert name in source_names()
        assert get_source(name).tables


def test_unga_voeten_plus_undl(fixtures: Path, check_result: Check) -> None:
    res = unga.load(fixtures / "unga")
    votes, rolls = res["unga_votes"], res["unga_rollcalls"]
    for r in res.values():
        check_result(r)
    assert list(votes.table.columns) == list(unga.VOTE_COLUMNS)
    assert votes.table.dtypes.astype(str).tolist() == [
        str(pd.Series(dtype=d).dtype) for d in unga.VOTE_COLUMNS.values()
    ]
    # 6 Voeten + 9 UNDL rows read; UNDL 2021_000 duplicates Voeten 102 -> its 3 rows rejected
    assert votes.report.rows_read == 15 and votes.report.rows_kept == 12
    assert set(votes.rejected["reason"]) == {"duplicate of Voeten roll call (102_20211210)"}
    assert rolls.report.rows_read == 5 and rolls.report.rows_kept == 4
    es = votes.table[votes.table["vote_id"] == "undl2022_000"].set_index("iso3")
    assert (
        es.loc["KAZ", "vote"] == "abstain"
        and es.loc["RUS", "vote"] == "no"
        and es.loc["USA", "vote"] == "yes"
    )
    assert es.loc["KAZ", "date"] == pd.Timestamp("2022-03-02") and es.loc["KAZ", "session"] == 76
    nodate = rolls.table.set_index("vote_id").loc["undl2021_001"]
    assert pd.isna(nodate["date"]) and nodate["year"] == 2021 and pd.isna(nodate["session"])
    r101 = rolls.table.set_index("vote_id").loc["101_19921105"]
    assert r101["nu"] == 1 and r101["resolution"] == "R/47/1" and r101["origin"] == "voeten"
    # amend/para/short/descr/importantvote carried; NA where the source has none (2020+, UNDL-only)
    assert list(rolls.table.columns) == list(unga.ROLLCALL_COLUMNS)
    assert str(rolls.table["amend"].dtype) == "Int8" and str(rolls.table["para"].dtype) == "Int8"
    assert r101["amend"] == 0 and r101["para"] == 0 and r101["short"] == "TEST ONE"
    assert r101["importantvote"] == 0 and r101["descr"] == "A TEST ROLL CALL, WITH A COMMA"
    later = rolls.table.set_index("vote_id").loc[["102_20211210", "undl2021_001", "undl2022_000"]]
    assert later[["amend", "para", "short", "descr"]].isna().all().all()


def test_unga_unvotes_only(fixtures: Path, check_result: Check) -> None:
    res = unga.load(fixtures / "unga" / "unvotes")
    votes = res["unga_votes"]
    check_result(votes)
    t = votes.table
    assert set(t["iso3"]) == {"USA", "NAM", "YEM", "CSK"}  # Namibia "NA" is not missing
    assert votes.report.rows_rejected == 1 and "Zanzibar" in votes.rejected["reason"].iloc[0]
    rolls = res["unga_rollcalls"].table.set_index("rcid")
    assert rolls.loc[7, "hr"] == 1 and rolls.loc[8, "nu"] == 1
    assert rolls.loc[7, "n_yes"] == 1 and rolls.loc[7, "n_no"] == 2 and rolls.loc[7, "n_abstain"] == 1
    assert rolls.loc[7, "amend"] == 0 and rolls.loc[7, "para"] == 0 and rolls.loc[8, "short"] == "TEST 2"
    assert str(rolls["para"].dtype) == "Int8" and rolls.loc[8, "importantvote"] == 1


def test_unga_unvotes_flags(fixtures: Path, tmp_path: Path) -> None:
    # a paragraph vote (para = 1) and an uncoded flag (empty -> NA) in the unvotes 0.3.0 format
    for f in (fixtures / "unga" / "unvotes").iterdir():
        (tmp_path / f.name).write_text(f.read_text())
    rc = tmp_path / "un_roll_calls.csv"
    lines = rc.read_text().splitlines()
    lines[1] = lines[1].replace("R/44/10,0,0,", "R/44/10,,1,")
    rc.write_text("\n".join(lines) + "\n")
    res = unga.load(tmp_path)
    rolls = res["unga_rollcalls"].table.set_index("rcid")
    assert pd.isna(rolls.loc[7, "amend"]) and rolls.loc[7, "para"] == 1 and rolls.loc[8, "para"] == 0
    assert res["unga_rollcalls"].report.rows_kept == 2 and res["unga_votes"].report.rows_rejected == 1


def test_cow_trade_directed(fixtures: Path, check_result: Check) -> None:
    res = cow.load_trade(fixtures / "trade")
    trade = res["cow_trade"]
    check_result(trade)
    assert trade.report.rows_read == 4 and len(trade.table) == 8
    t = trade.table.set_index(["iso3", "partner_iso3", "year"])
    assert t.loc[("USA", "KAZ", 2014), "imports"] == 1000.5
    assert t.loc[("KAZ", "USA", 2014), "exports"] == 1000.5
    assert t.loc[("KAZ", "USA", 2014), "imports"] == 800.0
    assert pd.isna(t.loc[("KAZ", "RUS", 2014), "imports"])  # missing stays NA, never 0
    nat = res["cow_trade_national"].table.set_index("iso3")
    assert nat.loc["KAZ", "exports"] == 50000.0 and pd.isna(nat.loc["RUS", "exports"])
    assert res["cow_states"].table["iso3"].tolist() == ["KAZ", "RUS", "RUS"]


def test_sipri(fixtures: Path, check_result: Check) -> None:
    res = sipri.load(fixtures / "arms")
    tiv, reg = res["sipri_tiv"], res["sipri_register"]
    check_result(tiv)
    check_result(reg)
    t = tiv.table.set_index("supplier")
    assert t.loc["Soviet Union", "supplier_iso3"] == "RUS"
    assert pd.isna(t.loc["Unknown supplier(s)", "supplier_iso3"])
    assert t.loc["Unknown supplier(s)", "supplier_kind"] == "unknown"
    assert t.loc["NATO**", "supplier_kind"] == "international_organisation"
    assert t.loc["China", "recipient_kind"] == "non_state"
    assert t.loc["Turkey", "recipient_iso3"] == "ARE"
    r = reg.table.set_index("deal_id")
    assert r.loc[1002, "supplier_iso3"] == "TUR" and bool(r.loc[1002, "local_production"])
    assert r.loc[1001, "tiv_delivered"] == 200.0 and r.loc[1001, "numbers_delivered"] == 4
    assert list(reg.table.columns) == list(sipri.REGISTER_COLUMNS)


def test_alliances_igo_majors(fixtures: Path, check_result: Check) -> None:
    atop = alliances.load_atop(fixtures / "alliances")["atop"]
    check_result(atop)
    a = atop.table.set_index(["iso3", "partner_iso3", "year"])
    assert a.loc[("KAZ", "RUS", 2000), "defense"] == 1 and a.loc[("KAZ", "CHN", 2000), "defense"] == 0
    ca = alliances.load_cow_alliance(fixtures / "alliances")["cow_alliance"]
    check_result(ca)
    assert ca.table["entente"].tolist() == [1, 1]
    ig = igo.load(fixtures / "alliances")["igo"]
    check_result(ig)
    assert (ig.table["ccode"] < ig.table["partner_ccode"]).all()
    maj = cow.load_majors(fixtures / "alliances")["cow_majors"]
    assert maj.table["iso3"].tolist() == ["USA", "RUS"]


def test_cited(fixtures: Path, check_result: Check) -> None:
    res = cited.load(fixtures / "cited")
    assert set(res) == set(cited.TABLES)
    for r in res.values():
        check_result(r)
        assert r.table["source_url"].notna().all()
    fdi = res["cited_fdi"].table
    assert fdi["year"].tolist() == [2000, 2021] and fdi["year_end"].tolist() == [2010, 2021]
    assert fdi["source_iso3"].tolist()[0] == "NLD" and pd.isna(fdi["source_iso3"].tolist()[1])
    assert res["cited_trade"].table["partner_iso3"].tolist() == ["RUS", "CHN"]
