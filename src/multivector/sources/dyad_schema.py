"""The dyad-year tables' schema and finishing steps (ATOP, COW alliances, COW IGO), shared by their readers.

:mod:`multivector.sources.alliances` and :mod:`multivector.sources.igo` read the shared copies,
:mod:`multivector.sources.official_cow` the publishers' own files; all of them turn a typed ``ccode1,
ccode2, year, <values>`` frame into a table ``iso3, ccode, partner_iso3, partner_ccode, year, <values>``
with :func:`finish_dyads` (COW codes checked, plausible years, no negative values, one row per dyad-year),
and cite the publishers' provenance records defined here.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from multivector import countries
from multivector.dimensions import SRC_ATOP, SRC_COW_ALLIANCE, SRC_IGO
from multivector.provenance import Provenance
from multivector.sources._readers import Rejects, read_csv, rejects_from
from multivector.sources.cow import check_ccodes
from multivector.sources.validate import FIRST_YEAR_COW, check_years

__all__ = [
    "ATOP_PLEDGES",
    "ATOP_PROVENANCE",
    "COW_ALLIANCE_PROVENANCE",
    "COW_PLEDGES",
    "IGO_PROVENANCE",
    "dyad_table",
    "finish_dyads",
]

ATOP_PROVENANCE = Provenance(
    source=SRC_ATOP,
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
COW_ALLIANCE_PROVENANCE = Provenance(
    source=SRC_COW_ALLIANCE,
    title="Correlates of War Formal Alliances",
    publisher="Correlates of War Project (D. Gibler); dyad-years via peacesciencer",
    version="4.1 (directed dyad-years 1816-2012)",
    citation="Gibler, Douglas M. 2009. International Military Alliances, 1648-2008. CQ Press.",
    url="https://correlatesofwar.org/data-sets/formal-alliances/",
    license="free for research use with citation (Correlates of War Project)",
)

IGO_PROVENANCE = Provenance(
    source=SRC_IGO,
    title="Correlates of War Intergovernmental Organizations",
    publisher="Correlates of War Project (Pevehouse et al.); dyad-years via peacesciencer",
    version="3.0 (non-directed dyad-years 1816-2014)",
    citation=(
        "Pevehouse, Nordstrom, McManus & Jamison. 2020. Tracking Organizations in the World: The Correlates "
        "of War IGO Version 3.0 datasets. Journal of Peace Research 57(3): 492-503."
    ),
    url="https://correlatesofwar.org/data-sets/igos/",
    license="free for research use with citation (Correlates of War Project)",
)
#: ATOP's pledge columns, and COW's (as the shared copies and the tables name them).
ATOP_PLEDGES = ("defense", "offense", "neutral", "nonagg", "consul")
COW_PLEDGES = ("defense", "neutral", "nonagg", "entente")


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
