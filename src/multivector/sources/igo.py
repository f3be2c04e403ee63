"""COW Intergovernmental Organizations v3: shared full memberships per dyad-year.

Table ``igo``: iso3, ccode, partner_iso3, partner_ccode, year, dyadigos. Kept NON-DIRECTED as published:
one row per pair with ``ccode < partner_ccode`` (COW order, not ISO3 order: look a pair up from both sides,
e.g. KAZ-RUS is stored as ccode 365 RUS / partner 705 KAZ). ``dyadigos`` = number of IGOs in which both
are full members.
"""

from __future__ import annotations

from pathlib import Path

from multivector.dimensions import IGO, SRC_IGO
from multivector.provenance import LoadResult
from multivector.sources import official_cow
from multivector.sources._readers import find_files, make_result, provenance
from multivector.sources.dyad_schema import IGO_PROVENANCE, dyad_table
from multivector.sources.registry import register, source_spec

__all__ = ["load"]


def load(path: Path) -> dict[str, LoadResult]:
    """COW IGO v3 shared memberships (``cow_igo_*``) -> ``igo`` (non-directed, ``ccode < partner_ccode``).

    Also reads COW's release ``dyadic_formatv3.csv`` (or its zip), see :mod:`official_cow`."""
    if (res := official_cow.load_igo(Path(path))) is not None:
        return res
    f = find_files(Path(path), ["cow_igo_*.csv*"], source=SRC_IGO)[0]
    table, rej, n = dyad_table(f, {"dyadigos": "dyadigos"}, source=SRC_IGO)
    return {IGO: make_result(table, provenance(IGO_PROVENANCE, [f]), rej, n)}


register(source_spec(SRC_IGO, load, "COW IGO v3 shared full memberships, non-directed dyad-years 1816-2014"))
