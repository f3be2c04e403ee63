"""Integration tests on the real shared datasets: row counts of each SOURCE.md and facts a user can check."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from multivector.provenance import LoadResult
from multivector.sources import alliances, cited, cow, igo

pytestmark = pytest.mark.realdata
Tables = dict[str, LoadResult]


def test_unga_counts(real_unga: Tables) -> None:
    votes, rolls = real_unga["unga_votes"], real_unga["unga_rollcalls"]
    v = votes.table
    assert (v["origin"] == "voeten").sum() == 1_015_674
    assert (rolls.table["origin"] == "voeten").sum() == 6_551
    assert (rolls.table["origin"] == "undl").sum() == 76  # UNDL votes absent from the Voeten file
    assert votes.report.rows_read == votes.report.rows_kept + votes.report.rows_rejected
    assert set(votes.report.reasons) == {"duplicate of Voeten roll call"}
    assert not v.duplicated(["vote_id", "iso3"]).any()
    r = rolls.table
    assert rolls.report.rows_read == 6_551 + 2_341 and rolls.report.rows_kept == 6_551 + 76
    # amendment / separate-paragraph flags (unvotes coding): counts as in the roll-call file
    assert (r["amend"] == 1).sum() == 311 and (r["para"] == 1).sum() == 991
    assert r.loc[r["year"] >= 2020, ["amend", "para", "short", "descr"]].isna().all().all()
    assert r.loc[r["origin"] == "undl", "amend"].isna().all()


def test_unga_kaz_first_vote_and_es11(real_unga: Tables) -> None:
    v = real_unga["unga_votes"].table
    assert v.loc[v["iso3"] == "KAZ", "year"].min() == 1992
    rolls = real_unga["unga_rollcalls"].table
    es = rolls[rolls["resolution"] == "A/RES/ES-11/1"]
    assert len(es) == 1 and es["date"].iloc[0] == pd.Timestamp("2022-03-02")
    votes = v[v["vote_id"] == es["vote_id"].iloc[0]].set_index("iso3")["vote"]
    assert (votes["KAZ"], votes["RUS"], votes["USA"], votes["CHN"]) == ("abstain", "no", "yes", "abstain")


def test_cow_trade(real_trade: Tables) -> None:
    trade = real_trade["cow_trade"]
    assert trade.report.rows_read == trade.report.rows_kept == 673_654
    assert len(trade.table) == 2 * 673_654
    t, nat = trade.table, real_trade["cow_trade_national"].table
    assert len(nat) == 14_410
    kaz = t[(t["iso3"] == "KAZ") & (t["year"] == 2014)].set_index("partner_iso3")
    total = (
        nat.loc[(nat["iso3"] == "KAZ") & (nat["year"] == 2014), ["imports", "exports"]].sum(axis=1).iloc[0]
    )
    share = (kaz["imports"] + kaz["exports"]) / total
    assert share["CHN"] == pytest.approx(0.23, abs=0.02)  # measured 22.97%
    assert share["RUS"] == pytest.approx(0.22, abs=0.02)  # measured 21.82%
    assert t["imports"].isna().sum() > 0  # missing flows stay NA


def test_sipri(real_sipri: Tables) -> None:
    tiv, reg = real_sipri["sipri_tiv"], real_sipri["sipri_register"]
    assert tiv.report.rows_read == 22_225 and reg.report.rows_read == 20_480
    t = tiv.table
    kaz = t[(t["recipient_iso3"] == "KAZ") & t["year"].between(1992, 2021)]
    share = kaz.loc[kaz["supplier_iso3"] == "RUS", "tiv"].sum() / kaz["tiv"].sum()
    assert 0.80 < share < 0.90  # SOURCE.md: 85.7%
    assert (t.loc[t["supplier"] == "Unknown supplier(s)", "supplier_kind"] == "unknown").all()


def test_alliances(shared_data: Path) -> None:
    atop = alliances.load_atop(shared_data / "alliances")["atop"]
    assert atop.report.rows_kept == 273_296
    a = atop.table
    kr = a[(a["iso3"] == "KAZ") & (a["partner_iso3"] == "RUS") & (a["defense"] == 1)]
    assert set(range(1992, 2019)) <= set(kr["year"])
    kc = a[(a["iso3"] == "KAZ") & (a["partner_iso3"] == "CHN")]
    assert (kc["defense"] == 0).all()
    assert alliances.load_cow_alliance(shared_data / "alliances")["cow_alliance"].report.rows_kept == 120_784


@pytest.mark.slow
def test_igo_and_majors(shared_data: Path) -> None:
    res = igo.load(shared_data / "alliances")["igo"]
    assert res.report.rows_kept == 917_695
    t = res.table
    row = t[(t["year"] == 2014) & (t["ccode"] == 365) & (t["partner_ccode"] == 705)]
    assert row["dyadigos"].tolist() == [47]
    majors = cow.load_majors(shared_data / "alliances")["cow_majors"].table
    assert {"USA", "RUS", "CHN"} <= set(majors["iso3"].dropna())


def test_cited(shared_data: Path) -> None:
    res = cited.load(shared_data)
    counts = {k: r.report.rows_kept for k, r in res.items()}
    assert counts == {"cited_energy_routes": 60, "cited_gas_exports": 7, "cited_fdi": 23, "cited_trade": 24}


def test_sipri_shared_copies_cite_their_generation_dates(
    real_sipri: Tables, shared_data: Path, tmp_path: Path
) -> None:
    """The shared copies are the known SIPRI exports: their dates are cited, also once decompressed."""
    import gzip

    assert "TIV tables generated 28 July 2022" in real_sipri["sipri_tiv"].provenance.citation
    assert "trade register generated 3 January 2025" in real_sipri["sipri_register"].provenance.citation
    assert "2025" not in real_sipri["sipri_tiv"].provenance.citation
    src = shared_data / "arms" / "sipri_trade_register_deliveries_2000_2023.csv.gz"
    plain = tmp_path / "sipri_trade_register_deliveries_2000_2023.csv"
    plain.write_bytes(gzip.decompress(src.read_bytes()))
    from multivector.sources import sipri

    assert "3 January 2025" in sipri.load(plain)["sipri_register"].provenance.citation
