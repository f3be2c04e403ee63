"""SIPRI Arms Transfers Database: TIV tables (supplier x recipient x year) and the trade register.

Tables:

- ``sipri_tiv``: supplier, supplier_iso3, supplier_kind, recipient, recipient_iso3, recipient_kind, year, tiv
  (SIPRI trend-indicator value, millions).
- ``sipri_register``: deal_id, supplier, supplier_iso3, supplier_kind, recipient, recipient_iso3,
  recipient_kind, designation, description, category, order_year, order_year_estimate, numbers_delivered,
  numbers_delivered_estimate, delivery_year, delivery_year_estimate, status, sipri_estimate, tiv_deal_unit,
  tiv_delivered, local_production. One row = one deal's deliveries in one year.

This module reads the shared copies; SIPRI's own exports are read by
:mod:`multivector.sources.official_sipri`. Both finish their rows with :mod:`multivector.sources.sipri_schema`
(which says what ``*_kind`` holds and which rows are rejected).
"""

from __future__ import annotations

from pathlib import Path

from multivector.dimensions import SIPRI_REGISTER, SIPRI_TIV, SRC_SIPRI
from multivector.provenance import LoadResult
from multivector.sources import official_sipri
from multivector.sources._readers import find_files, read_bytes, read_csv
from multivector.sources.registry import register, source_spec
from multivector.sources.sipri_schema import (
    PROVENANCE,
    REGISTER_COLUMNS,
    REGISTER_ID,
    REGISTER_SCHEMA,
    SHARED_COPIES,
    TIV_COLUMNS,
    TIV_SCHEMA,
    UNSTATED,
    SharedCopy,
    finish_register,
    finish_tiv,
    shared_provenance,
)

__all__ = [
    "PROVENANCE",
    "REGISTER_COLUMNS",
    "SHARED_COPIES",
    "TIV_COLUMNS",
    "UNSTATED",
    "SharedCopy",
    "load",
    "shared_provenance",
]


def _tiv(file: Path) -> LoadResult:
    """``sipri_tiv`` from a shared-copy TIV file."""
    raw, rejected, n = read_csv(file, TIV_SCHEMA, source=SRC_SIPRI)
    return finish_tiv(raw, rejected, n, file, shared_provenance(file, "TIV tables"))


def _register(file: Path) -> LoadResult:
    """``sipri_register`` from a shared-copy register file (no note lines)."""
    raw, rejected, n = read_csv(file, REGISTER_SCHEMA, source=SRC_SIPRI)
    return finish_register(raw, rejected, n, file, shared_provenance(file, "trade register"))


def load(path: Path) -> dict[str, LoadResult]:
    """SIPRI TIV tables (``sipri_tiv_*``) and trade register (``sipri_trade_register_*``), file or folder.

    A file is recognised by its header: the register has ``SIPRI AT Database ID``.
    """
    if (res := official_sipri.load(Path(path))) is not None:  # SIPRI's own exports (note lines first)
        return res
    files = find_files(Path(path), ["sipri_tiv_*.csv*", "sipri_trade_register_*.csv*"], source=SRC_SIPRI)
    out: dict[str, LoadResult] = {}
    for f in files:
        if "register" in f.name:
            out[SIPRI_REGISTER] = _register(f)
        elif "tiv" in f.name:
            out[SIPRI_TIV] = _tiv(f)
        elif REGISTER_ID.encode() in read_bytes(f).split(b"\n", 1)[0]:  # another name: decide by header
            out[SIPRI_REGISTER] = _register(f)
        else:
            out[SIPRI_TIV] = _tiv(f)
    return out


register(
    source_spec(
        SRC_SIPRI,
        load,
        "SIPRI Arms Transfers Database: TIV by supplier, recipient and year; trade register",
    )
)
