"""UN General Assembly roll-call votes: Voeten main file, unvotes 0.3.0 tables, UN Digital Library scrape.

Tables (long, one row per country and roll call):

- ``unga_votes``: vote_id, rcid, date, year, session, iso3, ccode, vote_code (1 yes, 2 abstain, 3 no,
  8 absent), vote, origin (``voeten`` or ``undl``).
- ``unga_rollcalls``: vote_id, rcid, date, year, session, unres, importantvote, me, nu, di, hr, co, ec,
  n_yes, n_abstain, n_no, origin, resolution, descr.

Merge rule: a UN Digital Library (UNDL) roll call whose ``matched_vote_id`` names a loaded Voeten roll call
duplicates it and is not added (its rows are rejected with reason "duplicate of Voeten roll call (<id>)");
a UNDL roll call with an empty ``matched_vote_id`` is a real vote missing from the Voeten file and is added
with vote_id = its ``undl_row_id`` (e.g. ``undl2022_000``), its date from ``date_identified`` where known
(else NaT and session NA: a calendar year spans two sessions), year = ``calendar_year``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from multivector import countries
from multivector.dimensions import SRC_UNGA, UNGA_ROLLCALLS, UNGA_VOTES
from multivector.errors import DataError, MissingFilesError
from multivector.provenance import LoadResult
from multivector.sources import official_unga
from multivector.sources._readers import Rejects, find_files, make_result, provenance, read_csv, rejects_from
from multivector.sources.registry import register, source_spec
from multivector.sources.unga_schema import (
    ISSUES,
    PROVENANCE,
    ROLLCALL_COLUMNS,
    VOTE_COLUMNS,
    VOTE_LABELS,
    attach_rollcalls,
    check_votes,
    plausible_years,
    session_of,
    typed,
)
from multivector.sources.validate import check_unique

__all__ = ["PROVENANCE", "ROLLCALL_COLUMNS", "VOTE_COLUMNS", "load"]

_LABEL_CODES = {"yes": 1, "abstain": 2, "no": 3}

_V_VOTES = {
    "vote_id": "str",
    "rcid": "int",
    "date": "date",
    "iso3": "str",
    "ccode": "int",
    "vote_code": "int",
    "vote": "str",
}
_V_ROLLS = {
    "vote_id": "str",
    "rcid": "int",
    "date": "date",
    "year": "int",
    "session": "int",
    "unres": "str",
    "importantvote": "int",
    "amend": "int",
    "para": "int",
    "short": "str",
    **{k: "int" for k in ISSUES},
    "n_yes": "int",
    "n_abstain": "int",
    "n_no": "int",
    "descr": "str",
}
_UV_VOTES = {"rcid": "int", "country": "str", "country_code": "str", "vote": "str"}
_UV_ROLLS = {
    "rcid": "int",
    "session": "int",
    "importantvote": "int",
    "date": "date",
    "unres": "str",
    "amend": "int",
    "para": "int",
    "short": "str",
    "descr": "str",
}
#: roll-call columns a file may lack (older releases): added empty (NA) instead of failing
_ROLL_OPTIONAL = ("amend", "para", "short")
_UV_ISSUES = {"rcid": "int", "short_name": "str"}
_U_VOTES = {
    "undl_row_id": "str",
    "calendar_year": "int",
    "country_undl": "str",
    "iso3": "str",
    "vote_code": "int",
}
_U_ROLLS = {
    "undl_row_id": "str",
    "calendar_year": "int",
    "n_Y": "int",
    "n_N": "int",
    "n_A": "int",
    "matched_vote_id": "str",
    "resolution_identified": "str",
    "date_identified": "date",
}


def _load_voeten(
    votes_file: Path, rolls_file: Path
) -> tuple[pd.DataFrame, pd.DataFrame, Rejects, Rejects, int, int]:
    vrej, rrej = Rejects(), Rejects()
    rolls, rej, n_rolls = read_csv(rolls_file, _V_ROLLS, source=SRC_UNGA, optional=_ROLL_OPTIONAL)
    rrej.add(rej)
    rolls = plausible_years(rolls, ["year", "date"], rrej, rolls_file)
    dup = rolls.duplicated("vote_id")
    rrej.add(rejects_from(rolls[dup], "duplicate vote_id", source=SRC_UNGA, file=rolls_file))
    rolls = rolls[~dup].assign(origin="voeten", resolution=rolls["unres"])
    votes, rej, n_votes = read_csv(votes_file, _V_VOTES, source=SRC_UNGA)
    vrej.add(rej)
    votes = plausible_years(votes, ["date"], vrej, votes_file)
    votes = check_votes(votes, vrej, votes_file)
    votes = attach_rollcalls(votes, rolls, vrej, votes_file).assign(origin="voeten")
    return votes, rolls, vrej, rrej, n_votes, n_rolls


def _load_unvotes(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame, Rejects, Rejects, int, int]:
    vf = find_files(folder, ["un_votes.csv*"], source=SRC_UNGA)[0]
    rf = find_files(folder, ["un_roll_calls.csv*"], source=SRC_UNGA)[0]
    issue_files = find_files(folder, ["un_roll_call_issues.csv*"], source=SRC_UNGA, required=False)
    vrej, rrej = Rejects(), Rejects()
    rolls, rej, n_rolls = read_csv(rf, _UV_ROLLS, source=SRC_UNGA, optional=_ROLL_OPTIONAL)
    rrej.add(rej)
    nodate = rolls["date"].isna()
    rrej.add(rejects_from(rolls[nodate], "missing date", source=SRC_UNGA, file=rf))
    rolls = plausible_years(rolls[~nodate], ["date"], rrej, rf)
    rolls["vote_id"] = rolls["rcid"].astype(str) + "_" + rolls["date"].dt.strftime("%Y%m%d")
    dup = rolls.duplicated("rcid")
    rrej.add(rejects_from(rolls[dup], "duplicate rcid", source=SRC_UNGA, file=rf))
    rolls = rolls[~dup]
    rolls["year"] = rolls["date"].dt.year.astype("Int64")
    for k in ISSUES:
        rolls[k] = 0
    if issue_files:
        issues, rej, _n_issues = read_csv(issue_files[0], _UV_ISSUES, source=SRC_UNGA)
        if len(rej):  # the issue table is auxiliary: a bad row there is a bad file
            raise DataError(f"{issue_files[0]}: line {rej['line'].iloc[0]}: {rej['reason'].iloc[0]}")
        for k in ISSUES:
            rolls[k] = rolls["rcid"].isin(issues.loc[issues["short_name"] == k, "rcid"]).astype(int)
    votes, rej, n_votes = read_csv(vf, _UV_VOTES, source=SRC_UNGA, keep_default_na=False)
    vrej.add(rej)
    code = votes["vote"].str.strip().str.lower().map(_LABEL_CODES)
    bad = code.isna()
    vrej.add(rejects_from(votes[bad], "unknown vote label (not yes/abstain/no)", source=SRC_UNGA, file=vf))
    votes = votes[~bad].assign(vote_code=code[~bad].astype("Int64"))
    by_code = (
        countries.to_iso3(votes["country_code"].replace("", pd.NA), src="iso2", not_found="nan")
        if len(votes)
        else pd.Series(dtype="string")
    )
    by_name = countries.to_iso3(votes["country"], not_found="nan") if len(votes) else by_code
    votes["iso3"] = by_code.fillna(by_name)
    missing = votes["iso3"].isna()
    vrej.add(
        rejects_from(
            votes[missing],
            "unknown country (" + votes.loc[missing, "country"].astype(str) + ")",
            source=SRC_UNGA,
            file=vf,
        )
    )
    votes = votes[~missing]
    votes = votes.merge(rolls[["rcid", "vote_id", "date"]], on="rcid", how="left")
    orphan = votes["vote_id"].isna()
    vrej.add(rejects_from(votes[orphan], "roll call not in un_roll_calls", source=SRC_UNGA, file=vf))
    votes = votes[~orphan]
    votes["ccode"] = countries.iso3_to_cow(votes["iso3"], not_found="nan")
    votes["vote"] = votes["vote_code"].map(VOTE_LABELS)
    votes = check_votes(votes, vrej, vf)
    counts = votes.pivot_table(index="vote_id", columns="vote_code", values="iso3", aggfunc="count")
    for code_, col in ((1, "n_yes"), (2, "n_abstain"), (3, "n_no")):
        rolls[col] = rolls["vote_id"].map(counts.get(code_, {})).fillna(0).astype("Int64")
    rolls = rolls.assign(origin="voeten", resolution=rolls["unres"])
    votes = attach_rollcalls(votes, rolls, vrej, vf).assign(origin="voeten")
    return votes, rolls, vrej, rrej, n_votes, n_rolls


def _load_undl(
    votes_file: Path, rolls_file: Path, known_ids: set[str]
) -> tuple[pd.DataFrame, pd.DataFrame, Rejects, Rejects, int, int]:
    vrej, rrej = Rejects(), Rejects()
    rolls, rej, n_rolls = read_csv(rolls_file, _U_ROLLS, source=SRC_UNGA)
    rrej.add(rej)
    rolls = plausible_years(rolls, ["calendar_year", "date_identified"], rrej, rolls_file)
    rolls = check_unique(rolls, ["undl_row_id"], rrej, what="roll call id", source=SRC_UNGA, file=rolls_file)
    dup_mask = rolls["matched_vote_id"].isin(known_ids)
    rrej.add(
        rejects_from(
            rolls[dup_mask],
            "duplicate of Voeten roll call (" + rolls.loc[dup_mask, "matched_vote_id"].astype(str) + ")",
            source=SRC_UNGA,
            file=rolls_file,
        )
    )
    dup_ids = dict(
        zip(rolls.loc[dup_mask, "undl_row_id"], rolls.loc[dup_mask, "matched_vote_id"], strict=True)
    )
    rolls = rolls[~dup_mask]
    date = rolls["date_identified"]
    rolls = pd.DataFrame(
        {
            "vote_id": rolls["undl_row_id"],
            "date": date,
            "year": rolls["calendar_year"],
            "session": session_of(date),
            "n_yes": rolls["n_Y"],
            "n_abstain": rolls["n_A"],
            "n_no": rolls["n_N"],
            "origin": "undl",
            "resolution": rolls["resolution_identified"],
            "_line": rolls["_line"],
        }
    )
    votes, rej, n_votes = read_csv(votes_file, _U_VOTES, source=SRC_UNGA)
    vrej.add(rej)
    votes = plausible_years(votes, ["calendar_year"], vrej, votes_file)
    is_dup = votes["undl_row_id"].isin(list(dup_ids))
    vrej.add(
        rejects_from(
            votes[is_dup],
            "duplicate of Voeten roll call ("
            + votes.loc[is_dup, "undl_row_id"].map(dup_ids).astype(str)
            + ")",
            source=SRC_UNGA,
            file=votes_file,
        )
    )
    votes = votes[~is_dup].rename(columns={"undl_row_id": "vote_id"})
    votes["vote"] = votes["vote_code"].map(VOTE_LABELS)
    votes = check_votes(votes, vrej, votes_file)
    votes = attach_rollcalls(votes, rolls, vrej, votes_file)
    votes = votes.merge(rolls[["vote_id", "date"]], on="vote_id", how="left")
    votes["ccode"] = countries.iso3_to_cow(votes["iso3"], not_found="nan") if len(votes) else pd.NA
    votes["origin"] = "undl"
    return votes, rolls, vrej, rrej, n_votes, n_rolls


def _pick(folder: Path, patterns: list[str]) -> Path | None:
    found = find_files(folder, patterns, source=SRC_UNGA, required=False)
    return found[-1] if found else None


def load(path: Path) -> dict[str, LoadResult]:
    """Load UNGA votes from a folder laid out like ``shared/data/unga`` or from one of its files.

    With the Voeten main files present, the unvotes tables are ignored (they are the same votes up to 2019);
    with only ``unvotes_0.3.0`` (or its files) that format is loaded. UNDL files are merged if present.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: no such file or folder; give the unga folder or one of its files")
    if (res := official_unga.load(path)) is not None:  # Voeten's own release (Dataverse zip or CSV)
        return res
    folder = path if path.is_dir() else path.parent
    only = path.name if path.is_file() else None
    fam = None
    if only:
        fam = (
            "voeten"
            if only.startswith("unga_")
            else "undl"
            if only.startswith("undl_")
            else "unvotes"
            if only.startswith("un_")
            else None
        )
        if fam is None:
            raise DataError(f"{path}: not a known UNGA file (unga_votes_*, unvotes un_*.csv, undl_scrape_*)")
    v_votes = _pick(folder, ["unga_votes_*.csv*"]) if fam in (None, "voeten") else None
    v_rolls = _pick(folder, ["unga_rollcalls_*.csv*"]) if fam in (None, "voeten") else None
    u_votes = _pick(folder, ["undl_scrape_votes_*.csv*"]) if fam in (None, "undl") else None
    u_rolls = _pick(folder, ["undl_scrape_rollcalls_*.csv*"]) if fam in (None, "undl") else None
    uv_dir = None
    if fam == "unvotes":
        uv_dir = folder
    elif fam is None and v_votes is None:
        for cand in (folder, folder / "unvotes_0.3.0"):
            if cand.is_dir() and _pick(cand, ["un_votes.csv*"]):
                uv_dir = cand
                break
    if (v_votes is None) != (v_rolls is None):
        raise DataError(f"{folder}: the Voeten votes and roll-call files must come together")
    if (u_votes is None) != (u_rolls is None):
        raise DataError(f"{folder}: the UNDL votes and roll-call files must come together")
    if v_votes is None and uv_dir is None and u_votes is None:
        raise MissingFilesError(
            f"{path}: no UNGA voting files found; see docs/sources.md#unga for the expected names"
        )

    votes_parts, roll_parts = [], []
    vrej_all, rrej_all = Rejects(), Rejects()
    n_votes = n_rolls = 0
    files: list[Path] = []
    if v_votes is not None and v_rolls is not None:
        v, r, vr, rr, nv, nr = _load_voeten(v_votes, v_rolls)
        files += [v_votes, v_rolls]
    elif uv_dir is not None:
        v, r, vr, rr, nv, nr = _load_unvotes(uv_dir)
        files += find_files(
            uv_dir, ["un_votes.csv*", "un_roll_calls.csv*", "un_roll_call_issues.csv*"], source=SRC_UNGA
        )
    else:
        v = r = pd.DataFrame()
        vr = rr = Rejects()
        nv = nr = 0
    if v_votes is not None or uv_dir is not None:
        votes_parts.append(v)
        roll_parts.append(r)
        vrej_all.parts += vr.parts
        rrej_all.parts += rr.parts
        n_votes += nv
        n_rolls += nr
    if u_votes is not None and u_rolls is not None:
        known = set(roll_parts[0]["vote_id"]) if roll_parts else set()
        v, r, vr, rr, nv, nr = _load_undl(u_votes, u_rolls, known)
        files += [u_votes, u_rolls]
        votes_parts.append(v)
        roll_parts.append(r)
        vrej_all.parts += vr.parts
        rrej_all.parts += rr.parts
        n_votes += nv
        n_rolls += nr

    votes = typed(pd.concat(votes_parts, ignore_index=True), VOTE_COLUMNS)
    rolls = typed(pd.concat(roll_parts, ignore_index=True), ROLLCALL_COLUMNS)
    votes = votes.sort_values(["year", "vote_id", "iso3"], kind="stable").reset_index(drop=True)
    rolls = rolls.sort_values(["year", "vote_id"], kind="stable").reset_index(drop=True)
    prov = provenance(PROVENANCE, files)
    return {
        UNGA_VOTES: make_result(votes, prov, vrej_all.frame(), n_votes),
        UNGA_ROLLCALLS: make_result(rolls, prov, rrej_all.frame(), n_rolls),
    }


register(
    source_spec(
        SRC_UNGA,
        load,
        "UN General Assembly roll-call votes (Voeten; unvotes 0.3.0; UN Digital Library 1992-22)",
    )
)
