"""``add_events``: GDELT event counts and Goldstein measures per directed dyad-year.

Source: GDELT event files in the store (table ``gdelt_events``), measured by
:func:`multivector.query.events.dyad_event_measures` (QuadClass counts, Goldstein 1992 sums and means, net
cooperation). The store holds a *sample of days*, not GDELT's full record, so:

* events are dated by the day GDELT added them (``dateadded``, the sampled day), not by SQLDATE (a daily
  file also carries stories about earlier dates);
* a year is *covered* when the store holds at least one sampled day of that year; ``events_sample_days``
  says how many (counts are only comparable between years with the same number of days: use the shares
  and means across years, not the counts);
* inside a covered year a dyad with no event has 0 events (and NA means); outside, every column is NA.

Columns (events with the country as Actor1 and the partner as Actor2, unless "both"):
``events_total, events_verbal_coop, events_material_coop, events_verbal_conflict,
events_material_conflict, events_coop, events_conflict, events_coop_goldstein_sum,
events_conflict_goldstein_sum, events_coop_goldstein_mean, events_conflict_goldstein_mean,
events_goldstein_mean, events_net_cooperation, events_net_coop_share``; ``events_coop_both`` (cooperative
events in either direction) and ``events_coop_share`` = events_coop_both / all the country's cooperative
events with identified foreign actors (either direction, ``events_coop_all``): the partner's share of the
country's cooperation.
EU27: events with the EU itself (GDELT KnownGroupCode EEC) plus events with its member states, summed;
means are recomputed from the summed parts.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from multivector.dimensions import GDELT_EVENTS
from multivector.panels.frames import check_frame, expand_partners, finish, opened
from multivector.powers import EU27
from multivector.store.db import Store

__all__ = ["EVENT_COLUMNS", "add_events"]

_SUMS = {
    "total_events": "events_total",
    "n_verbal_coop": "events_verbal_coop",
    "n_material_coop": "events_material_coop",
    "n_verbal_conflict": "events_verbal_conflict",
    "n_material_conflict": "events_material_conflict",
    "n_coop": "events_coop",
    "n_conflict": "events_conflict",
    "coop_goldstein_sum": "events_coop_goldstein_sum",
    "conflict_goldstein_sum": "events_conflict_goldstein_sum",
    "net_cooperation": "events_net_cooperation",
}
EVENT_COLUMNS: tuple[str, ...] = (
    *_SUMS.values(),
    "events_coop_goldstein_mean",
    "events_conflict_goldstein_mean",
    "events_goldstein_mean",
    "events_net_coop_share",
    "events_coop_both",
    "events_coop_all",
    "events_coop_share",
    "events_sample_days",
)


def _div(a: np.ndarray | pd.Series, b: np.ndarray | pd.Series) -> np.ndarray:
    a, b = np.asarray(a, dtype="float64"), np.asarray(b, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(b > 0, a / np.where(b > 0, b, 1.0), np.nan)


def add_events(df: pd.DataFrame, store: Store | str | Path | None = None) -> pd.DataFrame:
    """Add the GDELT event columns (:data:`EVENT_COLUMNS`) to a dyad-year frame. Keeps rows and keys."""
    check_frame(df, "add_events")
    from multivector.query.events import dyad_event_measures  # Ibis: imported only when events are asked for

    countries = sorted(set(df["iso3"].dropna()))
    with opened(store) as st:
        t = st.table(GDELT_EVENTS)
        days = st.query_df(
            "SELECT year(dateadded) AS year, count(DISTINCT CAST(dateadded AS DATE)) AS days"
            " FROM gdelt_events GROUP BY 1"
        )
        t = t.mutate(year=t.dateadded.year(), month=t.dateadded.month())
        m = dyad_event_measures(t, period="year", countries=countries).execute()
    m = m.astype({"source": "string", "target": "string"})
    m["year"] = m["year"].astype("int64")
    code_of: dict[str, str] = {}
    for p, codes in expand_partners(df["partner_iso3"].dropna().unique()).items():
        for c in codes:
            code_of.setdefault(c, p)
        if p == EU27:
            code_of[EU27] = EU27
    out = m[m["source"].isin(countries)].copy()
    out["partner_iso3"] = out["target"].map(code_of)
    out = out.dropna(subset=["partner_iso3"]).rename(columns={"source": "iso3"})
    out = out.groupby(["iso3", "partner_iso3", "year"], as_index=False)[list(_SUMS)].sum()
    # cooperative events either way, and the country's total with every foreign actor
    rev = m[m["target"].isin(countries)].rename(columns={"target": "iso3"})
    rev["partner_iso3"] = rev["source"].map(code_of)
    both = (
        pd.concat(
            [
                out[["iso3", "partner_iso3", "year", "n_coop"]],
                rev.dropna(subset=["partner_iso3"])[["iso3", "partner_iso3", "year", "n_coop"]],
            ]
        )
        .groupby(["iso3", "partner_iso3", "year"], as_index=False)["n_coop"]
        .sum()
    )
    allc = (
        pd.concat(
            [
                m[m["source"].isin(countries)].rename(columns={"source": "iso3"})[["iso3", "year", "n_coop"]],
                rev[["iso3", "year", "n_coop"]],
            ]
        )
        .groupby(["iso3", "year"])["n_coop"]
        .sum()
    )
    key = df[["iso3", "partner_iso3", "year"]].astype({"iso3": "string", "partner_iso3": "string"})
    key = key.astype({"year": "int64"}).reset_index(drop=True)
    got = key.merge(out, on=["iso3", "partner_iso3", "year"], how="left")
    got = got.merge(
        both.rename(columns={"n_coop": "coop_both"}), on=["iso3", "partner_iso3", "year"], how="left"
    )
    total_coop = allc.reindex(pd.MultiIndex.from_frame(key[["iso3", "year"]])).to_numpy("float64")
    day_map = dict(zip(days["year"].astype("int64"), days["days"].astype("int64"), strict=True))
    ndays = key["year"].map(day_map).to_numpy("float64")
    covered = ~np.isnan(ndays)
    values = pd.DataFrame(index=df.index)
    for src, col in _SUMS.items():
        values[col] = np.where(covered, got[src].fillna(0.0).to_numpy("float64"), np.nan)
    values["events_coop_goldstein_mean"] = _div(values["events_coop_goldstein_sum"], values["events_coop"])
    values["events_conflict_goldstein_mean"] = _div(
        values["events_conflict_goldstein_sum"], values["events_conflict"]
    )
    values["events_goldstein_mean"] = _div(values["events_net_cooperation"], values["events_total"])
    values["events_net_coop_share"] = _div(
        values["events_coop"] - values["events_conflict"], values["events_total"]
    )
    coop_both = np.where(covered, got["coop_both"].fillna(0.0).to_numpy("float64"), np.nan)
    values["events_coop_both"] = coop_both
    all_coop = np.where(covered, np.nan_to_num(total_coop), np.nan)
    values["events_coop_all"] = all_coop
    values["events_coop_share"] = _div(coop_both, all_coop)
    values["events_sample_days"] = pd.array(np.where(covered, ndays, np.nan), dtype="Float64").astype("Int64")
    return finish(df, values, "add_events", sorted(day_map))
