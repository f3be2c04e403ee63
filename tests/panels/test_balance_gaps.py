"""Gaps inside a source's coverage must not change what a balance row measures (review of panels/balance.py).

Regressions, each on the real data:

* a NaN world total (COW's 1992-93 totals of the former Soviet republics) switched the trade balance to the
  "listed partners" basis: AZE 1992-93 power_share 1.0 (0.29 in 1994), BLR/MDA/EST/LTU likewise;
* the EU27 flow summed the Baltic members' flows with min_count=1, so RUS-EU27 1992 included RUS-LVA but
  silently left out the unknown RUS-EST and RUS-LTU;
* ``compare(year=2010)`` raised "weights name an unknown dimension 'events'" (GDELT starts in 2013), and
  ``compare(dimensions=["unga"])`` returned a NaN composite without saying why;
* ``balance_over_time`` had no ``n_powers_quantified`` / ``coverage_ok``, and an events year resting on two
  events (TKM 2025) entered the composite.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from multivector import dimensions as vocab
from multivector.assessment import assess
from multivector.panels import add_trade, create_dyad_years
from multivector.panels.balance import BALANCE_COLUMNS, balance_over_time
from multivector.powers import EU27_MEMBERS
from multivector.store import Store

pytestmark = pytest.mark.realdata

#: COW state codes (trade/cow_states_2016.csv.gz) of the countries below and of the 27 EU members.
COW = {"USA": 2, "RUS": 365, "EST": 366, "LVA": 367, "LTU": 368, "AZE": 373, "KAZ": 705, "CHN": 710}
COW_EU27 = (205, 210, 211, 212, 220, 230, 235, 255, 290, 305, 310, 316, 317, 325, 338, 344, 349, 350, 352)
COW_EU27 += (355, 360, 366, 367, 368, 375, 380, 390)


@pytest.fixture(scope="module")
def cow_dyadic(shared_data: Path) -> pd.DataFrame:
    """COW Trade v4's dyadic file as published (one row per undirected dyad and year; flow1 = imports of
    ccode1 from ccode2, flow2 = imports of ccode2 from ccode1, million USD), 1992-1995."""
    df = pd.read_csv(shared_data / "trade" / "cow_trade_v4_dyadic_1870_2014.csv.gz")
    return df[df["year"].between(1992, 1995)]


def _raw_trade(dyadic: pd.DataFrame, country: str, partners: tuple[int, ...], year: int) -> pd.Series:
    """flow1 + flow2 of ``country`` with each partner code in ``year`` (NaN where COW has no figure)."""
    code = COW[country]
    rows = dyadic[(dyadic["year"] == year) & ((dyadic["ccode1"] == code) | (dyadic["ccode2"] == code))]
    other = rows["ccode2"].where(rows["ccode1"] == code, rows["ccode1"])
    rows = rows[other.isin(partners)]
    assert len(rows) == len(set(partners) - {code}), "one row per dyad"
    return (rows["flow1"] + rows["flow2"]).set_axis(other[other.isin(partners)])


def _flow(df: pd.DataFrame, country: str, partner: str, year: int) -> pd.Series:
    sel = (df["iso3"] == country) & (df["partner_iso3"] == partner) & (df["year"] == year)
    assert sel.sum() == 1
    return df[sel].iloc[0]


def test_unknown_world_total_leaves_power_share_undefined(
    real_store: Path, shared_data: Path, cow_dyadic: pd.DataFrame
) -> None:
    aze = balance_over_time("AZE", "trade", (1992, 1994), real_store).set_index("year")
    for year in (1992, 1993):
        row = aze.loc[year]
        assert np.isnan(row["power_share"]) and np.isnan(row["largest_exposure"])
        assert pd.isna(row["total_basis"]) and "world total unknown" in row["note"]
        # the four powers' flows are all reported: balance and tilt use only them and stay
        assert 0 < row["balance"] < 1 and row["tilt_rus"] + row["tilt_chn"] + row[
            "tilt_west"
        ] == pytest.approx(1)
    assert aze.loc[1994, "total_basis"] == "world"
    # from the published files: AZE's 1994 trade with RUS, CHN, USA and the 27 EU members (flow1 + flow2,
    # 405 million USD: RUS 259, EU members 129, USA 10, CHN 7) over its world imports + exports (national
    # file: 777.9 + 637.5 = 1,415.3): 0.286
    national = pd.read_csv(shared_data / "trade" / "cow_trade_v4_national_1870_2014.csv.gz")
    world = national[(national["ccode"] == COW["AZE"]) & (national["year"] == 1994)]
    powers = (COW["RUS"], COW["CHN"], COW["USA"], *COW_EU27)
    expected = (
        _raw_trade(cow_dyadic, "AZE", powers, 1994).sum() / (world["imports"] + world["exports"]).item()
    )
    assert expected == pytest.approx(0.286, abs=1e-3)
    assert aze.loc[1994, "power_share"] == pytest.approx(expected, rel=1e-9)
    for country in ("BLR", "MDA", "EST", "LTU", "LVA"):
        table = balance_over_time(country, "trade", (1992, 1993), real_store)
        assert table["power_share"].isna().all() and table["total_basis"].isna().all(), country
    # Russia's flow is unknown before 1994: Kazakhstan's trade balance starts in 1994
    kaz = balance_over_time("KAZ", "trade", (1992, 1995), real_store)
    assert kaz["year"].tolist() == [1994, 1995]


def test_eu27_flow_is_unknown_when_a_baltic_flow_is(real_store: Path, cow_dyadic: pd.DataFrame) -> None:
    df = add_trade(create_dyad_years(["RUS", "KAZ", "AZE", "CHN"], ["EU27"], (1992, 1995)), real_store)
    # RUS-EST and RUS-LTU are 0 in COW 1992 (not recorded; RUS-LVA is 427): the sum over the members is
    # unknown
    baltic = (COW["EST"], COW["LVA"], COW["LTU"])
    assert _raw_trade(cow_dyadic, "RUS", baltic, 1992).to_dict() == {366: 0.0, 367: 427.0, 368: 0.0}
    assert _flow(df, "RUS", "EU27", 1992)[["trade_imports", "trade_exports", "trade_total"]].isna().all()
    assert _raw_trade(cow_dyadic, "KAZ", (COW["EST"],), 1992).tolist() == [0.0]
    assert np.isnan(_flow(df, "KAZ", "EU27", 1992)["trade_total"])
    # 1993 and 1995: every member's flow with Russia is reported (none 0 among the Baltic states), and the
    # EU27 flow is their sum: 43,147 and 62,159 million USD
    for year, total in ((1993, 43147.0), (1995, 62159.0)):
        members = _raw_trade(cow_dyadic, "RUS", COW_EU27, year)
        assert members.notna().all() and (members[list(baltic)] > 0).all()
        assert members.sum() == total
        assert _flow(df, "RUS", "EU27", year)["trade_total"] == pytest.approx(total)
    assert _flow(df, "AZE", "EU27", 1992)["trade_total"] > 0  # AZE's Baltic flows are reported
    assert _flow(df, "CHN", "EU27", 1992)["trade_total"] > 0  # not a former Soviet republic


def test_assessment_before_a_dimension_starts(real_store: Path) -> None:
    """GDELT starts in 2013 and SIPRI's 5-year windows in 1954: an assessment of 2010 has no events figure
    and says so (``no_data``), one of 1993 no security figure for a state of 1991."""
    a = {e.dimension: e for e in assess("UZB", 2010, store=real_store, casebook=False).dimensions}
    assert a["events"].flags == ["no_data"] and a["trade"].year == 2010
    early = {e.dimension: e for e in assess("UZB", 1993, store=real_store, casebook=False).dimensions}
    assert early["security"].flags == ["no_data"]


def test_flag_columns_and_thin_event_years(real_store: Path) -> None:
    assert {"n_powers_quantified", "coverage_ok", "evidence", "evidence_ok", "note"} <= set(BALANCE_COLUMNS)
    minimum = vocab.DIMENSIONS["events"].evidence.minimum
    tkm = balance_over_time("TKM", ["events", "unga"], (2016, 2025), real_store)
    assert list(tkm.columns) == list(BALANCE_COLUMNS)
    events = tkm[tkm["dimension"] == "events"].set_index("year")
    coop = _cooperative_events(real_store)
    assert coop[("TKM", 2025)] == 2  # 2 cooperative events with the four powers in the sample
    assert events.loc[2025, "evidence"] == coop[("TKM", 2025)]
    assert not events.loc[2025, "evidence_ok"]
    assert f"2 events, below the minimum of {minimum}" in events.loc[2025, "note"]
    unga = tkm[tkm["dimension"] == "unga"]
    assert (unga["n_powers_quantified"] == 4).all()
    assert (unga["coverage_ok"] == unga["balance"].notna()).all()
    kaz = balance_over_time("KAZ", "events", (2024, 2025), real_store).set_index("year")
    # 40 (17 KAZ -> power, 23 power -> KAZ) and 49 (34 + 15) cooperative events in the GDELT sample
    # files: below the minimum of 100
    assert (coop[("KAZ", 2024)], coop[("KAZ", 2025)]) == (40, 49)
    assert kaz["evidence"].tolist() == [40, 49] and not kaz["evidence_ok"].any()
    uzb = {e.dimension: e for e in assess("UZB", store=real_store).dimensions}
    assert "too_little_evidence" in uzb["events"].flags and not uzb["events"].in_composite


def _cooperative_events(store: Path) -> dict[tuple[str, int], int]:
    """Cooperative events (QuadClass 1 verbal or 2 material cooperation) between each country and the four
    powers (the EU itself or a member state counting as EU27), either direction, by the year GDELT added
    them, counted here from the raw ``gdelt_events`` rows."""
    powers = ", ".join(repr(p) for p in ("RUS", "CHN", "USA", "EU27", *sorted(EU27_MEMBERS)))
    sql = (
        "SELECT iso3, year(dateadded) AS year, count(*) AS n FROM ("
        " SELECT actor1_iso3 AS iso3, dateadded FROM gdelt_events"
        f" WHERE quad_class IN (1, 2) AND actor2_iso3 IN ({powers}) AND actor1_iso3 <> actor2_iso3"
        " UNION ALL"
        " SELECT actor2_iso3 AS iso3, dateadded FROM gdelt_events"
        f" WHERE quad_class IN (1, 2) AND actor1_iso3 IN ({powers}) AND actor1_iso3 <> actor2_iso3"
        ") WHERE iso3 IN ('KAZ', 'TKM') GROUP BY 1, 2"
    )
    with Store(store, read_only=True) as st:
        counts = st.query_df(sql)
    return {(r.iso3, int(r.year)): int(r.n) for r in counts.itertuples(index=False)}
