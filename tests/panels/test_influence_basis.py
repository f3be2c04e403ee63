"""The influence index on one basis: FBIC's weights, carry-forward within a horizon, NA instead of a silent
renormalisation. Hand-made panel columns (no store), every expected value computed in a comment."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from multivector.panels import add_influence, create_dyad_years
from multivector.panels.influence import DEFAULT_WEIGHTS

YEARS = (2010, 2018)
# per partner: trade_total, trade_dependence, unga_agreement, arms_tiv_5y, arms_supplier_share_5y,
# arms_tiv_all_5y, atop_any, atop_defense, igo_shared
BASE = {
    "RUS": (30.0, 0.3, 0.8, 90.0, 0.9, 100.0, 1, 1, 40),
    "CHN": (10.0, 0.1, 0.9, 10.0, 0.1, 100.0, 0, 0, 40),
}
COLUMNS = (
    "trade_total", "trade_dependence", "unga_agreement", "arms_tiv_5y", "arms_supplier_share_5y",
    "arms_tiv_all_5y", "atop_any", "atop_defense", "igo_shared",
)  # fmt: skip


def _frame() -> pd.DataFrame:
    df = create_dyad_years("KAZ", ["RUS", "CHN"], YEARS)
    for i, col in enumerate(COLUMNS):
        df[col] = [BASE[p][i] for p in df["partner_iso3"]]
    df["trade_basis"] = np.where(df["year"] <= 2014, "cow", "national_statistics")
    return df


def _at(df: pd.DataFrame, partner: str, year: int) -> pd.Series:
    return df[(df["partner_iso3"] == partner) & (df["year"] == year)].iloc[0]


def test_fbic_weights_by_hand() -> None:
    assert pytest.approx(
        {"bw_trade": 1 / 3, "bw_igos": 1 / 6, "bw_unga": 1 / 6, "bw_arms": 1 / 6, "bw_alliance": 1 / 6,
         "dep_trade": 1 / 2, "dep_arms": 1 / 4, "dep_alliance": 1 / 4}
    ) == DEFAULT_WEIGHTS  # fmt: skip
    rus = _at(add_influence(_frame()), "RUS", 2012)
    # bandwidth: trade share 30/40 = .75 (1/3); IGO share 40/80 = .5, agreement .8, arms share 90/100 = .9,
    # alliance 1 (1/6 each) -> .25 + (.5 + .8 + .9 + 1)/6 = .78333
    assert rus["influence_bandwidth"] == pytest.approx(0.25 + 3.2 / 6)
    # dependence: .3/2 + .9/4 + 1/4 = .625
    assert rus["influence_dependence"] == pytest.approx(0.625)
    assert rus["influence_index"] == pytest.approx((0.25 + 3.2 / 6) * 0.625)
    assert rus["influence_coverage"] == 1.0 and pd.isna(rus["influence_carried"])


def test_slow_component_carried_within_its_horizon() -> None:
    df = _frame()
    df.loc[df["year"] > 2012, "igo_shared"] = np.nan  # the IGO data end in 2012
    out = add_influence(df)
    rus = out[out["partner_iso3"] == "RUS"].set_index("year")
    assert (rus["infl_bw_igos"] == 0.5).all()  # 2013-2018 carry 2012's share (horizon 10)
    assert rus.loc[2018, "influence_carried"] == "bw_igos from 2012"
    assert rus["influence_index"].notna().all()


def test_one_missing_partner_carries_the_whole_country_year() -> None:
    df = _frame()
    df.loc[(df["partner_iso3"] == "CHN") & (df["year"] >= 2015), ["trade_total", "trade_dependence"]] = np.nan
    out = add_influence(df)
    rus = out[out["partner_iso3"] == "RUS"].set_index("year")
    # CHN's trade unknown from 2015: the shares of 2015-2017 are 2014's, for RUS too (horizon 3) ...
    assert rus.loc[2017, "influence_carried"] == "bw_trade from 2014; dep_trade from 2014"
    assert rus.loc[2017, "infl_bw_trade"] == 0.75
    assert rus.loc[2017, "influence_trade_basis"] == "cow"  # the carried figures' basis
    # ... and 2018 is beyond the horizon: no index rather than an index without trade
    assert np.isnan(rus.loc[2018, "influence_index"])
    assert rus.loc[2018, "influence_missing"] == "bw_trade, dep_trade"
    assert np.isnan(rus.loc[2018, "influence_share"])
    old = add_influence(df, missing="renormalise")
    assert old[(old["partner_iso3"] == "RUS") & (old["year"] == 2018)]["influence_index"].notna().all()


def test_trade_basis_break_of_the_index() -> None:
    out = add_influence(_frame())
    rus = out[out["partner_iso3"] == "RUS"].set_index("year")
    assert [y for y, b in rus["influence_basis_break"].items() if b] == [2015]


def test_absent_step_leaves_its_components_out_of_every_row() -> None:
    out = add_influence(_frame().drop(columns=["igo_shared"]))
    rus = _at(out, "RUS", 2012)
    assert "bw_igos" not in rus["influence_components"]
    # bandwidth over the present weights: (.75/3 + (.8 + .9 + 1)/6) / (1/3 + 3/6)
    assert rus["influence_bandwidth"] == pytest.approx((0.25 + 2.7 / 6) / (1 / 3 + 3 / 6))
    assert rus["influence_coverage"] == pytest.approx(1 - 1 / 6 / 2)  # 1/6 of the 2 units of weight


def test_no_arms_at_all_is_no_dependence() -> None:
    df = _frame()
    df.loc[df["year"] == 2011, ["arms_tiv_5y", "arms_tiv_all_5y"]] = 0.0
    df.loc[df["year"] == 2011, "arms_supplier_share_5y"] = np.nan  # 0 / 0 in add_arms
    rus = _at(add_influence(df), "RUS", 2011)
    assert rus["infl_dep_arms"] == 0.0 and rus["infl_bw_arms"] == 0.0
    assert not np.isnan(rus["influence_index"])
