"""Security measures: a supplier's share and rank in the country's arms imports (SIPRI), defence pacts and
alliances (ATOP), and shared IGO memberships (COW IGO).

Arms: :func:`multivector.panels.add_arms` per year, summed over the claim's years: share = the partner's
TIV / all TIV the country received (SIPRI's own convention of comparing multi-year totals). A claim without
years is about the latest five years (SIPRI's five-year periods), or, when it speaks of equipment "used" or
"in service", about every year since the first delivery (a stock, approximated by the deliveries). Each
release in the store that covers the period gives a figure; the most recently generated one is compared
first (SIPRI revises its values), the others are reported beside it.

Alliances: :func:`multivector.panels.add_alliances` (ATOP 5.1, 1815-2018): a pledge must hold in every
year of the period. IGOs: :func:`multivector.panels.add_igos` (COW IGO v3, 1816-2014).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from multivector.claims.evidence import Evidence, latest_within_horizon
from multivector.claims.model import Claim, Figure, NotCheckable, Period
from multivector.claims.verdict import Measured
from multivector.dimensions import (
    ALLIANCES,
    ATOP,
    DIPLOMACY,
    IGO,
    SECURITY,
    SIPRI_ARMS,
    SIPRI_REGISTER,
    SIPRI_REGISTER_2024,
    SIPRI_TIV,
)
from multivector.errors import MultivectorError
from multivector.panels import add_alliances, add_arms, add_igos, create_dyad_years
from multivector.powers import EU27

__all__ = ["RELEASE_COLUMNS", "alliance", "arms_rank", "arms_share", "defence_pact", "shared_igos"]

#: The columns of each SIPRI release table: (year column, TIV column).
RELEASE_COLUMNS: dict[str, tuple[str, str]] = {
    SIPRI_TIV: ("year", "tiv"),
    SIPRI_REGISTER: ("delivery_year", "tiv_delivered"),
    SIPRI_REGISTER_2024: ("delivery_year", "tiv_delivered"),
}


def _arms_coverage(ev: Evidence, table: str, country: str) -> tuple[int, int, int] | None:
    """(first, last year of the table, first year the country received anything) or None."""
    if not ev.has(table) or table not in RELEASE_COLUMNS:
        return None
    ycol, value = RELEASE_COLUMNS[table]
    rows = ev.query(
        f"SELECT min({ycol}) AS lo, max({ycol}) AS hi, min(CASE WHEN recipient_iso3 = ? AND {value} > 0 "
        f"THEN {ycol} END) AS first_in FROM {table}",
        [country],
    )
    lo, hi, first_in = rows.iloc[0]
    if pd.isna(lo) or pd.isna(first_in):
        return None
    return int(lo), int(hi), int(first_in)


def _arms_period(claim: Claim, ev: Evidence, last: int, first_in: int) -> Period:
    if claim.period.stated:
        return latest_within_horizon(claim, last, SECURITY, ev.current_year, "arms deliveries")
    latest_within_horizon(claim, last, SECURITY, ev.current_year, "arms deliveries")
    if claim.detail.get("span") == "all":
        return Period(first_in, last, stated=False)
    return Period(last - 4, last, stated=False)


def _arms_totals(
    ev: Evidence, table: str, country: str, partners: tuple[str, ...], period: Period
) -> pd.DataFrame:
    """TIV received from each partner and from all suppliers over the period, one row per partner."""

    def build() -> pd.DataFrame:
        assert period.start is not None and period.end is not None
        frame = create_dyad_years(country, list(partners), years=(period.start, period.end))
        frame = add_arms(frame, ev.store, release=table)
        return frame.groupby("partner_iso3")[["arms_tiv", "arms_tiv_all"]].sum(min_count=len(period.years))

    return ev.memo(("arms", table, country, partners, period.start, period.end), build)


def _releases(ev: Evidence, claim: Claim) -> list[tuple[str, str, tuple[int, int, int]]]:
    """(table, version, coverage) of every stored SIPRI release that records deliveries to the country,
    newest generated first (or only the release the claim names)."""
    assert claim.country is not None
    store = ev.require()
    wanted = claim.detail.get("release")
    try:
        stored = ev.memo(("releases",), lambda: store.releases(SIPRI_ARMS))
    except MultivectorError:
        stored = pd.DataFrame(columns=["table", "version"])
    out = []
    for rec in stored.to_dict("records"):
        table = str(rec["table"])
        if wanted and wanted != table:
            continue
        cov = _arms_coverage(ev, table, claim.country)
        if cov is not None:
            out.append((table, str(rec["version"]), cov))
    if not out:
        ev.require(SIPRI_TIV)
        raise NotCheckable(f"SIPRI records no arms deliveries to {claim.country}")
    return out


def arms_share(claim: Claim, ev: Evidence) -> Measured:
    """The partner's share (percent) of the TIV the country received over the claim's years."""
    if claim.country is None or claim.partner is None:
        raise NotCheckable("the share needs the recipient and the supplier")
    figures: list[Figure] = []
    notes: list[str] = []
    for table, version, (lo, hi, first_in) in _releases(ev, claim):
        period = _arms_period(claim, ev, hi, first_in)
        assert period.start is not None and period.end is not None
        if period.start < lo or period.end > hi:
            notes.append(f"{table} covers {lo}-{hi}, not {period.label()}")
            continue
        totals = _arms_totals(ev, table, claim.country, (claim.partner,), period)
        got = float(totals["arms_tiv"].astype("float64").loc[claim.partner])
        total = float(totals["arms_tiv_all"].astype("float64").loc[claim.partner])
        if np.isnan(total) or total <= 0:
            notes.append(f"{claim.country} received no arms in {period.label()} ({table})")
            continue
        src = ev.dataset(table)
        basis = f"SIPRI {version or table}, TIV"
        figures.append(
            Figure(
                100.0 * got / total,
                "percent",
                period.label(),
                basis,
                "dataset",
                (src,),
                note=f"{got:,.0f} of {total:,.0f} TIV",
            )
        )
    if not figures:
        raise NotCheckable("; ".join(notes) or "no SIPRI release covers the period")
    return Measured(figures, notes=[f.note for f in figures[:1]])


def _suppliers(ev: Evidence, table: str, ycol: str, country: str, period: Period) -> tuple[str, ...]:
    rows = ev.query(
        f"SELECT DISTINCT supplier_iso3 FROM {table} WHERE recipient_iso3 = ? AND {ycol} BETWEEN ? AND ? "
        "AND supplier_iso3 IS NOT NULL",
        [country, period.start, period.end],
    )
    return tuple(sorted(str(s) for s in rows["supplier_iso3"]))


def arms_rank(claim: Claim, ev: Evidence) -> Measured:
    """The partner's rank among the states that delivered arms to the country over the claim's years."""
    if claim.country is None or claim.partner is None:
        raise NotCheckable("the rank needs the recipient and the supplier")
    table, version, (lo, hi, first_in) = _releases(ev, claim)[0]
    ycol = RELEASE_COLUMNS[table][0]
    period = _arms_period(claim, ev, hi, first_in)
    assert period.start is not None and period.end is not None
    if period.start < lo or period.end > hi:
        raise NotCheckable(f"{table} covers {lo}-{hi}, not {period.label()}")
    suppliers = _suppliers(ev, table, ycol, claim.country, period)
    if claim.partner == EU27 or not suppliers:
        raise NotCheckable(
            "ranks are among single supplier states" if suppliers else "no deliveries in the period"
        )
    totals = _arms_totals(ev, table, claim.country, suppliers, period)["arms_tiv"].dropna()
    totals = totals[totals > 0].sort_values(ascending=False)
    src = ev.dataset(table)
    top = ", ".join(f"{i + 1}. {p} {v:,.0f}" for i, (p, v) in enumerate(totals.head(3).items()))
    if claim.partner not in totals.index:
        rank = len(totals) + 1
    else:
        rank = int((totals > totals[claim.partner]).sum()) + 1
    fig = Figure(
        float(rank),
        "rank",
        period.label(),
        f"SIPRI {version or table}, TIV; top: {top}",
        "dataset",
        (src,),
        label=str(rank),
    )
    return Measured([fig])


def _pledges(ev: Evidence, claim: Claim, column: str, what: str) -> Measured:
    if claim.country is None or claim.partner is None:
        raise NotCheckable("an alliance needs two states")
    store = ev.require(ATOP)
    country, partner = claim.country, claim.partner
    frame = ev.memo(
        (ATOP, country, partner),
        lambda: add_alliances(create_dyad_years(country, [partner], years=(1816, 2100)), store),
    )
    first, last = frame.attrs["multivector_coverage"]["add_alliances"]
    period = latest_within_horizon(claim, int(last), ALLIANCES, ev.current_year, "ATOP alliance data")
    assert period.start is not None and period.end is not None
    if period.start < first or period.end > last:
        raise NotCheckable(f"ATOP covers {first}-{last}; the claim is about {period.label()}")
    rows = frame[frame["year"].between(period.start, period.end)]
    held = int(rows[column].fillna(0).astype(int).sum())
    n = len(rows)
    pledges = [
        p for p in ("defense", "offense", "neutral", "nonagg", "consul") if rows[f"atop_{p}"].max() == 1
    ]
    quantity = claim.quantity
    claimed_present = bool(quantity.value) if quantity is not None else True
    value = float(held == n) if claimed_present else float(held > 0)
    src = ev.dataset(ATOP)
    note = f"{what} in {held} of {n} years; pledges held: {', '.join(pledges) or 'none'}"
    fig = Figure(
        value,
        "pledge",
        period.label(),
        f"ATOP {src.version or ''}".strip(),
        "dataset",
        (src,),
        note=note,
        label="yes" if value else "no",
    )
    return Measured([fig], notes=[note])


def defence_pact(claim: Claim, ev: Evidence) -> Measured:
    """Whether the two states share an ATOP alliance with a defence pledge in every year of the period."""
    return _pledges(ev, claim, "atop_defense", "a defence pledge")


def alliance(claim: Claim, ev: Evidence) -> Measured:
    """Whether the two states share any ATOP alliance pledge in every year of the period."""
    return _pledges(ev, claim, "atop_any", "an alliance pledge")


def shared_igos(claim: Claim, ev: Evidence) -> Measured:
    """The number of IGOs in which both are full members (COW IGO v3), in the claim's year."""
    if claim.country is None or claim.partner is None:
        raise NotCheckable("shared memberships need two states")
    store = ev.require(IGO)
    frame = add_igos(create_dyad_years(claim.country, [claim.partner], years=(1816, 2100)), store)
    first, last = frame.attrs["multivector_coverage"]["add_igos"]
    period = latest_within_horizon(claim, int(last), DIPLOMACY, ev.current_year, "IGO memberships")
    if len(period.years) != 1 or not first <= period.years[0] <= last:
        raise NotCheckable(
            f"COW IGO covers {first}-{last}, one year at a time; the claim is about {period.label()}"
        )
    value = frame.loc[frame["year"] == period.years[0], "igo_shared"].iloc[0]
    if pd.isna(value):
        raise NotCheckable(f"no COW IGO figure for {claim.country}-{claim.partner} in {period.label()}")
    src = ev.dataset(IGO)
    return Measured(
        [
            Figure(
                float(value),
                "count",
                period.label(),
                f"COW IGO {src.version or ''}".strip(),
                "dataset",
                (src,),
            )
        ]
    )
