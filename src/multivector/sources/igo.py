"""COW Intergovernmental Organizations v3: shared full memberships per dyad-year.

Table ``igo``: iso3, ccode, partner_iso3, partner_ccode, year, dyadigos. Kept NON-DIRECTED as published:
one row per pair with ``ccode < partner_ccode`` (COW order, not ISO3 order: look a pair up from both sides,
e.g. KAZ-RUS is stored as ccode 365 RUS / partner 705 KAZ). ``dyadigos`` = number of IGOs in which both
are full members.
"""

from __future__ import annotations

from pathlib import Path

from multivector.provenance import LoadResult, Provenance
from multivector.sources._readers import find_files, make_result, provenance
from multivector.sources.alliances import dyad_table
from multivector.sources.registry import SourceSpec, register

__all__ = ["PROVENANCE", "load"]

PROVENANCE = Provenance(
    source="igo",
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


def load(path: Path) -> dict[str, LoadResult]:
    """COW IGO v3 shared memberships (``cow_igo_*``) -> ``igo`` (non-directed, ``ccode < partner_ccode``).

    Also reads COW's release ``dyadic_formatv3.csv`` (or its zip), see :mod:`official_cow`."""
    from multivector.sources import official_cow

    if (res := official_cow.load_igo(Path(path))) is not None:
        return res
    f = find_files(Path(path), ["cow_igo_*.csv*"], source="igo")[0]
    table, rej, n = dyad_table(f, {"dyadigos": "dyadigos"}, source="igo")
    return {"igo": make_result(table, provenance(PROVENANCE, [f]), rej, n)}


register(
    SourceSpec(
        name="igo",
        folder="alliances",
        tables=("igo",),
        load=load,
        description="COW IGO v3 shared full memberships, non-directed dyad-years 1816-2014",
    )
)
