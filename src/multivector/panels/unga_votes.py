"""The UN vote series: the Voeten file extended by later UN Digital Library votes, its coverage by year,
and each country's participation (used by :func:`multivector.panels.add_unga`).

* :func:`load_votes`: ``unga_votes`` (Voeten, Strezhnev and Bailey; to 4 June 2024) joined with
  ``unga_undl_votes`` (the 3DL scrape of 2025). The extension extends and never revises: only its roll calls
  dated after the last vote of ``unga_votes`` are added. Every other reader of UN votes (ideal points, the
  API) should read votes through this function, not the tables.
* :func:`year_coverage`: the share of each calendar year the sources cover. ``unga_votes`` covers 1 January
  of its first year to its last vote (4 June 2024 in the 2024 release), the 3DL scrape whole calendar years
  (it scrapes a year: its ``Scrape_Year``). A year covered in part (2024: 156 of 366 days, 0.43) is flagged
  by the panels; June-December 2024 is in no source here and is never filled.
* :func:`participation`: the share of the year's recorded roll calls on which a country cast yes, no or
  abstain; :data:`LOW_PARTICIPATION` is the threshold below which the panels give no measure.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd

from multivector.dimensions import UNDL_VOTES, UNGA_VOTES
from multivector.panels.frames import stored_tables
from multivector.store.db import Store

__all__ = ["LOW_PARTICIPATION", "load_votes", "participation", "year_coverage"]

#: A country that cast fewer than this share of the year's roll calls gets no alignment measure
#: (see :mod:`multivector.panels.unga` for the reason).
LOW_PARTICIPATION = 0.5


def _columns(st: Store, table: str) -> set[str]:
    found = st.query_df(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = ?",
        [table],
    )
    return set(found["column_name"].astype(str))


def _main_end(st: Store) -> tuple[int | None, date | None]:
    """(last year, last vote date) of ``unga_votes`` (the date is None without a ``date`` column)."""
    has_date = "date" in _columns(st, UNGA_VOTES)
    row = st.query_df(f"SELECT max(year){', max(date)' if has_date else ''} FROM {UNGA_VOTES}").iloc[0]
    last_year = int(row.iloc[0]) if pd.notna(row.iloc[0]) else None
    last_date = pd.Timestamp(row.iloc[1]).date() if has_date and pd.notna(row.iloc[1]) else None
    return last_year, last_date


def _select(
    st: Store, table: str, years: Sequence[int] | None, extra: str = "", extra_args: Sequence[object] = ()
) -> pd.DataFrame:
    cols = _columns(st, table)
    wanted = ["vote_id", "iso3", "year", "vote_code", *(c for c in ("date", "origin") if c in cols)]
    where: list[str] = []
    args: list[object] = []
    if years is not None:
        if not years:
            return pd.DataFrame(columns=wanted)
        where.append(f"year IN ({', '.join('?' * len(years))})")
        args += [int(y) for y in years]
    if extra:
        where.append(extra)
        args += list(extra_args)
    sql = f"SELECT {', '.join(wanted)} FROM {table}" + (f" WHERE {' AND '.join(where)}" if where else "")
    return st.query_df(sql, args) if args else st.query_df(sql)


def load_votes(st: Store, years: Sequence[int] | None = None) -> pd.DataFrame:
    """The UN vote series in ``years`` (all years if None): ``vote_id, iso3, year, vote_code`` (and
    ``date``, ``origin`` where stored), ``unga_votes`` extended by ``unga_undl_votes`` (module docstring)."""
    tables = stored_tables(st)
    if UNGA_VOTES not in tables and UNDL_VOTES not in tables:
        st.table(UNGA_VOTES)  # StoreError naming `multivector data import unga`
    parts = []
    last_year, last_date = _main_end(st) if UNGA_VOTES in tables else (None, None)
    if UNGA_VOTES in tables:
        parts.append(_select(st, UNGA_VOTES, years))
    if UNDL_VOTES in tables:
        if last_date is not None:
            parts.append(_select(st, UNDL_VOTES, years, "date > ?", [last_date]))
        elif last_year is not None:
            parts.append(_select(st, UNDL_VOTES, years, "year > ?", [last_year]))
        else:
            parts.append(_select(st, UNDL_VOTES, years))
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=["vote_id", "iso3", "year", "vote_code"])
    return pd.concat(parts, ignore_index=True)


def _fraction(first: date, last: date, year: int) -> float:
    """Share of calendar ``year`` inside [first, last]."""
    start, end = max(first, date(year, 1, 1)), min(last, date(year, 12, 31))
    days = (date(year, 12, 31) - date(year, 1, 1)).days + 1
    return max(0, (end - start).days + 1) / days


def year_coverage(st: Store) -> pd.Series:
    """Share of each calendar year (index) that the vote sources cover (module docstring)."""
    tables = stored_tables(st)
    cover: dict[int, float] = {}
    last_year, last_date = _main_end(st) if UNGA_VOTES in tables else (None, None)
    if UNGA_VOTES in tables:
        first_year = int(
            st.query_df(f"SELECT min(year) AS y FROM {UNGA_VOTES}")["y"].to_numpy(dtype="int64")[0]
        )
        if last_date is None:  # no dates: every year with votes counts as covered
            years = st.query_df(f"SELECT DISTINCT year FROM {UNGA_VOTES}")["year"]
            cover |= {int(y): 1.0 for y in years}
        else:
            for y in range(first_year, last_date.year + 1):
                cover[y] = _fraction(date(first_year, 1, 1), last_date, y)
    if UNDL_VOTES in tables:
        if last_date is not None:
            later = _select(st, UNDL_VOTES, None, "date > ?", [last_date])
        else:
            later = _select(st, UNDL_VOTES, None, "year > ?", [last_year if last_year is not None else 0])
        for y in later["year"].unique():
            cover[int(y)] = 1.0  # the 3DL scrape covers whole calendar years (after the Voeten file's end)
    return pd.Series(cover, dtype="float64").sort_index()


def participation(votes: pd.DataFrame) -> pd.Series:
    """Share of the year's roll calls on which each country cast yes, no or abstain, indexed (iso3, year)."""
    if votes.empty:
        return pd.Series(dtype="float64", index=pd.MultiIndex.from_arrays([[], []], names=["iso3", "year"]))
    frame = votes.assign(year=votes["year"].astype("int64"), iso3=votes["iso3"].astype(str))
    per_year = frame.groupby("year")["vote_id"].nunique()
    cast = frame[frame["vote_code"].isin([1, 2, 3])].groupby(["iso3", "year"])["vote_id"].nunique()
    everyone = frame[["iso3", "year"]].drop_duplicates().set_index(["iso3", "year"]).index
    cast = cast.reindex(everyone, fill_value=0)
    return (cast / per_year.reindex(cast.index.get_level_values("year")).to_numpy()).astype("float64")
