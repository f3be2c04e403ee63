"""Trade measures: bilateral trade (turnover, exports, imports), a partner's share, a partner's rank.

Figures come from the trade panel and its bases: :func:`multivector.panels.add_trade` picks one basis per
country-year (national statistics, UN Comtrade via WITS, IMF IMTS, CEPII BACI or COW; ``trade_basis``), and
:func:`multivector.panels.trade_compare.trade_bases` lists every basis's figure for the same flow side by
side: as the country reports it, as the partner reports it (a *mirror* figure) and the hand-copied cited
figures (Kazakh statistics, China's customs ...). Every figure says whose statistics it is
(:attr:`~multivector.claims.model.Figure.side`: the country's own, the partner's, or a compiled dataset
such as COW or BACI), and the gap between the partner's figures and the country's in nearby years is passed
on, so that :func:`multivector.claims.verdict.decide` can tell a basis difference from a contradiction.

Known undercounts (:data:`KNOWN_UNDERCOUNTS`) are left out rather than allowed to contradict or support a
claim: COW's Russia-Kazakhstan(-Belarus) flows of 2010-2011 leave out most customs-union trade
(``shared/data/trade/SOURCE.md``); Kazakhstan's Comtrade/WITS reports of 2020-2022 are far below its
statistics bureau's (``shared/data/trade_current/SOURCE.md``: imports 22.2 / 27.7 / 31.0 bn vs 38.9 / 41.4 /
50.9). Years outside a source's coverage are never filled.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from multivector.claims.evidence import Evidence, latest_within_horizon
from multivector.claims.model import Claim, Figure, NotCheckable, Period, Side, Source
from multivector.claims.verdict import Measured
from multivector.countries import crosswalk
from multivector.dimensions import (
    BACI_TRADE,
    CITED_TRADE,
    COW_TRADE,
    COW_TRADE_NATIONAL,
    IMTS_TRADE,
    SRC_BACI,
    SRC_CITED,
    SRC_IMTS,
    TRADE,
    TRADE_NATIONAL_STATS,
    TRADE_WITS,
)
from multivector.panels import add_trade, create_dyad_years
from multivector.panels.trade import COW
from multivector.panels.trade_compare import COMPARE_COLUMNS, trade_bases
from multivector.powers import EU27, EU27_MEMBERS, WORLD

__all__ = ["GAP_YEARS", "KNOWN_UNDERCOUNTS", "trade_rank", "trade_share", "trade_value"]

#: (basis, states, first year, last year, whole, why): figures of ``basis`` for a flow between two of
#: ``states`` (``whole`` False), or for any flow reported by one of them (``whole`` True), in those years
#: are known undercounts and are not used.
KNOWN_UNDERCOUNTS: tuple[tuple[str, frozenset[str], int, int, bool, str], ...] = (
    ("cow", frozenset({"RUS", "KAZ", "BLR"}), 2010, 2011, False,
     "COW's Russia-Kazakhstan-Belarus flows of 2010-2011 are undercounts: the 2010 customs union ended "
     "customs recording of their mutual trade (shared/data/trade/SOURCE.md)"),
    ("comtrade", frozenset({"KAZ"}), 2020, 2022, True,
     "Kazakhstan's Comtrade/WITS reports of 2020-2022 are far below its statistics bureau's (undercount, "
     "shared/data/trade_current/SOURCE.md)"),
)  # fmt: skip
#: A gap between two bases seen in one year explains a claim at most this many years away.
GAP_YEARS = 3
_FLOW = {"turnover": "total", "exports": "exports", "imports": "imports"}
_COLUMN = {"turnover": "trade_total", "exports": "trade_exports", "imports": "trade_imports"}
_TABLE = {COW: COW_TRADE, "national_statistics": TRADE_NATIONAL_STATS, "comtrade": TRADE_WITS,
          SRC_IMTS: IMTS_TRADE, SRC_BACI: BACI_TRADE, SRC_CITED: CITED_TRADE}  # fmt: skip


def _undercount(basis: str, country: str, partner: str, reporter: str | None, year: int) -> str | None:
    for name, states, first, last, whole, why in KNOWN_UNDERCOUNTS:
        if name != basis or not first <= year <= last:
            continue
        if (whole and (reporter or country) in states) or (not whole and {country, partner} <= states):
            return why
    return None


def _panel(ev: Evidence, country: str, partners: tuple[str, ...], first: int, last: int) -> pd.DataFrame:
    """``add_trade`` on the dyads country x partners, years first..last (cached)."""

    def build() -> pd.DataFrame:
        store = ev.require(COW_TRADE, COW_TRADE_NATIONAL)
        return add_trade(create_dyad_years(country, list(partners), years=(first, last)), store)

    return ev.memo((TRADE, country, partners, first, last), build)


def _dyad(ev: Evidence, country: str, partner: str) -> pd.DataFrame:
    """The trade panel of one dyad over 1992 to the current year (one per dyad and run)."""
    return _panel(ev, country, (partner,), 1992, ev.current_year)


def _last_based(ev: Evidence, country: str, partner: str) -> int:
    panel = _dyad(ev, country, partner)
    based = panel.loc[panel["trade_basis"].notna(), "year"]
    return int(based.max()) if len(based) else 0


_SWAP_FLOW = {"exports": "imports", "imports": "exports", "total": "total"}


def _view(ev: Evidence, country: str, partner: str) -> tuple[str, str, bool]:
    """The dyad's point of view to read: the country's own (its reports, then the partner's as mirror
    figures), or the partner's turned around (``flipped``) when only the partner's side is covered in recent
    years (China-Kazakhstan: Kazakhstan reports to 2024, China only through COW to 2014)."""
    own_last = _last_based(ev, country, partner)
    if partner == EU27 or own_last >= ev.current_year - 3:
        return country, partner, False
    other_last = _last_based(ev, partner, country)
    return (partner, country, True) if other_last > own_last else (country, partner, False)


def _bases(ev: Evidence, country: str, partner: str) -> pd.DataFrame:
    """Every basis's figures of the dyad from 1992 to the last year a basis covers, from the country's point
    of view (:func:`_view`; the reporter of each figure is kept, flows of a turned view are swapped: the
    partner's exports are the country's imports). One table per dyad and run."""
    a, b, flipped = _view(ev, country, partner)

    def build() -> pd.DataFrame:
        store = ev.require(COW_TRADE, COW_TRADE_NATIONAL)
        last = _last_based(ev, a, b)
        if last < 1992:  # trade_bases cannot mark the selected basis of a year no basis covers
            return pd.DataFrame(columns=list(COMPARE_COLUMNS))
        rows = trade_bases(a, b, (1992, last), store)
        return rows.assign(flow=rows["flow"].map(_SWAP_FLOW)) if flipped else rows

    return ev.memo(("bases", a, b), build)


def _source(ev: Evidence, basis: str, rec: Mapping[Hashable, Any]) -> Source:
    if basis == SRC_CITED:
        return Source("page", CITED_TRADE, str(rec.get("source") or "cited figure"), version="hand-copied",
                      url=str(rec["url"]) if isinstance(rec.get("url"), str) else None)  # fmt: skip
    table = _TABLE.get(basis)
    if table is not None and ev.has(table):
        return ev.dataset(table)
    return Source("dataset", table or basis, str(rec.get("source") or basis))


def _side(claim: Claim, basis: str, side: str, reporter: object) -> Side:
    if basis in (COW, SRC_BACI):
        return "dataset"
    if reporter == claim.country:
        return "own"
    if reporter == claim.partner or side == "partner":
        return "partner"
    return "dataset"


def _figures(ev: Evidence, claim: Claim, year: int, flow: str) -> tuple[list[Figure], list[str]]:
    """Every usable full-year figure of the claim's flow in ``year``, the basis add_trade selects first."""
    assert claim.country is not None and claim.partner is not None
    rows = _bases(ev, claim.country, claim.partner)
    rows = rows[(rows["year"] == year) & (rows["flow"] == _FLOW[flow]) & (rows["period"] == "full_year")]
    rows = rows[rows["value_musd"].notna()].sort_values("selected", ascending=False, kind="stable")
    figures: list[Figure] = []
    notes: list[str] = []
    for rec in rows.to_dict("records"):
        basis, reporter = str(rec["basis"]), rec.get("reporter_iso3")
        reporter_code = str(reporter) if isinstance(reporter, str) else None
        why = _undercount(basis, claim.country, claim.partner, reporter_code, year)
        if why:
            notes.append(f"{rec['source']} left out: {why}")
            continue
        if basis == SRC_CITED and str(rec.get("url")) in claim.own_urls:
            continue
        side = _side(claim, basis, str(rec["side"]), reporter_code)
        label = str(rec["source"]) + (" (selected)" if bool(rec["selected"]) else "")
        figures.append(Figure(float(rec["value_musd"]) / 1000.0, "billion USD", str(year), label, side,
                              (_source(ev, basis, rec),)))  # fmt: skip
    return figures, notes


def _basis_gap(ev: Evidence, claim: Claim, flow: str, year: int) -> tuple[float, float, str] | None:
    """The range of the partner's figures / the country's selected figure over the years within
    :data:`GAP_YEARS` of ``year`` that have both."""
    ratios: list[tuple[int, float]] = []
    for y in range(year - GAP_YEARS, year + GAP_YEARS + 1):
        if y == year:
            continue
        figs, _ = _figures(ev, claim, y, flow)
        own = [f.value for f in figs if f.side == "own"]
        partner = [f.value for f in figs if f.side == "partner"]
        if own and partner and own[0] > 0:
            ratios.append((y, float(np.mean(partner)) / own[0]))
    if not ratios:
        return None
    values = [r for _, r in ratios]
    return min(values), max(values), ", ".join(str(y) for y, _ in ratios)


def _latest_year(ev: Evidence, claim: Claim, flow: str) -> int:
    """The latest year with a full-year figure of the claim's flow on any basis."""
    assert claim.country is not None and claim.partner is not None
    if claim.partner == WORLD:
        frame = _dyad(ev, claim.country, "RUS" if claim.country != "RUS" else "CHN")
        have = frame.loc[frame["trade_country_total"].notna(), "year"]
    else:
        a, b, flipped = _view(ev, claim.country, claim.partner)
        frame = _dyad(ev, a, b)
        column = _COLUMN[{"exports": "imports", "imports": "exports"}.get(flow, flow) if flipped else flow]
        have = frame.loc[frame[column].notna(), "year"]
    if not len(have):
        raise NotCheckable(f"no trade figure for {claim.country}-{claim.partner} in the data")
    return int(have.max())


def _world_figures(ev: Evidence, claim: Claim, years: list[int], flow: str) -> list[Figure]:
    """The country's total trade (imports + exports) on the selected basis, summed over ``years``."""
    assert claim.country is not None
    if flow != "turnover":
        raise NotCheckable("the panel gives a country's total trade, not its total exports or imports")
    frame = _dyad(ev, claim.country, "RUS" if claim.country != "RUS" else "CHN")
    rows = frame[frame["year"].isin(years)]
    if len(rows) != len(years) or rows["trade_country_total"].isna().any():
        raise NotCheckable(f"no total trade of {claim.country} for every year of {years[0]}-{years[-1]}")
    label = _basis_label(rows)
    src = _source(ev, str(rows["trade_basis"].iloc[0]), {})
    period = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]} (sum)"
    return [
        Figure(float(rows["trade_country_total"].sum()) / 1000.0, "billion USD", period, label, "own", (src,))
    ]


def _basis_label(rows: pd.DataFrame) -> str:
    sources = [str(x) for x in rows["trade_source"].dropna().unique()] if "trade_source" in rows else []
    if not sources:
        return "COW Trade v4.0"
    return sources[0] if len(sources) == 1 else " + ".join(sources) + " (a basis break inside the period)"


def _sum_figures(ev: Evidence, claim: Claim, years: list[int], flow: str) -> list[Figure]:
    """The selected basis's figures summed over several years (every year must be measured)."""
    assert claim.country is not None and claim.partner is not None
    frame = _dyad(ev, claim.country, claim.partner)
    rows = frame[frame["year"].isin(years)]
    for rec in rows.to_dict("records"):
        why = _undercount(
            str(rec["trade_basis"]), claim.country, claim.partner, claim.country, int(rec["year"])
        )
        if why:
            raise NotCheckable(why)
    values = rows[_COLUMN[flow]]
    if len(rows) != len(years) or values.isna().any():
        raise NotCheckable(
            f"the trade panel lacks {claim.country}-{claim.partner} for part of {years[0]}-{years[-1]}"
        )
    src = _source(ev, str(rows["trade_basis"].iloc[-1]), {})
    label = _basis_label(rows)
    return [Figure(float(values.sum()) / 1000.0, "billion USD", f"{years[0]}-{years[-1]} (sum)", label,
                   "own", (src,))]  # fmt: skip


def trade_value(claim: Claim, ev: Evidence) -> Measured:
    """Bilateral trade of ``claim.country`` with ``claim.partner`` (``WLD``: its total trade), billion USD:
    every basis's figure for one year, the selected basis summed for several."""
    if claim.country is None or claim.partner is None:
        raise NotCheckable("the trade partner is not named")
    flow = claim.flow or "turnover"
    period = latest_within_horizon(
        claim, _latest_year(ev, claim, flow), TRADE, ev.current_year, "trade figures"
    )
    years = period.years
    if claim.partner == WORLD:
        return Measured(_world_figures(ev, claim, years, flow))
    if len(years) > 1:
        return Measured(_sum_figures(ev, claim, years, flow))
    figures, notes = _figures(ev, claim, years[0], flow)
    if not figures:
        raise NotCheckable(_no_figure(claim, period, notes))
    return Measured(figures, notes=notes, basis_gap=_basis_gap(ev, claim, flow, years[0]))


def _no_figure(claim: Claim, period: Period, notes: list[str]) -> str:
    extra = f" ({'; '.join(notes)})" if notes else ""
    pair = f"{claim.country}-{claim.partner}"
    return f"no full-year trade figure for {pair} in {period.label()} in the data{extra}"


def trade_share(claim: Claim, ev: Evidence) -> Measured:
    """The partner's share of the country's total trade (percent): ``trade_dependence`` of the panel, on
    the basis it selects each year."""
    if claim.country is None or claim.partner is None:
        raise NotCheckable("the share needs both the country and its partner")
    if (claim.flow or "turnover") != "turnover":
        raise NotCheckable(
            "shares of exports or imports alone are not in the trade panel (only of total trade)"
        )
    frame = _dyad(ev, claim.country, claim.partner)
    have = frame.loc[frame["trade_dependence"].notna(), "year"]
    if not len(have):
        raise NotCheckable(f"no trade share for {claim.country}-{claim.partner} in the data")
    period = latest_within_horizon(claim, int(have.max()), TRADE, ev.current_year, "trade figures")
    rows = frame[frame["year"].isin(period.years)]
    for rec in rows.to_dict("records"):
        why = _undercount(
            str(rec["trade_basis"]), claim.country, claim.partner, claim.country, int(rec["year"])
        )
        if why:
            raise NotCheckable(why)
    if (
        len(rows) != len(period.years)
        or rows["trade_total"].isna().any()
        or rows["trade_country_total"].isna().any()
    ):
        raise NotCheckable(
            f"the trade panel lacks {claim.country}-{claim.partner} for part of {period.label()}"
        )
    share = 100.0 * float(rows["trade_total"].sum()) / float(rows["trade_country_total"].sum())
    src = _source(ev, str(rows["trade_basis"].iloc[-1]), {})
    return Measured([Figure(share, "percent", period.label(), _basis_label(rows), "own", (src,))])


def _partners(country: str) -> tuple[str, ...]:
    """Every state a country can trade with (the crosswalk's ISO3 codes, the country left out)."""
    codes = crosswalk()["iso3"].dropna().astype(str)
    return tuple(sorted(c for c in codes if c != country and len(c) == 3))


def _ranking(ev: Evidence, claim: Claim, year: int, flow: str) -> tuple[pd.Series, pd.DataFrame] | str:
    """The partners of the year by trade, largest first, and the panel; or why the year cannot be ranked
    (a basis that does not list every partner, a known undercount among the largest)."""
    assert claim.country is not None
    partners = _partners(claim.country)
    if claim.partner == EU27:
        partners = (*[p for p in partners if p not in EU27_MEMBERS], EU27)
    frame = _panel(ev, claim.country, partners, year, year)
    notes = frame["trade_note"].dropna().astype(str) if "trade_note" in frame else pd.Series(dtype=str)
    if notes.str.contains("unknown").any():
        return f"the {year} trade basis of {claim.country} does not list every partner ({notes.iloc[0]})"
    basis = str(frame["trade_basis"].dropna().iloc[0]) if frame["trade_basis"].notna().any() else ""
    values = frame.set_index("partner_iso3")[_COLUMN[flow]].dropna().sort_values(ascending=False)
    why = next(
        (w for p in values.index[:5] if (w := _undercount(basis, claim.country, str(p), None, year))), None
    )
    if why:
        return why
    if claim.partner not in values.index or len(values) < 5:
        return f"no {year} trade figures of {claim.country} with enough partners to rank them"
    return values, frame


def trade_rank(claim: Claim, ev: Evidence) -> Measured:
    """The partner's rank among the country's partners by trade in the year, on the basis the panel selects
    for the country that year (single states; the EU27 as one bloc only when the claim names it, its members
    then left out). A claim without a year takes the latest year that can be ranked within the horizon."""
    if claim.country is None or claim.partner is None:
        raise NotCheckable("the rank needs both the country and the partner ranked")
    flow = claim.flow or "turnover"
    latest = _latest_year(ev, claim, flow)
    period = latest_within_horizon(claim, latest, TRADE, ev.current_year, "trade figures")
    if len(period.years) != 1:
        raise NotCheckable("ranks are checked for one year at a time")
    year = period.years[0]
    found = _ranking(ev, claim, year, flow)
    while isinstance(found, str) and not claim.period.stated and year > latest - 3:
        year -= 1
        latest_within_horizon(claim, year, TRADE, ev.current_year, "full partner lists")
        found = _ranking(ev, claim, year, flow)
    if isinstance(found, str):
        raise NotCheckable(found)
    values, frame = found
    rank = int((values > values[claim.partner]).sum()) + 1
    top = [str(p) for p in values.index[:5]]
    label = ", ".join(f"{i + 1}. {p} {values[p] / 1000:.1f} bn" for i, p in enumerate(top))
    notes = []
    if claim.partner != EU27:
        eu_rows = _dyad(ev, claim.country, EU27)
        eu = eu_rows.loc[eu_rows["year"] == year, _COLUMN[flow]]
        if len(eu) and not math.isnan(float(eu.iloc[0])) and float(eu.iloc[0]) > float(values.iloc[0]):
            notes.append(
                "ranked among single states; the EU27 as a bloc "
                f"({float(eu.iloc[0]) / 1000:.1f} bn) is larger"
            )
    src = _source(
        ev, str(frame["trade_basis"].dropna().iloc[0]) if frame["trade_basis"].notna().any() else "", {}
    )
    fig = Figure(float(rank), "rank", str(year), f"{_basis_label(frame)}; top: {label}", "dataset", (src,),
                 label=str(rank))  # fmt: skip
    return Measured([fig], notes=notes)
