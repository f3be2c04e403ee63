"""Panel frames, peacesciencer style: ``create_*`` makes the frame and tags its unit; ``add_*`` keeps it.

A frame is a pandas DataFrame whose ``attrs`` carry:

* ``multivector_unit``: ``"country_year"``, ``"directed_dyad_year"`` or ``"dyad_year"`` (non-directed);
* ``multivector_coverage``: ``{step: (first_year, last_year) or [years]}``, the years each ``add_*`` step's
  source covers (the CLI prints it);
* ``multivector_steps``: the ``add_*`` steps run so far, in order.

Keys: ``iso3, ccode, year`` (country-years) and ``iso3, ccode, partner_iso3, partner_ccode, year``
(dyad-years). ``ccode`` is the Correlates of War code (NA for the bloc ``EU27`` and for countries without
one). The partner ``EU27`` (``EU`` and ``EUU`` are accepted) is the European Union's 27 member states
(:data:`multivector.powers.EU27_MEMBERS`, the membership since 2020 applied to every year); each ``add_*``
step documents how it aggregates a by-country source over the members.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path

import pandas as pd

from multivector import countries as _countries
from multivector.errors import InputError, PipelineError, UnknownCountryError
from multivector.powers import EU27, EU27_MEMBERS, POWERS
from multivector.store.db import Store, using

__all__ = [
    "COUNTRY_KEYS",
    "DEFAULT_COUNTRY",
    "DYAD_KEYS",
    "UNIT_ATTR",
    "Years",
    "create_country_years",
    "create_dyad_years",
    "parse_years",
    "unit_of",
]

#: The ``attrs`` key holding a frame's unit.
UNIT_ATTR = "multivector_unit"
COVERAGE_ATTR = "multivector_coverage"
STEPS_ATTR = "multivector_steps"
#: Key columns of a country-year frame.
COUNTRY_KEYS: tuple[str, ...] = ("iso3", "ccode", "year")
#: Key columns of a dyad-year frame.
DYAD_KEYS: tuple[str, ...] = ("iso3", "ccode", "partner_iso3", "partner_ccode", "year")
#: The country a frame is made for when none is given.
DEFAULT_COUNTRY = "KAZ"
DYAD_UNITS = ("directed_dyad_year", "dyad_year")

Years = range | tuple[int, int] | Sequence[int] | int | str
_EU_ALIASES = frozenset({EU27, "EU", "EUU"})


def parse_years(years: Years) -> list[int]:
    """Years as a sorted list: a ``range``, an inclusive ``(first, last)`` tuple, a list, one year or a
    ``"1992-2023"`` string. Raises :class:`InputError` for an empty or reversed range or a year outside
    1800-2100."""
    if isinstance(years, str):
        text = years.strip()
        parts = text.split("-") if "-" in text else [text, text]
        try:
            first, last = (int(p) for p in parts)
        except ValueError:
            raise InputError(f"years must look like 1992-2023 or 2014, got {years!r}") from None
        out = list(range(first, last + 1))
        if first > last:
            raise InputError(f"year range {years!r} is reversed: the first year must not exceed the last")
    elif isinstance(years, int):
        out = [years]
    elif isinstance(years, tuple) and len(years) == 2 and not isinstance(years, range):
        first, last = int(years[0]), int(years[1])
        if first > last:  # a (data start, year asked) pair, e.g. compare's (1987, --year)
            raise InputError(f"year {last} is before {first}, where the data start: ask for {first} or later")
        out = list(range(first, last + 1))
    else:
        out = sorted({int(y) for y in years})
    if not out:
        raise InputError(f"no years in {years!r}")
    if out[0] < 1800 or out[-1] > 2100:
        raise InputError(f"years must lie in 1800-2100, got {out[0]}-{out[-1]}")
    return out


def _iso3(code: str, allow_bloc: bool) -> str:
    text = str(code).strip().upper()
    if allow_bloc and text in _EU_ALIASES:
        return EU27
    try:
        value = _countries.to_iso3(text)
    except UnknownCountryError:
        raise UnknownCountryError(f"unknown country {code!r}: give an ISO3 code such as KAZ") from None
    if not isinstance(value, str):
        raise UnknownCountryError(f"unknown country {code!r}: give an ISO3 code such as KAZ")
    return value


def codes_of(values: Iterable[str] | str | None, default: Sequence[str], allow_bloc: bool) -> list[str]:
    if values is None:
        values = default
    if isinstance(values, str):
        values = [v for v in values.split(",") if v.strip()]
    out: list[str] = []
    for v in values:
        code = _iso3(v, allow_bloc)
        if code not in out:
            out.append(code)
    if not out:
        raise InputError("no countries given")
    return out


def _ccode(codes: pd.Series) -> pd.Series:
    result = _countries.iso3_to_cow(codes.where(codes != EU27, "XXX"), not_found="nan")
    return pd.Series(result, index=codes.index).astype("Int64")


def _tag(df: pd.DataFrame, unit: str) -> pd.DataFrame:
    df.attrs[UNIT_ATTR] = unit
    df.attrs[COVERAGE_ATTR] = {}
    df.attrs[STEPS_ATTR] = []
    return df


def create_country_years(
    countries: Iterable[str] | str | None = None, years: Years = (1992, 2023)
) -> pd.DataFrame:
    """One row per country and year: ``iso3, ccode, year``, tagged ``country_year``.

    ``countries``: ISO3 codes (or names the crosswalk resolves); ``None`` = :data:`DEFAULT_COUNTRY` (KAZ).
    ``years``: see :func:`parse_years`. Raises :class:`UnknownCountryError` or :class:`InputError`.
    """
    codes = codes_of(countries, (DEFAULT_COUNTRY,), allow_bloc=False)
    ys = parse_years(years)
    df = pd.DataFrame(
        {
            "iso3": pd.Series([c for c in codes for _ in ys], dtype="string"),
            "year": [y for _ in codes for y in ys],
        }
    )
    df.insert(1, "ccode", _ccode(df["iso3"]))
    df["year"] = df["year"].astype("int64")
    return _tag(df, "country_year")


def create_dyad_years(
    countries: Iterable[str] | str | None = None,
    partners: Iterable[str] | str | None = None,
    years: Years = (1992, 2023),
    directed: bool = True,
) -> pd.DataFrame:
    """One row per (country, partner, year): ``iso3, ccode, partner_iso3, partner_ccode, year``.

    ``partners`` default to the four powers (RUS, CHN, USA, EU27); ``EU``/``EUU`` are read as ``EU27``. A
    country is never its own partner. ``directed=True`` (tag ``directed_dyad_year``) keeps both orders when
    both sides are in ``countries``; ``directed=False`` (tag ``dyad_year``) keeps each unordered pair once,
    in the order first met (countries before partners). Every ``add_*`` step measures the row's order
    (``iso3`` as the country, ``partner_iso3`` as the partner).
    """
    codes = codes_of(countries, (DEFAULT_COUNTRY,), allow_bloc=False)
    others = codes_of(partners, POWERS, allow_bloc=True)
    ys = parse_years(years)
    pairs: list[tuple[str, str]] = []
    seen: set[frozenset[str]] = set()
    for c in codes:
        for p in others:
            if c == p:
                continue
            key = frozenset((c, p))
            if not directed and key in seen:
                continue
            seen.add(key)
            pairs.append((c, p))
    if not pairs:
        raise InputError("no dyads: every partner equals the country")
    df = pd.DataFrame(
        {
            "iso3": pd.Series([c for c, _ in pairs for _ in ys], dtype="string"),
            "partner_iso3": pd.Series([p for _, p in pairs for _ in ys], dtype="string"),
            "year": pd.Series([y for _ in pairs for y in ys], dtype="int64"),
        }
    )
    df.insert(1, "ccode", _ccode(df["iso3"]))
    df.insert(3, "partner_ccode", _ccode(df["partner_iso3"]))
    return _tag(df, "directed_dyad_year" if directed else "dyad_year")


def unit_of(df: pd.DataFrame) -> str | None:
    """The unit a ``create_*`` function tagged ``df`` with, or ``None`` for an untagged frame."""
    unit = df.attrs.get(UNIT_ATTR) if isinstance(df, pd.DataFrame) else None
    return str(unit) if unit is not None else None


# -- helpers for the add_* steps -------------------------------------------------------------------------


def check_frame(df: pd.DataFrame, step: str, units: Sequence[str] = DYAD_UNITS) -> str:
    """Raise :class:`PipelineError` unless ``df`` is a frame of one of ``units``; return its unit."""
    unit = unit_of(df)
    if unit is None:
        maker = "create_country_years(...)" if units == ("country_year",) else "create_dyad_years(...)"
        raise PipelineError(f"{step}() needs a panel frame: make one with {maker} first, then run {step}(df)")
    if unit not in units:
        raise PipelineError(
            f"{step}() works on {' or '.join(units)} frames, not on a {unit} frame; "
            + (
                "use create_country_years(...)"
                if units == ("country_year",)
                else "use create_dyad_years(...)"
            )
        )
    keys = COUNTRY_KEYS if unit == "country_year" else DYAD_KEYS
    missing = [k for k in keys if k not in df.columns]
    if missing:
        raise PipelineError(f"{step}() needs the key columns {list(keys)}; the frame lacks {missing}")
    return unit


def require_columns(df: pd.DataFrame, step: str, needs: dict[str, Sequence[str]]) -> None:
    """Raise :class:`PipelineError` naming the step to run first when a needed column is absent."""
    for before, columns in needs.items():
        if any(c not in df.columns for c in columns):
            raise PipelineError(f"{step}() needs the columns of {before}(): run {before}(df) first")


def finish(df: pd.DataFrame, values: pd.DataFrame, step: str, coverage: object) -> pd.DataFrame:
    """``df`` with the columns of ``values`` (same index, same row order) added or replaced; attrs kept."""
    out = df.copy()
    for col in values.columns:
        out[col] = values[col].array  # positional, keeps the dtype (Int64 stays Int64)
    out.attrs = {
        UNIT_ATTR: df.attrs.get(UNIT_ATTR),
        COVERAGE_ATTR: {**df.attrs.get(COVERAGE_ATTR, {}), step: coverage},
        STEPS_ATTR: [*df.attrs.get(STEPS_ATTR, []), step],
    }
    return out


def expand_partners(partners: Iterable[str]) -> dict[str, list[str]]:
    """Each partner code -> the source codes it stands for (``EU27`` -> its 27 members)."""
    return {p: sorted(EU27_MEMBERS) if p == EU27 else [p] for p in partners}


#: ``lookup(agg=SUM_OR_NA)``: the sum over the members, NA when every member is NA (a vectorised
#: ``sum(min_count=1)``).
SUM_OR_NA = "sum_or_na"


def lookup(
    df: pd.DataFrame,
    table: pd.DataFrame,
    columns: Sequence[str],
    agg: str | Callable[..., object] = "sum",
    country_col: str = "iso3",
    partner_col: str = "partner_iso3",
) -> pd.DataFrame:
    """Values of ``table`` (``country_col, partner_col, year`` + ``columns``) for each row of ``df``, with
    the partner ``EU27`` aggregated (``agg``) over its members. Rows without a match are NaN; the result
    has ``df``'s index and order."""
    members = expand_partners(df["partner_iso3"].dropna().unique())
    pairs = pd.DataFrame(
        [(p, m) for p, ms in members.items() for m in ms], columns=["partner_iso3", "_member"]
    )
    t = table.rename(columns={country_col: "iso3", partner_col: "_member"})
    t = t[["iso3", "_member", "year", *columns]].merge(pairs, on="_member")
    if t.empty:  # nothing to look up (e.g. a country the source does not list): every row NaN
        return pd.DataFrame(float("nan"), index=df.index, columns=list(columns))
    grouped = t.groupby(["iso3", "partner_iso3", "year"], as_index=False)[list(columns)]
    t = grouped.sum(min_count=1) if agg == SUM_OR_NA else grouped.agg(agg)
    key = df[["iso3", "partner_iso3", "year"]].astype({"iso3": "string", "partner_iso3": "string"})
    t = t.astype({"iso3": "string", "partner_iso3": "string"})
    t["year"] = t["year"].astype("int64")
    merged = key.reset_index(drop=True).merge(t, on=["iso3", "partner_iso3", "year"], how="left")
    merged.index = df.index
    return merged[list(columns)].astype("float64")


def opened(store: Store | str | Path | None) -> AbstractContextManager[Store]:
    """The given store, or the default one opened read-only (and closed afterwards):
    :func:`multivector.store.using`."""
    return using(store)


def in_years(years: pd.Series, first: int, last: int) -> pd.Series:
    """Boolean mask: ``first <= year <= last``."""
    y = years.astype("int64")
    return (y >= first) & (y <= last)


def stored_tables(store: Store) -> set[str]:
    """Names of the tables in ``store`` (cheap: no row counts, unlike :meth:`Store.tables`)."""
    if store.read_only and not store.path.exists():
        return set()
    found = store.query_df("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")
    return set(found["table_name"].astype(str))
