"""The report's "Over time" section: movement from :func:`multivector.assess_series`.

* the composite balance and tilt per year, with the year of every figure each year uses (a figure older
  than its horizon is left out of that year, never carried silently);
* the composite's path on the ternary chart;
* each dimension's balance in the years it was measured (gaps elsewhere, never zeros);
* the UN General Assembly agreement with each of the four powers (Voeten), from the panel step
  :func:`multivector.panels.add_unga`.

Without a store the series rest on the casebook alone (a few years); the note says how to import data.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from multivector import dimensions as vocab
from multivector.assessment import Assessment, assess_series
from multivector.casebook.schema import Case
from multivector.citations import dataset_citation_fields, dataset_id
from multivector.errors import MultivectorError
from multivector.panels.build import build_panel
from multivector.powers import POWERS
from multivector.report.model import OverTime, SeriesLine, SeriesPoint
from multivector.store.db import Store
from multivector.values import number_or_none as _num

__all__ = ["FIRST_YEAR", "NO_DATA_NOTE", "over_time"]

#: The note shown when the report is built without imported data.
NO_DATA_NOTE = (
    "No dataset imported: the series below rest on the casebook alone. Run `multivector data import all DIR` "
    "(or `multivector data pull`) for the series from 1992."
)
FIRST_YEAR = 1992
_POWER_NAMES = {"RUS": "Russia", "CHN": "China", "USA": "USA", "EU27": "EU27"}


def _line(
    key: str,
    label: str,
    years: list[int],
    values: Mapping[int, Any],
    sources: list[str],
    **extra: Mapping[int, Any],
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


def _dimension_lines(
    rows: pd.DataFrame, years: list[int], a: Assessment, store: Store | None
) -> list[SeriesLine]:
    """Each dimension's balance in the years its figure is from (measured that year), citing the datasets
    for the years measured from the store and the casebook's sources for the casebook's years."""
    casebook_ids = {e.dimension: e.sources for e in a.dimensions if e.origin == "casebook"}
    for e in a.dimensions:
        for alt in e.alternatives:
            if alt.origin == "casebook":
                casebook_ids.setdefault(e.dimension, alt.sources)
    lines = []
    measured = rows[(rows["dimension"] != "composite") & (rows["figure_year"] == rows["year"])]
    for name, spec in vocab.DIMENSIONS.items():
        mine = measured[(measured["dimension"] == name) & measured["balance"].notna()].set_index("year")
        if mine.empty:
            continue
        origins = set(mine["origin"].dropna())
        ids = [dataset_id(s) for s in spec.sources] if "data" in origins and store is not None else []
        ids += casebook_ids.get(name, []) if "casebook" in origins else []
        line = _line(name, spec.label, years, mine["balance"].to_dict(), ids,
                     largest_exposure=mine["largest_exposure"].to_dict())  # fmt: skip
        line.construction = spec.construction
        line.comparable = spec.comparable
        lines.append(line)
    return lines


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


def _alignment(country: str, years: list[int], store: Store) -> list[SeriesLine]:
    """Voeten agreement with each power per year (same-vote share and joint votes in the hover)."""
    partners = [p for p in POWERS if p != country]
    panel = build_panel(country, partners, (years[0], years[-1]), steps=["unga"], store=store)
    lines = []
    for p in partners:
        rows = panel[panel["partner_iso3"] == p].set_index("year")
        lines.append(
            _line(
                p,
                _POWER_NAMES[p],
                years,
                rows["unga_agreement"].to_dict(),
                [dataset_id("unga")],
                same_vote=rows["unga_same_vote"].to_dict(),
                n_votes=rows["unga_n_votes"].to_dict(),
            )
        )
    return lines


def _notes(country: str, rows: pd.DataFrame) -> list[str]:
    from multivector.panels.trade import FORMER_SOVIET, SOVIET_GAP_YEARS

    notes = []
    dims = set(rows.loc[rows["figure_year"].notna(), "dimension"])
    first, last = SOVIET_GAP_YEARS
    if country in FORMER_SOVIET and "trade" in dims:
        notes.append(
            f"Trade (COW) is unknown for {first}-{last} between former Soviet republics (intra-CIS "
            "trade was not recorded): those years are gaps, not zeros."
        )
    for name in ("alliances", "unga", "diplomacy"):
        if name in dims:
            spec = vocab.DIMENSIONS[name]
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
    by_dim = {e.dimension: e.sources for e in a.dimensions}
    for name, spec in vocab.DIMENSIONS.items():
        if spec.measured and store is not None and not by_dim.get(name):
            by_dim[name] = [dataset_id(s) for s in spec.sources]
    all_ids = list(dict.fromkeys(s for ids in by_dim.values() for s in ids))
    composite, tilt = _composite_lines(rows, years, all_ids)
    alignment: list[SeriesLine] = []
    cites: dict[str, dict[str, Any]] = {}
    if store is not None:
        stored = set(store.tables())
        if all(t in stored for t in vocab.DIMENSIONS["unga"].tables):
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
        balance=_dimension_lines(rows, years, a, store),
        alignment=alignment,
        alignment_measure="Voeten agreement index (1 - |v1 - v2| / 2 over non-unanimous votes)",
        ternary=_ternary(rows, all_ids),
        datasets=[s for s in all_ids if s.startswith("data-")],
        notes=_notes(a.country, rows) + ([] if store is not None else [NO_DATA_NOTE]),
    )
    return section, cites, []
