"""UN General Assembly vote alignment of every country with each power, per session: a monitored series.

``agreement`` is Voeten's agreement score (:func:`multivector.alignment.dyad_alignment`: the mean of
1 - |v1 - v2| / 2 over the non-unanimous roll calls both countries voted on, yes = 1, abstain = 2, no = 3);
the EU27 value is the mean over the member states (the EU does not vote), as in ``panels.unga``. The
detector watches ``relative`` = agreement - the median agreement of all countries with that power in the
session: the agenda of a session moves every country's agreement with a power together (in the 58th
session every country's agreement with the USA fell), and that is not a change in one country's ties. A
point counts with at least the ``unga`` dimension's evidence minimum of joint non-unanimous roll calls
(:data:`multivector.dimensions.DIMENSIONS`). A session is closed once a later session is in the store, so a
session still under way is never scored. The series starts with the 47th session (1992-93), the first after
the Soviet Union's successor states joined.

Evidence for a shift: the roll calls of the sessions since the change on which the two sides voted most
apart (a fall) or together on a contested vote (a rise), each with the resolution's UN document URL (or,
where the data give no resolution symbol, from the 75th session on, the data set's URL, the roll call named
by its ``rcid`` and date).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from multivector.alignment import dyad_alignment
from multivector.dimensions import DIMENSIONS, UNGA, UNGA_ROLLCALLS, UNGA_VOTES
from multivector.monitor import tables
from multivector.monitor.alerts import alarm_record, insert_alerts, now
from multivector.monitor.bank import DetectorBank
from multivector.monitor.bocpd import DetectorConfig
from multivector.monitor.tables import write_series
from multivector.powers import EU27, EU27_MEMBERS, POWERS
from multivector.store.files import first_row

__all__ = [
    "FIRST_SESSION",
    "MIN_VOTES",
    "SESSION_FREQ",
    "VOTE_SERIES",
    "document_url",
    "session_alignment",
    "session_starts",
    "sync_votes",
    "vote_evidence",
]

SESSION_FREQ = "session"
VOTE_SERIES = "agreement"
FIRST_SESSION = 47
#: Joint non-unanimous roll calls a point needs (the unga dimension's evidence minimum).
MIN_VOTES: int = DIMENSIONS[UNGA].evidence.minimum
#: The smallest standard deviation of an agreement series' prior.
MIN_SCALE = 0.02
_SINGLE = tuple(p for p in POWERS if p != EU27)
_UNRES = re.compile(r"^(?:A/)?R(?:ES)?/(\d+)/(\d+)(?:\s*\w)?$")


#: Where the roll calls come from (Voeten, Strezhnev and Bailey, Harvard Dataverse): the evidence link of a
#: roll call whose resolution symbol the data do not give (from the 75th session on).
VOTES_DATASET_URL = "https://dataverse.harvard.edu/dataset.xhtml?persistentId=hdl:1902.1/12379"


def document_url(unres: str | None) -> str:
    """The UN document of a resolution (``R/68/262`` -> https://undocs.org/A/RES/68/262); without a symbol,
    the vote data set (the evidence item then names the roll call by ``rcid`` and date)."""
    m = _UNRES.match((unres or "").strip())
    if m is not None:
        return f"https://undocs.org/A/RES/{m.group(1)}/{m.group(2)}"
    return VOTES_DATASET_URL


def session_alignment(votes: pd.DataFrame) -> pd.DataFrame:
    """``iso3, power, session, agreement, n_votes, agreement_median, relative`` for every country and power
    in ``votes`` (columns vote_id, iso3, session, vote_code); EU27 = mean over the members that voted
    (n_votes: the largest); the median over the points with enough votes."""
    if votes.empty:
        return pd.DataFrame(
            columns=["iso3", "power", "session", "agreement", "n_votes", "agreement_median", "relative"]
        )
    partners = [*_SINGLE, *sorted(EU27_MEMBERS)]
    al = dyad_alignment(votes, partners=partners, by="session", measures=("agreement",))
    al = al.rename(columns={"n_nonunanimous": "n"})
    single = al[al["partner"].isin(_SINGLE)].rename(columns={"partner": "power"})
    eu = al[al["partner"].isin(EU27_MEMBERS)]
    eu = eu.groupby(["iso3", "session"], as_index=False).agg(agreement=("agreement", "mean"), n=("n", "max"))
    eu["power"] = EU27
    out = pd.concat([single[["iso3", "power", "session", "agreement", "n"]], eu], ignore_index=True)
    out = out.rename(columns={"n": "n_votes"})
    out = out[out["iso3"] != out["power"]].dropna(subset=["agreement"])
    out["iso3"] = out["iso3"].astype(str)
    order = {p: i for i, p in enumerate(POWERS)}
    out["_o"] = out["power"].map(order)
    out = out.sort_values(["session", "iso3", "_o"]).drop(columns="_o").reset_index(drop=True)
    out["session"] = out["session"].astype("int64")
    out["n_votes"] = out["n_votes"].astype("int64")
    enough = out["n_votes"] >= MIN_VOTES
    median = out[enough].groupby(["power", "session"])["agreement"].median().rename("agreement_median")
    out = out.merge(median.reset_index(), on=["power", "session"], how="left")
    out["relative"] = out["agreement"] - out["agreement_median"]
    return out


def has_votes(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the store holds the UN vote tables."""
    rows = first_row(
        con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main'"
            " AND table_name IN (?, ?)",
            [UNGA_VOTES, UNGA_ROLLCALLS],
        ).fetchall()
    )
    return bool(rows and rows[0] == 2)


def session_starts(con: duckdb.DuckDBPyConnection) -> dict[int, date]:
    """The date of each session's first roll call (a session's point is dated by it)."""
    rows = con.execute(
        f"SELECT session, min(date) FROM {UNGA_ROLLCALLS} WHERE session IS NOT NULL GROUP BY 1"
    ).fetchall()
    return {int(s): (d.date() if hasattr(d, "date") else d) for s, d in rows}


def load_votes(con: duckdb.DuckDBPyConnection, sessions: Sequence[int]) -> pd.DataFrame:
    """The votes (vote_id, iso3, session, vote_code) of the given sessions."""
    if not sessions:
        return pd.DataFrame(columns=["vote_id", "iso3", "session", "vote_code"])
    marks = ", ".join("?" * len(sessions))
    return con.execute(
        f"SELECT vote_id, iso3, session, vote_code FROM {UNGA_VOTES} WHERE session IN ({marks})"
        " AND iso3 IS NOT NULL",
        [int(s) for s in sessions],
    ).df()


def vote_evidence(
    con: duckdb.DuckDBPyConnection, iso3: str, power: str, sessions: Sequence[int], direction: str, cap: int
) -> tuple[list[dict[str, Any]], int]:
    """Roll calls of ``sessions`` showing the shift: (the first ``cap``, how many contested roll calls)."""
    codes = sorted(EU27_MEMBERS) if power == EU27 else [power]
    s_marks, c_marks = ", ".join("?" * len(sessions)), ", ".join("?" * len(codes))
    frame = con.execute(
        f"""SELECT r.rcid, r.date, r.unres, r.descr, r.importantvote, r.n_yes, r.n_no, r.n_abstain,
                   c.vote_code AS own,
                   avg(CASE p.vote_code WHEN 1 THEN 1.0 WHEN 2 THEN 0.5 ELSE 0.0 END) AS other
            FROM {UNGA_VOTES} c
            JOIN {UNGA_VOTES} p ON p.vote_id = c.vote_id
            JOIN {UNGA_ROLLCALLS} r ON r.vote_id = c.vote_id
            WHERE c.iso3 = ? AND c.session IN ({s_marks}) AND c.vote_code IN (1, 2, 3)
              AND p.iso3 IN ({c_marks}) AND p.vote_code IN (1, 2, 3)
            GROUP BY ALL""",
        [iso3, *[int(s) for s in sessions], *codes],
    ).df()
    if frame.empty:
        return [], 0
    own = frame["own"].map({1: 1.0, 2: 0.5, 3: 0.0}).to_numpy("float64")
    frame["gap"] = np.abs(own - frame["other"].to_numpy("float64"))
    contested = frame[(frame["n_no"].fillna(0) + frame["n_abstain"].fillna(0)) > 0]
    ascending = direction != "down"
    ranked = contested.sort_values(["gap", "importantvote", "rcid"], ascending=[ascending, False, True])
    items = []
    for rec in ranked.head(cap).to_dict("records"):
        items.append(
            {
                "rcid": int(rec["rcid"]),
                "date": pd.Timestamp(rec["date"]).date().isoformat(),
                "resolution": rec["unres"],
                "title": rec["descr"],
                "important": bool(rec["importantvote"]),
                "vote": {1: "yes", 2: "abstain", 3: "no"}.get(int(rec["own"])),
                "power_position": round(float(rec["other"]), 3),
                "gap": round(float(rec["gap"]), 3),
                "url": document_url(rec["unres"]),
            }
        )
    return items, len(contested)


def sync_votes(con: duckdb.DuckDBPyConnection, detector: DetectorConfig, cap: int, trigger: str) -> list[str]:
    """Close every UN session not yet closed (a later one is stored): its points go to ``monitor_series``
    (freq ``session``), its detectors are updated, alerts stored. Returns the ids of the alerts added.
    The caller holds the transaction."""
    if not has_votes(con):
        return []
    starts = session_starts(con)
    if not starts:
        return []
    latest = max(starts)
    closed = tables.closed_through(con, SESSION_FREQ)
    pending = [
        s for s in sorted(starts) if FIRST_SESSION <= s < latest and (closed is None or starts[s] > closed)
    ]
    if not pending:
        return []
    points = session_alignment(load_votes(con, pending))
    bank = DetectorBank.load(con, SESSION_FREQ, detector)
    added: list[str] = []
    for s in pending:
        pts = points[points["session"] == s].reset_index(drop=True)
        period = starts[s]
        pts["enough"] = pts["n_votes"] >= MIN_VOTES
        pts[f"p_{VOTE_SERIES}"] = np.nan
        feed = pts["enough"].to_numpy()
        records: list[dict[str, Any]] = []
        if feed.any():
            keys = [
                (VOTE_SERIES, a, b)
                for a, b in zip(pts.loc[feed, "iso3"], pts.loc[feed, "power"], strict=True)
            ]
            rows = bank.ensure(keys, np.full(len(keys), MIN_SCALE))
            res = bank.update(rows, pts.loc[feed, "relative"].to_numpy("float64"), period)
            pts.loc[feed, f"p_{VOTE_SERIES}"] = res.prob
            for j in np.flatnonzero(res.alarm):
                _series, iso3, power = keys[j]
                change = bank.change_period(int(rows[j]), int(res.run[j]))
                rec = alarm_record(
                    iso3, power, SESSION_FREQ, VOTE_SERIES, period, change, res, int(j), MIN_SCALE
                )
                sessions = sorted(x for x, d in starts.items() if change <= d <= period) or [s]
                items, total = vote_evidence(con, iso3, power, sessions, rec["direction"], cap)
                rec.update(evidence=json.dumps(items), events=total, detected_by=trigger, created_at=now())
                records.append(rec)
        rows_out = pts.assign(freq=SESSION_FREQ, period=period, revised=False)
        write_series(con, rows_out)
        added += insert_alerts(con, records)
        tables.set_closed_through(con, SESSION_FREQ, period)
    bank.save(con)
    return added
