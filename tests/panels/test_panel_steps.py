"""The panel contract on a tiny hand-made store: keys kept, NA outside coverage, hand-computed values."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from multivector.assessment import add_balance
from multivector.errors import InputError, PipelineError, StoreError, UnknownCountryError
from multivector.panels import (
    DYAD_KEYS,
    add_alliances,
    add_arms,
    add_events,
    add_igos,
    add_influence,
    add_trade,
    add_unga,
    create_country_years,
    create_dyad_years,
    ties_from_panel,
    unit_of,
)
from multivector.store.db import Store

YEARS = (2011, 2016)
Step = Callable[[pd.DataFrame, Path], pd.DataFrame]


def _dyads() -> pd.DataFrame:
    return create_dyad_years("KAZ", ["RUS", "CHN", "USA", "EU"], YEARS)


def _influence(df: pd.DataFrame, store: Path) -> pd.DataFrame:
    return add_influence(add_unga(add_trade(df, store), store))


STEPS: dict[str, Step] = {
    "add_trade": lambda df, s: add_trade(df, s),
    "add_arms": lambda df, s: add_arms(df, s),
    "add_alliances": lambda df, s: add_alliances(df, s),
    "add_igos": lambda df, s: add_igos(df, s),
    "add_unga": lambda df, s: add_unga(df, s),
    "add_events": lambda df, s: add_events(df, s),
    "add_influence": _influence,
}


def _row(df: pd.DataFrame, partner: str, year: int) -> pd.Series:
    sub = df[(df["partner_iso3"] == partner) & (df["year"] == year)]
    assert len(sub) == 1
    return sub.iloc[0]


def test_create_frames_tag_their_unit() -> None:
    dy = _dyads()
    assert unit_of(dy) == "directed_dyad_year"
    assert list(dy.columns) == list(DYAD_KEYS)
    assert len(dy) == 4 * 6
    assert set(dy["partner_iso3"]) == {"RUS", "CHN", "USA", "EU27"}
    assert dy.loc[dy["partner_iso3"] == "RUS", "partner_ccode"].iloc[0] == 365
    assert dy.loc[dy["partner_iso3"] == "EU27", "partner_ccode"].isna().all()
    cy = create_country_years(["KAZ", "UZB"], range(2000, 2003))
    assert unit_of(cy) == "country_year" and list(cy.columns) == ["iso3", "ccode", "year"] and len(cy) == 6
    nd = create_dyad_years(["KAZ", "RUS"], ["RUS", "KAZ"], 2010, directed=False)
    assert unit_of(nd) == "dyad_year" and len(nd) == 1
    assert unit_of(pd.DataFrame()) is None


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"years": (2010, 2000)}, InputError),
        ({"years": "20x0"}, InputError),
        ({"countries": ["XXQ"]}, UnknownCountryError),
    ],
)
def test_create_rejects_bad_input(kwargs: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        create_dyad_years(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("step", sorted(STEPS))
def test_every_step_keeps_rows_and_keys(step: str, tiny_store: Path) -> None:
    df = _dyads()
    df.index = pd.RangeIndex(100, 100 + len(df))
    out = STEPS[step](df, tiny_store)
    assert len(out) == len(df)
    assert list(out.columns[: len(DYAD_KEYS)]) == list(DYAD_KEYS)
    pd.testing.assert_frame_equal(out[list(DYAD_KEYS)], df[list(DYAD_KEYS)])
    assert unit_of(out) == "directed_dyad_year"
    assert step in out.attrs["multivector_steps"]


def test_add_balance_keeps_rows_and_keys(tiny_store: Path) -> None:
    cy = create_country_years(["KAZ"], YEARS)
    out = add_balance(cy, tiny_store)
    assert len(out) == len(cy)
    pd.testing.assert_frame_equal(out[["iso3", "ccode", "year"]], cy)
    assert unit_of(out) == "country_year"
    # the 2013 trade figure (0.765247, worked in tests/assessment/test_assess_tiny.py) is carried for its
    # horizon of 3 years (to 2016), then stale: NA, never carried silently
    by_year = out.set_index("year")
    assert by_year.loc[2013, "balance_trade"] == pytest.approx(0.765247, abs=1e-6)
    assert by_year.loc[2016, "figure_year_trade"] == 2013
    assert by_year.loc[2016, "balance_trade"] == pytest.approx(0.765247, abs=1e-6)
    assert str(out["figure_year_trade"].dtype) == "Int64"
    wider = add_balance(create_country_years(["KAZ"], (2013, 2017)), tiny_store).set_index("year")
    assert np.isnan(wider.loc[2017, "balance_trade"]) and wider.loc[2017, "figure_year_trade"] is pd.NA
    assert np.isnan(by_year.loc[2011, "balance_trade"])  # before the first flow
    # the composite of 2013: (trade + alliances 0) / 2
    assert by_year.loc[2013, "composite_balance"] == pytest.approx(0.765247 / 2, abs=1e-6)


def test_trade_shares_and_asymmetry_by_hand(tiny_store: Path) -> None:
    out = add_trade(_dyads(), tiny_store)
    rus = _row(out, "RUS", 2013)
    assert rus["trade_imports"] == 10 and rus["trade_exports"] == 5 and rus["trade_total"] == 15
    assert rus["trade_dependence"] == pytest.approx(15 / 100)
    assert rus["trade_partner_dependence"] == pytest.approx(15 / 500)
    assert rus["trade_asymmetry"] == pytest.approx(0.15 - 0.03)
    eu = _row(out, "EU27", 2013)  # DEU + FRA summed; EU total = DEU + FRA totals
    assert eu["trade_total"] == 10 and eu["trade_partner_total"] == 500
    assert eu["trade_dependence"] == pytest.approx(0.10)
    usa = _row(out, "USA", 2013)  # absent dyad of two existing states inside coverage = 0
    assert usa["trade_total"] == 0 and usa["trade_dependence"] == 0
    # outside coverage (tiny store: 2012-2014): NA, never 0
    for year in (2011, 2015, 2016):
        assert out.loc[out["year"] == year, "trade_total"].isna().all()
        assert out.loc[out["year"] == year, "trade_dependence"].isna().all()


def test_arms_five_year_shares(tiny_store: Path) -> None:
    out = add_arms(_dyads(), tiny_store)
    rus, chn = _row(out, "RUS", 2014), _row(out, "CHN", 2014)
    assert rus["arms_tiv"] == 10 and rus["arms_tiv_5y"] == 50 and rus["arms_tiv_all_5y"] == 60
    assert rus["arms_supplier_share_5y"] == pytest.approx(5 / 6)
    assert chn["arms_supplier_share_5y"] == pytest.approx(1 / 6)
    assert _row(out, "USA", 2014)["arms_tiv"] == 0
    # SIPRI in the tiny store covers 2010-2014: 2011-2013 windows reach before 2010 -> NA; 2015+ NA
    assert np.isnan(_row(out, "RUS", 2013)["arms_tiv_5y"])
    assert _row(out, "RUS", 2013)["arms_tiv"] == 10
    assert out.loc[out["year"] >= 2015, ["arms_tiv", "arms_supplier_share_5y"]].isna().all().all()


def test_alliances_and_igos(tiny_store: Path) -> None:
    out = add_igos(add_alliances(_dyads(), tiny_store), tiny_store)
    assert _row(out, "RUS", 2013)["atop_defense"] == 1
    assert _row(out, "CHN", 2013)["atop_defense"] == 0 and _row(out, "CHN", 2013)["atop_any"] == 0
    eu = _row(out, "EU27", 2013)  # any member
    assert eu["atop_consul"] == 1 and eu["atop_defense"] == 0
    assert out.loc[out["year"] >= 2015, "atop_defense"].isna().all()
    assert out.loc[out["year"] == 2011, "atop_defense"].isna().all()
    assert _row(out, "RUS", 2013)["igo_shared"] == 40  # stored as RUS-KAZ: looked up from both sides
    assert _row(out, "EU27", 2014)["igo_shared"] == 33  # max over members
    assert _row(out, "USA", 2013)["igo_shared"] == 0
    assert out.loc[out["year"] >= 2015, "igo_shared"].isna().all()


def test_unga_alignment_and_eu_mean(tiny_store: Path) -> None:
    out = add_unga(_dyads(), tiny_store)
    rus = _row(out, "RUS", 2013)
    # KAZ 1,1,2 vs RUS 1,1,1: same vote on 2 of 3; positions differ by 0.5 once: S = 1 - 2*0.5/3
    assert rus["unga_same_vote"] == pytest.approx(2 / 3)
    assert rus["unga_s_score"] == pytest.approx(1 - 2 * 0.5 / 3)
    deu, fra = 1 - 2 * (0.0 + 0.0 + 0.5) / 3, 1 - 2 * (1.0 + 0.0 + 0.0) / 3
    deu_s = 1 - 2 * (0.5 + 0.0 + 0.5) / 3
    assert _row(out, "EU27", 2013)["unga_s_score"] == pytest.approx((deu_s + fra) / 2)
    assert deu != deu_s  # (kept honest: the DEU distances are 0.5, 0, 0.5)
    assert out.loc[out["year"] != 2013, "unga_agreement"].isna().all()


def test_events_counts_and_coverage(tiny_store: Path) -> None:
    out = add_events(_dyads(), tiny_store)
    rus = _row(out, "RUS", 2013)
    assert rus["events_total"] == 1 and rus["events_verbal_coop"] == 1 and rus["events_coop_both"] == 2
    chn = _row(out, "CHN", 2013)
    assert chn["events_material_conflict"] == 1 and chn["events_net_cooperation"] == -10
    eu = _row(out, "EU27", 2013)  # the EU itself + DEU
    assert eu["events_coop"] == 2 and eu["events_coop_goldstein_mean"] == pytest.approx(3.0)
    # all KAZ cooperative events with foreign actors: RUS x2, DEU, EU27, TUR = 5
    assert rus["events_coop_share"] == pytest.approx(2 / 5)
    assert _row(out, "USA", 2013)["events_total"] == 0
    assert out.loc[out["year"] != 2013, "events_total"].isna().all()
    assert rus["events_sample_days"] == 1


def test_influence_components_and_weights(tiny_store: Path) -> None:
    df = add_igos(
        add_alliances(
            add_arms(add_unga(add_trade(_dyads(), tiny_store), tiny_store), tiny_store), tiny_store
        ),
        tiny_store,
    )
    out = add_influence(df)
    rus = _row(out, "RUS", 2013)
    assert rus["infl_bw_trade"] == pytest.approx(15 / (15 + 20 + 0 + 10))
    assert rus["infl_dep_trade"] == pytest.approx(0.15)
    assert rus["infl_dep_alliance"] == 1
    # the tiny SIPRI table starts in 2010, so the 5-year window of 2013 is incomplete: the arms components
    # are unmeasured and, on a fixed basis, the row has no index (never a renormalised one)
    assert np.isnan(rus["influence_index"]) and rus["influence_missing"] == "bw_arms, dep_arms"
    renormalised = add_influence(df, missing="renormalise")
    rus = _row(renormalised, "RUS", 2013)
    assert rus["influence_index"] == pytest.approx(rus["influence_bandwidth"] * rus["influence_dependence"])
    shares = renormalised.loc[renormalised["year"] == 2013, "influence_share"]
    assert shares.sum() == pytest.approx(1.0)
    only_trade = add_influence(
        df,
        weights={
            "bw_arms": 0,
            "bw_igos": 0,
            "bw_alliance": 0,
            "bw_unga": 0,
            "dep_arms": 0,
            "dep_alliance": 0,
        },
    )
    r = _row(only_trade, "RUS", 2013)
    assert r["influence_index"] == pytest.approx(15 / 45 * 0.15)
    with pytest.raises(InputError, match="unknown influence weight"):
        add_influence(df, weights={"fdi": 1.0})
    with pytest.raises(InputError, match=">= 0"):
        add_influence(df, weights={"bw_trade": -1.0})
    with pytest.raises(InputError, match="all 0"):
        add_influence(df, weights={"dep_trade": 0, "dep_arms": 0, "dep_alliance": 0})


def test_pipeline_errors_name_the_step(tiny_store: Path) -> None:
    df = _dyads()
    with pytest.raises(PipelineError, match=r"run add_trade\(df\) first"):
        add_influence(df)
    with pytest.raises(PipelineError, match=r"run add_unga\(df\) first"):
        add_influence(add_trade(df, tiny_store))
    with pytest.raises(PipelineError, match=r"create_dyad_years"):
        add_trade(pd.DataFrame({"iso3": ["KAZ"], "year": [2000]}), tiny_store)
    with pytest.raises(PipelineError, match=r"create_country_years"):
        add_balance(df, tiny_store)
    with pytest.raises(PipelineError, match=r"create_dyad_years"):
        add_trade(create_country_years("KAZ", 2000), tiny_store)
    with pytest.raises(PipelineError, match=r"run add_arms\(df\) first"):
        ties_from_panel(add_trade(df, tiny_store), ["trade", "security"])


def test_missing_table_names_the_import(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    with Store(path):
        pass
    with Store(path) as st, pytest.raises(StoreError, match="multivector data import cow_trade"):
        add_trade(_dyads(), st)
    with pytest.raises(StoreError, match="multivector data import"):
        add_trade(_dyads(), tmp_path / "absent.duckdb")
