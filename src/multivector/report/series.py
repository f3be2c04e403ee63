"""The report's series from the imported datasets: balance per dimension over the years, the tilt path on
the ternary chart and the UN General Assembly alignment with Russia, China and the USA.

:func:`open_store` finds the store (a path, or the configured one when it exists and holds tables);
:func:`over_time` computes :class:`~multivector.report.model.OverTime` with
:func:`multivector.panels.balance_over_time` for every dimension (trade, arms, ATOP defence pledges, the
UN-vote equidistance, events) and the UNGA panel step :func:`multivector.panels.add_unga` for the
alignment lines. The UN-vote line is the equidistance (not a share of flows: no tilt, so not on the
ternary chart, and never in the composite). Every line spans 1992 to the latest year; a year without a
measurement is a gap (``None``), never 0, and the notes say why a series starts late (COW does not record
trade among the former Soviet republics in 1992-93). :func:`dataset_citations` turns the store's
provenance (publisher, version, citation, file SHA-256) into the report's source entries,
``data-<source>`` (anchor ``#src-data-unga``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from multivector import config
from multivector.errors import InputError, MultivectorError
from multivector.report.model import OverTime, SeriesLine, SeriesPoint
from multivector.store.db import Store

__all__ = [
    "NO_DATA_NOTE",
    "SERIES_DIMENSIONS",
    "SERIES_TABLES",
    "dataset_citations",
    "default_store_path",
    "open_store",
    "over_time",
]

#: The note shown when the report is built without imported data.
NO_DATA_NOTE = "No dataset imported: run `multivector data import all DIR` to add series."
#: Dimensions of the series, in chart order, with their labels.
SERIES_DIMENSIONS: dict[str, str] = {
    "trade": "trade (COW)",
    "arms": "arms imports (SIPRI TIV, 5-year)",
    "alliances": "alliances (ATOP defence pledges)",
    "unga": "UN votes (equidistance)",
    "events": "events (GDELT cooperation)",
}
#: Store table each series reads.
SERIES_TABLES: dict[str, str] = {
    "trade": "cow_trade",
    "arms": "sipri_tiv",
    "alliances": "atop",
    "unga": "unga_votes",
    "events": "gdelt_events",
}
#: The powers of the alignment chart.
ALIGNMENT_PARTNERS: tuple[str, ...] = ("RUS", "CHN", "USA")
FIRST_YEAR = 1992


def default_store_path() -> Path | None:
    """The configured store (``config.store_path()``) when it exists, else ``None``."""
    path = config.store_path()
    return path if path.is_file() else None


@contextmanager
def open_store(store: Store | str | Path | None) -> Iterator[Store | None]:
    """Yield a read-only :class:`Store` holding data, or ``None`` (no path, or a store without tables).

    A :class:`Store` is used as given (and not closed); a path that does not exist is an
    :class:`InputError`."""
    if store is None:
        yield None
        return
    if isinstance(store, Store):
        yield store if not store.status().empty else None
        return
    path = Path(store).expanduser()
    if not path.is_file():
        raise InputError(
            f"--store: {path} does not exist (import data with `multivector data import all DIR`)"
        )
    st = Store(path, read_only=True)
    try:
        yield st if not st.status().empty else None
    finally:
        st.close()


# ------------------------------------------------------------------------------------------ citations
def _table_sources(store: Store) -> dict[str, str]:
    """Stored table -> the source that imported it (``unga_votes`` -> ``unga``)."""
    return {str(r["table"]): str(r["source"]) for r in store.provenance()}


def dataset_citations(store: Store, sources: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Citation fields (kind, title, url, publisher, date, note, text) of each dataset ``data-<source>``,
    from the store's provenance: the publisher's citation, the version, the files and their SHA-256."""
    out: dict[str, dict[str, Any]] = {}
    for source in dict.fromkeys(sources):
        records = store.provenance(source)
        prov = records[0]["provenance"]
        files: dict[str, str] = {}
        for rec in records:
            listed = rec["provenance"].get("files") or []
            if listed and len(listed) <= 4:
                for f in listed:
                    files[Path(str(f.get("path", ""))).name] = str(f.get("sha256", ""))
            else:
                name = Path(str(rec["file_path"])).name
                what = f"{len(listed)} files" if listed else name
                files[what] = str(rec["sha256"]).removeprefix("files:")
        file_text = "; ".join(f"{name} sha256 {sha}" for name, sha in files.items())
        title = str(prov.get("title") or source)
        publisher = prov.get("publisher")
        version = prov.get("version") or records[0].get("version")
        citation = str(prov.get("citation") or "").strip()
        text = f"Dataset: {title}"
        if publisher:
            text += f". {publisher}"
        if version:
            text += f". Version {version}"
        text = text.rstrip(".") + "."
        if citation:
            text += f" Cite as: {citation.rstrip('.')}."
        out[f"data-{source}"] = {
            "kind": "dataset",
            "title": title,
            "url": prov.get("url"),
            "publisher": publisher,
            "date": str(version) if version else None,
            "note": f"Imported files: {file_text}." if file_text else None,
            "text": text,
        }
    return out


# ------------------------------------------------------------------------------------------ series
def as_float(value: object) -> float | None:
    """``value`` as a float; None for None, NA, NaN and anything that is not a number."""
    if value is None or value is pd.NA:
        return None
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x


def _line(
    key: str, label: str, frame: pd.DataFrame, column: str, years: list[int], sources: list[str], **extra: str
) -> SeriesLine:
    by_year = {int(y): as_float(v) for y, v in zip(frame["year"], frame[column], strict=True)}
    extras = {
        name: [as_float(v) for v in frame.set_index("year")[col].reindex(years)]
        for name, col in extra.items()
    }
    return SeriesLine(
        key=key,
        label=label,
        years=years,
        values=[by_year.get(y) for y in years],
        extra=extras,
        sources=sources,
    )


def _construction_notes(country: str, table: pd.DataFrame) -> list[str]:
    """Why a line has gaps or another scale: the former Soviet republics' trade gap of 1992-93, the UN-vote
    equidistance (not a share; roll-call minimum) and the defence pledges (a year without one)."""
    from multivector.panels.balance import UNGA_MIN_VOTES
    from multivector.panels.trade import FORMER_SOVIET, SOVIET_GAP_YEARS

    notes: list[str] = []
    measured = table.dropna(subset=["balance"]) if not table.empty else table
    dims = set(table["dimension"]) if not table.empty else set()
    trade = measured[measured["dimension"] == "trade"] if not measured.empty else measured
    gap_first, gap_last = SOVIET_GAP_YEARS
    if country in FORMER_SOVIET and not trade.empty and int(trade["year"].min()) > gap_first:
        notes.append(
            f"{SERIES_DIMENSIONS['trade']}: starts in {int(trade['year'].min())} for {country}: COW does not "
            f"record trade among the former Soviet republics (intra-CIS trade) in {gap_first}-{gap_last}, "
            "so its zeros there are not measurements; those years are gaps, not zeros."
        )
    if "alliances" in dims:
        notes.append(
            f"{SERIES_DIMENSIONS['alliances']}: ln m / ln 4 for the m powers the country has an ATOP defence "
            "pledge with (0 = one power only, 0.5 = two, 1 = all four); a year without a defence pledge to "
            "any power is a gap."
        )
    if "unga" in dims:
        notes.append(
            f"{SERIES_DIMENSIONS['unga']}: how equally close the country votes to the four powers, measured "
            "against the powers' own agreement (1 = equally close to all four, 0 = at one end of every "
            "pair). It is not a share of flows: it has no tilt, so it is not on the ternary chart, and it "
            f"is not in the composite. Years with fewer than {UNGA_MIN_VOTES} roll calls shared with a "
            "power are gaps."
        )
    return notes


def over_time(country: str, store: Store) -> tuple[OverTime | None, dict[str, dict[str, Any]], list[str]]:
    """The series of ``country`` from ``store``: (the series or ``None``, the dataset citations, notes).

    Every dimension is :func:`multivector.panels.balance_over_time` (``unga``: the vote equidistance); the
    alignment lines are the Voeten agreement from :func:`multivector.panels.add_unga`. A dimension whose
    source is not in the store is left out with a note; years without a measurement are ``None`` (gaps)."""
    from multivector.panels import add_unga, balance_over_time, create_dyad_years
    from multivector.powers import POWERS

    tables = _table_sources(store)
    notes: list[str] = []
    parts: list[pd.DataFrame] = []
    years = (FIRST_YEAR, pd.Timestamp.today().year)
    for dim, tname in SERIES_TABLES.items():
        if tname not in tables:
            notes.append(f"{SERIES_DIMENSIONS[dim]}: not in the store (table {tname}).")
            continue
        try:
            got = balance_over_time(country, dimensions=[dim], years=years, store=store)
        except MultivectorError as exc:
            notes.append(f"{SERIES_DIMENSIONS[dim]}: {exc}")
            continue
        parts.append(got.assign(source=tables[tname]))
    alignment: list[SeriesLine] = []
    unga_panel: pd.DataFrame | None = None
    if "unga_votes" in tables:
        try:
            unga_panel = add_unga(create_dyad_years([country], POWERS, years), store)
        except MultivectorError as exc:
            notes.append(f"UN General Assembly alignment: {exc}")
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if "country" in table.columns:
        table = table[table["country"] == country]
    measured = table.dropna(subset=["balance"]) if not table.empty else table
    last_years = [int(measured["year"].max())] if not measured.empty else []
    if unga_panel is not None:
        covered = unga_panel.dropna(subset=["unga_agreement"])
        if not covered.empty:
            last_years.append(int(covered["year"].max()))
    if not last_years:
        return None, {}, [*notes, "The store holds no series for this country."]
    last = max(last_years)
    span = list(range(FIRST_YEAR, last + 1))
    used_sources: list[str] = []
    lines: list[SeriesLine] = []
    points: list[SeriesPoint] = []
    for dim, label in SERIES_DIMENSIONS.items():
        rows = table[table["dimension"] == dim].sort_values("year") if not table.empty else table
        if rows.empty:
            continue
        src = str(rows["source"].iloc[0])
        used_sources.append(src)
        ids = [f"data-{src}"]
        line = _line(dim, label, rows, "balance", span, ids, largest_exposure="largest_exposure")
        line.construction = str(rows["construction"].iloc[0]) if "construction" in rows.columns else None
        line.comparable = bool(rows["comparable"].iloc[0]) if "comparable" in rows.columns else True
        lines.append(line)
        if not line.comparable:
            continue  # the UN-vote equidistance has no tilt: it is not a point of the triangle
        for _, r in rows.iterrows():
            coords = [as_float(r[c]) for c in ("tilt_rus", "tilt_chn", "tilt_west")]
            if None in coords or int(r["year"]) > last:
                continue
            rus, chn, west = (float(c) for c in coords)  # type: ignore[arg-type]
            points.append(
                SeriesPoint(
                    dimension=dim,
                    year=int(r["year"]),
                    tilt_rus=rus,
                    tilt_chn=chn,
                    tilt_west=west,
                    balance=as_float(r["balance"]),
                    sources=ids,
                )
            )
    if unga_panel is not None:
        used_sources.append("unga")
        for partner in ALIGNMENT_PARTNERS:
            rows = unga_panel[unga_panel["partner_iso3"] == partner].sort_values("year")
            alignment.append(
                _line(
                    partner,
                    {"RUS": "Russia", "CHN": "China", "USA": "USA"}[partner],
                    rows,
                    "unga_agreement",
                    span,
                    ["data-unga"],
                    same_vote="unga_same_vote",
                    n_votes="unga_n_votes",
                )
            )
    notes += _construction_notes(country, table)
    cites = dataset_citations(store, used_sources)
    result = OverTime(
        country=country,
        first_year=FIRST_YEAR,
        last_year=last,
        balance=lines,
        alignment=alignment,
        alignment_measure="Voeten agreement index (1 - |v1 - v2| / 2 over non-unanimous votes)",
        ternary=points,
        datasets=[f"data-{s}" for s in dict.fromkeys(used_sources)],
        notes=list(dict.fromkeys(notes)),
    )
    return result, cites, notes
