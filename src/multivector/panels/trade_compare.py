"""Every basis's figure for one flow, side by side: :func:`trade_bases`.

``add_trade`` takes ONE basis per country-year. The same flow is often reported differently by others:
China's customs (GACC) give Kazakhstan-China trade in 2023 as 41.0 bn USD, Kazakhstan's Bureau of National
Statistics as 30.1 bn (customs valuation, re-exports and timing differ; partner data are "mirror"
statistics). :func:`trade_bases` lists, for a country, a partner and years, every figure the store holds for
the flow, labelled, so that a report or an API can show them together instead of choosing silently:

* ``cow``: Correlates of War v4.0 (DOTS-based; one figure per flow);
* every reporter basis of :mod:`multivector.panels.trade_reported` as the *country* reports it
  (``side = "reporter"``) and, where the partner is a reporter in the same basis, as the *partner* reports
  it (``side = "partner"``, the mirror; flows turned to the country's view: the partner's exports are the
  country's imports);
* ``cited``: the hand-copied figures of ``cited_trade`` (Kazakhstan's trade as quoted from its statistics,
  its ministries, China's customs ...), each with its ``url``; their ``period`` may be part of a year.

Columns: ``year, iso3, partner_iso3, flow`` (``exports``, ``imports`` or ``total``, from the country's side),
``value_musd`` (million current USD), ``basis, side, reporter_iso3, source, period, preliminary, selected``
(True for the basis ``add_trade`` uses that year), ``note, url``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from multivector import countries as _countries
from multivector.dimensions import BACI_TRADE, CITED_TRADE, SRC_CITED
from multivector.panels.frames import (
    DEFAULT_COUNTRY,
    codes_of,
    create_dyad_years,
    opened,
    parse_years,
    stored_tables,
)
from multivector.panels.trade import COW, DEFAULT_BASES, add_trade, cow_values
from multivector.panels.trade_reported import BASES, basis_values
from multivector.powers import EU27
from multivector.store.db import Store

__all__ = ["CITED", "COMPARE_COLUMNS", "bases_table", "trade_bases"]

COMPARE_COLUMNS = (
    "year",
    "iso3",
    "partner_iso3",
    "flow",
    "value_musd",
    "basis",
    "side",
    "reporter_iso3",
    "source",
    "period",
    "preliminary",
    "selected",
    "note",
    "url",
)
#: The ``basis`` of the hand-copied figures of ``cited_trade`` (the name of their source).
CITED = SRC_CITED
_CITED_FLOWS = {
    "turnover": "total",
    "exports_kaz_to_partner": "exports",
    "imports_kaz_from_partner": "imports",
}
_SWAP = {"exports": "imports", "imports": "exports", "total": "total"}


def _rows(
    frame: pd.DataFrame, values: pd.DataFrame, basis: str, side: str, swap: bool
) -> list[dict[str, object]]:
    """Long rows (one per flow) of ``values`` computed on ``frame``; ``swap``: the frame is the partner's
    view, turned back to the country's."""
    out: list[dict[str, object]] = []
    for (_, key), (_, val) in zip(frame.iterrows(), values.iterrows(), strict=True):
        if not bool(val["available"]):
            continue
        imports, exports = float(val["imports"]), float(val["exports"])
        figures = {"imports": imports, "exports": exports, "total": imports + exports}
        country, partner = (key["partner_iso3"], key["iso3"]) if swap else (key["iso3"], key["partner_iso3"])
        for flow, value in figures.items():
            out.append(
                {
                    "year": int(key["year"]),
                    "iso3": country,
                    "partner_iso3": partner,
                    "flow": _SWAP[flow] if swap else flow,
                    "value_musd": value,
                    "basis": basis,
                    "side": side,
                    "reporter_iso3": key["iso3"] if basis != COW else pd.NA,
                    "source": val["source"],
                    "period": "full_year",
                    "preliminary": bool(val["preliminary"]),
                    "note": val["note"],
                    "url": pd.NA,
                }
            )
    return out


def _cited(st: Store, country: str, partner: str, years: list[int]) -> list[dict[str, object]]:
    """Rows of the hand-copied table (Kazakhstan-centric: ``partner_iso3`` is Kazakhstan's partner)."""
    if CITED_TRADE not in stored_tables(st) or "KAZ" not in (country, partner):
        return []
    other = partner if country == "KAZ" else country
    table = st.query_df(
        "SELECT year, period, reporter_basis, partner_iso3, measure, value, unit, reported_by, source_url,"
        f" note FROM {CITED_TRADE} WHERE partner_iso3 = ? AND year BETWEEN ? AND ?",
        [other, min(years), max(years)],
    )
    out: list[dict[str, object]] = []
    for rec in table.to_dict("records"):
        flow = _CITED_FLOWS.get(str(rec["measure"]))
        scale = 1000.0 if str(rec["unit"]).lower().startswith("billion") else 1.0
        if flow is None or int(rec["year"]) not in years:
            continue
        found = _countries.to_iso3(str(rec["reporter_basis"]).split("(")[0].strip(), not_found="nan")
        reporter = found if isinstance(found, str) else None
        side = "reporter" if reporter == country else "partner" if reporter == partner else "other"
        out.append(
            {
                "year": int(rec["year"]),
                "iso3": country,
                "partner_iso3": partner,
                "flow": flow if country == "KAZ" else _SWAP[flow],
                "value_musd": float(rec["value"]) * scale,
                "basis": CITED,
                "side": side,
                "reporter_iso3": reporter,
                "source": f"{rec['reporter_basis']}, as quoted by {rec['reported_by']}",
                "period": rec["period"],
                "preliminary": False,
                "note": rec["note"],
                "url": rec["source_url"],
            }
        )
    return out


def trade_bases(
    country: str = DEFAULT_COUNTRY,
    partner: str = "CHN",
    years: Sequence[int] | tuple[int, int] | int | str = (1992, 2024),
    store: Store | str | Path | None = None,
    bases: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Every basis's figure for the trade of ``country`` with ``partner`` in ``years``, side by side
    (:data:`COMPARE_COLUMNS`, module docstring); ``selected`` marks what ``add_trade(..., bases=bases)``
    uses. Names are accepted as in the panels (``"Kazakhstan"``, ``"EU"``)."""
    (c,) = codes_of([country], (DEFAULT_COUNTRY,), allow_bloc=False)
    (p,) = codes_of([partner], ("CHN",), allow_bloc=True)
    with opened(store) as st:
        return bases_table(c, [p], parse_years(years), st, bases)


def bases_table(
    country: str, partners: Sequence[str], years: list[int], st: Store, bases: Sequence[str] | None = None
) -> pd.DataFrame:
    """:func:`trade_bases` for several partners at once (ISO3 codes or ``EU27``, already checked; the
    country itself must not be among them): rows ordered by year, partner (in the order given), flow,
    basis (``bases`` order, then ``cited``) and side."""
    frame = create_dyad_years(country, list(partners), years)
    panel = add_trade(frame, st, bases=bases)
    cow, _ = cow_values(frame, st)
    rows = _rows(frame, cow, COW, "reporter", swap=False)
    mirrored = [p for p in partners if p != EU27]
    for name in BASES:
        rows += _rows(frame, basis_values(frame, st, name), name, "reporter", swap=False)
        if mirrored and BASES[name].table != BACI_TRADE:  # BACI is reconciled from both sides
            mirror = create_dyad_years(mirrored, [country], years)
            rows += _rows(mirror, basis_values(mirror, st, name), name, "partner", swap=True)
    for p in partners:
        rows += _cited(st, country, p, years)
    out = pd.DataFrame(rows, columns=[col for col in COMPARE_COLUMNS if col != "selected"])
    keys = zip(panel["partner_iso3"].astype(str), panel["year"].astype(int), strict=True)
    # a year with no basis selected (past the data) has NA: it selects nothing
    chosen = {k: b for k, b in zip(keys, panel["trade_basis"], strict=True) if isinstance(b, str)}
    out["selected"] = [
        side == "reporter" and chosen.get((str(p), int(y))) == b
        for p, y, b, side in zip(out["partner_iso3"], out["year"], out["basis"], out["side"], strict=True)
    ]
    out = out.astype({"value_musd": "float64", "selected": "bool"})
    order = {b: i for i, b in enumerate((*(DEFAULT_BASES if bases is None else bases), CITED))}
    out["_p"] = out["partner_iso3"].map({p: i for i, p in enumerate(partners)})
    out["_o"] = out["basis"].map(order).fillna(len(order))
    out["_s"] = out["side"].map({"reporter": 0, "partner": 1}).fillna(2)
    out = out.sort_values(["year", "_p", "flow", "_o", "_s"], kind="stable").drop(columns=["_p", "_o", "_s"])
    out["value_musd"] = out["value_musd"].where(np.isfinite(out["value_musd"]))
    return out[list(COMPARE_COLUMNS)].reset_index(drop=True)
