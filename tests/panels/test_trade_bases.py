"""``add_trade`` with a basis, and ``trade_bases``, on a store made of hand-made tables and fixture files.

The store holds the tiny COW tables of tests/panels/conftest.py (flows in 2013, totals 2012-2014), the
trade_current fixtures (BNS 2022-2023, stat.uz and NSC 2021-2023, WITS 2024) and the cited-trade fixture.
Every expected number is computed in a comment from tests/fixtures/trade_current (thousand USD / 1000).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from _helpers import tiny_result
from multivector.errors import InputError
from multivector.panels import add_trade, create_dyad_years
from multivector.panels.trade_compare import trade_bases
from multivector.sources import cited, trade_current
from multivector.store.db import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _cow() -> dict[str, object]:
    """The tiny COW tables of tests/panels/conftest.py: flows in 2013, national totals 2012-2014."""
    flows = [
        ("KAZ", "RUS", 10.0, 5.0),
        ("KAZ", "CHN", 20.0, 0.0),
        ("KAZ", "DEU", 3.0, 2.0),
        ("KAZ", "FRA", 1.0, 4.0),
    ]
    rows = [r for c, p, i, e in flows for r in ((c, p, 2013, i, e), (p, c, 2013, e, i))]
    directed = pd.DataFrame(rows, columns=["iso3", "partner_iso3", "year", "imports", "exports"])
    totals = {"KAZ": (60.0, 40.0), "RUS": (250.0, 250.0), "CHN": (500.0, 500.0), "USA": (1000.0, 1000.0)}
    totals |= {"DEU": (150.0, 150.0), "FRA": (100.0, 100.0)}
    national = pd.DataFrame(
        [(c, y, i, e) for c, (i, e) in totals.items() for y in (2012, 2013, 2014)],
        columns=["iso3", "year", "imports", "exports"],
    )
    return {
        "cow_trade": tiny_result(directed, "cow_trade"),
        "cow_trade_national": tiny_result(national, "cow_trade"),
    }


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bases") / "bases.duckdb"
    with Store(path) as st:
        st.import_result("cow_trade", _cow())  # type: ignore[arg-type]
        st.import_result("trade_current", trade_current.load(FIXTURES / "trade_current"))
        st.import_result("cited", cited.load(FIXTURES / "cited" / "trade"))
    return path


@pytest.fixture(scope="module")
def kaz(store: Path) -> pd.DataFrame:
    return add_trade(create_dyad_years("KAZ", ["RUS", "CHN", "USA", "EU"], (2013, 2024)), store)


def _row(df: pd.DataFrame, partner: str, year: int, country: str = "KAZ") -> pd.Series:
    sub = df[(df["iso3"] == country) & (df["partner_iso3"] == partner) & (df["year"] == year)]
    assert len(sub) == 1
    return sub.iloc[0]


def test_one_basis_per_country_year(kaz: pd.DataFrame) -> None:
    basis = kaz.groupby("year")["trade_basis"].agg(lambda s: set(s.dropna()))
    assert basis[2013] == {"cow"} and basis[2014] == {"cow"}
    assert all(basis[y] == set() for y in range(2015, 2022))  # no source covers 2015-2021 here: NA
    assert basis[2022] == basis[2023] == {"national_statistics"}
    assert basis[2024] == {"comtrade"}
    assert kaz.loc[kaz["year"].between(2015, 2021), "trade_dependence"].isna().all()
    assert (
        kaz.loc[kaz["year"] == 2022, "trade_source"] == "Bureau of National Statistics of Kazakhstan (BNS)"
    ).all()


def test_basis_breaks(kaz: pd.DataFrame) -> None:
    breaks = kaz.groupby("year")["trade_basis_break"].agg(lambda s: bool(s.any()))
    # COW in 2014, nothing 2015-2021, BNS from 2022 (a change from the last basis), WITS in 2024
    assert [y for y, b in breaks.items() if b] == [2022, 2024]


def test_national_statistics_shares(kaz: pd.DataFrame) -> None:
    chn = _row(kaz, "CHN", 2022)
    # BNS 2022: exports 150,000 + imports 100,000 of a total 600,000 + 400,000 thousand USD
    assert (chn["trade_exports"], chn["trade_imports"], chn["trade_country_total"]) == (150.0, 100.0, 1000.0)
    assert chn["trade_dependence"] == pytest.approx(0.25)
    # the partner's total is another basis (China's statistics): not mixed in
    assert np.isnan(chn["trade_partner_total"]) and np.isnan(chn["trade_partner_dependence"])
    # an empty export cell of a listed partner is no recorded exports: (0 + 50) / 1000
    assert _row(kaz, "USA", 2022)["trade_dependence"] == pytest.approx(0.05)
    # EU27 = the members the bulletin lists: Italy 190 + 10 and Germany 60 + 40 (France's row is rejected)
    assert _row(kaz, "EU27", 2022)["trade_total"] == pytest.approx(300.0)
    # 2023 lists Italy only: 210 of 1,100
    assert _row(kaz, "EU27", 2023)["trade_dependence"] == pytest.approx(210 / 1100)


def test_comtrade_year_with_missing_exports(kaz: pd.DataFrame) -> None:
    chn = _row(kaz, "CHN", 2024)
    # WITS 2024: exports 0.2 bn (derived panel), imports 60 + 40 (HS sections, WITS's own figure beats the
    # derived 0.10/0.11); world: exports 0.7 bn (derived), imports 250 + 150 (WLD rows)
    assert (chn["trade_exports"], chn["trade_imports"], chn["trade_country_total"]) == (200.0, 100.0, 1100.0)
    usa = _row(kaz, "USA", 2024)
    assert usa["trade_imports"] == pytest.approx(45.0) and np.isnan(usa["trade_exports"])
    assert np.isnan(usa["trade_dependence"]) and "unknown, not zero" in usa["trade_note"]
    eu = _row(kaz, "EU27", 2024)
    assert eu["trade_imports"] == pytest.approx(35.0)  # Germany 30 + Romania 5 (Comtrade's ROM)
    assert np.isnan(eu["trade_total"])  # EU+UK is not EU27: no figure for the EU27's exports


def test_cow_years_unchanged(kaz: pd.DataFrame) -> None:
    rus = _row(kaz, "RUS", 2013)
    # tiny COW: KAZ imports 10, exports 5 of a total 60 + 40
    assert (rus["trade_imports"], rus["trade_exports"], rus["trade_dependence"]) == (10.0, 5.0, 0.15)
    assert rus["trade_partner_dependence"] == pytest.approx(15 / 500)


def test_uzbekistan_unallocated_and_kyrgyz_preliminary(store: Path) -> None:
    df = add_trade(create_dyad_years(["UZB", "KGZ"], ["CHN", "EU"], (2021, 2023)), store)
    uzb = _row(df, "CHN", 2023, "UZB")
    # stat.uz 2023 has no total row: the total is every row, "Other countries" (10,350 + 1,220) included:
    # exports 3,500 + 2,490 + 1,420 + 250 + 240 + 10,350 = 18,250; imports 23,800 -> 42.05 million USD
    assert uzb["trade_country_total"] == pytest.approx(42.05)
    assert uzb["trade_dependence"] == pytest.approx((2.49 + 11.34) / 42.05)
    assert "assigned to no partner" in uzb["trade_note"]
    kgz = _row(df, "EU27", 2023, "KGZ")
    # NSC 2023: exports Germany 25 + Italy 20; imports Germany 500 + "European Union (EU)" 7;
    # total 3,400 + 12,350
    assert kgz["trade_total"] == pytest.approx(0.552)
    assert kgz["trade_dependence"] == pytest.approx(0.552 / 15.75)
    assert bool(kgz["trade_preliminary"]) and not bool(_row(df, "EU27", 2022, "KGZ")["trade_preliminary"])


def test_basis_order_and_errors(store: Path) -> None:
    frame = create_dyad_years("KAZ", ["CHN"], (2013, 2014))
    national_only = add_trade(frame, store, bases=["national_statistics"])
    assert national_only["trade_basis"].isna().all() and national_only["trade_total"].isna().all()
    with pytest.raises(InputError, match="bases must be"):
        add_trade(frame, store, bases=["cow", "dots"])


def test_trade_bases_side_by_side(store: Path) -> None:
    table = trade_bases("KAZ", "CHN", (2022, 2024), store)
    total = table[table["flow"] == "total"]
    rows = {(int(r.year), r.basis, r.side): r.value_musd for r in total.itertuples()}
    assert rows[(2022, "national_statistics", "reporter")] == pytest.approx(250.0)
    assert rows[(2024, "comtrade", "reporter")] == pytest.approx(300.0)
    # the cited fixture: China's own figure for January-September 2023, a partner (mirror) report
    cited_row = total[(total["basis"] == "cited")].iloc[0]
    assert (cited_row["side"], cited_row["period"], cited_row["value_musd"]) == (
        "partner",
        "jan_sep",
        30000.0,
    )
    assert cited_row["reporter_iso3"] == "CHN" and cited_row["url"] == "https://example.org/g"
    selected = total[total["selected"]]
    assert dict(zip(selected["year"], selected["basis"], strict=True)) == {
        2022: "national_statistics",
        2023: "national_statistics",
        2024: "comtrade",
    }


def test_trade_bases_mirror(store: Path) -> None:
    table = trade_bases("UZB", "KAZ", 2023, store).set_index(["basis", "side", "flow"])["value_musd"]
    # Uzbekistan's statistics: exports to KAZ 1,420, imports 3,070 thousand USD
    assert table[("national_statistics", "reporter", "exports")] == pytest.approx(1.42)
    # Kazakhstan's BNS for the same flows, turned to Uzbekistan's side: KAZ exports 200 = UZB imports
    assert table[("national_statistics", "partner", "imports")] == pytest.approx(200.0)
    assert table[("national_statistics", "partner", "exports")] == pytest.approx(110.0)
