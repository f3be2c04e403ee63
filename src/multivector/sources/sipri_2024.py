"""A later release of the SIPRI trade register, kept beside the earlier one: source ``sipri_2024``.

Folder ``arms_2024/`` (shared layout), table ``sipri_register_2024``: SIPRI's trade register with deliveries
1990-2024, export generated 13 Feb 2026 (shared/data/arms_2024/SOURCE.md). SIPRI revises past years in every
release (2000-2023 differ from the ``arms/`` export of January 2025 by up to ~2% a year), so the two are
two *releases* of one dataset, stored side by side (:data:`multivector.dimensions.SIPRI_ARMS`) and never
spliced into one series: :func:`multivector.panels.add_arms` reads one release per call, the newest stored
unless told otherwise (docs/store.md, "Releases").

The file is read exactly as ``sipri_register`` is (:func:`multivector.sources.sipri.load`: the shared copy
without note lines, or SIPRI's own export with them); the generation date comes from the export's
"Data generated" line, or, for the shared copy (which dropped those lines), from its checksum.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from multivector.dimensions import SIPRI_REGISTER, SIPRI_REGISTER_2024, SIPRI_TIV, SRC_SIPRI_2024
from multivector.errors import DataError
from multivector.provenance import LoadResult, Provenance
from multivector.sources import sipri
from multivector.sources._readers import read_bytes
from multivector.sources.registry import register, source_spec

__all__ = ["SHARED_2024", "load"]

#: the shared copy (arms_2024/SOURCE.md): generated "13 Feb 2026", deliveries 1990-2024
SHARED_2024 = sipri.SharedCopy(
    "trade register", "13 Feb 2026", "2026-02-13", "1990-2024", "free to use with citation (SIPRI)"
)
_KNOWN = {
    "3018355a41c2a91f6ee2d7d6928d6857ccf2455df622b5c550229165efbda569",  # .csv.gz as distributed
    "697729cd4d1af0b9bd270f1176ccde4cccb18b205f999ca634a215ebbb18aed5",  # decompressed
}


def _provenance(prov: Provenance) -> Provenance:
    """``prov`` with the generation date of the known shared copy (the copy carries no note lines)."""
    if len(prov.files) != 1:
        return prov
    file = Path(prov.files[0].path)
    known = prov.files[0].sha256 in _KNOWN
    if not known and file.is_file():
        known = hashlib.sha256(read_bytes(file)).hexdigest() in _KNOWN
    if not known:
        return prov
    copy = SHARED_2024
    return replace(
        prov,
        version=f"{copy.what} generated {copy.iso_date} ({copy.coverage})",
        citation=f"Source: SIPRI Arms Transfers Database, {copy.what} generated {copy.generated}. {prov.url}",
        license=copy.license,
    )


def load(path: Path) -> dict[str, LoadResult]:
    """The SIPRI trade register in ``path`` (folder or file) as ``sipri_register_2024``."""
    results = sipri.load(Path(path))
    if SIPRI_TIV in results:
        raise DataError(
            f"{path}: holds SIPRI TIV tables; this source takes a trade register export only "
            "(import TIV tables with `multivector data import sipri PATH`)"
        )
    if SIPRI_REGISTER not in results:
        raise DataError(f"{path}: no SIPRI trade register found (a CSV with 'SIPRI AT Database ID')")
    result = results[SIPRI_REGISTER]
    return {SIPRI_REGISTER_2024: replace(result, provenance=_provenance(result.provenance))}


register(
    source_spec(
        SRC_SIPRI_2024,
        load,
        "SIPRI trade register, deliveries 1990-2024 (generated Feb 2026): a later release",
    )
)
