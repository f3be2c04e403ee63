"""Event measures (Ibis on DuckDB) on the fixture events, checked by hand."""

from __future__ import annotations

from pathlib import Path

import duckdb
import ibis
import ibis.expr.types as ir
import pytest

from multivector.errors import InputError
from multivector.query import dyad_event_measures, power_shares_of_cooperation
from multivector.sources import gdelt

# ibis 12 calls DuckDB 2.0's deprecated fetch_arrow_table()
pytestmark = pytest.mark.filterwarnings("ignore:fetch_arrow_table\\(\\) is deprecated:DeprecationWarning")

GOOD = Path(__file__).parents[1] / "fixtures" / "gdelt" / "good"


@pytest.fixture(scope="module")
def events() -> ir.Table:
    con = duckdb.connect()
    gdelt.import_into(con, GOOD)
    return ibis.duckdb.from_connection(con).table("gdelt_events")


def test_dyad_month(events: ir.Table) -> None:
    m = dyad_event_measures(events, period="month").execute().set_index(["source", "target", "year", "month"])
    row = m.loc[("RUS", "KAZ", 2024, 10)]  # event 9002: code 106, -5.0, QuadClass 3
    assert row.total_events == 1 and row.n_verbal_conflict == 1 and row.conflict_goldstein_sum == -5.0
    assert row.net_coop_share == -1.0 and row.goldstein_mean == -5.0
    eu = m.loc[("KAZ", "EU27", 2013, 3)]
    assert eu.n_verbal_coop == 1 and eu.coop_goldstein_mean == 8.0
    assert ("KAZ", "KAZ", 2013, 4) not in m.index


def test_year_weighted_and_root_only(events: ir.Table) -> None:
    y = dyad_event_measures(events, period="year", weight="mentions", countries=["KAZ"]).execute()
    kr = y[(y.source == "KAZ") & (y.target == "RUS") & (y.year == 2024)].iloc[0]
    assert kr.total_events == 2 and kr.coop_goldstein_sum == 8.0  # mentions 2 x Goldstein 4.0
    root = dyad_event_measures(events, period="year", root_only=True).execute()
    assert not ((root.source == "CHN") & (root.target == "USA")).any()  # 9004 is not a root event
    assert set(y.source) | set(y.target) >= {"KAZ"}


def test_power_shares(events: ir.Table) -> None:
    s = power_shares_of_cooperation(events, "KAZ", period="year").execute()
    s24 = s[s.year == 2024].set_index("partner")
    # 2024 cooperative events with KAZ: 9001 RUS, 9003 EU27, 9101 CHN, 9102 USA
    assert s24.total_coop_events.unique().tolist() == [4]
    assert s24.share.to_dict() == {"RUS": 0.25, "CHN": 0.25, "USA": 0.25, "EU27": 0.25}
    out = power_shares_of_cooperation(events, "KAZ", direction="out").execute()
    assert out[out.year == 2024].set_index("partner").coop_events.to_dict()["USA"] == 0


def test_bad_arguments(events: ir.Table) -> None:
    with pytest.raises(InputError):
        dyad_event_measures(events, period="week")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        dyad_event_measures(events, weight="tone")  # type: ignore[arg-type]
