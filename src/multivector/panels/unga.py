"""``add_unga``: UN General Assembly vote alignment of each dyad-year, and (optionally) ideal points.

Sources: Voeten, Strezhnev and Bailey, *United Nations General Assembly Voting Data* (table ``unga_votes``,
1946 to 4 June 2024), extended by the UN Digital Library votes of 2025 (table ``unga_undl_votes``, 3DL
scrape): :func:`load_votes` joins them into one vote series. The extension only *extends*: its roll calls
dated on or before the last vote of ``unga_votes`` are left out (the main file is not revised by it).
The measures come from :func:`multivector.alignment.dyad_alignment` per calendar year, computed over every
country's votes (unanimity is judged over all voters). Columns added:

* ``unga_agreement`` (Voeten: 1 - |v1 - v2|/2 over non-unanimous votes), ``unga_coincidence`` (the US State
  Department's pre-2018 "votes only" rule, every year), ``unga_s_score`` (Signorino and Ritter 1999),
  ``unga_kappa`` (Cohen's kappa, Hage 2011), ``unga_scott_pi``, ``unga_same_vote`` (share of joint roll
  calls with the identical vote), ``unga_state_dept`` (State's coincidence with the formula of each year:
  votes only to 2017, abstentions half from 2018, absences half from 2022; see
  :mod:`multivector.alignment.agreement`), ``unga_n_votes`` (joint roll calls);
* ``unga_participation`` and ``unga_partner_participation``: the share of the year's recorded roll calls on
  which the country (the partner; EU27: the mean over its members) cast yes, no or abstain;
* ``unga_low_participation``: either side cast fewer than :data:`LOW_PARTICIPATION` (half) of the year's
  roll calls. Then every measure is NA: it would describe a minority of the year's agenda, chosen by
  absence (arrears under Article 19 of the Charter, boycotts) or by an incomplete record (Turkey 2023 in
  these files: 9 of 88 roll calls). The threshold is a round number in a sparse tail: since 1992 the
  median country casts 97% of the year's votes and only 5% of country-years fall below one half. For the
  EU27 a member below the threshold is left out of the member mean;
* ``unga_coverage``: the share of the calendar year the vote sources cover (``unga_votes`` from 1 January of
  its first year to its last vote; the 3DL scrape whole calendar years), and ``unga_partial_year`` =
  coverage < 1. 2024 is covered to 4 June only (0.43; June-December 2024 is in no source here): its
  measures rest on the roll calls of January-June and are flagged, never mixed silently with full years.
* with ``ideal_points=True``: ``unga_ideal_point``, ``unga_partner_ideal_point`` (one-dimensional ideal
  points, :func:`multivector.alignment.idealpoints.ideal_points`, higher = closer to the US-led pole) and
  ``unga_ideal_distance`` = |difference|. The yearly (``"static"``) fits put each year on its own scale:
  compare distances within a year. This takes about a minute for 30 years, hence off by default.

Missing versus zero: years the sources do not cover (coverage 0) are NA; so is a dyad-year in which the
two sides share no recorded vote (a measure with nothing to base it on is NA, never 0). EU27: the mean
over the member states that voted in the year (the EU does not vote in the General Assembly);
``unga_n_votes`` is the largest member count.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from multivector.alignment import MEASURES, dyad_alignment
from multivector.panels.frames import check_frame, finish, lookup, opened
from multivector.panels.unga_votes import LOW_PARTICIPATION, load_votes, participation, year_coverage
from multivector.powers import EU27, EU27_MEMBERS
from multivector.store.db import Store
from multivector.store.memo import memoized

__all__ = ["LOW_PARTICIPATION", "UNGA_COLUMNS", "add_unga", "load_votes", "participation", "year_coverage"]

UNGA_COLUMNS: tuple[str, ...] = (
    *(f"unga_{m}" for m in MEASURES),
    "unga_n_votes",
    "unga_participation",
    "unga_partner_participation",
    "unga_low_participation",
    "unga_coverage",
    "unga_partial_year",
)
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


def _participation_of(df: pd.DataFrame, part: pd.Series, column: str) -> np.ndarray:
    """Participation of ``df[column]`` in each row's year (EU27: the mean over the members with a row that
    year); a country without a row in a year that has roll calls cast none of them (0); NA in a year
    without roll calls."""
    years = df["year"].astype("int64")
    voting_years = set(part.index.get_level_values(1))
    eu = part[part.index.get_level_values(0).isin(EU27_MEMBERS)].groupby(level=1).mean()
    eu.index = pd.MultiIndex.from_arrays([[EU27] * len(eu), eu.index])
    both = pd.concat([part, eu])
    key = pd.MultiIndex.from_arrays([df[column].astype("string"), years])
    got = both.reindex(key).to_numpy(dtype="float64")
    has_votes = years.isin(voting_years).to_numpy()
    return np.where(np.isnan(got) & has_votes, 0.0, got)


def _alignment_all(
    st: Store, years: list[int], members: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(the alignment of every country with ``members`` in ``years``, each country-year's participation,
    the number of votes read) from the store's votes."""
    votes = load_votes(st, years)
    part = participation(votes).rename("participation").to_frame()
    n = pd.DataFrame({"n": [len(votes)]})
    if not len(votes):
        return pd.DataFrame(columns=["iso3", "partner_iso3", "year", *MEASURES, "n_votes"]), part, n
    al = dyad_alignment(votes, countries=None, partners=members, by="year")
    return al.rename(columns={"partner": "partner_iso3"}), part, n


def add_unga(
    df: pd.DataFrame, store: Store | str | Path | None = None, ideal_points: bool = False
) -> pd.DataFrame:
    """Add UNGA vote alignment (:data:`UNGA_COLUMNS`; with ``ideal_points`` also the ideal-point columns)
    to a dyad-year frame. Keeps rows and keys; see the module docstring."""
    check_frame(df, "add_unga")
    years = sorted({int(y) for y in df["year"]})
    countries = sorted(set(df["iso3"].dropna()))
    partners = set(df["partner_iso3"].dropna())
    members = sorted((partners - {EU27}) | (set(EU27_MEMBERS) if EU27 in partners else set()))
    cols = [*MEASURES, "n_votes"]
    with opened(store) as st:
        coverage = year_coverage(st)
        wanted = [y for y in years if coverage.get(y, 0.0) > 0]
        # every country's alignment with these partners, once per store (memoised): the vote matrices of a
        # year hold every country anyway, so one panel of many countries costs what a panel of one does
        key = ("unga_alignment", tuple(wanted), tuple(members))
        al, part_frame, n_votes = memoized(st, key, lambda: _alignment_all(st, wanted, members))
        votes = load_votes(st, wanted) if ideal_points else pd.DataFrame()
    part = part_frame["participation"]
    if n_votes["n"].iloc[0] > 0:
        al = al[al["iso3"].isin(countries)]
        p_own = part.reindex(pd.MultiIndex.from_arrays([al["iso3"], al["year"]])).to_numpy(dtype="float64")
        p_other = part.reindex(pd.MultiIndex.from_arrays([al["partner_iso3"], al["year"]]))
        low = (p_own < LOW_PARTICIPATION) | (p_other.to_numpy(dtype="float64") < LOW_PARTICIPATION)
        al.loc[low, list(MEASURES)] = np.nan  # a member below the threshold leaves the EU27 mean too
        mean = lookup(df, al, list(MEASURES), agg="mean")
        n = lookup(df, al, ["n_votes"], agg="max")
        got = pd.concat([mean, n], axis=1)
    else:
        got = pd.DataFrame(np.nan, index=df.index, columns=cols)
    share = df["year"].astype("int64").map(coverage).fillna(0.0).to_numpy(dtype="float64")
    covered = share > 0
    values = pd.DataFrame(index=df.index)
    own = _participation_of(df, part, "iso3")
    other = _participation_of(df, part, "partner_iso3")
    low_row = covered & ((own < LOW_PARTICIPATION) | (other < LOW_PARTICIPATION))
    for c in cols:
        values[f"unga_{c}"] = np.where(
            covered & ~(low_row & (c != "n_votes")), got[c].to_numpy("float64"), np.nan
        )
    values["unga_n_votes"] = values["unga_n_votes"].round().astype("Int64")
    values["unga_participation"] = np.where(covered, own, np.nan)
    values["unga_partner_participation"] = np.where(covered, other, np.nan)
    values["unga_low_participation"] = pd.Series(
        [bool(flag) if cov else None for flag, cov in zip(low_row, covered, strict=True)],
        index=df.index,
        dtype="boolean",
    )
    values["unga_coverage"] = share
    values["unga_partial_year"] = pd.array((share > 0) & (share < 1), dtype="boolean")
    if ideal_points:
        if len(votes):
            ideal = _ideal(df, votes, wanted)
        else:
            ideal = pd.DataFrame(np.nan, index=df.index, columns=list(IDEAL_COLUMNS))
        for c in IDEAL_COLUMNS:
            values[c] = np.where(covered, ideal[c].to_numpy("float64"), np.nan)
    span = (min(coverage.index), max(coverage.index)) if len(coverage) else None
    return finish(df, values, "add_unga", span)
