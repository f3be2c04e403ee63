"""``trade_spread`` and ``disagreements`` on the hand-made store of tests/_trade_store.py (every expected
spread computed by hand from the values listed there), on a store with COW alone, and on an empty store."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from _trade_store import build_trade_store
from multivector.errors import InputError, StoreError
from multivector.panels.trade_spread import (
    DISAGREEMENT_COLUMNS,
    SPREAD_COLUMNS,
    SPREAD_THRESHOLD,
    disagreements,
    figure_label,
    format_musd,
    trade_spread,
    trade_spread_tables,
)
from multivector.store.db import Store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_trade_store(tmp_path_factory.mktemp("spread") / "spread.duckdb")


@pytest.fixture(scope="module")
def table(store: Path) -> pd.DataFrame:
    return trade_spread("KAZ", store=store)


def _flow(table: pd.DataFrame, year: int, partner: str, flow: str = "total") -> pd.DataFrame:
    return table[(table["year"] == year) & (table["partner_iso3"] == partner) & (table["flow"] == flow)]


def test_columns_years_and_partners(table: pd.DataFrame) -> None:
    assert tuple(table.columns) == SPREAD_COLUMNS
    # years with a figure: COW 2012-2014 (flows 2013; absent dyads are 0 where both totals exist), BNS
    # 2022-2023, WITS 2023: fewer than ten, so all of them
    assert sorted(set(table["year"])) == [2012, 2013, 2014, 2022, 2023]
    assert list(dict.fromkeys(table["partner_iso3"])) == ["RUS", "CHN", "USA", "EU27"]
    assert set(table.loc[table["year"] <= 2014, "basis"]) == {"cow"}


def test_china_2023_three_full_year_figures_and_a_partial_one(table: pd.DataFrame) -> None:
    chn = _flow(table, 2023, "CHN").set_index("label")
    # BNS 150 + 100 = 250 (selected); WITS 160 + 100 = 260; GACC 0.35 bn = 350; the bureau's Jan-Sep 200
    assert chn["value_musd"].to_dict() == {
        "BNS": 250.0, "Comtrade (WITS)": 260.0, "Kazakhstan (BNS)": 200.0, "China (GACC)": 350.0,
    }  # fmt: skip
    assert chn["selected"].to_dict() == {
        "BNS": True, "Comtrade (WITS)": False, "Kazakhstan (BNS)": False, "China (GACC)": False,
    }  # fmt: skip
    assert not chn.loc["Kazakhstan (BNS)", "compared"]  # January-September: shown, never compared
    assert (chn["n_compared"] == 3).all()
    assert chn["spread"].iloc[0] == pytest.approx(350 / 250 - 1)  # 0.40: max over min of the three
    assert chn.loc["China (GACC)", "vs_selected"] == pytest.approx(0.40)
    assert chn.loc["Comtrade (WITS)", "vs_selected"] == pytest.approx(260 / 250 - 1)  # 0.04
    assert math.isnan(chn.loc["Kazakhstan (BNS)", "vs_selected"])
    assert chn.loc["China (GACC)", "side"] == "partner" and chn.loc["China (GACC)", "reporter_iso3"] == "CHN"
    assert chn["disagree"].all()


def test_spreads_by_flow(table: pd.DataFrame) -> None:
    def spread(partner: str, flow: str) -> float:
        return float(_flow(table, 2023, partner, flow)["spread"].iloc[0])

    assert spread("RUS", "total") == pytest.approx(200 / 150 - 1)  # BNS 50 + 150, WITS 40 + 110
    assert spread("RUS", "exports") == pytest.approx(50 / 40 - 1)
    assert spread("CHN", "exports") == pytest.approx(160 / 150 - 1)  # 6.7%: within the threshold
    assert not _flow(table, 2023, "CHN", "exports")["disagree"].any()
    assert spread("CHN", "imports") == 0.0
    # USA: WITS has no exports to the USA, so no WITS total: one figure, nothing to compare
    usa = _flow(table, 2023, "USA")
    assert math.isnan(spread("USA", "total")) and (usa["n_compared"] == 1).all() and not usa["disagree"].any()
    assert usa.loc[usa["basis"] == "comtrade", "value_musd"].isna().all()
    # 2022: the bureau alone
    assert _flow(table, 2022, "CHN")["n_compared"].tolist() == [1]


def test_eu27_and_a_zero_beside_a_positive_figure(table: pd.DataFrame) -> None:
    eu = _flow(table, 2023, "EU27").set_index("label")
    # the bureau's EU27 = Germany 30 + 20 (the only member listed); the MFA's cited 0.0
    assert eu.loc["BNS", "value_musd"] == 50.0 and eu.loc["Kazakhstan (MFA)", "value_musd"] == 0.0
    assert math.isinf(eu["spread"].iloc[0]) and eu["disagree"].all()
    assert eu.loc["Kazakhstan (MFA)", "vs_selected"] == pytest.approx(-1.0)
    imports = _flow(table, 2023, "EU27", "imports")
    assert imports["value_musd"].tolist() == [20.0, 20.0] and not imports["disagree"].any()


def test_disagreements_name_the_figures(table: pd.DataFrame) -> None:
    found = disagreements(table)
    assert tuple(found.columns) == DISAGREEMENT_COLUMNS
    keys = list(zip(found["partner_iso3"], found["flow"], strict=True))
    # 2023 only; RUS every flow (25%, 36%, 33%), CHN total (40%), USA imports (45 / 40 - 1 = 12.5%),
    # EU27 total (a zero)
    assert set(found["year"]) == {2023}
    assert keys == [
        ("RUS", "exports"), ("RUS", "imports"), ("RUS", "total"), ("CHN", "total"), ("USA", "imports"),
        ("EU27", "total"),
    ]  # fmt: skip
    chn = found[(found["partner_iso3"] == "CHN")].iloc[0]
    assert (chn["selected_label"], chn["selected_musd"]) == ("BNS", 250.0)
    assert (chn["farthest_label"], chn["farthest_musd"]) == ("China (GACC)", 350.0)
    assert chn["text"] == (
        "2023, trade with CHN: China (GACC) reports 350 million USD, 40% more than BNS's 250 million USD "
        "that the assessment uses"
    )
    usa = found[(found["partner_iso3"] == "USA")].iloc[0]
    assert "12.5% more" in usa["text"]  # under 15%: one decimal, so 9.9% never reads as 10%


def test_a_threshold_of_one_half(store: Path) -> None:
    table = trade_spread("KAZ", ["CHN", "RUS"], 2023, store, threshold=0.5)
    assert not table["disagree"].any()  # 40% and 36% at most
    assert disagreements(table).empty
    assert SPREAD_THRESHOLD == 0.10


def test_years_names_and_partner_lists(store: Path) -> None:
    table = trade_spread("Kazakhstan", "China", "2022-2023", store)
    assert set(table["partner_iso3"]) == {"CHN"} and sorted(set(table["year"])) == [2022, 2023]
    eu = trade_spread("KAZ", ["EU", "KAZ"], 2023, store)  # the country itself is dropped
    assert set(eu["partner_iso3"]) == {"EU27"}
    with pytest.raises(InputError, match="only partner given is the country itself"):
        trade_spread("KAZ", "KAZ", 2023, store)
    with pytest.raises(InputError, match="reversed"):
        trade_spread("KAZ", None, "2023-2020", store)
    # the tables behind the figures: no COW row in 2022-2023 (COW ends in 2014)
    assert trade_spread_tables(table) == ["trade_national_stats", "trade_wits", "cited_trade"]
    assert trade_spread_tables(trade_spread("KAZ", "CHN", "2013-2023", store))[:2] == [
        "cow_trade", "cow_trade_national",
    ]  # fmt: skip


def test_cow_alone(tmp_path: Path) -> None:
    store = build_trade_store(tmp_path / "cow.duckdb", cow_only=True)
    table = trade_spread("KAZ", store=store)
    assert sorted(set(table["year"])) == [2012, 2013, 2014]
    assert set(table["basis"]) == {"cow"} and table["selected"].all()
    assert (table["n_compared"] == 1).all() and not table["disagree"].any()
    # tiny COW 2013: KAZ imports 20 from and exports 0 to China
    assert _flow(table, 2013, "CHN")["value_musd"].tolist() == [20.0]
    assert disagreements(table).empty and tuple(disagreements(table).columns) == DISAGREEMENT_COLUMNS


def test_nothing_stored(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    with Store(path) as st:
        st.query_df("SELECT 1")
    with pytest.raises(
        StoreError, match=r"no trade table.*multivector data import cow_trade PATH.*trade_current"
    ):
        trade_spread("KAZ", store=path)


def test_labels_and_amounts() -> None:
    assert figure_label("national_statistics", "reporter", "Statistics Agency of Uzbekistan (stat.uz)") == (
        "stat.uz"
    )
    assert figure_label("national_statistics", "partner", "Bureau of National Statistics (BNS)") == (
        "BNS, partner-reported"
    )
    assert figure_label("cited", "partner", "China (GACC), as quoted by wenews") == "China (GACC)"
    assert figure_label("cow", "reporter", None) == "COW"
    assert format_musd(41000.0) == "41.0 bn USD" and format_musd(402.4) == "402 million USD"
    assert format_musd(1.42) == "1.42 million USD"
