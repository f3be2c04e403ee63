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

from pathlib import Path

import pandas as pd

from multivector import countries
from multivector.provenance import LoadResult, Provenance
from multivector.sources._official import Member
from multivector.sources._readers import Rejects, find_files, make_result, provenance, read_csv, rejects_from
from multivector.sources.registry import SourceSpec, register

__all__ = ["PROVENANCE", "REGISTER_COLUMNS", "TIV_COLUMNS", "load"]

PROVENANCE = Provenance(
    source="sipri",
    title="SIPRI Arms Transfers Database",
    publisher="Stockholm International Peace Research Institute (SIPRI)",
    version="TIV tables generated 2022-07-28 (1950-2021); trade register generated 2025-01-03 (2000-2023)",
    citation=(
        "Source: SIPRI Arms Transfers Database, TIV tables generated 28 July 2022, trade register generated "
        "3 January 2025. https://www.sipri.org/databases/armstransfers"
    ),
    url="https://www.sipri.org/databases/armstransfers",
    license="free to use with citation (SIPRI); TIV tables via 360info (CC BY 4.0)",
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
    raw = _actors(raw[~neg].copy(), rejects, file)
    table = raw[[*TIV_COLUMNS, "_line"]].astype(TIV_COLUMNS)
    return make_result(table, prov or provenance(PROVENANCE, [file]), rejects.frame(), n)


def _register(file: Path, member: Member | None = None) -> LoadResult:
    """The register as exported by SIPRI: with ``member`` (official_sipri), its note lines are skipped."""
    rejects = Rejects()
    schema = {k: kind for k, (_, kind) in _REGISTER_NAMES.items()}
    where: Path | str = file
    prov = provenance(PROVENANCE, [file])
    if member is None:
        raw, rej, n = read_csv(file, schema, source="sipri")
    else:
        from multivector.sources.official_sipri import register_body

        body, first_line = register_body(member)
        raw, rej, n = read_csv(
            file, schema, source="sipri", data=body, label=member.label, first_line=first_line
        )
        from multivector.sources.official_sipri import generated_provenance

        where, prov = member.label, generated_provenance(prov, [member], "trade register")
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
    raw = _actors(raw.copy(), rejects, file)
    table = raw[[*REGISTER_COLUMNS, "_line"]].astype(REGISTER_COLUMNS)
    return make_result(table, prov, rejects.frame(), n)


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
