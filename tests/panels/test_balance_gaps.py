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

from multivector.panels import add_trade, create_country_years, create_dyad_years
from multivector.panels import balance as pb
from multivector.panels.balance import BALANCE_COLUMNS, EVENTS_MIN_COOP, balance_over_time, compare

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


def test_compare_before_a_dimension_starts(real_store: Path) -> None:
    table = compare(year=2010, store=real_store)
    assert table["balance"].notna().all()
    assert table["dimensions_used"].str.contains("trade").all()
    assert not table["dimensions_used"].str.contains("events").any()
    assert table["note"].str.contains("events: no data up to 2010").all()
    early = compare(year=1993, store=real_store)  # no arms 5-year total yet, no events
    assert early["note"].str.contains("events: no data up to 1993").all()
    assert list(table.columns) == list(early.columns)


@pytest.mark.slow
def test_compare_noncomparable_only_says_so(real_store: Path) -> None:
    table = compare(dimensions=["unga"], store=real_store)
    assert table["balance"].isna().all() and (table["coverage"] == 0).all()
    assert table["balance_unga"].notna().all()
    assert table["note"].str.contains("only non-comparable dimensions requested").all()
    combined = compare(dimensions=["unga"], store=real_store, include_noncomparable=True)
    assert combined["balance"].tolist() == pytest.approx(combined["balance_unga"].tolist())
    assert (combined["note"] == "").all()


@pytest.mark.slow
def test_flag_columns_and_thin_event_years(real_store: Path) -> None:
    assert {"n_powers_quantified", "coverage_ok", "note"} <= set(BALANCE_COLUMNS)
    assert EVENTS_MIN_COOP == 10
    tkm = balance_over_time("TKM", ["events", "unga"], (2016, 2025), real_store)
    assert list(tkm.columns) == list(BALANCE_COLUMNS)
    events = tkm[tkm["dimension"] == "events"].set_index("year")
    assert not events.loc[2025, "coverage_ok"]  # 2 cooperative events with the four powers
    assert "fewer than 10 cooperative events" in events.loc[2025, "note"]
    unga = tkm[tkm["dimension"] == "unga"]
    assert (unga["n_powers_quantified"] == 4).all()
    assert (unga["coverage_ok"] == unga["balance"].notna()).all()
    kaz = balance_over_time("KAZ", "events", (2024, 2025), real_store)
    assert kaz["coverage_ok"].all()  # 40 and 49 events
    ranked = compare(["TKM", "UZB"], store=real_store).set_index("country")
    assert "events" not in ranked.loc["TKM", "dimensions_used"]  # 5 events in 2024, 2 in 2025
    assert "events=2024" in ranked.loc["UZB", "as_of"]  # 2025: 7 events; falls back to 2024 (13)


def test_add_balance_mean_leaves_out_uncovered_rows(real_store: Path) -> None:
    frame = create_country_years(["TKM", "KAZ"], (2025, 2025))
    got = pb.add_balance(frame, real_store, dimensions=["events"]).set_index("iso3")
    assert got.loc["TKM", "balance_events"] >= 0  # reported ...
    assert (
        np.isnan(got.loc["TKM", "balance_mean"]) and got.loc["TKM", "balance_dimensions"] == 0
    )  # ... not used
    assert got.loc["KAZ", "balance_dimensions"] == 1
