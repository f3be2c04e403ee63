"""UN General Assembly measures: a country's vote on a resolution, and how often two countries vote alike.

Votes: the roll call whose symbol (``unres``, or ``resolution`` for UN Digital Library rows) ends in the
claimed symbol ("ES-11/1" matches ``A/RES/ES-11/1``), the whole-resolution vote when amendment or paragraph
votes share the symbol; the country's vote from the store's vote table (Voeten codes: 1 yes, 2 abstain,
3 no, 8 absent).

Agreement: :func:`multivector.panels.add_unga` per calendar year, pooled over the claim's years weighted by
the joint roll calls: ``same_vote`` (share of joint roll calls with the identical vote, the default),
``coincidence`` (the US State Department's "voting coincidence", abstentions left out) or ``agreement``
(Voeten's score over non-unanimous votes). Fewer joint roll calls than the UN dimension's evidence minimum
(:data:`multivector.dimensions.DIMENSIONS`) are not enough to check a share.
"""

from __future__ import annotations

import re

import pandas as pd

from multivector.claims.evidence import Evidence, latest_within_horizon
from multivector.claims.model import Claim, Figure, NotCheckable
from multivector.claims.verdict import Measured
from multivector.dimensions import DIMENSIONS, UNDL_ROLLCALLS, UNDL_VOTES, UNGA, UNGA_ROLLCALLS, UNGA_VOTES
from multivector.panels import add_unga, create_dyad_years

__all__ = ["VOTE_LABELS", "VOTE_SOURCES", "normalise_symbol", "unga_agreement", "unga_vote"]

#: Voeten vote codes and the words the ledger uses.
VOTE_LABELS: dict[int, str] = {1: "yes", 2: "abstain", 3: "no", 8: "absent"}
_COLUMNS = {"same_vote": "unga_same_vote", "coincidence": "unga_coincidence", "agreement": "unga_agreement"}


def normalise_symbol(symbol: str) -> str:
    """``A/RES/ES-11/1`` -> ``ES-11/1``; ``R/68/262`` and ``A/RES/68/262`` -> ``68/262``."""
    text = str(symbol).strip().upper().replace(" ", "")
    return re.sub(r"^(?:A/RES/|A/|R/|RES/)", "", text)


#: (roll-call table, vote table) of each vote source: the main file and the UN Digital Library votes of 2025.
VOTE_SOURCES: tuple[tuple[str, str], ...] = ((UNGA_ROLLCALLS, UNGA_VOTES), (UNDL_ROLLCALLS, UNDL_VOTES))


def _rollcalls(ev: Evidence) -> pd.DataFrame:
    """Every roll call with a symbol, from every vote source in the store (``votes``: its vote table)."""
    parts = []
    for rolls, votes in VOTE_SOURCES:
        if not ev.has(rolls) or not ev.has(votes):
            continue
        part = ev.query(
            f"SELECT vote_id, year, date, unres, resolution, amend, para FROM {rolls}"
            " WHERE unres IS NOT NULL OR resolution IS NOT NULL"
        )
        parts.append(part.assign(votes=votes))
    rows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if rows.empty:
        return rows.assign(symbol=pd.Series(dtype=str))
    symbols = rows["resolution"].fillna(rows["unres"]).astype(str)
    rows["symbol"] = [normalise_symbol(s) for s in symbols]
    return rows


def unga_vote(claim: Claim, ev: Evidence) -> Measured:
    """The country's recorded vote on the claimed resolution."""
    symbol = claim.detail.get("resolution")
    if not symbol:
        raise NotCheckable("the resolution is not named by its symbol (e.g. A/RES/ES-11/1)")
    ev.require(UNGA_VOTES, UNGA_ROLLCALLS)
    rolls = ev.memo(("rollcalls",), lambda: _rollcalls(ev))
    hits = rolls[rolls["symbol"] == normalise_symbol(symbol)]
    if len(hits) > 1:
        whole = hits[(hits["amend"].fillna(0) == 0) & (hits["para"].fillna(0) == 0)]
        hits = whole if len(whole) else hits
    if hits.empty:
        raise NotCheckable(
            f"no roll call on resolution {symbol} in the data (symbols are recorded to 2019, for the 2022 "
            "emergency-session votes on Ukraine and for the UN Digital Library's votes of 2025; the votes of "
            "June-December 2024 are in no source)"
        )
    ids = [str(v) for v in hits["vote_id"]]
    votes = ev.query(
        f"SELECT vote_id, vote_code FROM {hits['votes'].iloc[0]}"
        f" WHERE iso3 = ? AND vote_id IN ({', '.join('?' * len(ids))})",
        [claim.country, *ids],
    )
    if votes.empty:
        raise NotCheckable(
            f"{claim.country} has no recorded vote on {symbol} (not a member, or not recorded)"
        )
    labels = sorted({VOTE_LABELS.get(int(c), "absent") for c in votes["vote_code"]})
    if len(labels) > 1:
        raise NotCheckable(
            f"several roll calls on {symbol} with different votes by {claim.country}: {labels}"
        )
    row = hits.iloc[0]
    date = str(row["date"])[:10] if pd.notna(row["date"]) else str(row["year"])
    notes = []
    if claim.period.stated and claim.period.start is not None and int(row["year"]) != claim.period.start:
        notes.append(f"the roll call was in {int(row['year'])}, not {claim.period.start}")
    src = ev.dataset(str(row["votes"]))
    fig = Figure(
        float(votes["vote_code"].iloc[0]),
        "vote",
        date,
        f"UN General Assembly roll call on {symbol}",
        "dataset",
        (src,),
        label=labels[0],
    )
    return Measured([fig], notes=notes)


def _alignment(ev: Evidence, country: str, partner: str, first: int, last: int) -> pd.DataFrame:
    def build() -> pd.DataFrame:
        store = ev.require(UNGA_VOTES, UNGA_ROLLCALLS)
        return add_unga(create_dyad_years(country, [partner], years=(first, last)), store)

    return ev.memo((UNGA, country, partner, first, last), build)


def unga_agreement(claim: Claim, ev: Evidence) -> Measured:
    """How often (percent) the two countries voted alike over the claim's years (see the module docstring)."""
    if claim.country is None or claim.partner is None:
        raise NotCheckable("vote agreement needs two countries")
    minimum = DIMENSIONS[UNGA].evidence.minimum
    if claim.period.stated and claim.period.start is not None:
        first, last = claim.period.start, claim.period.end or ev.current_year
    else:
        first, last = ev.current_year - 12, ev.current_year
    frame = _alignment(ev, claim.country, claim.partner, first, last)
    enough = frame.loc[frame["unga_n_votes"].fillna(0) >= minimum, "year"]
    if not len(enough) and not claim.period.stated:
        raise NotCheckable(
            f"no recent year with {minimum} joint roll calls for {claim.country}-{claim.partner}"
        )
    period = latest_within_horizon(
        claim, int(enough.max()) if len(enough) else last, UNGA, ev.current_year, "UN votes"
    )
    rows = frame[frame["year"].isin(period.years)]
    column = _COLUMNS[claim.flow or "same_vote"]
    rows = rows[rows[column].notna()]
    n = int(rows["unga_n_votes"].sum())
    if n < minimum:
        raise NotCheckable(
            f"only {n} joint roll calls of {claim.country} and {claim.partner} in {period.label()} "
            f"in the data (at least {minimum} needed; the UN vote data end in June 2024 and lack "
            "January-October 2022)"
        )
    share = 100.0 * float((rows[column] * rows["unga_n_votes"]).sum()) / n
    inverse = claim.detail.get("inverse") == "1"
    if inverse:
        share = 100.0 - share
    notes = [f"{n} joint roll calls"]
    if 2022 in period.years:
        notes.append("2022 lacks the January-October roll calls except the three emergency-session votes")
    src = ev.dataset(UNGA_VOTES)
    basis = {
        "same_vote": "share of joint roll calls with the same vote",
        "coincidence": "State Department voting coincidence",
        "agreement": "Voeten agreement score",
    }[claim.flow or "same_vote"]
    if inverse:
        basis = f"100 minus the {basis} (the claim counts the votes that differ)"
    return Measured([Figure(share, "percent", period.label(), basis, "dataset", (src,))], notes=notes)
