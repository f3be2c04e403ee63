"""The SIPRI tables' schema and finishing steps, shared by both readers of SIPRI files.

:mod:`multivector.sources.sipri` reads the shared copies (plain CSVs) and
:mod:`multivector.sources.official_sipri` SIPRI's own exports (note lines, "TIV of arms exports from X"
tables); both type the rows they read with :data:`TIV_SCHEMA` / :data:`REGISTER_SCHEMA` and finish them
here (:func:`finish_tiv`, :func:`finish_register`): plausibility checks, actors mapped to ISO3, the columns
of ``sipri_tiv`` (:data:`TIV_COLUMNS`) and ``sipri_register`` (:data:`REGISTER_COLUMNS`).

``*_kind`` is ``state``, ``historical_state`` (South Vietnam: iso3 NA), ``non_state`` (SIPRI marks rebel
groups with ``*``), ``international_organisation`` (``**``: NATO, African Union, UN ...) or ``unknown``
("Unknown supplier(s)"). Non-state rows are kept with iso3 NA; a name that looks like a state but is not
in the crosswalk is rejected.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from multivector import countries
from multivector.dimensions import SRC_SIPRI
from multivector.provenance import LoadResult, Provenance
from multivector.sources._readers import Rejects, make_result, provenance, read_bytes, rejects_from
from multivector.sources.validate import (
    FIRST_ORDER_YEAR_SIPRI,
    FIRST_YEAR_SIPRI,
    check_range,
    check_unique,
    check_years,
)

__all__ = [
    "KNOWN_COPIES",
    "PROVENANCE",
    "REGISTER_COLUMNS",
    "REGISTER_ID",
    "REGISTER_SCHEMA",
    "SHARED_COPIES",
    "TIV_COLUMNS",
    "TIV_SCHEMA",
    "UNSTATED",
    "SharedCopy",
    "finish_register",
    "finish_tiv",
    "shared_provenance",
]

#: what to cite when a file does not say when SIPRI generated it (SIPRI asks for "[date generated]")
UNSTATED = "generation date not stated in the file; add it to your citation"
_URL = "https://www.sipri.org/databases/armstransfers"
PROVENANCE = Provenance(
    source=SRC_SIPRI,
    title="SIPRI Arms Transfers Database",
    publisher="Stockholm International Peace Research Institute (SIPRI)",
    version=UNSTATED,
    citation=f"Source: SIPRI Arms Transfers Database, {UNSTATED}. {_URL}",
    url=_URL,
    license="free to use with citation (SIPRI)",
)


@dataclass(frozen=True)
class SharedCopy:
    """A known copy in the shared-data layout (see shared/data/arms/SOURCE.md) and the date SIPRI stamped
    on the export it was made from (the copy itself carries no note lines)."""

    what: str
    generated: str
    iso_date: str
    coverage: str
    license: str


SHARED_COPIES = {
    "tiv": SharedCopy(
        "TIV tables", "28 July 2022", "2022-07-28", "1950-2021",
        "free to use with citation (SIPRI); TIV tables via 360info (CC BY 4.0)",
    ),
    "register": SharedCopy(
        "trade register", "3 January 2025", "2025-01-03", "2000-2023", "free to use with citation (SIPRI)"
    ),
}  # fmt: skip
#: sha256 of the shared copies, as distributed (.csv.gz) and decompressed -> which copy
KNOWN_COPIES = {
    "a7859fac4d602cf04290538c8fad14049dc827aca3541b201fdeb513b2c828a3": SHARED_COPIES["tiv"],
    "da877711f847617f6e1f636db16574f06e4f3016ee76c70020b93d9c27cd9e28": SHARED_COPIES["tiv"],
    "0338e4da8c30b8b8db7e419e76f64f9f0a4f65c322d5febf5570ba08eb5b587e": SHARED_COPIES["register"],
    "44f0e1d17acbe02d453cc7f18b6c35788a7e527b92f4e76e9840ae1223ab914e": SHARED_COPIES["register"],
}


def shared_provenance(file: Path, what: str) -> Provenance:
    """Provenance of a file in the shared layout: the generation date of the known shared copies
    (recognised by checksum, compressed or not), else :data:`UNSTATED` — never a date the file lacks."""
    prov = provenance(PROVENANCE, [file])
    copy = KNOWN_COPIES.get(prov.files[0].sha256)
    if copy is None:
        copy = KNOWN_COPIES.get(hashlib.sha256(read_bytes(file)).hexdigest())
    if copy is None or copy.what != what:
        stamp = f"{what}, {UNSTATED}"
        return replace(
            prov, version=stamp, citation=f"Source: SIPRI Arms Transfers Database, {stamp}. {_URL}"
        )
    return replace(
        prov,
        version=f"{copy.what} generated {copy.iso_date} ({copy.coverage})",
        citation=f"Source: SIPRI Arms Transfers Database, {copy.what} generated {copy.generated}. {_URL}",
        license=copy.license,
    )


TIV_COLUMNS = {
    "supplier": "string",
    "supplier_iso3": "string",
    "supplier_kind": "string",
    "recipient": "string",
    "recipient_iso3": "string",
    "recipient_kind": "string",
    "year": "Int64",
    "tiv": "float64",
}
REGISTER_COLUMNS = {
    "deal_id": "Int64",
    "supplier": "string",
    "supplier_iso3": "string",
    "supplier_kind": "string",
    "recipient": "string",
    "recipient_iso3": "string",
    "recipient_kind": "string",
    "designation": "string",
    "description": "string",
    "category": "string",
    "order_year": "Int64",
    "order_year_estimate": "boolean",
    "numbers_delivered": "Int64",
    "numbers_delivered_estimate": "boolean",
    "delivery_year": "Int64",
    "delivery_year_estimate": "boolean",
    "status": "string",
    "sipri_estimate": "float64",
    "tiv_deal_unit": "float64",
    "tiv_delivered": "float64",
    "local_production": "boolean",
}
#: The TIV rows as read (``read_csv`` kinds): supplier, recipient, year, TIV in million.
TIV_SCHEMA = {"supplier": "str", "recipient": "str", "year": "int", "tiv_musd": "float"}
#: The first column of SIPRI's trade register.
REGISTER_ID = "SIPRI AT Database ID"
_REGISTER_NAMES = {
    REGISTER_ID: ("deal_id", "int"),
    "Supplier": ("supplier", "str"),
    "Recipient": ("recipient", "str"),
    "Designation": ("designation", "str"),
    "Description": ("description", "str"),
    "Armament category": ("category", "str"),
    "Order date": ("order_year", "int"),
    "Order date is estimate": ("order_year_estimate", "str"),
    "Numbers delivered": ("numbers_delivered", "int"),
    "Numbers delivered is estimate": ("numbers_delivered_estimate", "str"),
    "Delivery year": ("delivery_year", "int"),
    "Delivery year is estimate": ("delivery_year_estimate", "str"),
    "Status": ("status", "str"),
    "SIPRI estimate": ("sipri_estimate", "float"),
    "TIV deal unit": ("tiv_deal_unit", "float"),
    "TIV delivery values": ("tiv_delivered", "float"),
    "Local production": ("local_production", "str"),
}
#: The register's columns as SIPRI names them, with their ``read_csv`` kinds.
REGISTER_SCHEMA = {k: kind for k, (_, kind) in _REGISTER_NAMES.items()}
_YES_NO = {"yes": True, "no": False}
_FLAGS = ("order_year_estimate", "numbers_delivered_estimate", "delivery_year_estimate", "local_production")


def _actors(frame: pd.DataFrame, rejects: Rejects, file: Path | str) -> pd.DataFrame:
    """Add ``<side>_iso3`` and ``<side>_kind``; reject state-like names the crosswalk does not know."""
    for side in ("supplier", "recipient"):
        names = frame[side].astype("string").str.strip()
        uniq = pd.Series(names.dropna().unique())
        kinds = {n: countries.actor_kind(n) for n in uniq}
        iso = dict(zip(uniq, countries.to_iso3(uniq, not_found="nan"), strict=True)) if len(uniq) else {}
        frame[f"{side}_iso3"] = names.map(iso).astype("string")
        frame[f"{side}_kind"] = names.map(kinds).fillna("unknown").astype("string")
        unknown = (frame[f"{side}_kind"] == "state") & frame[f"{side}_iso3"].isna()
        rejects.add(
            rejects_from(
                frame[unknown],
                f"unknown {side} name (" + names[unknown].astype(str) + ")",
                source=SRC_SIPRI,
                file=file,
            )
        )
        frame = frame[~unknown]
    return frame


def finish_tiv(
    raw: pd.DataFrame, rejected: pd.DataFrame, rows_read: int, file: Path | str, prov: Provenance
) -> LoadResult:
    """``sipri_tiv`` from TIV rows typed with :data:`TIV_SCHEMA` (and the rows rejected reading them):
    no negative TIV, plausible years, one row per supplier-recipient-year (summed once, not twice)."""
    rejects = Rejects()
    rejects.add(rejected)
    raw = raw.rename(columns={"tiv_musd": "tiv"})
    neg = raw["tiv"] < 0
    rejects.add(rejects_from(raw[neg], "negative TIV", source=SRC_SIPRI, file=file))
    raw = check_years(raw[~neg], ["year"], rejects, first=FIRST_YEAR_SIPRI, source=SRC_SIPRI, file=file)
    keys, what = ["supplier", "recipient", "year"], "supplier-recipient-year"
    raw = check_unique(raw, keys, rejects, what=what, source=SRC_SIPRI, file=file)
    raw = _actors(raw.copy(), rejects, file)
    table = raw[[*TIV_COLUMNS, "_line"]].astype(TIV_COLUMNS)
    return make_result(table, prov, rejects.frame(), rows_read)


def finish_register(
    raw: pd.DataFrame, rejected: pd.DataFrame, rows_read: int, file: Path | str, prov: Provenance
) -> LoadResult:
    """``sipri_register`` from register rows typed with :data:`REGISTER_SCHEMA`: Yes/No flags as booleans,
    plausible years and values, one row per deal and delivery year, actors mapped to ISO3."""
    rejects = Rejects()
    rejects.add(rejected)
    raw = raw.rename(columns={k: v for k, (v, _) in _REGISTER_NAMES.items()})
    for col in _FLAGS:
        text = raw[col].astype("string").str.strip().str.lower()
        conv = text.map(_YES_NO)
        bad = text.notna() & conv.isna()
        rejects.add(rejects_from(raw[bad], f"not Yes/No in {col}", source=SRC_SIPRI, file=file))
        raw = raw[~bad].assign(**{col: conv[~bad].astype("boolean")})
    raw = _plausible_register(raw, rejects, file)
    raw = _actors(raw.copy(), rejects, file)
    table = raw[[*REGISTER_COLUMNS, "_line"]].astype(REGISTER_COLUMNS)
    return make_result(table, prov, rejects.frame(), rows_read)


def _plausible_register(raw: pd.DataFrame, rejects: Rejects, file: Path | str) -> pd.DataFrame:
    """Years in range, no negative counts or values, one row per deal and delivery year."""
    src = SRC_SIPRI
    raw = check_years(raw, ["order_year"], rejects, first=FIRST_ORDER_YEAR_SIPRI, source=src, file=file)
    raw = check_years(raw, ["delivery_year"], rejects, first=FIRST_YEAR_SIPRI, source=src, file=file)
    values = ["numbers_delivered", "sipri_estimate", "tiv_deal_unit", "tiv_delivered"]
    raw = check_range(raw, values, rejects, low=0, source=src, file=file)
    keys = ["deal_id", "delivery_year"]
    return check_unique(raw, keys, rejects, what="deal and delivery year", source=src, file=file)
