"""The tiny hand-made store shared by the panel and assessment tests: every value in it is small enough to
compute the expected answers by hand (see each test's comments)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from _helpers import tiny_result
from multivector.provenance import LoadResult
from multivector.store.db import Store


def _trade() -> dict[str, LoadResult]:
    flows = [  # (iso3, partner, year, imports, exports): the country's imports from / exports to partner
        ("KAZ", "RUS", 2013, 10.0, 5.0),
        ("KAZ", "CHN", 2013, 20.0, 0.0),
        ("KAZ", "DEU", 2013, 3.0, 2.0),
        ("KAZ", "FRA", 2013, 1.0, 4.0),
    ]
    rows = []
    for c, p, y, imp, exp in flows:
        rows.append((c, p, y, imp, exp))
        rows.append((p, c, y, exp, imp))
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


def _atop() -> pd.DataFrame:
    rows = []
    for y in (2012, 2013, 2014):
        for a, b in (("KAZ", "RUS"), ("RUS", "KAZ")):
            rows.append((a, b, y, 1, 0, 0, 1, 1))
        for a, b in (("KAZ", "DEU"), ("DEU", "KAZ")):
            rows.append((a, b, y, 0, 0, 0, 0, 1))
    cols = ["iso3", "partner_iso3", "year", "defense", "offense", "neutral", "nonagg", "consul"]
    return pd.DataFrame(rows, columns=cols)


def _igo() -> pd.DataFrame:
    rows = [("RUS", "KAZ", y, 40) for y in (2012, 2013, 2014)]
    rows += [("DEU", "KAZ", y, 30) for y in (2012, 2013, 2014)] + [("FRA", "KAZ", 2014, 33)]
    return pd.DataFrame(rows, columns=["iso3", "partner_iso3", "year", "dyadigos"])


def _sipri() -> pd.DataFrame:
    rows = [("RUS", "KAZ", y, 10.0) for y in range(2010, 2015)] + [("CHN", "KAZ", 2014, 10.0)]
    return pd.DataFrame(rows, columns=["supplier_iso3", "recipient_iso3", "year", "tiv"])


def _unga() -> pd.DataFrame:
    votes = {  # roll call -> votes (1 yes, 2 abstain, 3 no)
        "r1": {"KAZ": 1, "RUS": 1, "CHN": 1, "USA": 3, "DEU": 2, "FRA": 3},
        "r2": {"KAZ": 1, "RUS": 1, "CHN": 3, "USA": 3, "DEU": 1, "FRA": 1},
        "r3": {"KAZ": 2, "RUS": 1, "CHN": 2, "USA": 1, "DEU": 1, "FRA": 2},
    }
    rows = [(v, c, 2013, code) for v, d in votes.items() for c, code in d.items()]
    return pd.DataFrame(rows, columns=["vote_id", "iso3", "year", "vote_code"])


def _gdelt() -> pd.DataFrame:
    rows = [  # actor1, actor2, quad_class, goldstein
        ("KAZ", "RUS", 1, 3.0),
        ("RUS", "KAZ", 2, 5.0),
        ("KAZ", "CHN", 4, -10.0),
        ("KAZ", "DEU", 1, 2.0),
        ("KAZ", "EU27", 1, 4.0),
        ("KAZ", "TUR", 1, 1.0),
    ]
    day = pd.Timestamp("2013-04-01")
    return pd.DataFrame(
        {
            "globaleventid": range(1, len(rows) + 1),
            "sqldate": day,
            "year": 2013,
            "month": 4,
            "actor1_iso3": [r[0] for r in rows],
            "actor2_iso3": [r[1] for r in rows],
            "is_root_event": True,
            "quad_class": [r[2] for r in rows],
            "goldstein": [r[3] for r in rows],
            "num_mentions": 1,
            "dateadded": day,
        }
    )


def build_tiny_store(path: Path) -> Path:
    """A store of hand-made tables: trade 2012-2014 (flows 2013), ATOP/IGO 2012-2014, SIPRI 2010-2014, UNGA
    2013 (three roll calls), GDELT one day of 2013."""
    with Store(path) as st:
        st.import_result("cow_trade", _trade())
        st.import_result("atop", {"atop": tiny_result(_atop(), "atop")})
        st.import_result("igo", {"igo": tiny_result(_igo(), "igo")})
        st.import_result("sipri", {"sipri_tiv": tiny_result(_sipri(), "sipri")})
        st.import_result("unga", {"unga_votes": tiny_result(_unga(), "unga")})
        st.import_result("gdelt", {"gdelt_events": tiny_result(_gdelt(), "gdelt")})
    return path
