"""Where the trade bases disagree: :func:`trade_spread` and :func:`disagreements`.

:func:`~multivector.panels.trade_compare.trade_bases` lists every figure the store holds for one flow. This
module lays them out for a country and the four powers (:data:`multivector.powers.POWERS`, less the country)
over a span of years, and measures, per flow (``year, partner_iso3, flow``), how far they are apart:

* ``compared``: the figure takes part in the comparison: a full-year figure (``period`` ``full_year``) with
  a value. Figures for part of a year (a cited January-September total) are listed, never compared;
* ``n_compared``: how many figures of the flow are compared;
* ``spread`` = max / min - 1 over the compared figures of the flow (NaN with fewer than two; infinite when
  one is 0 and another is not). It does not depend on which figure is selected: 0.364 for Kazakhstan-China
  2023 (China's customs' 41,000 over the Kazakh bureau's 30,055 million USD);
* ``vs_selected`` = value / the selected figure - 1, for each compared figure (NaN where the flow has no
  selected figure with a value): how far a figure is from the one ``add_trade`` and the assessment use;
* ``disagree`` = ``spread`` > ``threshold`` (default :data:`SPREAD_THRESHOLD`, 10%).

Why 10%: a reporter's imports are valued c.i.f. and its partner's exports f.o.b., so mirror figures differ
by the cost of freight and insurance even when both are right; the IMF's Direction of Trade Statistics
assumes a c.i.f./f.o.b. factor of 1.06 (IMF, *Direction of Trade Statistics Yearbook 2017*, introduction).
A spread above 10% is more than valuation explains (re-exports and transit, timing, coverage, confidential
trade, or a different release), and both figures are worth showing.

``label`` names each figure for a reader: the agency's abbreviation for national statistics (``BNS``,
``NSC``), ``COW``, ``Comtrade (WITS)``, ``IMF IMTS``, ``CEPII BACI``, the reporter as quoted for a cited
figure (``China (GACC)``); a partner's report of the flow (the mirror) adds ``, partner-reported``.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from multivector.dimensions import BACI_TRADE, CITED_TRADE, IMTS_TRADE, TABLES, TRADE_WITS
from multivector.errors import InputError, StoreError
from multivector.panels.frames import codes_of, opened, parse_years, stored_tables
from multivector.panels.trade import COW, basis_tables
from multivector.panels.trade_compare import CITED, COMPARE_COLUMNS, bases_table
from multivector.panels.trade_reported import BASES
from multivector.powers import POWERS
from multivector.store.db import Store

__all__ = [
    "DISAGREEMENT_COLUMNS",
    "FULL_YEAR",
    "LATEST_YEARS",
    "SPREAD_COLUMNS",
    "SPREAD_THRESHOLD",
    "disagreements",
    "figure_label",
    "format_musd",
    "trade_spread",
    "trade_spread_tables",
]

#: A spread (max / min - 1) above this is a disagreement between bases (module docstring: why 10%).
SPREAD_THRESHOLD = 0.10
#: ``trade_spread(years=None)`` covers this many of the latest years with a figure.
LATEST_YEARS = 10
#: The ``period`` of a figure for a whole calendar year (the only figures compared).
FULL_YEAR = "full_year"
#: The first year :func:`trade_spread` looks at when it finds the latest years with data itself.
SEARCH_FROM = 1950
#: Columns of :func:`trade_spread`: those of ``trade_bases``, then the comparison.
SPREAD_COLUMNS: tuple[str, ...] = (
    *COMPARE_COLUMNS, "label", "compared", "n_compared", "spread", "vs_selected", "disagree",
)  # fmt: skip
#: Columns of :func:`disagreements`: one row per flow whose bases disagree.
DISAGREEMENT_COLUMNS: tuple[str, ...] = (
    "year", "iso3", "partner_iso3", "flow", "n_compared", "spread", "selected_label", "selected_musd",
    "farthest_label", "farthest_musd", "farthest_vs_selected", "text",
)  # fmt: skip
_TABLE_NAMES = {TRADE_WITS: "Comtrade (WITS)", IMTS_TRADE: "IMF IMTS", BACI_TRADE: "CEPII BACI"}
_NAMES = {COW: "COW"} | {b.name: _TABLE_NAMES[b.table] for b in BASES.values() if b.table in _TABLE_NAMES}
_KEY = ["year", "partner_iso3", "flow"]
_TRAILING_PARENS = re.compile(r"\(([^()]+)\)\s*$")


def figure_label(basis: str, side: str, source: object) -> str:
    """A reader's name for one figure (module docstring): ``BNS``, ``China (GACC)``, ``Comtrade (WITS),
    partner-reported``."""
    text = "" if source is None or source is pd.NA else str(source)
    if basis == CITED:
        return text.split(", as quoted by", 1)[0].strip() or CITED
    if basis in _NAMES:
        name = _NAMES[basis]
    else:
        found = _TRAILING_PARENS.search(text)
        name = found.group(1) if found else (text or basis)
    return f"{name}, partner-reported" if side == "partner" else name


def format_musd(value: float) -> str:
    """Million USD for a sentence: ``41.0 bn USD`` from 1,000 million, else ``420 million USD``."""
    if abs(value) >= 1000:
        return f"{value / 1000:,.1f} bn USD"
    return f"{value:,.0f} million USD" if abs(value) >= 10 else f"{value:,.2f} million USD"


def _pct(share: float) -> str:
    """A difference as a percentage: whole percent from 15%, one decimal below (``9.9%``, not a ``10%``
    that reads as the threshold)."""
    return f"{share:.0%}" if abs(share) >= 0.15 else f"{share:.1%}"


def trade_spread_tables(table: pd.DataFrame) -> list[str]:
    """The store tables the figures of a :func:`trade_spread` (or ``trade_bases``) table were read from, in
    a fixed order: each basis's tables, and ``cited_trade`` for cited figures."""
    present = set(table["basis"].astype(str))
    out = [t for b in (COW, *BASES) if b in present for t in basis_tables(b)]
    return out + ([CITED_TRADE] if CITED in present else [])


def _latest_years(table: pd.DataFrame, n: int) -> list[int]:
    with_value = table.loc[table["value_musd"].notna(), "year"].astype(int)
    return sorted(set(with_value))[-n:]


def _require_trade(st: Store) -> None:
    wanted = (COW, *BASES)
    tables = [t for b in wanted for t in basis_tables(b)[:1]]
    if stored_tables(st) & set(tables):
        return
    sources = list(dict.fromkeys(TABLES[t].source for t in tables))
    raise StoreError(
        f"the store at {st.path} holds no trade table (any of {', '.join(tables)}); import one with "
        + " or ".join(f"`multivector data import {s} PATH`" for s in sources)
        + " (or `multivector data import all DIR`)"
    )


def _spread(values: pd.Series) -> float:
    finite = values.dropna()
    if len(finite) < 2:
        return math.nan
    low, high = float(finite.min()), float(finite.max())
    if low <= 0:
        return 0.0 if high <= 0 else math.inf
    return high / low - 1.0


def _compare(table: pd.DataFrame, threshold: float) -> pd.DataFrame:
    out = table.copy()
    out["label"] = [
        figure_label(b, s, src) for b, s, src in zip(out["basis"], out["side"], out["source"], strict=True)
    ]
    out["compared"] = (out["period"].astype("string") == FULL_YEAR).fillna(False).astype(bool) & out[
        "value_musd"
    ].notna()
    compared = out["value_musd"].where(out["compared"])
    groups = compared.groupby([out[k] for k in _KEY], sort=False)
    out["n_compared"] = groups.transform("count").astype("int64")
    out["spread"] = groups.transform(_spread).astype("float64")
    chosen = compared.where(out["selected"])
    selected = chosen.groupby([out[k] for k in _KEY], sort=False).transform("max")
    with np.errstate(divide="ignore", invalid="ignore"):
        out["vs_selected"] = np.where(selected > 0, compared / selected - 1.0, np.nan)
    out["disagree"] = (out["spread"] > threshold).fillna(False).astype(bool)
    return out[list(SPREAD_COLUMNS)]


def trade_spread(
    country: str,
    partners: Sequence[str] | str | None = None,
    years: Sequence[int] | tuple[int, int] | int | str | None = None,
    store: Store | str | Path | None = None,
    *,
    bases: Sequence[str] | None = None,
    threshold: float = SPREAD_THRESHOLD,
) -> pd.DataFrame:
    """Every basis's figure for the trade of ``country`` with each of ``partners`` (default the four powers
    other than the country; ISO3 codes, names or ``EU``), per year and flow, with how far they are apart
    (:data:`SPREAD_COLUMNS`, module docstring). ``years`` default to the :data:`LATEST_YEARS` latest years
    with a figure. ``selected`` marks what ``add_trade(..., bases=bases)`` uses.

    Raises :class:`StoreError` naming what to import when the store holds no trade table, and
    :class:`InputError` / :class:`UnknownCountryError` for bad years or names (or when the only partner is
    the country itself).
    """
    (c,) = codes_of([country], (), allow_bloc=False)
    ps = [p for p in codes_of(partners, POWERS, allow_bloc=True) if p != c]
    if not ps:
        raise InputError(f"partners: the only partner given is the country itself ({c})")
    span = parse_years(years) if years is not None else None
    with opened(store) as st:
        _require_trade(st)
        if span is None:
            found = bases_table(c, ps, list(range(SEARCH_FROM, _dt.date.today().year + 1)), st, bases)
            span = _latest_years(found, LATEST_YEARS)
            table = found[found["year"].isin(span)].reset_index(drop=True)
        else:
            table = bases_table(c, ps, span, st, bases)
    return _compare(table, threshold)


def _text(what: str, sel: pd.Series | None, far: list[pd.Series], low: pd.Series, high: pd.Series) -> str:
    """``2023, trade with CHN: China (GACC) reports 41.0 bn USD, 36% more than BNS's 30.1 bn USD that the
    assessment uses`` (``far``: one or two figures, the farthest above and below the selected one)."""
    if sel is None:
        lowest = format_musd(float(low["value_musd"]))
        return (
            f"{what}: {high['label']} reports {format_musd(float(high['value_musd']))}, "
            f"{_pct(float(high['spread']))} more than {low['label']}'s {lowest}; the assessment uses neither"
        )
    parts = []
    for i, row in enumerate(far):
        pct = float(row["vs_selected"])
        verb = "reports " if i == 0 else ""
        parts.append(
            f"{row['label']} {verb}{format_musd(float(row['value_musd']))}, {_pct(abs(pct))} "
            f"{'more' if pct > 0 else 'less'}"
        )
    return (
        f"{what}: {' and '.join(parts)} than {sel['label']}'s {format_musd(float(sel['value_musd']))} "
        "that the assessment uses"
    )


def _farthest(others: pd.DataFrame, threshold: float) -> list[pd.Series]:
    """The compared figures farthest above and below the selected one that are off by more than
    ``threshold`` (farthest first); the farthest alone when none is."""
    dev = others["vs_selected"].to_numpy(dtype="float64")
    picks = [others.iloc[int(np.nanargmax(dev))]] if (dev > threshold).any() else []
    picks += [others.iloc[int(np.nanargmin(dev))]] if (dev < -threshold).any() else []
    if not picks:
        return [others.iloc[int(np.nanargmax(np.abs(dev)))]]
    return sorted(picks, key=lambda r: -abs(float(r["vs_selected"])))


def disagreements(table: pd.DataFrame, threshold: float = SPREAD_THRESHOLD) -> pd.DataFrame:
    """One row per flow of a :func:`trade_spread` table whose bases disagree (:data:`DISAGREEMENT_COLUMNS`):
    the selected figure, the compared figure farthest from it (``farthest_*``; where the flow has no
    selected figure with a value, the highest figure, and ``spread`` is measured from the lowest) and
    ``text``, a sentence naming the figures more than ``threshold`` above and below the selected one."""
    rows: list[dict[str, object]] = []
    for _, grp in table[table["disagree"]].groupby(_KEY, sort=False):
        first = grp.iloc[0]
        year, partner, flow = int(first["year"]), str(first["partner_iso3"]), str(first["flow"])
        cmp = grp[grp["compared"]]
        chosen = cmp[cmp["selected"] & cmp["vs_selected"].notna()]
        sel = chosen.iloc[0] if len(chosen) else None
        ranked = cmp.sort_values("value_musd", kind="stable")
        low, high = ranked.iloc[0], ranked.iloc[-1]
        far = _farthest(cmp[~cmp["selected"]], threshold) if sel is not None else [high]
        what = f"{year}, {'trade' if flow == 'total' else flow} with {partner}"
        rows.append(
            {
                "year": year, "iso3": str(first["iso3"]), "partner_iso3": partner,
                "flow": flow, "n_compared": int(first["n_compared"]),
                "spread": float(first["spread"]),
                "selected_label": sel["label"] if sel is not None else None,
                "selected_musd": float(sel["value_musd"]) if sel is not None else math.nan,
                "farthest_label": far[0]["label"], "farthest_musd": float(far[0]["value_musd"]),
                "farthest_vs_selected": float(far[0]["vs_selected"]) if sel is not None else math.nan,
                "text": _text(what, sel, far, low, high),
            }
        )  # fmt: skip
    out = pd.DataFrame(rows, columns=list(DISAGREEMENT_COLUMNS))
    return out.astype({"spread": "float64", "selected_musd": "float64", "farthest_vs_selected": "float64"})
