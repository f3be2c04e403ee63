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

from multivector.dimensions import ATOP, COW_ALLIANCE, SRC_ATOP, SRC_COW_ALLIANCE
from multivector.provenance import LoadResult
from multivector.sources import official_cow
from multivector.sources._readers import find_files, make_result, provenance
from multivector.sources.dyad_schema import (
    ATOP_PLEDGES,
    ATOP_PROVENANCE,
    COW_ALLIANCE_PROVENANCE,
    COW_PLEDGES,
    dyad_table,
)
from multivector.sources.registry import register, source_spec
from multivector.sources.validate import FIRST_YEAR_ATOP

__all__ = ["load_atop", "load_cow_alliance"]


def load_atop(path: Path) -> dict[str, LoadResult]:
    """ATOP 5.1 directed dyad-years (``atop5_directed_dyad_year_*``) -> ``atop``.

    Also reads ATOP's own release: ``atop5_1ddyr.csv`` or the zip holding it (see official_cow)."""
    if (res := official_cow.load_atop(Path(path))) is not None:
        return res
    f = find_files(Path(path), ["atop5_*.csv*", "atop*.csv*"], source=SRC_ATOP)[0]
    pledges = {f"atop_{p}": p for p in ATOP_PLEDGES}
    table, rej, n = dyad_table(f, pledges, source=SRC_ATOP, first_year=FIRST_YEAR_ATOP)
    return {ATOP: make_result(table, provenance(ATOP_PROVENANCE, [f]), rej, n)}


def load_cow_alliance(path: Path) -> dict[str, LoadResult]:
    """COW Formal Alliances v4.1 directed dyad-years (``cow_alliance_*``) -> ``cow_alliance``.

    Also reads COW's release: ``alliance_v4.1_by_directed_yearly.csv`` or ``version4.1_csv.zip``."""
    if (res := official_cow.load_cow_alliance(Path(path))) is not None:
        return res
    f = find_files(Path(path), ["cow_alliance_*.csv*"], source=SRC_COW_ALLIANCE)[0]
    table, rej, n = dyad_table(f, {f"cow_{p}": p for p in COW_PLEDGES}, source=SRC_COW_ALLIANCE)
    return {COW_ALLIANCE: make_result(table, provenance(COW_ALLIANCE_PROVENANCE, [f]), rej, n)}


register(source_spec(SRC_ATOP, load_atop, "ATOP 5.1 alliance pledges, directed dyad-years 1815-2018"))
register(
    source_spec(
        SRC_COW_ALLIANCE, load_cow_alliance, "COW Formal Alliances v4.1, directed dyad-years 1816-2012"
    )
)
