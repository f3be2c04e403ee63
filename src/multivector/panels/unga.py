"""``add_unga``: UN General Assembly vote alignment of each dyad-year, and (optionally) ideal points.

Source: Voeten, Strezhnev and Bailey, *United Nations General Assembly Voting Data* (table ``unga_votes``,
1946-2024). The measures come from :func:`multivector.alignment.dyad_alignment` per calendar year, computed
over every country's votes (unanimity is judged over all voters). Columns added:

* ``unga_agreement`` (Voeten: 1 - |v1 - v2|/2 over non-unanimous votes), ``unga_coincidence`` (US State
  Department), ``unga_s_score`` (Signorino and Ritter 1999), ``unga_kappa`` (Cohen's kappa, Hage 2011),
  ``unga_scott_pi``, ``unga_same_vote`` (share of joint roll calls with the identical vote), ``unga_n_votes``
  (joint roll calls);
* with ``ideal_points=True``: ``unga_ideal_point``, ``unga_partner_ideal_point`` (one-dimensional ideal
  points, :func:`multivector.alignment.idealpoints.ideal_points`, higher = closer to the US-led pole) and
  ``unga_ideal_distance`` = |difference|. The yearly (``"static"``) fits put each year on its own scale:
  compare distances within a year. This takes about a minute for 30 years, hence off by default.

Missing versus zero: years outside 1946-2024 are NA; so is a dyad-year in which the two sides share no
recorded vote (a measure with nothing to base it on is NA, never 0). EU27: the mean over the member states
that voted in the year (the EU does not vote in the General Assembly); ``unga_n_votes`` is the largest
member count.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from multivector.alignment import MEASURES, dyad_alignment
from multivector.panels.frames import check_frame, finish, in_years, lookup, opened
from multivector.powers import EU27, EU27_MEMBERS
from multivector.store.db import Store

__all__ = ["UNGA_COLUMNS", "add_unga"]

UNGA_COLUMNS: tuple[str, ...] = (*(f"unga_{m}" for m in MEASURES), "unga_n_votes")
IDEAL_COLUMNS: tuple[str, ...] = ("unga_ideal_point", "unga_partner_ideal_point", "unga_ideal_distance")


def _ideal(df: pd.DataFrame, votes: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    from multivector.alignment.estimators import ideal_points

    est = ideal_points(votes, years=years, method="static")[["iso3", "year", "ideal_point"]]
    est = est.astype({"iso3": "string"})
    eu = est[est["iso3"].isin(EU27_MEMBERS)].groupby("year", as_index=False)["ideal_point"].mean()
    eu["iso3"] = EU27
    est = pd.concat([est, eu], ignore_index=True).astype({"iso3": "string"})
    est["year"] = est["year"].astype("int64")
    table = est.set_index(["iso3", "year"])["ideal_point"]
    y = df["year"].astype("int64")
    own = table.reindex(pd.MultiIndex.from_arrays([df["iso3"].astype("string"), y])).to_numpy("float64")
    other = table.reindex(pd.MultiIndex.from_arrays([df["partner_iso3"].astype("string"), y]))
    other_v = other.to_numpy("float64")
    return pd.DataFrame(
        {
            "unga_ideal_point": own,
            "unga_partner_ideal_point": other_v,
            "unga_ideal_distance": np.abs(own - other_v),
        },
        index=df.index,
    )


def add_unga(
    df: pd.DataFrame, store: Store | str | Path | None = None, ideal_points: bool = False
) -> pd.DataFrame:
    """Add UNGA vote alignment (:data:`UNGA_COLUMNS`; with ``ideal_points`` also the ideal-point columns)
    to a dyad-year frame. Keeps rows and keys; see the module docstring."""
    check_frame(df, "add_unga")
    years = sorted({int(y) for y in df["year"]})
    with opened(store) as st:
        st.table("unga_votes")
        first, last = (int(v) for v in st.query_df("SELECT min(year), max(year) FROM unga_votes").iloc[0])
        wanted = [y for y in years if first <= y <= last]
        votes = st.query_df(
            "SELECT vote_id, iso3, year, vote_code FROM unga_votes WHERE year BETWEEN ? AND ?",
            [min(wanted, default=0), max(wanted, default=0)],
        )
    votes = votes[votes["year"].isin(wanted)]
    countries = sorted(set(df["iso3"].dropna()))
    partners = set(df["partner_iso3"].dropna())
    members = sorted((partners - {EU27}) | (set(EU27_MEMBERS) if EU27 in partners else set()))
    cols = [*MEASURES, "n_votes"]
    if len(votes):
        al = dyad_alignment(votes, countries=countries, partners=members, by="year")
        al = al.rename(columns={"partner": "partner_iso3"})
        mean = lookup(df, al, list(MEASURES), agg="mean")
        n = lookup(df, al, ["n_votes"], agg="max")
        got = pd.concat([mean, n], axis=1)
    else:
        got = pd.DataFrame(np.nan, index=df.index, columns=cols)
    covered = in_years(df["year"], first, last).to_numpy()
    values = pd.DataFrame(index=df.index)
    for c in cols:
        values[f"unga_{c}"] = np.where(covered, got[c].to_numpy("float64"), np.nan)
    values["unga_n_votes"] = values["unga_n_votes"].round().astype("Int64")
    if ideal_points:
        if len(votes):
            ideal = _ideal(df, votes, wanted)
        else:
            ideal = pd.DataFrame(np.nan, index=df.index, columns=list(IDEAL_COLUMNS))
        for c in IDEAL_COLUMNS:
            values[c] = np.where(covered, ideal[c].to_numpy("float64"), np.nan)
    return finish(df, values, "add_unga", (first, last))
