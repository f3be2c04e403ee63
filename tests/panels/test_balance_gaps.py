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

pytestmark = pytest.mark.realdata


def _flow(df: pd.DataFrame, country: str, partner: str, year: int) -> pd.Series:
    sel = (df["iso3"] == country) & (df["partner_iso3"] == partner) & (df["year"] == year)
    assert sel.sum() == 1
    return df[sel].iloc[0]


def test_unknown_world_total_leaves_power_share_undefined(real_store: Path) -> None:
    aze = balance_over_time("AZE", "trade", (1992, 1994), real_store).set_index("year")
    for year in (1992, 1993):
        row = aze.loc[year]
        assert np.isnan(row["power_share"]) and np.isnan(row["largest_exposure"])  # was 1.0 / 0.69
        assert pd.isna(row["total_basis"]) and "world total unknown" in row["note"]
        # the four powers' flows are all reported: balance and tilt use only them and stay
        assert 0 < row["balance"] < 1 and row["tilt_rus"] + row["tilt_chn"] + row[
            "tilt_west"
        ] == pytest.approx(1)
    assert aze.loc[1994, "total_basis"] == "world"
    assert aze.loc[1994, "power_share"] == pytest.approx(0.286, abs=1e-3)
    for country in ("BLR", "MDA", "EST", "LTU", "LVA"):
        table = balance_over_time(country, "trade", (1992, 1993), real_store)
        assert table["power_share"].isna().all() and table["total_basis"].isna().all(), country
    # Russia's flow is unknown before 1994: Kazakhstan's trade balance starts in 1994
    kaz = balance_over_time("KAZ", "trade", (1992, 1995), real_store)
    assert kaz["year"].tolist() == [1994, 1995]


def test_eu27_flow_is_unknown_when_a_baltic_flow_is(real_store: Path) -> None:
    df = add_trade(create_dyad_years(["RUS", "KAZ", "AZE", "CHN"], ["EU27"], (1992, 1995)), real_store)
    # RUS-EST and RUS-LTU are 0 in COW 1992 (not recorded): the sum over the members is unknown
    assert _flow(df, "RUS", "EU27", 1992)[["trade_imports", "trade_exports", "trade_total"]].isna().all()
    assert np.isnan(_flow(df, "KAZ", "EU27", 1992)["trade_total"])  # KAZ-EST 0 in 1992
    assert _flow(df, "RUS", "EU27", 1993)["trade_total"] == pytest.approx(43147.0)  # all three reported
    assert _flow(df, "RUS", "EU27", 1995)["trade_total"] > 50000
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
    assert events.loc[2025, "evidence"] == 2  # 2 cooperative events with the four powers in the sample
    assert not events.loc[2025, "evidence_ok"]
    assert f"2 events, below the minimum of {minimum}" in events.loc[2025, "note"]
    unga = tkm[tkm["dimension"] == "unga"]
    assert (unga["n_powers_quantified"] == 4).all()
    assert (unga["coverage_ok"] == unga["balance"].notna()).all()
    kaz = balance_over_time("KAZ", "events", (2024, 2025), real_store).set_index("year")
    # 40 and 49 cooperative events in the GDELT sample files: below the minimum of 100
    assert kaz["evidence"].tolist() == [40, 49] and not kaz["evidence_ok"].any()
    uzb = {e.dimension: e for e in assess("UZB", store=real_store).dimensions}
    assert "too_little_evidence" in uzb["events"].flags and not uzb["events"].in_composite
