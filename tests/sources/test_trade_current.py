"""Loaders of trade_current/ (national statistics and WITS) on fixtures written in the real formats.

The fixtures (tests/fixtures/trade_current) copy each publisher's layout: the BNS file's row kinds and
turnover column, stat.uz's BOM and ISO-numeric codes with "Other countries" (code 0), the NSC's English names
with groups and "Undefined country", WITS's HS-section rows and the author-derived panels in US$ billion.
Every expected value below is read off the fixture files (thousand USD / 1000 = million USD).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from multivector.dimensions import TRADE_NATIONAL_STATS, TRADE_WITS
from multivector.errors import DataError
from multivector.provenance import LoadResult
from multivector.sources import trade_current


@pytest.fixture(scope="module")
def loaded(fixtures: Path) -> dict[str, LoadResult]:
    return trade_current.load(fixtures / "trade_current")


def _value(table: pd.DataFrame, reporter: str, partner: str, year: int, flow: str) -> float:
    hit = table[
        (table["reporter_iso3"] == reporter)
        & (table["partner_iso3"] == partner)
        & (table["year"] == year)
        & (table["flow"] == flow)
    ]
    return float(hit["value_musd"].sum())


def test_counts_add_up(loaded: dict[str, LoadResult], check_result: Callable[[LoadResult], None]) -> None:
    for result in loaded.values():
        check_result(result)
    national = loaded[TRADE_NATIONAL_STATS].report
    # file rows: BNS 16, UZB 8 + 6, KGZ 15 + 7 = 52
    assert national.rows_read == 52
    assert national.rows_rejected == 6  # listed in test_rejects_name_file_line_and_reason
    wits = loaded[TRADE_WITS].report
    assert (wits.rows_read, wits.rows_rejected) == (13, 2)  # 11 HS rows + 1 + 1 panel rows


def test_rejects_name_file_line_and_reason(loaded: dict[str, LoadResult]) -> None:
    rej = loaded[TRADE_NATIONAL_STATS].rejected
    got = {
        (Path(f).name, int(line), reason.split(" (")[0])
        for f, line, reason in rej[["file", "line", "reason"]].itertuples(index=False)
    }
    assert got == {
        ("kaz_bns_trade_by_country_test.csv", 10, "turnover is not exports + imports"),  # FRA: 999 vs 200
        ("kaz_bns_trade_by_country_test.csv", 11, "unknown row_kind"),  # "region"
        ("uzb_stat_exports_by_country_test.csv", 8, "unknown partner"),  # code 999
        ("uzb_stat_exports_by_country_test.csv", 9, "negative trade value"),  # Italy 2021: -5
        ("kgz_nsc_exports_by_country_test.csv", 14, "partner listed twice with figures for the same year"),
        ("kgz_nsc_exports_by_country_test.csv", 15, "unknown partner"),  # Atlantis
    }
    wits = loaded[TRADE_WITS].rejected
    assert sorted(wits["line"].astype(int)) == [11, 12]  # XYZ unknown, a negative value


def test_national_values_and_kinds(loaded: dict[str, LoadResult]) -> None:
    t = loaded[TRADE_NATIONAL_STATS].table
    assert _value(t, "KAZ", "CHN", 2023, "exports") == pytest.approx(180.0)
    assert _value(t, "KAZ", "CHN", 2023, "imports") == pytest.approx(120.0)
    world = t[(t["reporter_iso3"] == "KAZ") & (t["partner_kind"] == "world") & (t["year"] == 2022)]
    assert world.set_index("flow")["value_musd"].to_dict() == {"exports": 600.0, "imports": 400.0}
    usa = t[(t["reporter_iso3"] == "KAZ") & (t["partner_iso3"] == "USA") & (t["year"] == 2022)]
    assert usa.set_index("flow")["value_musd"].isna().to_dict() == {"exports": True, "imports": False}
    uzb_other = t[(t["reporter_iso3"] == "UZB") & (t["partner_kind"] == "unallocated") & (t["year"] == 2023)]
    assert uzb_other.set_index("flow")["value_musd"].to_dict() == {"exports": 10.35, "imports": 1.22}
    kgz = t[t["reporter_iso3"] == "KGZ"]
    assert set(kgz.loc[kgz["partner_kind"] == "group", "partner"]) == {"The EU", "CIS", "Europe"}
    assert (kgz.loc[kgz["partner"] == "European Union (EU)", "partner_kind"] == "eu").all()
    # two spellings of El Salvador: both kept (figures for different years), the panels add them
    slv = kgz[(kgz["partner_iso3"] == "SLV") & (kgz["flow"] == "exports")].dropna(subset=["value_musd"])
    assert sorted(zip(slv["year"], slv["value_musd"], strict=True)) == [
        (2021, 0.001),
        (2022, 0.002),
        (2023, 0.003),
    ]
    prelim = kgz[kgz["preliminary"].astype(bool)]
    assert set(zip(prelim["flow"], prelim["year"], strict=True)) == {("imports", 2023)}


def test_wits_values_and_derived_rows(loaded: dict[str, LoadResult]) -> None:
    t = loaded[TRADE_WITS].table
    own = t[~t["derived"].astype(bool)]
    assert _value(own, "KAZ", "CHN", 2024, "imports") == pytest.approx(100.0)  # 60 + 40 over HS sections
    assert _value(own, "KAZ", "ROU", 2024, "imports") == pytest.approx(5.0)  # Comtrade's old code ROM
    assert set(own.loc[own["partner"] == "UNS", "partner_kind"]) == {"unallocated"}
    derived = t[t["derived"].astype(bool)]
    assert _value(derived, "KAZ", "RUS", 2024, "exports") == pytest.approx(70.0)  # 0.07 bn
    assert set(derived.loc[derived["partner"] == "EU+UK", "partner_kind"]) == {"group"}
    assert not ((own["flow"] == "exports").any())  # no all-partner export extract


def test_a_single_file_and_a_wrong_file(fixtures: Path, tmp_path: Path) -> None:
    one = trade_current.load(fixtures / "trade_current" / "kgz_nsc_imports_by_country_test.csv")
    assert list(one) == [TRADE_NATIONAL_STATS] and one[TRADE_NATIONAL_STATS].report.rows_read == 7
    bad = tmp_path / "uzb_stat_exports_by_country_bad.csv"
    bad.write_text("Code,Klassifikator_en,Total\n643,Russia,5\n", encoding="utf-8")
    with pytest.raises(DataError, match="no year columns"):
        trade_current.load(bad)


@pytest.mark.realdata
def test_real_files_load_without_rejects(
    shared_data: Path, check_result: Callable[[LoadResult], None]
) -> None:
    results = trade_current.load(shared_data / "trade_current")
    for result in results.values():
        check_result(result)
        assert result.report.rows_rejected == 0
    t = results[TRADE_NATIONAL_STATS].table
    # SOURCE.md spot checks: BNS China-Kazakhstan 2023 exports 14.67, imports 15.39 bn
    assert _value(t, "KAZ", "CHN", 2023, "exports") == pytest.approx(14666.16, abs=0.01)
    assert _value(t, "KAZ", "CHN", 2023, "imports") == pytest.approx(15389.23, abs=0.01)
    # stat.uz 2023: imports from China 11.34 bn, exports to China 2.49 bn
    assert _value(t, "UZB", "CHN", 2023, "imports") == pytest.approx(11340, rel=0.001)
    assert _value(t, "UZB", "CHN", 2023, "exports") == pytest.approx(2490, abs=5)  # 2,486.6 in the file
    # NSC 2023: total exports 3.38 bn, imports from China 5.35 bn
    kgz_world = t[(t["reporter_iso3"] == "KGZ") & (t["partner_kind"] == "world") & (t["year"] == 2023)]
    assert kgz_world.set_index("flow").loc["exports", "value_musd"] == pytest.approx(3384.86, abs=0.01)
    assert _value(t, "KGZ", "CHN", 2023, "imports") == pytest.approx(5350, rel=0.001)
