"""The report's "Trade by basis" section: the same flows as reported by different bases, side by side.

:func:`trade_bases_section` calls :func:`multivector.panels.trade_spread.trade_spread` for the assessed
country and the four powers over the :data:`SEARCH_YEARS` years up to the assessment's year, and keeps the
:data:`SHOWN_YEARS` latest years in which at least one power's trade (imports + exports) has
:data:`MIN_FIGURES` or more full-year figures. Every figure with a value is shown with its label, basis,
side and period; the one the assessment uses (``add_trade``'s basis that year) is marked; where the spread
is above :data:`multivector.panels.trade_spread.SPREAD_THRESHOLD` a sentence says by how much
(:func:`multivector.panels.trade_spread.disagreements`). No section without a store holding trade data, or
when no year has two figures to compare.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import pandas as pd

from multivector import countries
from multivector.assessment import Assessment
from multivector.citations import dataset_citation_fields, dataset_id
from multivector.dimensions import CITED_TRADE, TABLES
from multivector.errors import MultivectorError, StoreBusyError
from multivector.panels.trade import basis_tables
from multivector.panels.trade_compare import CITED
from multivector.panels.trade_spread import FULL_YEAR, SPREAD_THRESHOLD, disagreements, trade_spread
from multivector.powers import POWERS
from multivector.report.model_trade import TradeBasesSection, TradeBasisFigure, TradeBasisRow
from multivector.store.db import Store
from multivector.values import number_or_none

__all__ = ["MIN_FIGURES", "SEARCH_YEARS", "SHOWN_YEARS", "rule_text", "trade_bases_section"]

#: How many years the section shows (the latest with :data:`MIN_FIGURES` figures for some power).
SHOWN_YEARS = 3
#: A year is shown when some power's trade has at least this many full-year figures.
MIN_FIGURES = 2
#: How many years, up to the assessment's, are searched for them.
SEARCH_YEARS = 15
_FLOW = "total"


def rule_text(threshold: float = SPREAD_THRESHOLD) -> str:
    """The section's rule in words (printed above the table in HTML and Markdown)."""
    return (
        "Each basis's figure for the country's trade (imports + exports, million current USD) with each "
        "power: the country's own statistics, its Comtrade reports, COW, the partner's report of the same "
        "flow, and figures cited from publications (basis cited, with their link). The figure the "
        "assessment uses is marked. Spread = the highest full-year figure / the lowest - 1; above "
        f"{threshold:.0%} the bases disagree by more than valuation explains (imports are valued c.i.f., "
        "exports f.o.b.; the IMF's DOTS assumes a 6% margin). Figures for part of a year are shown, never "
        "compared."
    )


def _partner_name(code: str) -> str:
    try:
        return countries.name(code)
    except MultivectorError:
        return code


def _text(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 10 else f"{value:,.2f}"


def _source_ids(basis: str) -> list[str]:
    tables = [CITED_TRADE] if basis == CITED else list(basis_tables(basis))
    return list(dict.fromkeys(dataset_id(TABLES[t].source) for t in tables if t in TABLES))


def _figure(rec: dict[str, Any], k: int) -> TradeBasisFigure:
    url = rec["url"] if isinstance(rec["url"], str) and rec["url"] else None
    return TradeBasisFigure(
        id=f"trade_bases.{rec['year']}.{rec['partner_iso3']}.{k}",
        label=str(rec["label"]),
        basis=str(rec["basis"]),
        side=str(rec["side"]),
        reporter=rec["reporter_iso3"] if isinstance(rec["reporter_iso3"], str) else None,
        source=rec["source"] if isinstance(rec["source"], str) else None,
        period=str(rec["period"]) if isinstance(rec["period"], str) else FULL_YEAR,
        preliminary=bool(rec["preliminary"]),
        selected=bool(rec["selected"]),
        compared=bool(rec["compared"]),
        value_musd=float(rec["value_musd"]),
        text=_text(float(rec["value_musd"])),
        vs_selected=number_or_none(rec["vs_selected"]),
        url=url,
        sources=_source_ids(str(rec["basis"])),
    )


def _rows(table: pd.DataFrame, notes: dict[tuple[int, str], str]) -> list[TradeBasisRow]:
    rows: list[TradeBasisRow] = []
    for _, grp in table.groupby(["year", "partner_iso3"], sort=False):
        shown = grp[grp["value_musd"].notna()]
        if shown.empty:
            continue
        year, partner = int(grp["year"].iloc[0]), str(grp["partner_iso3"].iloc[0])
        figures = [
            _figure({str(k): v for k, v in rec.items()}, i) for i, rec in enumerate(shown.to_dict("records"))
        ]
        note = notes.get((year, partner))
        rows.append(
            TradeBasisRow(
                year=year, partner=partner, partner_name=_partner_name(partner), flow=_FLOW,
                figures=figures, n_compared=int(grp["n_compared"].iloc[0]),
                spread=number_or_none(grp["spread"].iloc[0]), disagree=note is not None, note=note,
            )
        )  # fmt: skip
    return rows


def trade_bases_section(
    a: Assessment, store: Store | None
) -> tuple[TradeBasesSection | None, dict[str, dict[str, Any]]]:
    """The section for the assessed country (or None, module docstring) and the citation fields of the
    datasets its figures cite."""
    if store is None:
        return None, {}
    last = a.year if a.year is not None else _dt.date.today().year
    partners = [p for p in POWERS if p != a.country]
    try:
        table = trade_spread(a.country, partners, (last - SEARCH_YEARS + 1, last), store)
    except StoreBusyError:
        raise
    except MultivectorError:  # no trade table: the report has no such section
        return None, {}
    total = table[table["flow"] == _FLOW]
    counts = total.groupby("year")["n_compared"].max()
    years = sorted(int(y) for y in counts[counts >= MIN_FIGURES].index)[-SHOWN_YEARS:]
    if not years:
        return None, {}
    total = total[total["year"].isin(years)]
    found = disagreements(total)
    keys = zip(found["year"], found["partner_iso3"], found["text"], strict=True)
    notes = {(int(y), str(p)): str(t) for y, p, t in keys}
    order = {p: i for i, p in enumerate(partners)}
    total = total.sort_values(
        ["year", "partner_iso3"],
        key=lambda s: s.map(order) if s.name == "partner_iso3" else -s,
        kind="stable",
    )
    rows = _rows(total, notes)
    section = TradeBasesSection(
        country=a.country,
        years=sorted(years, reverse=True),
        threshold=SPREAD_THRESHOLD,
        rule=rule_text(SPREAD_THRESHOLD),
        rows=rows,
        notes=[r.note for r in rows if r.note],
    )
    bases = set(total.loc[total["value_musd"].notna(), "basis"].astype(str))
    tables = [t for b in sorted(bases) for t in ([CITED_TRADE] if b == CITED else basis_tables(b))]
    cites = dataset_citation_fields(store, [TABLES[t].source for t in tables], tables)
    return section, cites
