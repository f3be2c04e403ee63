"""Plausibility rules for loaded rows: year ranges, calendar dates, value ranges and unique keys.

A value can parse and still be impossible: a year of 99999 or -40, month 13, day 45, a negative count, or
the same supplier-recipient-year twice (which a panel would sum twice). Each check takes a typed frame
(carrying ``_line``), moves the rows that break its rule into ``rejects`` with the reason, and returns the
rows that pass, so ``rows_read == rows_kept + rows_rejected`` still holds. Missing values (NA) pass: a
check judges only what is there. The loaders call these with their own sources' limits (see each module);
new loaders call them the same way::

    frame = check_years(frame, ["year"], rejects, first=FIRST_YEAR_SIPRI, source="sipri", file=file)
    frame = check_unique(frame, ["supplier", "recipient", "year"], rejects, what="supplier-recipient-year",
                         source="sipri", file=file)

The limits are plausibility bounds, not a source's coverage: a year after :func:`last_year` (next year)
cannot have been measured, a year before the source's first possible year is a typo.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from multivector.sources._readers import Rejects, rejects_from

__all__ = [
    "FIRST_ORDER_YEAR_SIPRI",
    "FIRST_YEAR_ATOP",
    "FIRST_YEAR_CITED",
    "FIRST_YEAR_COW",
    "FIRST_YEAR_SIPRI",
    "FIRST_YEAR_UNGA",
    "check_dates",
    "check_range",
    "check_unique",
    "check_years",
    "last_year",
]

#: The first year a source's data can be about (plausibility, not coverage): SIPRI's deliveries from 1950
#: with orders back to the 1940s, the UN General Assembly from 1946, the COW state system from 1816, ATOP
#: from 1815; the hand-copied figures are about recent decades.
FIRST_YEAR_SIPRI = 1950
FIRST_ORDER_YEAR_SIPRI = 1900
FIRST_YEAR_UNGA = 1946
FIRST_YEAR_COW = 1816
FIRST_YEAR_ATOP = 1815
FIRST_YEAR_CITED = 1900


def last_year() -> int:
    """The last plausible year of any observation: next year (today's year + 1)."""
    return datetime.date.today().year + 1


def _shown(values: pd.Series) -> pd.Series:
    return values.astype(str).str.slice(0, 40)


def check_years(
    frame: pd.DataFrame,
    columns: Sequence[str],
    rejects: Rejects,
    *,
    first: int,
    last: int | None = None,
    source: str,
    file: Path | str,
) -> pd.DataFrame:
    """Reject rows with a year in ``columns`` (years, or dates: their year) before ``first`` or after ``last``
    (default :func:`last_year`)."""
    end = last_year() if last is None else last
    for col in columns:
        values = frame[col]
        year = (
            values.dt.year
            if pd.api.types.is_datetime64_any_dtype(values)
            else pd.to_numeric(values, errors="coerce")
        )
        bad = (year.notna() & ((year < first) | (year > end))).fillna(False).astype(bool)
        if bad.any():
            reason = (
                f"implausible year in {col}: " + _shown(frame.loc[bad, col]) + f" (expected {first}-{end})"
            )
            rejects.add(rejects_from(frame[bad], reason, source=source, file=file))
            frame = frame[~bad]
    return frame


def check_dates(
    frame: pd.DataFrame,
    year: str,
    month: str,
    day: str,
    rejects: Rejects,
    *,
    source: str,
    file: Path | str,
) -> pd.DataFrame:
    """Reject rows whose ``year``/``month``/``day`` columns are not a calendar date (month 13, day 45,
    30 February). A row with any of the three missing is judged on the parts it has (month 1-12, day
    1-31)."""
    y, m, d = (pd.to_numeric(frame[c], errors="coerce").astype("Float64") for c in (year, month, day))
    bad_month = m.notna() & ((m < 1) | (m > 12))
    bad_day = d.notna() & ((d < 1) | (d > 31))
    full = y.notna() & m.notna() & d.notna() & ~bad_month & ~bad_day
    impossible = pd.Series(False, index=frame.index)
    if full.any():
        parts = pd.DataFrame({"year": y[full], "month": m[full], "day": d[full]}).astype("int64")
        dates = pd.to_datetime(parts, errors="coerce")
        impossible[full] = dates.isna().to_numpy()
    bad = (bad_month | bad_day | impossible).fillna(False).astype(bool)
    if bad.any():
        shown = (
            frame.loc[bad, year].astype(str) + "-" + frame.loc[bad, month].astype(str) + "-"
            + frame.loc[bad, day].astype(str)
        )  # fmt: skip
        reason = f"impossible date in {year}/{month}/{day}: " + shown
        rejects.add(rejects_from(frame[bad], reason, source=source, file=file))
    return frame[~bad]


def check_range(
    frame: pd.DataFrame,
    columns: Sequence[str],
    rejects: Rejects,
    *,
    low: float | None = None,
    high: float | None = None,
    what: str = "value",
    source: str,
    file: Path | str,
) -> pd.DataFrame:
    """Reject rows with a value in ``columns`` below ``low``, above ``high`` or infinite."""
    for col in columns:
        x = pd.to_numeric(frame[col], errors="coerce").astype("float64").to_numpy()
        wrong = np.isinf(x)
        if low is not None:
            wrong |= x < low
        if high is not None:
            wrong |= x > high
        bad = pd.Series(wrong, index=frame.index)
        if bad.any():
            bounds = f"{'-inf' if low is None else f'{low:g}'} to {'inf' if high is None else f'{high:g}'}"
            shown = _shown(frame[col][bad])
            reason = f"implausible {what} in {col}: " + shown + f" (expected {bounds})"
            rejects.add(rejects_from(frame[bad], reason, source=source, file=file))
            frame = frame[~bad]
    return frame


def check_unique(
    frame: pd.DataFrame,
    keys: Sequence[str],
    rejects: Rejects,
    *,
    what: str,
    source: str,
    file: Path | str,
) -> pd.DataFrame:
    """Reject every repeat of a key after its first row (``duplicate <what> (<key values>)``): a panel that
    sums by key would otherwise count it twice. Rows with a missing key part are not compared."""
    complete = frame[list(keys)].notna().all(axis=1)
    dup = complete & frame.duplicated(list(keys), keep="first")
    if dup.any():
        key = frame.loc[dup, list(keys)].astype(str).agg("/".join, axis=1)
        rejects.add(rejects_from(frame[dup], f"duplicate {what} (" + key + ")", source=source, file=file))
    return frame[~dup]
