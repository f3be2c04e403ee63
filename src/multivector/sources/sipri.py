"""SIPRI Arms Transfers Database: TIV tables (supplier x recipient x year) and the trade register.

Tables:

- ``sipri_tiv``: supplier, supplier_iso3, supplier_kind, recipient, recipient_iso3, recipient_kind, year, tiv
  (SIPRI trend-indicator value, millions).
- ``sipri_register``: deal_id, supplier, supplier_iso3, supplier_kind, recipient, recipient_iso3,
  recipient_kind, designation, description, category, order_year, order_year_estimate, numbers_delivered,
  numbers_delivered_estimate, delivery_year, delivery_year_estimate, status, sipri_estimate, tiv_deal_unit,
  tiv_delivered, local_production. One row = one deal's deliveries in one year.

``*_kind`` is ``state``, ``historical_state`` (South Vietnam: iso3 NA), ``non_state`` (SIPRI marks rebel
groups with ``*``), ``igo`` (``**``: NATO, African Union, UN ...) or ``unknown`` ("Unknown supplier(s)").
Non-state rows are kept with iso3 NA; a name that looks like a state but is not in the crosswalk is rejected.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from multivector import countries
from multivector.provenance import LoadResult, Provenance
from multivector.sources._official import Member
from multivector.sources._readers import (
    Rejects,
    find_files,
    make_result,
    provenance,
    read_bytes,
    read_csv,
    rejects_from,
)
from multivector.sources.registry import SourceSpec, register
from multivector.sources.validate import (
    FIRST_ORDER_YEAR_SIPRI,
    FIRST_YEAR_SIPRI,
    check_range,
    check_unique,
    check_years,
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

#: what to cite when a file does not say when SIPRI generated it (SIPRI asks for "[date generated]")
UNSTATED = "generation date not stated in the file; add it to your citation"
_URL = "https://www.sipri.org/databases/armstransfers"
PROVENANCE = Provenance(
    source="sipri",
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
_KNOWN = {
    "a7859fac4d602cf04290538c8fad14049dc827aca3541b201fdeb513b2c828a3": SHARED_COPIES["tiv"],
    "da877711f847617f6e1f636db16574f06e4f3016ee76c70020b93d9c27cd9e28": SHARED_COPIES["tiv"],
    "0338e4da8c30b8b8db7e419e76f64f9f0a4f65c322d5febf5570ba08eb5b587e": SHARED_COPIES["register"],
    "44f0e1d17acbe02d453cc7f18b6c35788a7e527b92f4e76e9840ae1223ab914e": SHARED_COPIES["register"],
}


def shared_provenance(file: Path, what: str) -> Provenance:
    """Provenance of a file in the shared layout: the generation date of the known shared copies
    (recognised by checksum, compressed or not), else :data:`UNSTATED` — never a date the file lacks."""
    prov = provenance(PROVENANCE, [file])
    copy = _KNOWN.get(prov.files[0].sha256)
    if copy is None:
        copy = _KNOWN.get(hashlib.sha256(read_bytes(file)).hexdigest())
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
_TIV = {"supplier": "str", "recipient": "str", "year": "int", "tiv_musd": "float"}
_REGISTER_NAMES = {
    "SIPRI AT Database ID": ("deal_id", "int"),
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
_YES_NO = {"yes": True, "no": False}


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
                source="sipri",
                file=file,
            )
        )
        frame = frame[~unknown]
    return frame


def _tiv(
    file: Path, read: tuple[pd.DataFrame, pd.DataFrame, int] | None = None, prov: Provenance | None = None
) -> LoadResult:
    """``read``: an already typed (raw, rejected, rows_read) from SIPRI's own tables (official_sipri)."""
    rejects = Rejects()
    raw, rej, n = read if read is not None else read_csv(file, _TIV, source="sipri")
    rejects.add(rej)
    raw = raw.rename(columns={"tiv_musd": "tiv"})
    neg = raw["tiv"] < 0
    rejects.add(rejects_from(raw[neg], "negative TIV", source="sipri", file=file))
    raw = check_years(raw[~neg], ["year"], rejects, first=FIRST_YEAR_SIPRI, source="sipri", file=file)
    keys, what = ["supplier", "recipient", "year"], "supplier-recipient-year"
    raw = check_unique(raw, keys, rejects, what=what, source="sipri", file=file)  # summed once, not twice
    raw = _actors(raw.copy(), rejects, file)
    table = raw[[*TIV_COLUMNS, "_line"]].astype(TIV_COLUMNS)
    return make_result(table, prov or shared_provenance(file, "TIV tables"), rejects.frame(), n)


def _register(file: Path, member: Member | None = None) -> LoadResult:
    """The register as exported by SIPRI: with ``member`` (official_sipri), its note lines are skipped."""
    rejects = Rejects()
    schema = {k: kind for k, (_, kind) in _REGISTER_NAMES.items()}
    where: Path | str = file
    if member is None:
        prov = shared_provenance(file, "trade register")
        raw, rej, n = read_csv(file, schema, source="sipri")
    else:
        from multivector.sources.official_sipri import register_body

        body, first_line = register_body(member)
        raw, rej, n = read_csv(
            file, schema, source="sipri", data=body, label=member.label, first_line=first_line
        )
        from multivector.sources.official_sipri import generated_provenance

        where, prov = member.label, generated_provenance(PROVENANCE, [member], "trade register")
    file = where  # type: ignore[assignment]
    rejects.add(rej)
    raw = raw.rename(columns={k: v for k, (v, _) in _REGISTER_NAMES.items()})
    flags = [
        "order_year_estimate",
        "numbers_delivered_estimate",
        "delivery_year_estimate",
        "local_production",
    ]
    for col in flags:
        text = raw[col].astype("string").str.strip().str.lower()
        conv = text.map(_YES_NO)
        bad = text.notna() & conv.isna()
        rejects.add(rejects_from(raw[bad], f"not Yes/No in {col}", source="sipri", file=file))
        raw = raw[~bad].assign(**{col: conv[~bad].astype("boolean")})
    raw = _plausible_register(raw, rejects, file)
    raw = _actors(raw.copy(), rejects, file)
    table = raw[[*REGISTER_COLUMNS, "_line"]].astype(REGISTER_COLUMNS)
    return make_result(table, prov, rejects.frame(), n)


def _plausible_register(raw: pd.DataFrame, rejects: Rejects, file: Path | str) -> pd.DataFrame:
    """Years in range, no negative counts or values, one row per deal and delivery year."""
    src = "sipri"
    raw = check_years(raw, ["order_year"], rejects, first=FIRST_ORDER_YEAR_SIPRI, source=src, file=file)
    raw = check_years(raw, ["delivery_year"], rejects, first=FIRST_YEAR_SIPRI, source=src, file=file)
    values = ["numbers_delivered", "sipri_estimate", "tiv_deal_unit", "tiv_delivered"]
    raw = check_range(raw, values, rejects, low=0, source=src, file=file)
    keys = ["deal_id", "delivery_year"]
    return check_unique(raw, keys, rejects, what="deal and delivery year", source=src, file=file)


def load(path: Path) -> dict[str, LoadResult]:
    """SIPRI TIV tables (``sipri_tiv_*``) and trade register (``sipri_trade_register_*``), file or folder.

    A file is recognised by its header: the register has ``SIPRI AT Database ID``.
    """
    from multivector.sources import official_sipri

    if (res := official_sipri.load(Path(path))) is not None:  # SIPRI's own exports (note lines first)
        return res
    files = find_files(Path(path), ["sipri_tiv_*.csv*", "sipri_trade_register_*.csv*"], source="sipri")
    out: dict[str, LoadResult] = {}
    for f in files:
        if "register" in f.name:
            out["sipri_register"] = _register(f)
        elif "tiv" in f.name:
            out["sipri_tiv"] = _tiv(f)
        else:  # a single file with another name: decide by header
            from multivector.sources._readers import read_bytes

            head = read_bytes(f).split(b"\n", 1)[0]
            out.update(
                {"sipri_register": _register(f)}
                if b"SIPRI AT Database ID" in head
                else {"sipri_tiv": _tiv(f)}
            )
    return out


register(
    SourceSpec(
        name="sipri",
        folder="arms",
        tables=("sipri_tiv", "sipri_register"),
        load=load,
        description="SIPRI Arms Transfers Database: TIV by supplier, recipient and year; trade register",
    )
)
