"""The monitored series: GDELT events between every country and each power, per day and per week.

One Ibis expression (:func:`event_points`), so the same computation runs on DuckDB (every file, in the
monitor) and on PySpark (a full-history backfill); ``tests/monitor/test_spark_series.py`` checks they agree.

Definitions, per (country, power, period):

- **Events** are GDELT events between the country and the power in either direction (Actor1 and Actor2
  ``*_iso3``; the power EU27 is the EU itself, GDELT KnownGroupCode ``EEC``, or any member state), dated
  by the day GDELT *added* them (``dateadded``: the day the news appeared, which is what an online monitor
  sees; SQLDATE can reach a year back). GDELT 1.0 backfile rows (no publication time) are left out.
- **De-duplicated**: events with the same two actors (ISO3, in order), CAMEO event code, day and source
  URL count once (GDELT often codes one article several times): the first coded of them (lowest
  GLOBALEVENTID) stands for all, with its QuadClass, Goldstein score and tone. An event without a URL
  counts on its own. Sums are exact (Goldstein in tenths, tone as a decimal of 10 places), so a point does
  not depend on the order in which a parallel engine adds its rows.
- ``events``: de-duplicated events; ``coop_events``: those with QuadClass 1-2 (verbal and material
  cooperation); ``coop_share`` = coop_events / events; ``goldstein_mean`` = mean Goldstein (1992) score;
  ``tone_mean`` = mean AvgTone; ``sources``: distinct source web sites (host of the URL without ``www``).
- A week is Monday to Sunday (ISO); a week's counts sum its days, its ``sources`` are distinct over the week.
- ``minutes``: the news time the period's imported files cover (a GDELT 2.0 file 15, a 1.0 daily file
  1,440), so ``events_per_day`` = events x 1,440 / minutes compares partly covered periods.

Minimum evidence (:class:`MinimumEvidence`): a point's means and shares count only with at least
``min_events`` de-duplicated events from at least ``min_sources`` distinct sites; below that they are
stored but not used for detection (audits find that only a minority of raw GDELT rows are the coded event,
so a mean over a handful of rows is noise). The events count is used only for periods whose imported files
cover at least ``min_coverage`` of their time (live GDELT 2.0 covers every day fully; a sample of a few
15-minute files per day does not).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir
import numpy as np
import pandas as pd

from multivector.errors import InputError
from multivector.powers import EU27, EU27_MEMBERS, POWERS

__all__ = [
    "FREQS",
    "PERIOD_MINUTES",
    "POINT_COLUMNS",
    "SERIES",
    "MinimumEvidence",
    "detector_input",
    "event_points",
    "period_of",
]

#: Period lengths of the event series.
FREQS: tuple[str, ...] = ("day", "week")
#: Minutes of news time in a period.
PERIOD_MINUTES: dict[str, int] = {"day": 1440, "week": 7 * 1440}
#: The series the detector watches per (country, power, period), and what each is in.
SERIES: dict[str, str] = {
    "events": "log(1 + events per day of covered news time)",
    "coop_share": "share of cooperative events (QuadClass 1-2)",
    "goldstein": "mean Goldstein score (-10 conflict .. +10 cooperation)",
    "tone": "mean AvgTone of the source articles",
}
#: The smallest standard deviation a series' prior may have (its own scale: shares 0-1, Goldstein -10..10).
MIN_SCALE: dict[str, float] = {"events": 0.05, "coop_share": 0.02, "goldstein": 0.1, "tone": 0.1}
#: Columns of :func:`event_points` (``goldstein_tenths``: the Goldstein sum x 10, an exact integer;
#: ``tone_sum`` an exact decimal); :func:`finish_points` turns them into ``goldstein_sum`` and floats.
POINT_COLUMNS: tuple[str, ...] = (
    "iso3",
    "power",
    "period",
    "events",
    "coop_events",
    "goldstein_tenths",
    "tone_sum",
    "sources",
)

_URL_HOST = r"^[A-Za-z][A-Za-z0-9+.-]*://(?:www[0-9]?\.)?([^/:?#]+)"
_SINGLE = ("RUS", "CHN", "USA")


@dataclass(frozen=True)
class MinimumEvidence:
    """The least evidence a point needs before its means and shares are used (see the module docstring)."""

    min_events: int = 10
    min_sources: int = 3
    min_coverage: float = 0.5

    def __post_init__(self) -> None:
        if self.min_events < 1 or self.min_sources < 1:
            raise InputError("min_events and min_sources must be at least 1")
        if not 0 < self.min_coverage <= 1:
            raise InputError("min_coverage must be in (0, 1]")

    def covered(self, minutes: float, freq: str) -> bool:
        """True when the imported files cover at least ``min_coverage`` of the period's time (the events
        count needs it: a count over an hour of news is not comparable with one over a day)."""
        return minutes >= self.min_coverage * PERIOD_MINUTES[freq]


def period_of(day: date | datetime, freq: str) -> date:
    """The first day of the period of ``freq`` (``day`` or ``week``: its Monday) that holds ``day``."""
    d = day.date() if isinstance(day, datetime) else day
    if freq == "day":
        return d
    if freq == "week":
        return date.fromordinal(d.toordinal() - d.weekday())
    raise InputError(f"freq must be one of {', '.join(FREQS)}, not {freq!r}")


def _power_of(code: ir.StringValue) -> ir.StringValue:
    members = sorted(EU27_MEMBERS)
    return ibis.cases((code.isin(list(_SINGLE)), code), (code.isin([EU27, *members]), EU27), else_=None)


def event_points(
    table: ir.Table,
    freq: str = "day",
    start: datetime | None = None,
    end: datetime | None = None,
    countries: Sequence[str] | None = None,
) -> ir.Table:
    """Per (country, power, period): events, coop_events, goldstein_tenths, tone_sum, sources.

    ``table`` has the ``gdelt_events`` schema (any Ibis backend). ``start``/``end`` keep events added in
    [start, end); ``countries`` keeps those countries. Periods, pairs or countries without an event have no
    row. See the module docstring for the definitions.
    """
    if freq not in FREQS:
        raise InputError(f"freq must be one of {', '.join(FREQS)}, not {freq!r}")
    t = table.filter(
        table.actor1_iso3.notnull(),
        table.actor2_iso3.notnull(),
        table.actor1_iso3 != table.actor2_iso3,
        table.source_format != "v1_hist",
    )
    if start is not None:
        t = t.filter(t.dateadded >= ibis.literal(start, type="timestamp"))
    if end is not None:
        t = t.filter(t.dateadded < ibis.literal(end, type="timestamp"))
    power_codes = [*_SINGLE, EU27, *sorted(EU27_MEMBERS)]
    t = t.filter(t.actor1_iso3.isin(power_codes) | t.actor2_iso3.isin(power_codes))
    url = t.source_url.nullif("")
    t = t.mutate(
        day=t.dateadded.date(),
        _url=url.fill_null(ibis.literal("event:") + t.globaleventid.cast("string")),
        _site=url.re_extract(_URL_HOST, 1).lower().nullif(""),
    )
    # the first-coded event (lowest GLOBALEVENTID) stands for its duplicates; Goldstein in tenths and tone
    # as a decimal, so that every sum is exact and no result depends on the order rows are summed in
    t = t.mutate(_g10=(t.goldstein * 10).round().cast("int64"), _tone=t.avg_tone.cast(dt.Decimal(38, 10)))
    dedup = t.group_by(["day", "actor1_iso3", "actor2_iso3", "event_code", "_url"]).aggregate(
        quad=t.quad_class.argmin(t.globaleventid),
        g10=t._g10.argmin(t.globaleventid),
        tone=t._tone.argmin(t.globaleventid),
        site=t._site.max(),
    )
    sides = []
    for own, other in (("actor1_iso3", "actor2_iso3"), ("actor2_iso3", "actor1_iso3")):
        sides.append(
            dedup.select("day", "quad", "g10", "tone", "site", iso3=dedup[own], power=_power_of(dedup[other]))
        )
    long = sides[0].union(sides[1], distinct=False)
    long = long.filter(long.power.notnull(), long.iso3 != long.power)
    if countries is not None:
        long = long.filter(long.iso3.isin([str(c) for c in countries]))
    period = long.day if freq == "day" else long.day.truncate("W").cast("date")
    long = long.mutate(period=period)
    zero = ibis.literal(0, type="int64")
    return long.group_by(["iso3", "power", "period"]).aggregate(
        events=long.count(),
        coop_events=ibis.ifelse(long.quad <= 2, ibis.literal(1, type="int64"), zero).sum(),
        goldstein_tenths=long.g10.sum(),
        tone_sum=long.tone.sum(),
        sources=long.site.nunique(),
    )


def finish_points(points: pd.DataFrame, minutes: dict[date, float], freq: str) -> pd.DataFrame:
    """Typed points with the derived columns: coop_share, goldstein_mean, tone_mean, minutes,
    events_per_day; sorted by period, country, power (the order the detector sees them)."""
    out = points.loc[:, list(POINT_COLUMNS)].copy()
    out["iso3"] = out["iso3"].astype(str)
    out["power"] = out["power"].astype(str)
    out["period"] = pd.to_datetime(out["period"]).dt.date
    for col in ("events", "coop_events", "sources"):
        out[col] = out[col].fillna(0).astype("int64")
    out["goldstein_sum"] = out.pop("goldstein_tenths").astype("float64") / 10.0
    out["tone_sum"] = out["tone_sum"].astype("float64")
    n = out["events"].to_numpy("float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        out["coop_share"] = np.where(n > 0, out["coop_events"] / n, np.nan)
        out["goldstein_mean"] = np.where(n > 0, out["goldstein_sum"] / n, np.nan)
        out["tone_mean"] = np.where(n > 0, out["tone_sum"] / n, np.nan)
    out["minutes"] = out["period"].map(minutes).astype("float64")
    out["events_per_day"] = out["events"] * 1440.0 / out["minutes"]
    out["freq"] = freq
    order = {p: i for i, p in enumerate(POWERS)}
    out["_o"] = out["power"].map(order)
    out = out.sort_values(["period", "iso3", "_o"]).drop(columns="_o").reset_index(drop=True)
    return out


def detector_input(points: pd.DataFrame, series: str) -> np.ndarray:
    """The value the detector of ``series`` sees for each point (see :data:`SERIES`)."""
    if series == "events":
        return np.log1p(points["events_per_day"].to_numpy("float64"))
    column = {"coop_share": "coop_share", "goldstein": "goldstein_mean", "tone": "tone_mean"}[series]
    return points[column].to_numpy("float64")
