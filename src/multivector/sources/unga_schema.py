"""The UN General Assembly vote tables' schema and finishing steps, shared by both readers of UNGA files.

:mod:`multivector.sources.unga` reads the shared copies (Voeten's tables, unvotes 0.3.0, the UNDL scrape)
and :mod:`multivector.sources.official_unga` Voeten's own long file; both build ``unga_votes``
(:data:`VOTE_COLUMNS`) and ``unga_rollcalls`` (:data:`ROLLCALL_COLUMNS`) with the checks here; the later
UNDL scrape (:mod:`multivector.sources.unga_undl`) uses the same columns.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from multivector import countries
from multivector.dimensions import SRC_UNGA
from multivector.provenance import Provenance
from multivector.sources._readers import Rejects, rejects_from
from multivector.sources.validate import FIRST_YEAR_UNGA, check_years

__all__ = [
    "ISSUES",
    "PROVENANCE",
    "ROLLCALL_COLUMNS",
    "VOTE_COLUMNS",
    "VOTE_LABELS",
    "attach_rollcalls",
    "check_votes",
    "plausible_years",
    "session_of",
    "typed",
]

PROVENANCE = Provenance(
    source=SRC_UNGA,
    title="United Nations General Assembly Voting Data",
    publisher="Erik Voeten, Anton Strezhnev, Michael Bailey (Harvard Dataverse); UN Dag Hammarskjöld Library",
    version="Voeten 2024 release (1946 to 2024-06-04); unvotes 0.3.0; UNDL scrape 1992-2022",
    citation=(
        "Voeten, Strezhnev & Bailey, United Nations General Assembly Voting Data, Harvard Dataverse, "
        "hdl:1902.1/12379 (doi:10.7910/DVN/LEJUQZ); Bailey, Strezhnev & Voeten, JCR 61(2) 2017; "
        "UN Digital Library voting records, https://digitallibrary.un.org"
    ),
    url="https://dataverse.harvard.edu/dataset.xhtml?persistentId=hdl:1902.1/12379",
    license="CC0 1.0 (Voeten data); unvotes MIT; UN Digital Library: UN terms of use, attribution",
)

VOTE_COLUMNS: dict[str, str] = {
    "vote_id": "string",
    "rcid": "Int64",
    "date": "datetime64[ns]",
    "year": "Int64",
    "session": "Int64",
    "iso3": "string",
    "ccode": "Int64",
    "vote_code": "Int64",
    "vote": "string",
    "origin": "string",
}
ROLLCALL_COLUMNS: dict[str, str] = {
    "vote_id": "string",
    "rcid": "Int64",
    "date": "datetime64[ns]",
    "year": "Int64",
    "session": "Int64",
    "unres": "string",
    "importantvote": "Int64",
    "amend": "Int8",
    "para": "Int8",
    "short": "string",
    **{k: "Int64" for k in ("me", "nu", "di", "hr", "co", "ec")},
    "n_yes": "Int64",
    "n_abstain": "Int64",
    "n_no": "Int64",
    "origin": "string",
    "resolution": "string",
    "descr": "string",
}
ISSUES = ("me", "nu", "di", "hr", "co", "ec")
VOTE_LABELS = {1: "yes", 2: "abstain", 3: "no", 8: "absent"}


def session_of(date: pd.Series) -> pd.Series:
    """UNGA session from the date: year - 1945 from September, else year - 1946."""
    year = date.dt.year
    return (year - 1945).where(date.dt.month >= 9, year - 1946).astype("Int64")


def typed(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    for c in columns:
        if c not in frame.columns:
            frame[c] = pd.NA
    return frame[[*columns, *(["_line"] if "_line" in frame else [])]].astype(columns)


def plausible_years(
    frame: pd.DataFrame, columns: list[str], rejects: Rejects, file: Path | str
) -> pd.DataFrame:
    """Reject rows dated before the first General Assembly (1946) or after next year."""
    return check_years(frame, columns, rejects, first=FIRST_YEAR_UNGA, source=SRC_UNGA, file=file)


def check_votes(votes: pd.DataFrame, rejects: Rejects, file: Path | str) -> pd.DataFrame:
    """Reject rows with an unknown vote code, an unknown ISO3 or a duplicate (vote_id, iso3)."""
    bad_code = ~votes["vote_code"].isin(list(VOTE_LABELS))
    rejects.add(
        rejects_from(votes[bad_code], "unknown vote code (not 1, 2, 3 or 8)", source=SRC_UNGA, file=file)
    )
    votes = votes[~bad_code]
    known = set(countries.crosswalk()["iso3"].dropna())
    unknown = ~votes["iso3"].isin(known)
    rejects.add(
        rejects_from(
            votes[unknown],
            "unknown country code (" + votes.loc[unknown, "iso3"].astype(str) + ")",
            source=SRC_UNGA,
            file=file,
        )
    )
    votes = votes[~unknown]
    dup = votes.duplicated(["vote_id", "iso3"], keep="first")
    rejects.add(
        rejects_from(votes[dup], "duplicate country vote in one roll call", source=SRC_UNGA, file=file)
    )
    return votes[~dup]


def attach_rollcalls(
    votes: pd.DataFrame, rolls: pd.DataFrame, rejects: Rejects, file: Path | str
) -> pd.DataFrame:
    """Add year/session from the roll calls; votes without a roll call are rejected."""
    orphan = ~votes["vote_id"].isin(rolls["vote_id"])
    rejects.add(
        rejects_from(votes[orphan], "roll call not in the roll-call table", source=SRC_UNGA, file=file)
    )
    votes = votes[~orphan].drop(columns=[c for c in ("year", "session") if c in votes.columns])
    return votes.merge(rolls[["vote_id", "year", "session"]], on="vote_id", how="left", validate="m:1")
