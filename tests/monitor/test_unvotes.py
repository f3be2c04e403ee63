"""UN votes as a monitored series: synthetic roll calls with a known realignment, and the real record."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from multivector.dimensions import MONITOR_SERIES, UNGA_ROLLCALLS, UNGA_VOTES
from multivector.monitor.alerts import list_alerts
from multivector.monitor.backtest import un_backtest
from multivector.monitor.engine import Monitor
from multivector.monitor.unvotes import document_url, session_alignment
from multivector.store import Store

EAST, WEST = ["RUS", "CHN", "KAZ", "BLR"], ["USA", "DEU", "FRA", "POL"]
OTHERS = ["BRA", "IND", "ZAF", "MEX", "IDN", "NGA", "EGY", "ARG"]


def _votes(flip_session: int, sessions: range, seed: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """40 contested roll calls a session: the East votes one way, the West the other, the rest at random;
    from ``flip_session`` on Kazakhstan votes with the West."""
    rng = np.random.default_rng(seed)
    votes, rolls = [], []
    for s in sessions:
        for k in range(40):
            vid = f"{s}-{k}"
            east = int(rng.choice([1, 3]))
            west = 4 - east
            rolls.append(
                {"vote_id": vid, "rcid": s * 100 + k, "date": pd.Timestamp(1945 + s, 10, 1 + k % 20),
                 "session": s, "unres": f"R/{s}/{k + 1}", "descr": f"Resolution {s}/{k + 1}",
                 "importantvote": int(k % 10 == 0), "n_yes": 50, "n_no": 40, "n_abstain": 10}
            )  # fmt: skip
            for c in EAST + WEST + OTHERS:
                if c in EAST:
                    v = west if (c == "KAZ" and s >= flip_session) else east
                elif c in WEST:
                    v = west
                else:
                    v = int(rng.choice([1, 2, 3]))
                if rng.random() < 0.08:  # a few abstentions everywhere
                    v = 2
                votes.append({"vote_id": vid, "iso3": c, "session": s, "vote_code": v})
    return pd.DataFrame(votes), pd.DataFrame(rolls)


def _store_with_votes(path: Path, votes: pd.DataFrame, rolls: pd.DataFrame) -> None:
    with Store(path) as st:
        con = st._connection()
        con.register("v", votes)
        con.register("r", rolls)
        con.execute(f"CREATE TABLE {UNGA_VOTES} AS SELECT * FROM v")
        con.execute(f"CREATE TABLE {UNGA_ROLLCALLS} AS SELECT * FROM r")


def test_session_alignment_relative_to_the_median_country() -> None:
    votes, _rolls = _votes(flip_session=99, sessions=range(47, 49))
    pts = session_alignment(votes)
    kaz = pts[(pts.iso3 == "KAZ") & (pts.power == "RUS")]
    # KAZ always votes with RUS but for 8% random abstentions on each side: agreement about
    # 1 - 0.5 * 2 * 0.08 * 0.92 = 0.93, well above the median country (about 0.5)
    assert (kaz.agreement > 0.85).all() and (kaz.relative > 0.2).all()
    eu = pts[(pts.iso3 == "KAZ") & (pts.power == "EU27")]
    assert len(eu) == 2  # the EU27 from its members in the data (DEU, FRA, POL)
    row = pts[(pts.power == "RUS") & (pts.session == 47)]
    assert row.relative.median() == pytest.approx(0.0, abs=1e-12)


def test_a_realignment_raises_one_alert_with_the_roll_calls(tmp_path: Path) -> None:
    votes, rolls = _votes(flip_session=57, sessions=range(47, 61))
    path = tmp_path / "s.duckdb"
    _store_with_votes(path, votes, rolls)
    with Store(path) as st:
        mon = Monitor(st)
        ids = mon.sync_votes()
        assert mon.sync_votes() == []  # nothing new the second time
        alerts = list_alerts(st._connection(), country="KAZ")
        kaz_rus = [a for a in alerts if a["power"] == "RUS"]
        assert ids and len(kaz_rus) == 1
        a = kaz_rus[0]
        assert (a["freq"], a["series"], a["direction"]) == ("session", "agreement", "down")
        assert a["change_period"] == "2002-10-01"  # the 57th session's first roll call
        assert a["evidence"] and all(e["url"].startswith("https://undocs.org/A/RES/") for e in a["evidence"])
        assert a["evidence"][0]["gap"] == 1.0  # a yes against a no
        n = st.query_df(f"SELECT count(DISTINCT period) AS n FROM {MONITOR_SERIES} WHERE freq = 'session'").n[
            0
        ]
        assert n == 13  # sessions 47-59 closed; the 60th is the latest, still open


def test_document_url() -> None:
    assert document_url("R/68/262") == "https://undocs.org/A/RES/68/262"
    assert document_url(None).startswith("https://dataverse.harvard.edu/")


@pytest.mark.realdata
@pytest.mark.slow
def test_un_backtest_on_the_real_record(real_store: Path) -> None:
    got = un_backtest(real_store)
    summary = got["un_votes"][0]
    assert summary["sessions"].startswith("47-") and summary["series"] > 500
    assert 0 < summary["alarms_per_series_year"] < 0.1
    # Ukraine's agreement with Russia, relative to the median country, fell from about -0.01 (sessions
    # 55-60) to about -0.11 (61-63): found in the 62nd session, a change placed in the 61st
    ukr = next(d for d in got["un_documented_shifts"] if d["country"] == "UKR" and d["session"] == 59)
    assert ukr["detected"] and ukr["change_session"] == 61 and ukr["size"] < -0.05
