"""One assessment of any country: per dimension the figure to use and its flags, and one composite.

::

    import multivector as mv
    a = mv.assess("KAZ")                 # the latest year with data; the built-in casebook joins
    a.composite.balance, a.dimension("trade").year, a.to_dict()
    mv.assess("Uzbekistan", 2020)        # names work as in the panels
    mv.assess_series("KAZ")              # every year from 1992: the composite and each dimension

Candidates come from the store (any country, every dimension whose tables are imported) and, for a
country with a casebook (the built-in Kazakhstan case, or ``casebook=FILE``), from the casebook; which
figure is used, the flags and the composite follow :data:`~multivector.assessment.select.RULES`
(``docs/assessment.md``). Every interface (CLI ``profile``/``report``/``compare``, the REST API, the
dashboard) answers from these functions, so they give the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

import multivector
from multivector import countries as _countries
from multivector import dimensions as vocab
from multivector.assessment.figures import (
    casebook_figures,
    concat_figures,
    data_figures,
    measurable_dimensions,
    store_countries,
)
from multivector.assessment.model import Assessment, Composite, DimensionAssessment, Tilt
from multivector.assessment.select import (
    RULES,
    composite_model,
    composites,
    dimension_entry,
    pick,
    records,
)
from multivector.casebook.schema import Case
from multivector.citations import casebook_fields, dataset_citation_fields, number_citations
from multivector.dimensions import FIRST_YEAR
from multivector.errors import InputError, MultivectorError, StoreError
from multivector.panels.frames import codes_of
from multivector.store.db import Store

__all__ = ["FIRST_YEAR", "SERIES_COLUMNS", "assess", "assess_many", "assess_series", "resolve_casebook"]

#: Columns of :func:`assess_series` (one row per year and dimension, and a ``composite`` row per year).
SERIES_COLUMNS: tuple[str, ...] = (
    "country",
    "year",
    "dimension",
    "balance",
    "tilt_rus",
    "tilt_chn",
    "tilt_west",
    "tilt_lean",
    "tilt_strength",
    "largest_power",
    "largest_exposure",
    "figure_year",
    "origin",
    "basis",
    "tables",
    "in_composite",
    "flags",
    "coverage",
)
_MAX_HORIZON = max(d.horizon for d in vocab.DIMENSIONS.values())


# -------------------------------------------------------------------------------------------- inputs
def resolve_casebook(iso3: str, casebook: Case | str | Path | bool | None) -> Case | None:
    """The casebook that joins an assessment of ``iso3``: ``None`` -> the built-in case of that country if
    there is one; ``False`` -> none; a :class:`Case`, a case file or a built-in case id -> that case, which
    must be about ``iso3`` (:class:`~multivector.errors.InputError` otherwise)."""
    from multivector.casebook import list_cases, load_case

    if casebook is False:
        return None
    if casebook is None or casebook is True:
        for cid in list_cases():
            case = load_case(cid)
            if case.country == iso3:
                return case
        if casebook is True:
            raise InputError(f"there is no built-in casebook for {iso3}; give a case file")
        return None
    case = casebook if isinstance(casebook, Case) else load_case(casebook)
    if case.country != iso3:
        raise InputError(
            f"the casebook {case.id!r} is about {case.country}, not {iso3}: assess {case.country} with it, "
            f"or leave --casebook out to assess {iso3} from the store"
        )
    return case


@contextmanager
def open_store(store: Store | str | Path | None) -> Iterator[Store | None]:
    """The store an assessment reads: a :class:`Store` as given; a path, which must exist; ``None``, the
    configured store (:func:`multivector.config.store_path`) when there is one. Yields ``None`` for no
    store."""
    if isinstance(store, Store):
        yield store if store.exists else None
        return
    if store is None:
        from multivector import config

        path = config.store_path()
        if not path.is_file():
            yield None
            return
    else:
        path = Path(store).expanduser()
        if not path.is_file():
            raise InputError(
                f"there is no store at {path}: import data with `multivector data import all DIR` first"
            )
    with Store(path, read_only=True) as st:
        yield st


def _iso3(country: str) -> str:
    return codes_of([country], (), allow_bloc=False)[0]


def _name(iso3: str) -> str:
    try:
        return _countries.name(iso3)
    except MultivectorError:
        return iso3


def _this_year() -> int:
    return date.today().year


# -------------------------------------------------------------------------------------------- gathering
@dataclass
class _Gathered:
    """Every candidate figure of the countries asked for, and what could not be measured."""

    figures: pd.DataFrame
    cases: dict[str, Case]
    missing: dict[str, str]
    dataset_fields: dict[str, dict[str, Any]] = field(default_factory=dict)


def _gather(
    iso3s: Sequence[str], span: tuple[int, int], cases: dict[str, Case], store: Store | None
) -> _Gathered:
    dims: list[str] = []
    missing: dict[str, str] = {
        d: "no store (run `multivector data import all DIR`)" for d in vocab.data_dimensions()
    }
    fields: dict[str, dict[str, Any]] = {}
    data = pd.DataFrame()
    if store is not None:
        dims, missing = measurable_dimensions(store)
        data = data_figures(iso3s, span, store, dims)
        sources = [s for d in dims for s in vocab.DIMENSIONS[d].sources]
        tables = [t for d in dims for t in vocab.DIMENSIONS[d].tables]
        fields = dataset_citation_fields(store, sources, tables)
    book = [casebook_figures(c) for c in cases.values()]
    figures = concat_figures(data, *book)
    return _Gathered(figures=figures, cases=cases, missing=missing, dataset_fields=fields)


def _checked_year(year: int | None) -> int:
    """The last year to read for an assessment in ``year`` (None: this year); :class:`InputError` for a
    year before :data:`~multivector.dimensions.FIRST_YEAR`, where every assessment starts."""
    if year is None:
        return _this_year()
    if year < FIRST_YEAR:
        raise InputError(
            f"year {year} is before {FIRST_YEAR}, where the assessment starts: ask for {FIRST_YEAR} or later"
        )
    if year > 2100:
        raise InputError(f"year must lie in {FIRST_YEAR}-2100, got {year}")
    return int(year)


def _nothing_known(iso3: str, gathered: _Gathered) -> StoreError:
    what = "; ".join(f"{d}: {why}" for d, why in gathered.missing.items())
    return StoreError(
        f"nothing to assess for {iso3} ({_name(iso3)}): the store holds no figure for it and it has no "
        "casebook. Import data with `multivector data import all DIR` (or `multivector data pull`), or give "
        f"a casebook with --casebook FILE" + (f" ({what})" if what else "")
    )


def _latest_year(cands: Mapping[tuple[str, str], list[dict[str, Any]]], iso3: str) -> int | None:
    """The latest year with a figure (a defined balance) of ``iso3``, at most this year; None when the
    country has no figure at all (rows without a balance, e.g. no tie to any power, do not count)."""
    mine = [c for d in vocab.DIMENSIONS for c in cands.get((iso3, d), [])]
    years = [int(c["year"]) for c in mine if pd.notna(c["balance"])]
    return min(max(years), _this_year()) if years else None


# -------------------------------------------------------------------------------------------- assembly
def _entries(
    cands: Mapping[tuple[str, str], list[dict[str, Any]]], iso3: str, year: int, weights: Mapping[str, float]
) -> tuple[list[DimensionAssessment], list[tuple[str, dict[str, Any]]]]:
    entries: list[DimensionAssessment] = []
    used: list[tuple[str, dict[str, Any]]] = []
    for name, spec in vocab.DIMENSIONS.items():
        rec, alts = pick(cands.get((iso3, name), []), year)
        entry = dimension_entry(spec, rec, alts, year, weights[name])
        entries.append(entry)
        if entry.in_composite and rec is not None:
            used.append((iso3, rec))
    return entries, used


def _citations(entries: list[DimensionAssessment], case: Case | None, gathered: _Gathered) -> list[Any]:
    order: list[str] = []
    for e in entries:
        order.extend(e.sources)
        for alt in e.alternatives:
            order.extend(alt.sources)
    fields = dict(gathered.dataset_fields)
    if case is not None:
        fields.update({s.id: casebook_fields(s) for s in case.sources})
    return number_citations(order, fields)


def _notes(iso3: str, gathered: _Gathered, case: Case | None) -> list[str]:
    notes = [f"{d}: {why}" for d, why in gathered.missing.items()]
    if case is None:
        casebook_only = [d for d in vocab.casebook_dimensions() if not vocab.DIMENSIONS[d].measured]
        notes.append(
            f"no casebook for {iso3}: {', '.join(casebook_only)} are measured only from a casebook "
            "(--casebook FILE, see docs/casebook.md)"
        )
    return notes


def _assessments(
    iso3s: Sequence[str], year: int | None, gathered: _Gathered, weights: dict[str, float], cands: Any
) -> list[Assessment]:
    """The assessment of each country with a figure (in ``iso3s`` order); one composite computation for
    all of them. A country without any figure is left out."""
    prepared = []
    used_all: list[tuple[str, dict[str, Any]]] = []
    for iso3 in iso3s:
        latest = _latest_year(cands, iso3)
        if latest is None:
            continue
        at = year if year is not None else latest
        entries, used = _entries(cands, iso3, at, weights)
        prepared.append((iso3, at, entries))
        used_all.extend(used)
    comps = composites(used_all, weights)
    out = []
    for iso3, at, entries in prepared:
        case = gathered.cases.get(iso3)
        out.append(
            Assessment(
                country=iso3,
                name=_name(iso3),
                year=at,
                case=case.id if case is not None else None,
                generated_with=f"multivector {multivector.__version__}",
                weights=weights,
                rules=dict(RULES),
                dimensions=entries,
                composite=composite_model(comps.get(iso3), entries, weights),
                sources=_citations(entries, case, gathered),
                notes=_notes(iso3, gathered, case),
            )
        )
    return out


def _assessment(
    iso3: str, year: int | None, gathered: _Gathered, weights: dict[str, float], cands: Any
) -> Assessment:
    found = _assessments([iso3], year, gathered, weights, cands)
    if not found:
        raise _nothing_known(iso3, gathered)
    return found[0]


# -------------------------------------------------------------------------------------------- public
def assess(
    country: str,
    year: int | None = None,
    *,
    casebook: Case | str | Path | bool | None = None,
    weights: Mapping[str, float] | None = None,
    store: Store | str | Path | None = None,
) -> Assessment:
    """Where ``country`` (ISO3 code or name) stands between the great powers in ``year``.

    ``year`` None: the latest year with a figure for the country (at most this year). ``casebook``: None
    joins the built-in case of the country when there is one, False leaves casebooks out, a file or
    :class:`Case` joins that case.
    ``weights``: dimension -> weight under :func:`multivector.dimensions.normalise_weights`. ``store``: a
    :class:`Store`, a path, or None for the configured store (no store: casebook figures only).

    Raises :class:`~multivector.errors.StoreError` naming what to import when nothing is known about the
    country, :class:`~multivector.errors.InputError` for bad arguments.
    """
    iso3 = _iso3(country)
    w = vocab.normalise_weights(dict(weights) if weights is not None else None)
    case = resolve_casebook(iso3, casebook)
    last = _checked_year(year)
    with open_store(store) as st:
        gathered = _gather([iso3], (FIRST_YEAR - _MAX_HORIZON, last), {iso3: case} if case else {}, st)
    if gathered.figures.empty:
        raise _nothing_known(iso3, gathered)
    return _assessment(iso3, year, gathered, w, records(gathered.figures))


def assess_many(
    countries: Iterable[str] | None = None,
    year: int | None = None,
    *,
    weights: Mapping[str, float] | None = None,
    store: Store | str | Path | None = None,
    casebooks: bool = True,
) -> list[Assessment]:
    """:func:`assess` for several countries at once (one panel for all of them: fast for many).

    ``countries`` None: every country the store has data for (and the built-in cases' countries). A
    country with nothing known is left out (``assess`` raises for it). ``casebooks`` joins each country's
    built-in case, as :func:`assess` does by default.
    """
    w = vocab.normalise_weights(dict(weights) if weights is not None else None)
    last = _checked_year(year)
    with open_store(store) as st:
        if countries is None:
            iso3s = store_countries(st, FIRST_YEAR) if st is not None else []
        else:
            iso3s = codes_of(list(countries), (), allow_bloc=False)
        cases: dict[str, Case] = {}
        if casebooks:
            from multivector.casebook import list_cases, load_case

            for cid in list_cases():
                case = load_case(cid)
                if countries is None or case.country in iso3s:
                    cases[case.country] = case
        iso3s = list(dict.fromkeys([*iso3s, *cases]))
        first = (last - _MAX_HORIZON) if year is not None else FIRST_YEAR - _MAX_HORIZON
        gathered = _gather(iso3s, (first, last), cases, st)
    return _assessments(iso3s, year, gathered, w, records(gathered.figures))


def assess_series(
    country: str,
    years: tuple[int | None, int | None] = (FIRST_YEAR, None),
    *,
    casebook: Case | str | Path | bool | None = None,
    weights: Mapping[str, float] | None = None,
    store: Store | str | Path | None = None,
) -> pd.DataFrame:
    """The assessment of ``country`` in every year of ``years`` (default 1992 to the latest year with
    data): one row per year and dimension, and a ``composite`` row per year (:data:`SERIES_COLUMNS`).

    Each row names the year of the figure it uses (``figure_year``); a figure older than its dimension's
    horizon is flagged ``stale`` and left out of that year's composite, never carried silently. The
    composite rows give ``coverage`` (the share of the comparable weight their figures cover).
    """
    iso3 = _iso3(country)
    w = vocab.normalise_weights(dict(weights) if weights is not None else None)
    case = resolve_casebook(iso3, casebook)
    first = FIRST_YEAR if years[0] is None else int(years[0])
    last_asked = years[1]
    with open_store(store) as st:
        gathered = _gather(
            [iso3], (first - _MAX_HORIZON, last_asked or _this_year()), {iso3: case} if case else {}, st
        )
    if gathered.figures.empty:
        raise _nothing_known(iso3, gathered)
    cands = records(gathered.figures)
    last = last_asked if last_asked is not None else _latest_year(cands, iso3)
    if last is None or last < first:
        raise InputError(f"years {first}-{last}: the first year must not exceed the last year with data")
    rows: list[dict[str, Any]] = []
    used_by_year: list[tuple[str, dict[str, Any]]] = []
    entries_by_year: dict[int, list[DimensionAssessment]] = {}
    for y in range(first, last + 1):
        entries, used = _entries(cands, iso3, y, w)
        entries_by_year[y] = entries
        used_by_year.extend((str(y), rec) for _key, rec in used)
    comps = composites(used_by_year, w)
    for y, entries in entries_by_year.items():
        rows.append(_composite_row(iso3, y, composite_model(comps.get(str(y)), entries, w)))
        rows.extend(_dimension_row(iso3, y, e) for e in entries)
    out = pd.DataFrame(rows, columns=list(SERIES_COLUMNS))
    out["figure_year"] = out["figure_year"].astype("Int64")
    out["in_composite"] = out["in_composite"].astype("boolean")
    return out


def _tilt_cells(tilt: Tilt) -> dict[str, Any]:
    return {
        "tilt_rus": tilt.rus,
        "tilt_chn": tilt.chn,
        "tilt_west": tilt.west,
        "tilt_lean": tilt.lean,
        "tilt_strength": tilt.strength,
    }


def _composite_row(iso3: str, year: int, comp: Composite) -> dict[str, Any]:
    """The ``composite`` row of one year of :func:`assess_series`."""
    return {
        "country": iso3,
        "year": year,
        "dimension": "composite",
        "balance": comp.balance,
        **_tilt_cells(comp.tilt),
        "largest_power": comp.largest_power,
        "largest_exposure": comp.largest_exposure,
        "figure_year": None,
        "origin": None,
        "basis": None,
        "tables": "",
        "in_composite": None,
        "flags": "",
        "coverage": comp.coverage,
    }


def _dimension_row(iso3: str, year: int, e: DimensionAssessment) -> dict[str, Any]:
    """One dimension's row of one year of :func:`assess_series`: the figure that year uses."""
    return {
        "country": iso3,
        "year": year,
        "dimension": e.dimension,
        "balance": e.balance,
        **_tilt_cells(e.tilt),
        "largest_power": e.largest_power,
        "largest_exposure": e.largest_exposure,
        "figure_year": e.year,
        "origin": e.origin,
        "basis": e.basis,
        "tables": ",".join(e.tables),
        "in_composite": e.in_composite,
        "flags": ",".join(e.flags),
        "coverage": None,
    }
