"""Alliances: ATOP 5.1 and COW Formal Alliances v4.1, directed dyad-years with pledge columns.

Tables:

- ``atop``: iso3, ccode, partner_iso3, partner_ccode, year, defense, offense, neutral, nonagg, consul (0/1).
- ``cow_alliance``: iso3, ccode, partner_iso3, partner_ccode, year, defense, neutral, nonagg, entente (0/1).

Both files are already directed (each dyad appears from both sides). A dyad-year absent from the table has
no alliance in that source (it is not missing data within the source's years: ATOP 1815-2018, COW
1816-2012; outside those years the answer is unknown, NA).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from multivector import countries
from multivector.provenance import LoadResult, Provenance
from multivector.sources._readers import Rejects, find_files, make_result, provenance, read_csv, rejects_from
from multivector.sources.cow import check_ccodes
from multivector.sources.registry import SourceSpec, register
from multivector.sources.validate import FIRST_YEAR_ATOP, FIRST_YEAR_COW, check_years

__all__ = ["ATOP", "COW_ALLIANCE", "dyad_table", "load_atop", "load_cow_alliance"]

ATOP = Provenance(
    source="atop",
    title="Alliance Treaty Obligations and Provisions (ATOP)",
    publisher="ATOP Project (Leeds et al.); dyad-years via peacesciencer (S. Miller)",
    version="5.1 (directed dyad-years 1815-2018)",
    citation=(
        "Leeds, Ritter, Mitchell & Long. 2002. Alliance Treaty Obligations and Provisions, 1815-1944. "
        "International Interactions 28: 237-260; ATOP codebook v5.1, http://www.atopdata.org"
    ),
    url="http://www.atopdata.org",
    license="free for research use with citation (ATOP Project)",
)
COW_ALLIANCE = Provenance(
    source="cow_alliance",
    title="Correlates of War Formal Alliances",
    publisher="Correlates of War Project (D. Gibler); dyad-years via peacesciencer",
    version="4.1 (directed dyad-years 1816-2012)",
    citation="Gibler, Douglas M. 2009. International Military Alliances, 1648-2008. CQ Press.",
    url="https://correlatesofwar.org/data-sets/formal-alliances/",
    license="free for research use with citation (Correlates of War Project)",
)

_ATOP_PLEDGES = ("defense", "offense", "neutral", "nonagg", "consul")
_COW_PLEDGES = ("defense", "neutral", "nonagg", "entente")


def dyad_table(
    file: Path, values: dict[str, str], *, source: str, kind: str = "int", first_year: int = FIRST_YEAR_COW
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Read a ``ccode1, ccode2, year, <values>`` dyad-year file: returns the table with iso3 on both sides
    (``iso3, ccode, partner_iso3, partner_ccode, year`` + renamed values), rejected rows, rows read."""
    rejects = Rejects()
    schema = {"ccode1": "int", "ccode2": "int", "year": "int", **{k: kind for k in values}}
    raw, rej, n = read_csv(file, schema, source=source)
    rejects.add(rej)
    table, _kept = finish_dyads(
        raw, values, rejects, source=source, file=file, kind=kind, first_year=first_year
    )
    return table, rejects.frame(), n


def finish_dyads(
    raw: pd.DataFrame,
    values: dict[str, str],
    rejects: Rejects,
    *,
    source: str,
    file: Path | str,
    kind: str = "int",
    duplicates: str = "reject",
    first_year: int = FIRST_YEAR_COW,
) -> tuple[pd.DataFrame, int]:
    """Checks and iso3 columns for a typed ``ccode1, ccode2, year, <values>`` frame (with ``_line``).

    Unknown COW codes, implausible years (before ``first_year``: 1816 for COW, 1815 for ATOP; or after next
    year), negative values and (``duplicates="reject"``) repeated dyad-years are rejected;
    ``duplicates="max"`` merges the rows of one dyad-year (one row per alliance in COW's yearly file) into
    one, each pledge = the maximum. Returns the table and the number of file rows kept.
    """
    raw = check_ccodes(raw, ["ccode1", "ccode2"], rejects, source=source, file=file)
    raw = check_years(raw, ["year"], rejects, first=first_year, source=source, file=file)
    if duplicates != "max":
        dup = raw.duplicated(["ccode1", "ccode2", "year"])
        rejects.add(rejects_from(raw[dup], "duplicate dyad-year", source=source, file=file))
        raw = raw[~dup]
    if kind == "int":
        bad = (raw[list(values)].lt(0)).any(axis=1)
        rejects.add(rejects_from(raw[bad], "negative value", source=source, file=file))
        raw = raw[~bad]
    kept = len(raw)
    if duplicates == "max":
        raw = raw.groupby(["ccode1", "ccode2", "year"], as_index=False, sort=False)[list(values)].max()
    iso1 = countries.cow_to_iso3(raw["ccode1"], not_found="nan") if len(raw) else pd.Series(dtype="string")
    iso2 = countries.cow_to_iso3(raw["ccode2"], not_found="nan") if len(raw) else pd.Series(dtype="string")
    table = pd.DataFrame(
        {
            "iso3": pd.Series(iso1).to_numpy(),
            "ccode": raw["ccode1"].to_numpy(),
            "partner_iso3": pd.Series(iso2).to_numpy(),
            "partner_ccode": raw["ccode2"].to_numpy(),
            "year": raw["year"].to_numpy(),
            **{new: raw[old].to_numpy() for old, new in values.items()},
        }
    )
    dtypes = {
        "iso3": "string",
        "ccode": "Int64",
        "partner_iso3": "string",
        "partner_ccode": "Int64",
        "year": "Int64",
        **{new: "Int64" if kind == "int" else "float64" for new in values.values()},
    }
    return table.astype(dtypes), kept


def load_atop(path: Path) -> dict[str, LoadResult]:
    """ATOP 5.1 directed dyad-years (``atop5_directed_dyad_year_*``) -> ``atop``.

    Also reads ATOP's own release: ``atop5_1ddyr.csv`` or the zip holding it (see official_cow)."""
    from multivector.sources import official_cow

    if (res := official_cow.load_atop(Path(path))) is not None:
        return res
    f = find_files(Path(path), ["atop5_*.csv*", "atop*.csv*"], source="atop")[0]
    pledges = {f"atop_{p}": p for p in _ATOP_PLEDGES}
    table, rej, n = dyad_table(f, pledges, source="atop", first_year=FIRST_YEAR_ATOP)
    return {"atop": make_result(table, provenance(ATOP, [f]), rej, n)}


def load_cow_alliance(path: Path) -> dict[str, LoadResult]:
    """COW Formal Alliances v4.1 directed dyad-years (``cow_alliance_*``) -> ``cow_alliance``.

    Also reads COW's release: ``alliance_v4.1_by_directed_yearly.csv`` or ``version4.1_csv.zip``."""
    from multivector.sources import official_cow

    if (res := official_cow.load_cow_alliance(Path(path))) is not None:
        return res
    f = find_files(Path(path), ["cow_alliance_*.csv*"], source="cow_alliance")[0]
    table, rej, n = dyad_table(f, {f"cow_{p}": p for p in _COW_PLEDGES}, source="cow_alliance")
    return {"cow_alliance": make_result(table, provenance(COW_ALLIANCE, [f]), rej, n)}


register(
    SourceSpec(
        name="atop",
        folder="alliances",
        tables=("atop",),
        load=load_atop,
        description="ATOP 5.1 alliance pledges, directed dyad-years 1815-2018",
    )
)
register(
    SourceSpec(
        name="cow_alliance",
        folder="alliances",
        tables=("cow_alliance",),
        load=load_cow_alliance,
        description="COW Formal Alliances v4.1, directed dyad-years 1816-2012",
    )
)
