"""``monitor backtest``: how often the detector cries wolf and how fast it sees a real shift.

Synthetic (:mod:`multivector.monitor.calibration`): false alarms per 1,000 points and per series-year (a
daily series has 365 points a year, a weekly one 52, a UN series one) on stationary series (i.i.d. normal,
the calibration's null; AR(1) 0.3 and Student-t(5), to show what dependence and heavy tails do), and the
share of injected shifts of 0.5 to 3 standard deviations detected within 7 points, with the median delay.

UN votes (:mod:`multivector.monitor.unvotes`): every country's agreement with each power per session since
the 47th (1992-93), relative to the median country, run through the detector in session order as the monitor
does. Reported: alarms per series-year over all series, and for each documented shift in
:data:`DOCUMENTED_SHIFTS` (sources in docs/monitor.md) whether the detector alarmed in the session of the
shift or the three after it (:data:`DETECTION_SESSIONS`), and when.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from multivector.errors import StoreError
from multivector.monitor.bank import DetectorBank
from multivector.monitor.bocpd import DetectorConfig
from multivector.monitor.calibration import false_alarm_rate, shift_detection
from multivector.monitor.unvotes import (
    FIRST_SESSION,
    MIN_SCALE,
    MIN_VOTES,
    SESSION_FREQ,
    has_votes,
    load_votes,
    session_alignment,
    session_starts,
)
from multivector.store.db import Store

__all__ = ["DOCUMENTED_SHIFTS", "DocumentedShift", "run_backtest", "synthetic_backtest", "un_backtest"]

POINTS_PER_YEAR = {"day": 365, "week": 52, "session": 1}
#: A documented shift counts as detected by an alarm in its session or the next three: a session runs from
#: September to September, a turn shows in the votes of the session after it, and an alarm needs two points.
DETECTION_SESSIONS = 3


@dataclass(frozen=True)
class DocumentedShift:
    """A shift in a country's ties with a power that the record documents, and the UN session it falls in."""

    iso3: str
    power: str
    session: int
    what: str
    source: str


#: Documented shifts the UN backtest looks for (sessions: the 68th runs from September 2013 to September
#: 2014, and so on). See docs/monitor.md for the sources.
_ACCESSION_2003 = "Act of Accession 2003, OJ L 236, 23.9.2003"
DOCUMENTED_SHIFTS: tuple[DocumentedShift, ...] = (
    DocumentedShift(
        "UKR", "RUS", 59,
        "Orange Revolution: Yushchenko president from January 2005, a westward turn",
        "OSCE/ODIHR, Ukraine Presidential Election 31 October, 21 November and 26 December 2004, Election "
        "Observation Mission Final Report (2005)",
    ),
    DocumentedShift(
        "UKR", "RUS", 68,
        "Crimea annexed by Russia; GA resolution 68/262 on Ukraine's territorial integrity (27 March 2014), "
        "Ukraine for, Russia against",
        "UN document A/RES/68/262",
    ),
    DocumentedShift(
        "UKR", "EU27", 68,
        "Ukraine turns to the EU after 2014 (Association Agreement signed in 2014)",
        "UN document A/RES/68/262; EU-Ukraine Association Agreement, OJ L 161, 29.5.2014",
    ),
    DocumentedShift(
        "GEO", "RUS", 58,
        "Rose Revolution: Saakashvili president from January 2004, a westward turn",
        "OSCE/ODIHR, Georgia Extraordinary Presidential Election 4 January 2004, Election Observation "
        "Mission Report (2004)",
    ),
    DocumentedShift(
        "GEO", "RUS", 62,
        "Georgia's resolutions on the displaced from Abkhazia (from May 2008); war with Russia, August 2008",
        "UN document A/RES/62/249",
    ),
    DocumentedShift("CYP", "EU27", 58, "Cyprus joins the EU on 1 May 2004", _ACCESSION_2003),
    DocumentedShift("MLT", "EU27", 58, "Malta joins the EU on 1 May 2004", _ACCESSION_2003),
    DocumentedShift("POL", "EU27", 58, "Poland joins the EU on 1 May 2004", _ACCESSION_2003),
    DocumentedShift(
        "HRV", "EU27", 67, "Croatia joins the EU on 1 July 2013",
        "Treaty of Accession of Croatia, OJ L 112, 24.4.2012",
    ),
    DocumentedShift(
        "GBR", "EU27", 74, "The United Kingdom leaves the EU on 31 January 2020",
        "Withdrawal Agreement, OJ L 29, 31.1.2020",
    ),
)  # fmt: skip


def synthetic_backtest(config: DetectorConfig | None = None, n_series: int = 400) -> dict[str, Any]:
    """False alarms on stationary series and detection of injected shifts (see the module docstring)."""
    cfg = config or DetectorConfig()
    null_rows = []
    for label, noise, ar in (
        ("iid normal (calibration)", "normal", 0.0),
        ("AR(1) 0.3", "normal", 0.3),
        ("Student-t(5)", "t5", 0.0),
    ):
        rate = false_alarm_rate(cfg, n_series=n_series, length=1000, seed=101, noise=noise, ar=ar)
        null_rows.append(
            {
                "null": label,
                "false_alarms_per_1000_points": round(rate, 3),
                **{f"per_series_year_{f}": round(rate * n / 1000, 4) for f, n in POINTS_PER_YEAR.items()},
            }
        )
    shift_rows = []
    for shift in (0.5, 1.0, 2.0, 3.0):
        d = shift_detection(cfg, shift, within=7, n_series=n_series, seed=202)
        shift_rows.append(
            {
                "shift_sd": shift,
                "detected_within_7": round(d.detected, 3),
                "median_delay": d.median_delay,
                "false_alarm_before": round(d.prior_alarm, 3),
            }
        )
    return {"synthetic_null": null_rows, "synthetic_shifts": shift_rows}


def un_backtest(store: Path, config: DetectorConfig | None = None) -> dict[str, Any]:
    """Run the detector over every country-power UN alignment series (see the module docstring)."""
    cfg = config or DetectorConfig()
    if not store.exists():
        raise StoreError(
            f"there is no store at {store}; import the UN votes first: `multivector data import unga DIR`"
        )
    with Store(store, read_only=True) as st:
        con = st._connection()
        if not has_votes(con):
            raise StoreError("the store holds no UN votes; run `multivector data import unga DIR` first")
        starts = session_starts(con)
        sessions = [s for s in sorted(starts) if FIRST_SESSION <= s < max(starts)]
        points = session_alignment(load_votes(con, sessions))
    points = points[points["n_votes"] >= MIN_VOTES]
    bank = DetectorBank(SESSION_FREQ, cfg)
    alarms: list[dict[str, Any]] = []
    detection_points = 0
    for s in sessions:
        pts = points[points["session"] == s]
        if pts.empty:
            continue
        keys = [("agreement", a, b) for a, b in zip(pts["iso3"], pts["power"], strict=True)]
        rows = bank.ensure(keys, np.full(len(keys), MIN_SCALE))
        res = bank.update(rows, pts["relative"].to_numpy("float64"), starts[s])
        detection_points += int(np.isfinite(res.prob).sum())
        session_of = {d: x for x, d in starts.items()}
        for j in np.flatnonzero(res.alarm):
            change = bank.change_period(int(rows[j]), int(res.run[j]))
            size = float(res.after_mean[j] - res.before_mean[j])
            alarms.append(
                {
                    "iso3": keys[j][1],
                    "power": keys[j][2],
                    "session": s,
                    "change_session": session_of.get(change),
                    "size": size,
                }
            )
    series_years = detection_points  # one point per session, a session a year
    found = []
    for shift in DOCUMENTED_SHIFTS:
        hits = [
            a
            for a in alarms
            if a["iso3"] == shift.iso3
            and a["power"] == shift.power
            and shift.session <= a["session"] <= shift.session + DETECTION_SESSIONS
        ]
        first = hits[0] if hits else None
        found.append(
            {
                "country": shift.iso3,
                "power": shift.power,
                "session": shift.session,
                "event": shift.what,
                "detected": first is not None,
                "alarm_session": first["session"] if first else None,
                "delay_sessions": first["session"] - shift.session if first else None,
                "change_session": first["change_session"] if first else None,
                "size": round(first["size"], 3) if first else None,
                "source": shift.source,
            }
        )
    summary = {
        "series": len(bank),
        "sessions": f"{sessions[0]}-{sessions[-1]}",
        "detection_points": detection_points,
        "alarms": len(alarms),
        "alarms_per_series_year": round(len(alarms) / series_years, 4) if series_years else None,
        "documented_detected": f"{sum(1 for f in found if f['detected'])} of {len(found)}",
    }
    return {"un_votes": [summary], "un_documented_shifts": found}


def run_backtest(
    synthetic: bool = True,
    un_store: Path | None = None,
    n_series: int = 400,
    config: DetectorConfig | None = None,
) -> dict[str, Any]:
    """The synthetic and/or UN backtests, with the detector settings used."""
    cfg = config or DetectorConfig()
    out: dict[str, Any] = {"detector": [dataclasses.asdict(cfg)]}
    if synthetic:
        out.update(synthetic_backtest(cfg, n_series))
    if un_store is not None:
        out.update(un_backtest(un_store, cfg))
    return out
