"""Voeten's own UNGA file (Harvard Dataverse, doi:10.7910/DVN/LEJUQZ), mapped to ``unga_votes`` and
``unga_rollcalls``.

The Dataverse release holds one LONG file, one row per country and roll call (``UNVotes*.csv``; the
``.RData`` copy is not read): ``rcid, ccode, member, vote, Country, Countryname, year, session, date, unres,
importantvote, amend, para, short, descr, me, nu, di, hr, co, ec, yes, no, abstain`` (names vary a little
between releases; only ``rcid, ccode, vote, date`` are required). Vote codes: 1 yes, 2 abstain, 3 no,
8 absent, 9 not a member (rejected with reason ``not a UN member (vote code 9)``). iso3 comes from
``ccode`` (COW), else from ``Country``. Roll calls are built from the same rows (first row of each
``vote_id``; session from the file, else from the date) with n_yes/n_abstain/n_no counted over the kept
votes; the roll-call report counts the roll calls found. The Dataverse "download all" zip may hold the
file as tab-separated ``.tab``: both are read.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from multivector import countries
from multivector.dimensions import SRC_UNGA, UNGA_ROLLCALLS, UNGA_VOTES
from multivector.provenance import LoadResult
from multivector.sources import unga_schema as u
from multivector.sources._official import Layout, Member, columns, decode, detect, has_shared, header
from multivector.sources._readers import Rejects, make_result, read_csv, rejects_from

__all__ = ["LAYOUTS", "load"]

_REQUIRED = ("rcid", "ccode", "vote", "date")
LAYOUTS = (
    Layout("csv", ("unvotes*.csv", "unvotes*.csv.gz"), _REQUIRED, "UNVotes*.csv", forbidden=("vote_id",)),
    Layout("tab", ("unvotes*.tab",), _REQUIRED, "UNVotes*.tab", sep="\t", forbidden=("vote_id",)),
)
_SHARED = ("unga_votes_*.csv*", "unga_rollcalls_*.csv*", "un_votes.csv*", "undl_scrape_*.csv*")
_OPTIONAL = {
    "Country": "str",
    "session": "int",
    "unres": "str",
    "importantvote": "int",
    "amend": "int",
    "para": "int",
    "short": "str",
    **{k: "int" for k in ("me", "nu", "di", "hr", "co", "ec")},
    "descr": "str",
}
NOT_MEMBER = 9


def _dates(s: pd.Series) -> pd.Series:
    iso = pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
    rest = iso.isna() & s.notna()
    if rest.any():
        iso[rest] = pd.to_datetime(s[rest], format="mixed", errors="coerce")
    return iso


def load(path: Path) -> dict[str, LoadResult] | None:
    """Voeten's ``UNVotes*.csv`` (or the Dataverse zip) -> the unga tables; None if ``path`` is not one."""
    if has_shared(path, _SHARED):
        return None
    found = detect(path, LAYOUTS, source=SRC_UNGA, folder_patterns=["*.zip", "UNVotes*.csv*", "UNVotes*.tab"])
    m = found.get("csv") or found.get("tab")
    if m is None:
        return None
    return _load(m, "," if "csv" in found else "\t")


def _load(m: Member, sep: str) -> dict[str, LoadResult]:
    data = decode(m.read(), m.label)
    wanted = {**dict.fromkeys(_REQUIRED, "str"), **_OPTIONAL}
    spelled = columns(header(data, sep), list(wanted))
    schema = {spelled.get(k, k): ("str" if k == "date" else wanted[k]) for k in wanted}
    schema.update({spelled["rcid"]: "int", spelled["ccode"]: "int", spelled["vote"]: "int"})
    optional = [spelled.get(k, k) for k in _OPTIONAL]
    raw, rej, n = read_csv(
        m.archive, schema, source=SRC_UNGA, data=data, label=m.label, sep=sep, optional=optional
    )
    raw = raw.rename(columns={v: k for k, v in spelled.items()})
    vrej = Rejects()
    vrej.add(rej)
    raw["date"] = _dates(raw["date"])
    nodate = raw["date"].isna() | raw["rcid"].isna()
    vrej.add(rejects_from(raw[nodate], "missing or bad date", source=SRC_UNGA, file=m.label))
    raw = u.plausible_years(raw[~nodate], ["date"], vrej, m.label).copy()
    raw["vote_id"] = raw["rcid"].astype(str) + "_" + raw["date"].dt.strftime("%Y%m%d")

    rolls = raw.drop_duplicates("vote_id").copy()
    rolls["year"] = rolls["date"].dt.year.astype("Int64")
    rolls["session"] = rolls["session"].astype("Int64").fillna(u.session_of(rolls["date"]))
    rolls = rolls.assign(origin="voeten", resolution=rolls["unres"])

    nonmember = raw["vote"] == NOT_MEMBER
    vrej.add(rejects_from(raw[nonmember], "not a UN member (vote code 9)", source=SRC_UNGA, file=m.label))
    votes = raw[~nonmember].copy()
    by_ccode = countries.cow_to_iso3(votes["ccode"], not_found="nan") if len(votes) else votes["ccode"]
    by_code = (
        countries.to_iso3(votes["Country"], not_found="nan")
        if len(votes) and votes["Country"].notna().any()
        else pd.Series(pd.NA, index=votes.index, dtype="string")
    )
    votes["iso3"] = pd.Series(by_ccode, index=votes.index).astype("string").fillna(by_code)
    unknown = votes["iso3"].isna()
    what = votes.loc[unknown, "ccode"].astype(str) + "/" + votes.loc[unknown, "Country"].astype(str)
    reason = "unknown country code (" + what + ")"
    vrej.add(rejects_from(votes[unknown], reason, source=SRC_UNGA, file=m.label))
    votes = votes[~unknown].rename(columns={"vote": "vote_code"})
    votes["vote"] = votes["vote_code"].map(u.VOTE_LABELS)
    votes = u.check_votes(votes, vrej, m.label)
    counts = votes.pivot_table(index="vote_id", columns="vote_code", values="iso3", aggfunc="count")
    for code, col in ((1, "n_yes"), (2, "n_abstain"), (3, "n_no")):
        rolls[col] = rolls["vote_id"].map(counts.get(code, {})).fillna(0).astype("Int64")
    votes = u.attach_rollcalls(votes, rolls, vrej, m.label).assign(origin="voeten")

    vt = u.typed(votes, u.VOTE_COLUMNS).sort_values(["year", "vote_id", "iso3"], kind="stable")
    rt = u.typed(rolls, u.ROLLCALL_COLUMNS).sort_values(["year", "vote_id"], kind="stable")
    prov = replace(
        u.PROVENANCE,
        version="Voeten UNGA voting data as released on Harvard Dataverse",
        files=(m.info(),),
    )
    empty = Rejects().frame()
    return {
        UNGA_VOTES: make_result(vt.reset_index(drop=True), prov, vrej.frame(), n),
        UNGA_ROLLCALLS: make_result(rt.reset_index(drop=True), prov, empty, len(rt)),
    }
