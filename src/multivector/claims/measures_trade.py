"""Trade measures: bilateral trade (turnover, exports, imports), a partner's share, a partner's rank.

Figures come from :func:`multivector.panels.add_trade` (the store's trade tables; each figure's basis is
the panel's ``trade_basis`` column when it has one, else COW Trade v4.0) and from the store's cited trade
table (``cited_trade``: figures copied from pages quoting Kazakh statistics, China's customs, Russia's or
Kyrgyzstan's statistics, each row with its reporter and page). Every figure says whose statistics it is
(:attr:`~multivector.claims.model.Figure.side`: the country's own, the partner's, or a compiled dataset),
and the gap between the two sides of a flow in years with both is passed on, so that
:func:`multivector.claims.verdict.decide` can tell a basis difference from a contradiction.

Known undercounts (:data:`KNOWN_UNDERCOUNTS`) make a year not checkable rather than contradicting a claim:
COW's Russia-Kazakhstan(-Belarus) flows of 2010-2011 leave out most customs-union trade
(``shared/data/trade/SOURCE.md``). Years outside a source's coverage are never filled.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

from multivector.claims.evidence import Evidence, latest_within_horizon
from multivector.claims.model import Claim, Figure, NotCheckable, Period, Side, Source
from multivector.claims.verdict import Measured
from multivector.countries import to_iso3
from multivector.dimensions import CITED_TRADE, COW_TRADE, COW_TRADE_NATIONAL
from multivector.panels import add_trade, create_dyad_years
from multivector.powers import EU27, EU27_MEMBERS, WORLD

__all__ = ["GAP_YEARS", "KNOWN_UNDERCOUNTS", "trade_rank", "trade_share", "trade_value"]

#: (basis label prefix, states, first year, last year, why): flows among ``states`` in those years are
#: known undercounts on that basis, so a claim about them is not checkable there.
KNOWN_UNDERCOUNTS: tuple[tuple[str, frozenset[str], int, int, str], ...] = (
    (
        "COW",
        frozenset({"RUS", "KAZ", "BLR"}),
        2010,
        2011,
        "COW's Russia-Kazakhstan-Belarus flows of 2010-2011 are undercounts: the 2010 customs union ended "
        "customs recording of their mutual trade (shared/data/trade/SOURCE.md)",
    ),
)
_COW_BASIS = "COW Trade v4.0 (IMF Direction of Trade Statistics)"
_CITED_MEASURE = {
    "turnover": "turnover",
    "exports": "exports_kaz_to_partner",
    "imports": "imports_kaz_from_partner",
}
_FLIP = {"turnover": "turnover", "exports": "imports", "imports": "exports"}
_COLUMN = {"turnover": "trade_total", "exports": "trade_exports", "imports": "trade_imports"}


def _undercount(basis: str, a: str, b: str, years: Iterable[int]) -> str | None:
    for prefix, states, first, last, why in KNOWN_UNDERCOUNTS:
        if basis.startswith(prefix) and {a, b} <= states and any(first <= y <= last for y in years):
            return why
    return None


def _panel(ev: Evidence, country: str, partners: tuple[str, ...], first: int, last: int) -> pd.DataFrame:
    """``add_trade`` on the dyads country x partners, years first..last (cached)."""

    def build() -> pd.DataFrame:
        store = ev.require(COW_TRADE, COW_TRADE_NATIONAL)
        frame = create_dyad_years(country, list(partners), years=(first, last))
        return add_trade(frame, store)

    return ev.memo(("trade", country, partners, first, last), build)


def _dyad(ev: Evidence, country: str, partner: str) -> pd.DataFrame:
    """The trade panel of one dyad over 1992 to the current year (cached: one panel per dyad and run)."""
    return _panel(ev, country, (partner,), 1992, ev.current_year)


def _coverage(frame: pd.DataFrame) -> tuple[int, int]:
    cov = frame.attrs.get("multivector_coverage", {}).get("add_trade", (0, 0))
    return int(cov[0]), int(cov[-1])


def _basis_of(rows: pd.DataFrame) -> str:
    if "trade_basis" in rows.columns:
        labels = [str(x) for x in rows["trade_basis"].dropna().unique()]
        if len(labels) == 1:
            return labels[0]
        if labels:
            return " + ".join(labels)
    return _COW_BASIS


def _panel_figures(ev: Evidence, claim: Claim, years: list[int], flow: str) -> tuple[list[Figure], list[str]]:
    """Figures of the trade panel for the claim's dyad, summed over ``years`` (all must be measured)."""
    assert claim.country is not None
    partner = claim.partner or WORLD
    probe = "RUS" if claim.country != "RUS" else "CHN"
    frame = _dyad(ev, claim.country, probe if partner == WORLD else partner)
    first, last = _coverage(frame)
    notes: list[str] = []
    if any(y < first or y > last for y in years):
        notes.append(f"the trade panel covers {first}-{last}")
        return [], notes
    column = "trade_country_total" if partner == WORLD else _COLUMN[flow]
    if partner == WORLD and flow != "turnover":
        notes.append("the panel gives a country's total trade, not its total exports or imports")
        return [], notes
    values = frame.set_index("year")[column].reindex(years)
    basis = _basis_of(frame[frame["year"].isin(years)])
    why = _undercount(basis, claim.country, partner, years)
    if why:
        notes.append(why)
        return [], notes
    if values.isna().any():
        missing = [int(y) for y in values[values.isna()].index]
        notes.append(f"{basis} has no figure for {', '.join(map(str, missing))}")
        return [], notes
    label = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]} (sum)"
    src = ev.dataset(COW_TRADE)
    return [Figure(float(values.sum()) / 1000.0, "billion USD", label, basis, "dataset", (src,))], notes


def _cited_rows(ev: Evidence) -> pd.DataFrame:
    if not ev.has(CITED_TRADE):
        return pd.DataFrame()
    rows = ev.query(f"SELECT * FROM {CITED_TRADE}")
    rows = rows.copy()
    names = rows["partner"].astype(str).str.lower()
    iso = rows["partner_iso3"].astype("string")
    iso = iso.where(~names.str.contains("european union"), EU27)
    rows["partner_code"] = iso.where(~names.str.startswith("europe ("), "EUROPE")
    reporters = [str(b).split("(")[0].strip() for b in rows["reporter_basis"]]
    rows["reporter"] = [to_iso3(r, not_found="nan") if r else None for r in reporters]
    return rows


def _cited_figures(ev: Evidence, claim: Claim, year: int, flow: str) -> list[Figure]:
    """Figures of the cited trade table (Kazakhstan's flows, full years) for the claim, turned to the
    claim's point of view; rows copied from the claim's own page are left out."""
    rows = ev.memo(("cited_trade",), lambda: _cited_rows(ev))
    if rows.empty or claim.country is None or claim.partner is None:
        return []
    if claim.country == "KAZ":
        other, measure = claim.partner, _CITED_MEASURE[flow]
    elif claim.partner == "KAZ":
        other, measure = claim.country, _CITED_MEASURE[_FLIP[flow]]
    else:
        return []
    sel = rows[
        (rows["partner_code"] == other)
        & (rows["measure"] == measure)
        & (rows["period"] == "full_year")
        & (rows["year"] == year)
        & (rows["year_end"] == year)
    ]
    out: list[Figure] = []
    for rec in sel.to_dict("records"):
        if str(rec["source_url"]) in claim.own_urls:
            continue
        reporter = rec["reporter"]
        side: Side = (
            "own" if reporter == claim.country else ("partner" if reporter == claim.partner else "dataset")
        )
        src = Source(
            "cited",
            CITED_TRADE,
            str(rec["reported_by"]),
            version="hand-copied",
            url=str(rec["source_url"]),
            citation=str(rec["reporter_basis"]),
        )
        note = "" if rec.get("note") is None or pd.isna(rec.get("note")) else str(rec["note"])
        out.append(
            Figure(
                float(rec["value"]),
                "billion USD",
                str(year),
                f"{rec['reporter_basis']} (cited)",
                side,
                (src,),
                note=note,
            )
        )
    return out


#: A gap between two bases seen in one year explains a claim at most this many years away.
GAP_YEARS = 3


def _basis_gap(ev: Evidence, claim: Claim, flow: str, year: int) -> tuple[float, float, str] | None:
    """The range of partner/own ratios of this flow in the years within :data:`GAP_YEARS` of ``year`` that
    have figures on both sides."""
    ratios: list[tuple[int, float]] = []
    for y in range(year - GAP_YEARS, year + GAP_YEARS + 1):
        figs = _cited_figures(ev, claim, y, flow)
        own = [f.value for f in figs if f.side == "own"]
        partner = [f.value for f in figs if f.side == "partner"]
        if own and partner and min(own) > 0:
            ratios.append((y, float(np.mean(partner)) / float(np.mean(own))))
    if not ratios:
        return None
    values = [r for _, r in ratios]
    return min(values), max(values), ", ".join(str(y) for y, _ in ratios)


def _latest_year(ev: Evidence, claim: Claim, flow: str) -> int:
    """The latest year with any trade figure for the claim's dyad."""
    assert claim.country is not None
    best = 0
    if ev.has(COW_TRADE):
        frame = _dyad(ev, claim.country, claim.partner if claim.partner not in (None, WORLD) else "RUS")
        col = "trade_country_total" if (claim.partner or WORLD) == WORLD else _COLUMN[flow]
        have = frame.loc[frame[col].notna(), "year"]
        best = int(have.max()) if len(have) else 0
    for year in range(ev.current_year, best, -1):
        if _cited_figures(ev, claim, year, flow):
            return year
    if best == 0:
        raise NotCheckable("no trade figure for this pair of countries in the data")
    return best


def trade_value(claim: Claim, ev: Evidence) -> Measured:
    """Bilateral trade of ``claim.country`` with ``claim.partner`` (``WLD``: its total trade), billion USD."""
    if claim.country is None or claim.partner is None:
        raise NotCheckable("the trade partner is not named")
    flow = claim.flow or "turnover"
    period = latest_within_horizon(
        claim, _latest_year(ev, claim, flow), "trade", ev.current_year, "trade figures"
    )
    years = period.years
    figures, notes = ([], []) if ev.store is None else _panel_figures(ev, claim, years, flow)
    if len(years) == 1:
        figures += _cited_figures(ev, claim, years[0], flow)
    if not figures:
        raise NotCheckable(_no_figure(claim, period, notes))
    gap = _basis_gap(ev, claim, flow, years[-1]) if len(years) == 1 else None
    return Measured(figures, notes=[], basis_gap=gap)


def _no_figure(claim: Claim, period: Period, notes: list[str]) -> str:
    extra = f" ({'; '.join(notes)})" if notes else ""
    return (
        f"no trade figure for {claim.country}-{claim.partner} in {period.label()} in the data{extra}; "
        "COW trade ends in 2014 and the cited figures cover Kazakhstan's partners in 2021-2023"
    )


def trade_share(claim: Claim, ev: Evidence) -> Measured:
    """The partner's share of the country's total trade (percent): ``trade_dependence`` of the panel."""
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
    period = latest_within_horizon(claim, int(have.max()), "trade", ev.current_year, "trade figures")
    rows = frame[frame["year"].isin(period.years)]
    basis = _basis_of(rows)
    why = _undercount(basis, claim.country, claim.partner, period.years)
    if why:
        raise NotCheckable(why)
    if (
        len(rows) != len(period.years)
        or rows["trade_total"].isna().any()
        or rows["trade_country_total"].isna().any()
    ):
        raise NotCheckable(
            f"{basis} lacks {claim.country}-{claim.partner} trade for part of {period.label()}"
        )
    share = 100.0 * float(rows["trade_total"].sum()) / float(rows["trade_country_total"].sum())
    src = ev.dataset(COW_TRADE)
    return Measured([Figure(share, "percent", period.label(), basis, "dataset", (src,))])


def _all_partners(ev: Evidence, country: str, year: int) -> tuple[str, ...]:
    rows = ev.query(
        f"SELECT DISTINCT partner_iso3 FROM {COW_TRADE}"
        " WHERE iso3 = ? AND year = ? AND partner_iso3 IS NOT NULL",
        [country, year],
    )
    return tuple(sorted(str(p) for p in rows["partner_iso3"] if str(p) != country))


def trade_rank(claim: Claim, ev: Evidence) -> Measured:
    """The partner's rank among the country's partners by trade in the year (states; the EU27 as one bloc
    only when the claim names it, its members then left out)."""
    if claim.country is None or claim.partner is None:
        raise NotCheckable("the rank needs both the country and the partner ranked")
    ev.require(COW_TRADE)
    flow = claim.flow or "turnover"
    period = latest_within_horizon(
        claim, _latest_year(ev, claim, flow), "trade", ev.current_year, "trade figures"
    )
    if len(period.years) != 1:
        raise NotCheckable("ranks are checked for one year at a time")
    year = period.years[0]
    partners = _all_partners(ev, claim.country, year)
    if not partners:
        raise NotCheckable(f"no trade figures for {claim.country} in {year} (COW trade ends in 2014)")
    if claim.partner == EU27:
        partners = (*[p for p in partners if p not in EU27_MEMBERS], EU27)
    frame = _panel(ev, claim.country, partners, year, year)
    values = frame.set_index("partner_iso3")[_COLUMN[flow]].dropna().sort_values(ascending=False)
    basis = _basis_of(frame)
    top = list(values.index[:5])
    why = next((w for p in top if (w := _undercount(basis, claim.country, str(p), [year]))), None)
    if why:
        raise NotCheckable(why)
    if claim.partner not in values.index:
        raise NotCheckable(f"no {year} trade figure for {claim.country}-{claim.partner}")
    rank = int((values > values[claim.partner]).sum()) + 1
    label = ", ".join(f"{i + 1}. {p} {values[p] / 1000:.1f} bn" for i, p in enumerate(top))
    notes = []
    if claim.partner != EU27:
        eu_rows = _dyad(ev, claim.country, EU27)
        eu = eu_rows.loc[eu_rows["year"] == year, _COLUMN[flow]].iloc[0]
        if not math.isnan(float(eu)) and float(eu) > float(values.iloc[0]):
            notes.append(
                f"ranked among single states; the EU27 as a bloc ({float(eu) / 1000:.1f} bn) is larger"
            )
    src = ev.dataset(COW_TRADE)
    fig = Figure(float(rank), "rank", str(year), f"{basis}; top: {label}", "dataset", (src,), label=str(rank))
    return Measured([fig], notes=notes)
