"""The report's "Over time" section: movement from :func:`multivector.assess_series`.

* the composite balance and tilt per year, with the year of every figure each year uses (a figure older
  than its horizon is left out of that year, never carried silently);
* the composite's path on the ternary chart;
* each dimension's balance in the years it was measured (gaps elsewhere, never zeros);
* the UN General Assembly agreement with each of the four powers (Voeten), from the panel step
  :func:`multivector.panels.add_unga`, each year flagged when it covers part of the calendar year
  (``partial_year``, where the panel says so) or rests on few joint votes (``few_votes``:
  :data:`FEW_VOTES_SHARE`);
* documented recording artefacts of a dataset (:data:`ARTEFACTS`) as notes on the lines they touch.

Without a store the series rest on the casebook alone (a few years); the report's ``data_note``
(:data:`NO_DATA_NOTE`) says how to import data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from multivector import dimensions as vocab
from multivector.assessment import Assessment, assess_series
from multivector.casebook.schema import Case
from multivector.citations import DATASET_PREFIX, dataset_citation_fields, dataset_id
from multivector.dimensions import FIRST_YEAR
from multivector.errors import MultivectorError
from multivector.panels.build import build_panel
from multivector.powers import POWER_NAMES, POWERS
from multivector.report.model import LineNote, OverTime, SeriesLine, SeriesPoint
from multivector.store.db import Store
from multivector.values import number_or_none as _num

__all__ = ["ARTEFACTS", "FEW_VOTES_SHARE", "FIRST_YEAR", "NO_DATA_NOTE", "RecordingArtefact", "over_time"]

#: The note shown when the report is built without imported data.
NO_DATA_NOTE = (
    "No dataset imported: the series below rest on the casebook alone. Run `multivector data import all DIR` "
    "(or `multivector data pull`) for the series from 1992."
)
#: A year of UN votes whose joint roll calls with a power are fewer than this share of the median year's
#: (over the years shown) is flagged "few votes": its agreement rests on a handful of votes (2024 in the
#: Voeten file: 6 roll calls to 4 June, against a median of about 85 a year).
FEW_VOTES_SHARE = 0.25


@dataclass(frozen=True)
class RecordingArtefact:
    """A documented recording artefact of a dataset: the values of ``table`` for the dyad ``pair`` in
    ``years`` (inclusive) are not what happened. The report notes it on every dimension line that reads
    ``table`` for a country of ``pair`` whose other member is one of the four powers, where the line has a
    value measured from the store in those years: a band and a label on the chart, and a sentence in the
    section's notes (``documented`` says where the artefact is described)."""

    table: str
    pair: frozenset[str]
    years: tuple[int, int]
    text: str
    documented: str

    def applies(self, country: str, tables: tuple[str, ...]) -> bool:
        """True when a line of ``country`` reading ``tables`` is touched by the artefact."""
        others = self.pair - {country}
        return self.table in tables and country in self.pair and bool(others & set(POWERS))


#: Known recording artefacts (COW Trade v4: Barbieri, Keshk and Pollins 2009; the shared data's
#: ``trade/SOURCE.md`` and ``README.md``).
ARTEFACTS: tuple[RecordingArtefact, ...] = (
    RecordingArtefact(
        table=vocab.COW_TRADE,
        pair=frozenset({"KAZ", "RUS"}),
        years=(2009, 2011),
        text="COW records Russia-Kazakhstan trade far below its level in 2009-2011 (2010: 7.6 bn USD "
        "against 20.1 bn in 2008) because the customs union of Russia, Belarus and Kazakhstan (2010) ended "
        "customs recording of trade within the union and the IMF series COW draws on have gaps: a "
        "recording artefact, not a collapse of trade: Russia's share of those years is too low",
        documented="COW Trade v4 (Barbieri and Keshk 2016), known quirk of the Russia-Kazakhstan dyad",
    ),
)


def _line(
    key: str,
    label: str,
    years: list[int],
    values: Mapping[Any, Any],
    sources: list[str],
    **extra: Mapping[Any, Any],
) -> SeriesLine:
    return SeriesLine(
        key=key,
        label=label,
        years=years,
        values=[_num(values.get(y)) for y in years],
        extra={k: [_num(v.get(y)) for y in years] for k, v in extra.items()},
        sources=sources,
    )


def _composite_lines(
    rows: pd.DataFrame, years: list[int], sources: list[str]
) -> tuple[list[SeriesLine], ...]:
    comp = rows[rows["dimension"] == "composite"].set_index("year")
    balance = _line(
        "composite",
        "composite balance",
        years,
        comp["balance"].to_dict(),
        sources,
        coverage=comp["coverage"].to_dict(),
    )
    tilt = [
        _line(key, label, years, comp[col].to_dict(), sources)
        for key, label, col in (
            ("RUS", "Russia", "tilt_rus"),
            ("CHN", "China", "tilt_chn"),
            ("WEST", "West (USA + EU27)", "tilt_west"),
        )
    ]
    return [balance], tilt


def _casebook_ids(a: Assessment) -> dict[str, list[str]]:
    """Each dimension's casebook source ids (of the figure used, or of a casebook alternative)."""
    out = {e.dimension: list(e.sources) for e in a.dimensions if e.origin == "casebook"}
    for e in a.dimensions:
        for alt in e.alternatives:
            if alt.origin == "casebook":
                out.setdefault(e.dimension, list(alt.sources))
    return out


def _ids_of(rows: pd.DataFrame, name: str, a: Assessment) -> list[str]:
    """The source ids of dimension ``name``'s figures in ``rows``: the datasets of the tables they were read
    from (the trade basis of each year, the SIPRI release), and the casebook's sources for casebook years."""
    mine = rows[rows["dimension"] == name]
    tables = [
        t for cell in mine.loc[mine["origin"] == "data", "tables"] for t in str(cell or "").split(",") if t
    ]
    ids = list(dict.fromkeys(dataset_id(vocab.TABLES[t].source) for t in tables if t in vocab.TABLES))
    return ids + (_casebook_ids(a).get(name, []) if (mine["origin"] == "casebook").any() else [])


def _dimension_lines(
    rows: pd.DataFrame, years: list[int], a: Assessment, store: Store | None
) -> list[SeriesLine]:
    """Each dimension's balance in the years its figure is from (measured that year), citing the datasets
    for the years measured from the store and the casebook's sources for the casebook's years; the
    recording artefacts (:data:`ARTEFACTS`) that touch a line are its ``notes``."""
    lines = []
    measured = rows[(rows["dimension"] != "composite") & (rows["figure_year"] == rows["year"])]
    for name, spec in vocab.DIMENSIONS.items():
        mine = measured[(measured["dimension"] == name) & measured["balance"].notna()].set_index("year")
        if mine.empty:
            continue
        ids = _ids_of(mine.reset_index(), name, a)
        line = _line(name, spec.label, years, mine["balance"].to_dict(), ids,
                     largest_exposure=mine["largest_exposure"].to_dict())  # fmt: skip
        line.construction = spec.construction
        line.comparable = spec.comparable
        read = {
            int(y): tuple(str(t).split(","))
            for y, t in zip(mine.index.astype(int), mine["tables"], strict=True)
            if t
        }
        for art in ARTEFACTS:
            first, last = art.years
            touched = [y for y in range(first, last + 1) if art.applies(a.country, read.get(y, ()))]
            if touched:
                line.notes.append(
                    LineNote(first_year=first, last_year=last, text=art.text, documented=art.documented)
                )
        line.notes.extend(_basis_breaks(mine))
        lines.append(line)
    return lines


def _basis_breaks(mine: pd.DataFrame) -> list[LineNote]:
    """A note at every year whose figure is on another basis than the year before it with a figure (the
    trade series moving from COW to national statistics, a new SIPRI release): a break the chart shows,
    never a silent splice."""
    notes = []
    previous: str | None = None
    for year, row in zip(
        mine.sort_index().index.astype(int), mine.sort_index().to_dict("records"), strict=True
    ):
        basis = row["basis"] if isinstance(row["basis"], str) and row["basis"] else None
        if basis is None and row["origin"] == "casebook":
            basis = "the casebook"
        if previous is not None and basis is not None and basis != previous:
            text = f"basis changes in {year}: {previous} before, {basis} from {year}"
            notes.append(LineNote(first_year=int(year), last_year=int(year), text=text, documented="basis"))
        previous = basis or previous
    return notes


def _composite_sources(rows: pd.DataFrame, a: Assessment, store: Store | None) -> list[str]:
    """The source ids of every figure the composite uses in some year."""
    used = rows[(rows["dimension"] != "composite") & rows["in_composite"].fillna(False).astype(bool)]
    ids: list[str] = []
    for name in vocab.DIMENSIONS:
        ids.extend(_ids_of(used, name, a))
    return list(dict.fromkeys(ids))


def _figure_years(rows: pd.DataFrame) -> dict[str, dict[str, int]]:
    used = rows[(rows["dimension"] != "composite") & rows["in_composite"].fillna(False).astype(bool)]
    out: dict[str, dict[str, int]] = {}
    for rec in used.to_dict("records"):
        out.setdefault(str(int(rec["year"])), {})[str(rec["dimension"])] = int(rec["figure_year"])
    return out


def _ternary(rows: pd.DataFrame, sources: list[str]) -> list[SeriesPoint]:
    comp = rows[(rows["dimension"] == "composite") & rows["tilt_rus"].notna()]
    return [
        SeriesPoint(
            dimension="composite",
            year=int(r["year"]),
            tilt_rus=float(r["tilt_rus"]),
            tilt_chn=float(r["tilt_chn"]),
            tilt_west=float(r["tilt_west"]),
            balance=_num(r["balance"]),
            sources=sources,
        )
        for r in comp.to_dict("records")
    ]


def _vote_dimension() -> vocab.DimensionSpec:
    """The dimension measured from UN General Assembly votes (the panel step ``add_unga``)."""
    return next(d for d in vocab.DIMENSIONS.values() if d.step == "add_unga")


def _flag(values: pd.Series) -> dict[Any, float | None]:
    """A boolean column as 1.0/0.0 per year (None where unknown), for a line's ``extra``."""
    return {y: (None if pd.isna(v) else float(bool(v))) for y, v in values.items()}


def _few_votes(n_votes: Mapping[Any, Any]) -> dict[int, float | None]:
    """1.0 for a year whose joint votes are below :data:`FEW_VOTES_SHARE` of the median year's."""
    counts = {int(y): _num(v) for y, v in n_votes.items()}
    known = [v for v in counts.values() if v is not None and v > 0]
    if not known:
        return {}
    floor = FEW_VOTES_SHARE * float(pd.Series(known).median())
    return {y: (None if v is None else float(v < floor)) for y, v in counts.items()}


def _alignment(country: str, years: list[int], store: Store) -> list[SeriesLine]:
    """Voeten agreement with each power per year (same-vote share and joint votes in the hover); a year
    that covers part of the calendar year (the panel's ``unga_partial_year`` and ``unga_coverage``, where
    the panel has them) or rests on few joint votes (:func:`_few_votes`) is flagged in ``extra``."""
    spec = _vote_dimension()
    partners = [p for p in POWERS if p != country]
    panel = build_panel(country, partners, (years[0], years[-1]), steps=[spec.name], store=store)
    lines = []
    for p in partners:
        rows = panel[panel["partner_iso3"] == p].set_index("year")
        rows = rows[~rows.index.duplicated()]
        flags: dict[str, Mapping[Any, Any]] = {
            "same_vote": rows["unga_same_vote"].to_dict(),
            "n_votes": rows["unga_n_votes"].to_dict(),
            "few_votes": _few_votes(rows["unga_n_votes"].where(rows["unga_agreement"].notna()).to_dict()),
        }
        if "unga_coverage" in rows.columns:
            flags["coverage"] = rows["unga_coverage"].to_dict()
        if "unga_partial_year" in rows.columns:
            flags["partial_year"] = _flag(rows["unga_partial_year"])
        sources = [dataset_id(s) for s in spec.sources]
        lines.append(_line(p, POWER_NAMES[p], years, rows["unga_agreement"].to_dict(), sources, **flags))
    return lines


def _notes(country: str, rows: pd.DataFrame, lines: list[SeriesLine]) -> list[str]:
    """The section's notes: gaps, recording artefacts, constructions other than shares of flows, the
    horizons."""
    from multivector.panels.trade import FORMER_SOVIET, SOVIET_GAP_YEARS

    notes = []
    dated = rows[rows["figure_year"].notna()]
    from_data = set(dated.loc[dated["origin"] == "data", "dimension"])
    dims = set(dated["dimension"])
    first, last = SOVIET_GAP_YEARS
    for name in from_data:
        spec = vocab.DIMENSIONS[name]
        if country in FORMER_SOVIET and vocab.COW_TRADE in spec.tables:
            notes.append(
                f"{spec.label} (COW) is unknown for {first}-{last} between former Soviet republics "
                "(intra-CIS trade was not recorded): those years are gaps, not zeros."
            )
    for line in lines:
        for n in line.notes:
            notes.append(f"{line.label}, {n.first_year}-{n.last_year}: {n.text} ({n.documented}).")
    for name, spec in vocab.DIMENSIONS.items():
        if name in dims and spec.construction != "share-of-flows":
            notes.append(
                f"{spec.label}: {vocab.CONSTRUCTIONS[spec.construction]}"
                + ("" if spec.comparable else "; not on the composite's scale, so not in it")
                + "."
            )
    notes.append(
        "A dimension's figure is used for at most its horizon in years ("
        + ", ".join(f"{d.name} {d.horizon}" for d in vocab.DIMENSIONS.values())
        + "); older figures are left out of that year's composite."
    )
    return notes


def over_time(
    a: Assessment, casebook: Case | bool, weights: Mapping[str, float] | None, store: Store | None
) -> tuple[OverTime | None, dict[str, dict[str, Any]], list[str]]:
    """The movement of ``a.country`` up to ``a.year``: (the section or None, dataset citations, notes)."""
    try:
        rows = assess_series(a.country, (FIRST_YEAR, a.year), casebook=casebook, weights=weights, store=store)
    except MultivectorError as exc:
        return None, {}, [str(exc)]
    has_figure = rows[(rows["dimension"] != "composite") & rows["figure_year"].notna()]
    if has_figure.empty:
        return None, {}, []
    years = list(range(int(has_figure["year"].min()), int(rows["year"].max()) + 1))
    rows = rows[rows["year"].isin(years)]
    comp_ids = _composite_sources(rows, a, store)
    composite, tilt = _composite_lines(rows, years, comp_ids)
    balance = _dimension_lines(rows, years, a, store)
    alignment: list[SeriesLine] = []
    cites: dict[str, dict[str, Any]] = {}
    if store is not None:
        stored = set(store.tables())
        if all(t in stored for t in _vote_dimension().tables):
            alignment = _alignment(a.country, years, store)
        sources = [s for d in vocab.DIMENSIONS.values() if d.measured for s in d.sources]
        cites = dataset_citation_fields(
            store, sources, [t for d in vocab.DIMENSIONS.values() for t in d.tables]
        )
    section = OverTime(
        country=a.country,
        first_year=years[0],
        last_year=years[-1],
        composite=composite,
        tilt=tilt,
        figure_years=_figure_years(rows),
        balance=balance,
        alignment=alignment,
        alignment_measure="Voeten agreement index (1 - |v1 - v2| / 2 over non-unanimous votes)",
        ternary=_ternary(rows, comp_ids),
        datasets=list(
            dict.fromkeys(
                s for ln in [*balance, *alignment] for s in ln.sources if s.startswith(DATASET_PREFIX)
            )
        ),
        notes=_notes(a.country, rows, balance),
    )
    return section, cites, []
