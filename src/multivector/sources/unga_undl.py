"""UN General Assembly votes after the Voeten file: the 3DL scrape of the UN Digital Library (``unga_undl``).

Folder ``unga_2025/`` (shared/data/unga_2025/SOURCE.md): recorded votes of calendar year 2025, scraped from
the UN Digital Library by the Data Driven Decision Lab (3DL). Two tables, with the columns of ``unga_votes``
and ``unga_rollcalls`` (:data:`multivector.sources.unga_schema.VOTE_COLUMNS`, ``ROLLCALL_COLUMNS``), so
that they *extend* the UN vote series (``origin = "undl_3dl"``; :func:`multivector.panels.unga.load_votes`
joins them):

* ``unga_undl_rollcalls`` from ``undl_3dl_votes_*_wide`` (one row per recorded vote, as published):
  ``vote_id`` = ``undl3dl_<record id>``, date, year, session (from the symbol ``A/RES/80/...``; from the
  date for emergency special sessions), resolution, title, official yes/no/abstain counts. Security
  Council rows are rejected ("Security Council vote"): they are not General Assembly roll calls.
* ``unga_undl_votes`` from ``undl_3dl_ga_votes_*_long`` (or, without it, from the wide file's ISO3 columns):
  one row per state and roll call, ``vote_code`` 1 yes, 2 abstain, 3 no, 8 non-voting (an empty cell).

Checks (each failure is a rejected row with file, line and reason): the 3DL label and the vote code agree;
the country is known; one vote per state and roll call; every vote belongs to a kept roll call; and the
yes/no/abstain tallies of the votes equal the official counts of their roll call (a roll call that
disagrees is rejected with all its votes). Afghanistan and Venezuela have no column (no recorded vote in
2025, SOURCE.md): they have no rows, not absences. June-December 2024 is in neither this folder nor
``unga/``: the panels report that gap (``unga_coverage``), they never fill it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from multivector import countries
from multivector.dimensions import SRC_UNGA_UNDL, UNDL_ROLLCALLS, UNDL_VOTES
from multivector.errors import DataError
from multivector.provenance import LoadResult, Provenance
from multivector.sources._readers import (
    Rejects,
    find_files,
    make_result,
    provenance,
    read_bytes,
    read_csv,
    rejects_from,
)
from multivector.sources.registry import register, source_spec
from multivector.sources.unga_schema import ROLLCALL_COLUMNS, VOTE_COLUMNS, VOTE_LABELS

__all__ = ["ORIGIN", "PROVENANCE", "load"]

SOURCE = SRC_UNGA_UNDL
ORIGIN = "undl_3dl"
PROVENANCE = Provenance(
    source=SOURCE,
    title="UN General Assembly recorded votes (UN Digital Library voting records, 3DL scrape)",
    publisher="United Nations Dag Hammarskjold Library (votes); Data Driven Decision Lab (scrape)",
    version="calendar year 2025 (GA roll calls 2025-02-24 to 2025-12-18), scraped 2026",
    citation=(
        "United Nations Dag Hammarskjold Library, UN Digital Library voting records, "
        "https://digitallibrary.un.org; scraped by the Data Driven Decision Lab (3DL), copy via "
        "github.com/HZloto/unga-2025."
    ),
    url="https://digitallibrary.un.org",
    license="UN terms of use: non-commercial use with attribution",
)
_LABELS = {"YES": 1, "ABSTAIN": 2, "NO": 3, "": 8}
_WIDE = {
    "token": "str",
    "Scrape_Year": "int",
    "Title": "str",
    "Council": "str",
    "Resolution": "str",
    "Date": "date",
    "YES COUNT": "int",
    "NO COUNT": "int",
    "ABSTAIN COUNT": "int",
}
_LONG = {"undl_record_id": "str", "date": "date", "iso3": "str", "vote_3dl": "str", "vote_code": "int"}
_SYMBOL = re.compile(r"^A/RES/(\d+)/")


def _session(resolution: pd.Series, date: pd.Series) -> pd.Series:
    """The GA session: from the symbol (A/RES/80/... -> 80), else from the date (a session opens in
    September: year - 1945 from September on, year - 1946 before)."""
    from_symbol = pd.to_numeric(resolution.astype("string").str.extract(_SYMBOL)[0], errors="coerce")
    year = date.dt.year
    by_date = (year - 1945).where(date.dt.month >= 9, year - 1946)
    return from_symbol.fillna(by_date).astype("Int64")


def _rollcalls(file: Path, rejects: Rejects) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """(kept GA roll calls, the wide rows kept (for their ISO3 columns), rows read)."""
    data = read_bytes(file)
    header = data.split(b"\n", 1)[0].decode("utf-8", "replace").lstrip("\ufeff").rstrip("\r").split(",")
    iso_columns = {c: "str" for c in header if re.fullmatch(r"[A-Z]{3}", c)}
    raw, rej, n = read_csv(file, {**_WIDE, **iso_columns}, source=SOURCE, keep_default_na=False, data=data)
    rejects.add(rej)
    council = raw["Council"].str.strip()
    sc = council != "General Assembly"
    rejects.add(
        rejects_from(
            raw[sc],
            "Security Council vote (" + council[sc].astype(str) + "): not a General Assembly roll call",
            source=SOURCE,
            file=file,
        )
    )
    raw = raw[~sc]
    dup = raw.duplicated("token")
    rejects.add(rejects_from(raw[dup], "duplicate UN Digital Library record", source=SOURCE, file=file))
    raw = raw[~dup]
    rolls = pd.DataFrame(
        {
            "vote_id": "undl3dl_" + raw["token"].str.strip(),
            "date": raw["Date"],
            "year": raw["Date"].dt.year.astype("Int64"),
            "session": _session(raw["Resolution"], raw["Date"]),
            "unres": raw["Resolution"],
            "short": raw["Title"].str.slice(0, 120),
            "n_yes": raw["YES COUNT"],
            "n_abstain": raw["ABSTAIN COUNT"],
            "n_no": raw["NO COUNT"],
            "origin": ORIGIN,
            "resolution": raw["Resolution"],
            "descr": raw["Title"],
            "_line": raw["_line"],
        }
    )
    return rolls, raw, n


def _votes_from_long(file: Path, rejects: Rejects) -> tuple[pd.DataFrame, int]:
    raw, rej, n = read_csv(file, _LONG, source=SOURCE, keep_default_na=False)
    rejects.add(rej)
    label = raw["vote_3dl"].fillna("").str.strip().str.upper().map(_LABELS)
    bad = label.isna() | (label != raw["vote_code"])
    rejects.add(rejects_from(raw[bad], "3DL vote label and vote_code disagree", source=SOURCE, file=file))
    raw = raw[~bad]
    votes = pd.DataFrame(
        {
            "vote_id": "undl3dl_" + raw["undl_record_id"].str.strip(),
            "iso3": raw["iso3"].str.strip().str.upper(),
            "vote_code": raw["vote_code"],
            "_line": raw["_line"],
        }
    )
    return votes, n


def _votes_from_wide(wide: pd.DataFrame, file: Path) -> tuple[pd.DataFrame, int]:
    """One vote per ISO3 column of the wide file (used when the long file is absent); one row read per
    cell, its line the roll call's."""
    header = file.name
    codes = [c for c in wide.columns if re.fullmatch(r"[A-Z]{3}", str(c))]
    if not codes:
        raise DataError(f"{header}: no ISO3 vote columns; is this the 3DL wide file?")
    melted = wide.melt(id_vars=["token", "_line"], value_vars=codes, var_name="iso3", value_name="vote")
    votes = pd.DataFrame(
        {
            "vote_id": "undl3dl_" + melted["token"].str.strip(),
            "iso3": melted["iso3"],
            "vote_code": melted["vote"].fillna("").str.strip().str.upper().map(_LABELS).astype("Int64"),
            "_line": melted["_line"],
        }
    )
    return votes, len(votes)


def _check_votes(votes: pd.DataFrame, rolls: pd.DataFrame, rejects: Rejects, file: Path) -> pd.DataFrame:
    bad_code = votes["vote_code"].isna()
    rejects.add(
        rejects_from(votes[bad_code], "unknown vote (not YES/NO/ABSTAIN/empty)", source=SOURCE, file=file)
    )
    votes = votes[~bad_code]
    known = set(countries.crosswalk()["iso3"].dropna())
    unknown = ~votes["iso3"].isin(known)
    rejects.add(
        rejects_from(
            votes[unknown], "unknown country code (" + votes.loc[unknown, "iso3"].astype(str) + ")",
            source=SOURCE, file=file,
        )
    )  # fmt: skip
    votes = votes[~unknown]
    dup = votes.duplicated(["vote_id", "iso3"])
    rejects.add(rejects_from(votes[dup], "duplicate country vote in one roll call", source=SOURCE, file=file))
    votes = votes[~dup]
    orphan = ~votes["vote_id"].isin(rolls["vote_id"])
    rejects.add(
        rejects_from(votes[orphan], "roll call not a kept General Assembly vote", source=SOURCE, file=file)
    )
    return votes[~orphan]


def _tallies(
    votes: pd.DataFrame, rolls: pd.DataFrame, rejects: tuple[Rejects, Rejects], files: tuple[Path, Path]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Reject roll calls whose vote tallies differ from the official counts, with their votes."""
    counts = votes.pivot_table(index="vote_id", columns="vote_code", values="iso3", aggfunc="count")
    got = {
        c: (rolls["vote_id"].map(counts[c]) if c in counts.columns else pd.Series(0, index=rolls.index))
        .fillna(0)
        .astype("int64")
        for c in (1, 2, 3)
    }
    wrong = ((got[1] != rolls["n_yes"]) | (got[2] != rolls["n_abstain"]) | (got[3] != rolls["n_no"])).fillna(
        True
    )
    reason = (
        "vote tallies (yes/no/abstain "
        + got[1].astype(str) + "/" + got[3].astype(str) + "/" + got[2].astype(str)
        + ") differ from the official counts"
    )  # fmt: skip
    bad_rolls = pd.DataFrame(rolls[wrong.to_numpy(dtype=bool)])
    rejects[0].add(rejects_from(bad_rolls, reason[wrong.to_numpy(dtype=bool)], source=SOURCE, file=files[0]))
    dropped = votes["vote_id"].isin(list(bad_rolls["vote_id"]))
    rejects[1].add(
        rejects_from(votes[dropped], "its roll call was rejected (tallies)", source=SOURCE, file=files[1])
    )
    return votes[~dropped], pd.DataFrame(rolls[~wrong.to_numpy(dtype=bool)])


def _typed(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    for c in columns:
        if c not in frame.columns:
            frame[c] = pd.NA
    return frame[[*columns, "_line"]].astype(columns)


def load(path: Path) -> dict[str, LoadResult]:
    """``unga_undl_votes`` and ``unga_undl_rollcalls`` from the 3DL files in ``path`` (folder or the wide
    file; the long file is read when it is beside the wide one)."""
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    wide_files = find_files(path if path.is_file() else folder, ["undl_3dl_votes_*_wide.csv*"], source=SOURCE)
    long_files = find_files(folder, ["undl_3dl_ga_votes_*_long.csv*"], source=SOURCE, required=False)
    if len(wide_files) != 1 or len(long_files) > 1:
        raise DataError(f"{folder}: expected one 3DL wide file and at most one long file, found "
                        f"{[f.name for f in wide_files + long_files]}")  # fmt: skip
    wide_file = wide_files[0]
    rrej, vrej = Rejects(), Rejects()
    rolls, wide, n_rolls = _rollcalls(wide_file, rrej)
    if long_files:
        votes, n_votes = _votes_from_long(long_files[0], vrej)
        votes_file = long_files[0]
    else:
        votes, n_votes = _votes_from_wide(wide, wide_file)
        votes_file = wide_file
    votes = _check_votes(votes, rolls, vrej, votes_file)
    votes, rolls = _tallies(votes, rolls, (rrej, vrej), (wide_file, votes_file))
    votes = votes.merge(rolls[["vote_id", "date", "year", "session"]], on="vote_id", how="left")
    votes["ccode"] = countries.iso3_to_cow(votes["iso3"], not_found="nan") if len(votes) else pd.NA
    votes["vote"] = votes["vote_code"].map(VOTE_LABELS)
    votes["origin"] = ORIGIN
    votes = _typed(votes, VOTE_COLUMNS).sort_values(["date", "vote_id", "iso3"], kind="stable")
    rolls = _typed(rolls, ROLLCALL_COLUMNS).sort_values(["date", "vote_id"], kind="stable")
    files = [wide_file, *long_files]
    prov = provenance(PROVENANCE, files)
    return {
        UNDL_VOTES: make_result(votes, prov, vrej.frame(), n_votes),
        UNDL_ROLLCALLS: make_result(rolls, prov, rrej.frame(), n_rolls),
    }


register(
    source_spec(
        SOURCE, load, "UN General Assembly votes of 2025 (UN Digital Library, 3DL scrape): extends unga"
    )
)
