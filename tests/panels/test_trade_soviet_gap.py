"""COW's zeros between former Soviet republics in 1992-93 are not measurements (see panels/trade.py).

Regression: ``add_trade`` gave Kazakhstan-Russia trade = 0 in 1992 and 1993 (COW v4 lists flow1 = flow2 = 0,
IMF DOTS not yet recording intra-Soviet trade) and divided by national totals that leave that trade out
(China's "share" of Kazakhstan's trade in 1992 came out at 55%).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from multivector.panels import add_trade, create_dyad_years
from multivector.panels.trade import FORMER_SOVIET, soviet_gap
from multivector.sources import cow
from multivector.store.db import Store

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "trade_fsu"


@pytest.fixture(scope="module")
def fsu_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The COW-format fixture trade_fsu/ imported through the loader, as `data import cow_trade` does."""
    path = tmp_path_factory.mktemp("fsu") / "fsu.duckdb"
    with Store(path) as st:
        st.import_result("cow_trade", cow.load_trade(FIXTURE))
    return path


def _row(df: pd.DataFrame, country: str, partner: str, year: int) -> pd.Series:
    sel = (df["iso3"] == country) & (df["partner_iso3"] == partner) & (df["year"] == year)
    assert sel.sum() == 1
    return df[sel].iloc[0]


def test_the_store_keeps_cow_values_as_published(fsu_store: Path) -> None:
    with Store(fsu_store, read_only=True) as st:
        kaz_rus = st.query_df(
            "SELECT year, imports, exports FROM cow_trade WHERE iso3 = 'KAZ' AND partner_iso3 = 'RUS'"
            " ORDER BY year"
        )
    assert kaz_rus.loc[kaz_rus["year"] <= 1993, ["imports", "exports"]].eq(0).all().all()


def test_soviet_zeros_1992_93_are_missing(fsu_store: Path) -> None:
    df = add_trade(create_dyad_years("KAZ", ["RUS", "UKR"], (1992, 1995)), fsu_store)
    for year in (1992, 1993):
        row = _row(df, "KAZ", "RUS", year)
        assert row[["trade_imports", "trade_exports", "trade_total", "trade_dependence"]].isna().all()
    assert _row(df, "KAZ", "RUS", 1994)["trade_total"] == 3300.0
    assert _row(df, "KAZ", "RUS", 1995)["trade_imports"] == 1900.0  # flow2: KAZ imports from RUS
    # a pair of republics absent from the file: unknown in 1992, zero trade once both report (1995)
    assert np.isnan(_row(df, "KAZ", "UKR", 1992)["trade_total"])
    assert _row(df, "KAZ", "UKR", 1995)["trade_total"] == 0.0


def test_reported_flows_are_kept_and_zeros_outside_the_rule_stay_zero(fsu_store: Path) -> None:
    df = add_trade(create_dyad_years("RUS", ["BLR", "TJK"], (1992, 1993)), fsu_store)
    blr = _row(df, "RUS", "BLR", 1992)
    assert (blr["trade_imports"], blr["trade_exports"]) == (800.0, 1100.0)
    tjk = _row(df, "RUS", "TJK", 1993)  # RUS imports 0 (not reported) -> NA; its exports 80 are kept
    assert np.isnan(tjk["trade_imports"]) and tjk["trade_exports"] == 80.0 and np.isnan(tjk["trade_total"])
    later = add_trade(create_dyad_years("ARM", ["AZE"], 1994), fsu_store)  # after 1993: a measured zero
    assert _row(later, "ARM", "AZE", 1994)[["trade_imports", "trade_exports"]].tolist() == [0.0, 0.0]
    other = add_trade(create_dyad_years("CAN", ["CHN"], 1992), fsu_store)  # not two republics
    assert _row(other, "CAN", "CHN", 1992)["trade_total"] == 0.0


def test_soviet_totals_1992_93_are_not_denominators(fsu_store: Path) -> None:
    df = add_trade(create_dyad_years("KAZ", ["CHN", "RUS"], (1992, 1994)), fsu_store)
    chn = _row(df, "KAZ", "CHN", 1992)
    assert chn["trade_total"] == 390.0  # the flow is kept ...
    assert np.isnan(chn["trade_country_total"]) and np.isnan(chn["trade_dependence"])  # ... not the share
    assert chn["trade_partner_total"] == 165000.0
    assert chn["trade_partner_dependence"] == pytest.approx(390.0 / 165000.0)
    assert np.isnan(chn["trade_asymmetry"])
    rus = _row(df, "KAZ", "RUS", 1994)
    assert rus["trade_dependence"] == pytest.approx(3300.0 / 6500.0)
    assert rus["trade_partner_dependence"] == pytest.approx(3300.0 / 101000.0)
    back = add_trade(create_dyad_years("CHN", ["KAZ"], 1992), fsu_store)
    assert np.isnan(_row(back, "CHN", "KAZ", 1992)["trade_partner_total"])


def test_soviet_gap_mask() -> None:
    iso3 = pd.Series(["KAZ", "KAZ", "KAZ", "CHN", "EST"])
    partner = pd.Series(["RUS", "RUS", "CHN", "RUS", "LVA"])
    year = pd.Series([1992, 1994, 1993, 1993, 1993])
    assert soviet_gap(iso3, year, partner).tolist() == [True, False, False, False, True]
    assert soviet_gap(iso3, year).tolist() == [True, False, True, False, True]
    assert len(FORMER_SOVIET) == 15


@pytest.mark.realdata
def test_real_kaz_rus_1992_93_missing_then_positive(real_store: Path) -> None:
    df = add_trade(create_dyad_years("KAZ", ["RUS", "CHN"], (1992, 2014)), real_store)
    rus = df[df["partner_iso3"] == "RUS"].set_index("year")
    assert rus.loc[[1992, 1993], ["trade_imports", "trade_exports", "trade_total"]].isna().all().all()
    assert (rus.loc[1995:2014, "trade_imports"] > 0).all() and (rus.loc[1995:2014, "trade_exports"] > 0).all()
    chn = df[df["partner_iso3"] == "CHN"].set_index("year")
    assert (chn.loc[[1992, 1993], "trade_total"] > 0).all()  # reported flows with China are kept
    assert chn.loc[[1992, 1993], "trade_dependence"].isna().all()  # was 0.55 in 1992 on a non-Soviet total
    assert chn.loc[1994, "trade_dependence"] == pytest.approx(267 / 6516.2, abs=1e-3)


@pytest.mark.realdata
def test_real_counts_of_the_rule(real_store: Path) -> None:
    """The counts stated in the add_trade docstring (COW v4 as in shared/data/trade)."""
    with Store(real_store, read_only=True) as st:
        flows = st.query_df("SELECT iso3, partner_iso3, year, imports, exports FROM cow_trade")
    gap = flows[soviet_gap(flows["iso3"], flows["year"], flows["partner_iso3"])]
    zero = (gap["imports"] == 0) | (gap["exports"] == 0)
    assert len(gap) == 2 * 189 and zero.sum() == 144
    assert int((gap["imports"] == 0).sum()) == 130  # each file flow once (as one side's imports)
    # RUS-BLR 1993 is reported (non-zero) and stays
    df = add_trade(create_dyad_years("RUS", ["BLR", "UKR"], 1993), real_store)
    assert _row(df, "RUS", "BLR", 1993)["trade_total"] > 0
    assert np.isnan(_row(df, "RUS", "UKR", 1993)["trade_total"])
