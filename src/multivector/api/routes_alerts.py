"""``/alerts``: the monitor's alerts as JSON and as an Atom feed, and the monitored series behind them.

Read-only, like every route: the alerts are written by ``multivector monitor run|replay`` into the store.
A store the monitor has not run on has no alert (an empty list, an empty feed), not an error.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from multivector.api.deps import ApiError, DataContext, check_iso3, get_ctx
from multivector.api.schemas import ErrorResponse
from multivector.dimensions import MONITOR_ALERTS, MONITOR_SERIES
from multivector.monitor.alerts import ALERT_STATES, list_alerts
from multivector.monitor.series import SERIES
from multivector.powers import POWERS

__all__ = ["atom_feed", "router"]

router = APIRouter(tags=["alerts"])
_ERRORS: dict[int | str, dict[str, Any]] = {404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}}
ATOM_MEDIA_TYPE = "application/atom+xml"


class EvidenceItem(BaseModel):
    """One event (GDELT) or roll call (UN votes) behind an alert, with its source URL."""

    model_config = ConfigDict(extra="allow")
    url: str = Field(description="the source article or UN document")


class AlertOut(BaseModel):
    """A detected shift in one series of one (country, power) pair."""

    alert_id: str
    iso3: str = Field(description="the country")
    power: str = Field(description="RUS, CHN, USA or EU27")
    freq: str = Field(description="day, week (GDELT events) or session (UN votes)")
    series: str = Field(description="events, coop_share, goldstein, tone or agreement")
    period: str = Field(description="the period whose closing raised the alert")
    change_period: str = Field(description="the period the new regime began in")
    direction: str
    size: float = Field(description="mean since the change minus mean before it, in the series' unit")
    size_sd: float | None = Field(description="the same in standard deviations of the points before")
    probability: float = Field(description="posterior probability of a change within the detector's window")
    n_before: int
    n_after: int
    events: int | None = Field(description="events (or contested roll calls) in the new regime")
    evidence: list[EvidenceItem]
    state: str = Field(description="new or seen")
    created_at: str | None


def _alerts_table(ctx: DataContext) -> bool:
    if not ctx.settings.store_path.exists():
        return False
    rows = ctx.query(
        "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?",
        [MONITOR_ALERTS],
    )
    return bool(rows["n"].iloc[0])


def _query(
    ctx: DataContext,
    since: date | None,
    country: str | None,
    power: str | None,
    state: str | None,
    limit: int,
) -> list[dict[str, Any]]:
    if country is not None:
        country = check_iso3(country.strip().upper(), "country", allow_blocs=True)
    if power is not None and power not in POWERS:
        raise ApiError(422, f"power must be one of {', '.join(POWERS)}, not {power!r}", "power")
    if state is not None and state not in ALERT_STATES:
        raise ApiError(422, f"state must be one of {', '.join(ALERT_STATES)}, not {state!r}", "state")
    if not _alerts_table(ctx):
        return []
    con = ctx.store()._connection()
    return list_alerts(con, since=since, country=country, power=power, state=state, limit=limit)


_SINCE = Query(None, description="only alerts detected on or after this day")
_COUNTRY = Query(None, description="ISO3 code of the country", max_length=4)
_POWER = Query(None, description="RUS, CHN, USA or EU27", max_length=4)
_STATE = Query(None, description="new or seen", max_length=4)
_LIMIT = Query(200, ge=1, le=2000, description="at most this many, newest first")


@router.get("/alerts", response_model=list[AlertOut], responses=_ERRORS, summary="The monitor's alerts")
def alerts(
    since: date | None = _SINCE, country: str | None = _COUNTRY, power: str | None = _POWER,
    state: str | None = _STATE, limit: int = _LIMIT, ctx: DataContext = Depends(get_ctx),
) -> list[dict[str, Any]]:  # fmt: skip
    """Detected shifts, newest first, each with its evidence (events and their source URLs)."""
    return _query(ctx, since, country, power, state, limit)


def _safe_url(url: object) -> str | None:
    text = str(url or "")
    return text if urlsplit(text).scheme in ("http", "https") and urlsplit(text).hostname else None


def _entry(a: dict[str, Any]) -> str:
    sd = f" ({a['size_sd']:+.1f} sd)" if a.get("size_sd") is not None else ""
    title = (
        f"{a['iso3']}-{a['power']}: {a['series']} {a['direction']} {a['size']:+.3g}{sd},"
        f" {a['freq']} of {a['period']}"
    )
    lines = [
        f"{a['iso3']} and {a['power']}: {SERIES.get(a['series'], a['series'])} went {a['direction']} by "
        f"{a['size']:+.3g}{sd} from the {a['freq']} of {a['change_period']}"
        f" (probability {a['probability']:.2f}).",
        *(f"- {e.get('url', '')}" for e in a["evidence"]),
    ]
    links = "".join(
        f'<link rel="related" href={quoteattr(u)}/>' for e in a["evidence"] if (u := _safe_url(e.get("url")))
    )
    updated = a.get("created_at") or f"{a['period']}T00:00:00"
    return (
        f"<entry><id>urn:multivector:alert:{escape(a['alert_id'])}</id><title>{escape(title)}</title>"
        f"<updated>{escape(updated)}Z</updated>{links}"
        f'<summary type="text">{escape(chr(10).join(lines))}</summary></entry>'
    )


def atom_feed(alerts: list[dict[str, Any]], self_url: str) -> str:
    """An Atom 1.0 feed (RFC 4287) of alerts; every text escaped, only http(s) URLs become links."""
    stamps = [str(a.get("created_at")) for a in alerts if a.get("created_at")]
    updated = max(stamps) if stamps else datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")
    head = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<id>urn:multivector:alerts</id><title>multivector: shifts in ties with the powers</title>"
        f'<updated>{escape(updated)}Z</updated><link rel="self" href={quoteattr(self_url)}/>'
        "<author><name>multivector monitor</name></author>"
    )
    return head + "".join(_entry(a) for a in alerts) + "</feed>"


@router.get(
    "/alerts.atom",
    response_class=Response,
    responses={200: {"content": {ATOM_MEDIA_TYPE: {}}}, **_ERRORS},
    summary="The monitor's alerts as an Atom feed",
)
def alerts_atom(
    since: date | None = _SINCE, country: str | None = _COUNTRY, power: str | None = _POWER,
    state: str | None = _STATE, limit: int = _LIMIT, ctx: DataContext = Depends(get_ctx),
) -> Response:  # fmt: skip
    """The same alerts as ``/alerts``, as Atom entries linking their evidence."""
    found = _query(ctx, since, country, power, state, limit)
    return Response(atom_feed(found, "/api/v1/alerts.atom"), media_type=ATOM_MEDIA_TYPE)


class SeriesPoint(BaseModel):
    """One point of a monitored series (GDELT events per day or week; UN agreement per session)."""

    model_config = ConfigDict(extra="allow")
    power: str
    freq: str
    period: str


@router.get(
    "/alerts/series",
    response_model=list[SeriesPoint],
    responses=_ERRORS,
    summary="A country's monitored series",
)
def alert_series(
    country: str = Query(..., description="ISO3 code of the country", max_length=4),
    freq: str = Query("day", description="day, week or session"),
    ctx: DataContext = Depends(get_ctx),
) -> list[dict[str, Any]]:
    """Every point of the country's series with each power at ``freq``, with the detectors' probabilities."""
    code = check_iso3(country.strip().upper(), "country", allow_blocs=True)
    if freq not in ("day", "week", "session"):
        raise ApiError(422, f"freq must be day, week or session, not {freq!r}", "freq")
    if not ctx.settings.store_path.exists():
        return []
    have = ctx.query(
        "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?",
        [MONITOR_SERIES],
    )
    if not have["n"].iloc[0]:
        return []
    frame = ctx.query(
        f"SELECT * FROM {MONITOR_SERIES} WHERE iso3 = ? AND freq = ? ORDER BY period, power", [code, freq]
    )
    frame["period"] = frame["period"].astype(str)
    out: list[dict[str, Any]] = [
        {k: (None if isinstance(v, float) and v != v else v) for k, v in rec.items()}
        for rec in frame.drop(columns=["iso3"]).to_dict("records")
    ]
    return out
