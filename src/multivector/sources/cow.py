"""Correlates of War: Trade v4.0 (dyadic and national), State System Membership and Major Powers.

Tables:

- ``cow_trade``: DIRECTED dyad-years from the non-directed dyadic file: iso3, ccode, partner_iso3,
  partner_ccode, year, imports, exports, smooth_imports, smooth_exports (current million USD). Each file row
  (``ccode1 < ccode2``; ``flow1`` = imports of ccode1 from ccode2, ``flow2`` = imports of ccode2 from ccode1)
  gives two rows, one from each side; the report counts file rows, so the table has 2 x rows_kept rows
  (``multivector data status`` says so). Missing flows stay NA (never 0).
- ``cow_trade_national``: iso3, ccode, year, imports, exports (world totals, current million USD).
- ``cow_states``: ccode, stateabb, statenme, iso3, styear, stmonth, stday, endyear, endmonth, endday, version.
- ``cow_majors``: ccode, iso3, styear, stmonth, stday, endyear, endmonth, endday, version.

COW codes without an ISO3 (Hanover, Austria-Hungary, South Vietnam ...) keep ``iso3`` NA and their ccode.
Known quirks: Russia-Kazakhstan flows collapse in 2009-2011 (customs-union recording, not reality). In
1992-93 COW gives 0 for most trade among the former Soviet republics (not yet recorded by IMF DOTS) and their
national totals leave that trade out; the tables keep COW's values as published and
:func:`multivector.panels.add_trade` makes those zeros and totals NA (see :mod:`multivector.panels.trade`).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from multivector import countries
from multivector.dimensions import (
    COW_MAJORS,
    COW_STATES,
    COW_TRADE,
    COW_TRADE_NATIONAL,
    SRC_COW_MAJORS,
    SRC_COW_TRADE,
)
from multivector.provenance import LoadResult, Provenance
from multivector.sources._official import Layout, Member, decode, detect, has_shared
from multivector.sources._readers import Rejects, find_files, make_result, provenance, read_csv, rejects_from
from multivector.sources.registry import register, source_spec
from multivector.sources.validate import FIRST_YEAR_COW, check_dates, check_unique, check_years

__all__ = ["MAJORS", "STATES", "TRADE", "load_majors", "load_states", "load_trade"]

TRADE = Provenance(
    source=SRC_COW_TRADE,
    title="Correlates of War Trade Data Set",
    publisher="Correlates of War Project",
    version="4.0 (1870-2014)",
    citation=(
        "Barbieri, Katherine and Omar M.G. Keshk. 2016. Correlates of War Project Trade Data Set Codebook, "
        "Version 4.0. https://correlatesofwar.org ; Barbieri, Keshk & Pollins. 2009. Trading Data. "
        "Conflict Management and Peace Science 26(5): 471-491."
    ),
    url="https://correlatesofwar.org/data-sets/bilateral-trade/",
    license="free for research use with citation (Correlates of War Project)",
)
STATES = Provenance(
    source=SRC_COW_TRADE,
    title="State System Membership List",
    publisher="Correlates of War Project",
    version="2016",
    citation="Correlates of War Project. 2017. State System Membership List, v2016. https://correlatesofwar.org",
    url="https://correlatesofwar.org/data-sets/state-system-membership/",
    license="free for research use with citation (Correlates of War Project)",
)
MAJORS = Provenance(
    source=SRC_COW_MAJORS,
    title="State System Membership: Major Powers",
    publisher="Correlates of War Project",
    version="2016",
    citation="Correlates of War Project. 2017. State System Membership List, v2016 (major powers).",
    url="https://correlatesofwar.org/data-sets/state-system-membership/",
    license="free for research use with citation (Correlates of War Project)",
)

TRADE_COLUMNS = {
    "iso3": "string",
    "ccode": "Int64",
    "partner_iso3": "string",
    "partner_ccode": "Int64",
    "year": "Int64",
    "imports": "float64",
    "exports": "float64",
    "smooth_imports": "float64",
    "smooth_exports": "float64",
}
NATIONAL_COLUMNS = {
    "iso3": "string",
    "ccode": "Int64",
    "year": "Int64",
    "imports": "float64",
    "exports": "float64",
}
_DYADIC = {
    "ccode1": "int",
    "ccode2": "int",
    "year": "int",
    "flow1": "float",
    "flow2": "float",
    "smoothflow1": "float",
    "smoothflow2": "float",
}
_NATIONAL = {"ccode": "int", "year": "int", "imports": "float", "exports": "float"}
_STATES = {
    "stateabb": "str",
    "ccode": "int",
    "statenme": "str",
    "styear": "int",
    "stmonth": "int",
    "stday": "int",
    "endyear": "int",
    "endmonth": "int",
    "endday": "int",
    "version": "int",
}
_MAJORS = {
    "ccode": "int",
    "styear": "int",
    "stmonth": "int",
    "stday": "int",
    "endyear": "int",
    "endmonth": "int",
    "endday": "int",
    "version": "int",
}


MISSING = -9  # COW's missing-value code in the official files
_TRADE_PATTERNS = ("cow_trade_v4_dyadic_*.csv*", "cow_trade_v4_national_*.csv*", "cow_states_*.csv*")
_TRADE_OFFICIAL_FILES = ("COW_Trade_4*.zip", "*COW_Trade*.zip", "Dyadic_COW_*.csv*", "National_COW_*.csv*")
#: COW Trade v4.0 as released (COW_Trade_4.0.zip -> COW_Trade_4.0/Dyadic_COW_4.0.csv, National_COW_4.0.csv)
TRADE_LAYOUTS = (
    Layout(
        "dyadic",
        ("dyadic_cow_*.csv", "dyadic_cow_*.csv.gz"),
        (
            "ccode1",
            "ccode2",
            "year",
            "importer1",
            "importer2",
            "flow1",
            "flow2",
            "smoothflow1",
            "smoothflow2",
        ),
        "Dyadic_COW_4.0.csv",
    ),
    Layout(
        "national",
        ("national_cow_*.csv", "national_cow_*.csv.gz"),
        ("ccode", "stateabb", "year", "imports", "exports"),
        "National_COW_4.0.csv",
    ),
)


def known_cow_codes() -> set[int]:
    """All codes of the COW state list."""
    return {int(item.split(":")[0]) for item in countries.COW_STATES.split()}


def check_ccodes(
    frame: pd.DataFrame, columns: list[str], rejects: Rejects, *, source: str, file: Path | str
) -> pd.DataFrame:
    """Reject rows whose COW codes are missing or not in the COW state list."""
    known = known_cow_codes()
    bad = pd.Series(False, index=frame.index)
    for col in columns:
        bad |= ~frame[col].isin(known)
    if bad.any():
        what = frame.loc[bad, columns].astype(str).agg("/".join, axis=1)
        rejects.add(
            rejects_from(frame[bad], "unknown COW country code (" + what + ")", source=source, file=file)
        )
    return frame[~bad]


def _iso3(ccode: pd.Series) -> pd.Series:
    return countries.cow_to_iso3(ccode, not_found="nan") if len(ccode) else pd.Series(dtype="string")


def _read(
    file: Path, schema: dict[str, str], member: Member | None
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Read the shared copy (``member`` None) or a member of COW's release (COW's -9 = missing -> NA)."""
    if member is None:
        return read_csv(file, schema, source=SRC_COW_TRADE)
    raw, rej, n = read_csv(
        file, schema, source=SRC_COW_TRADE, data=decode(member.read(), member.label), label=member.label
    )
    for col, kind in schema.items():
        if kind == "float":
            raw[col] = raw[col].mask(raw[col] == MISSING)
    return raw, rej, n


def _trade_side(raw: pd.DataFrame, iso: dict[str, pd.Series], own: str, other: str) -> pd.DataFrame:
    """One direction of each dyad: country ``ccode{own}`` with partner ``ccode{other}``.

    COW's ``flow1`` is what ``ccode1`` imports from ``ccode2`` (``flow2`` the reverse), so the country's
    imports are ``flow{own}`` and its exports ``flow{other}``.
    """
    return pd.DataFrame(
        {
            "iso3": iso[f"ccode{own}"].to_numpy(),
            "ccode": raw[f"ccode{own}"].to_numpy(),
            "partner_iso3": iso[f"ccode{other}"].to_numpy(),
            "partner_ccode": raw[f"ccode{other}"].to_numpy(),
            "year": raw["year"].to_numpy(),
            "imports": raw[f"flow{own}"].to_numpy(),
            "exports": raw[f"flow{other}"].to_numpy(),
            "smooth_imports": raw[f"smoothflow{own}"].to_numpy(),
            "smooth_exports": raw[f"smoothflow{other}"].to_numpy(),
        }
    )


def _trade_dyadic(file: Path, member: Member | None = None) -> tuple[pd.DataFrame, pd.DataFrame, int, int]:
    rejects = Rejects()
    raw, rej, n = _read(file, _DYADIC, member)
    rejects.add(rej)
    where: Path | str = member.label if member else file
    file = where  # type: ignore[assignment]
    raw = check_ccodes(raw, ["ccode1", "ccode2"], rejects, source=SRC_COW_TRADE, file=file)
    raw = check_years(raw, ["year"], rejects, first=FIRST_YEAR_COW, source=SRC_COW_TRADE, file=file)
    flows = ["flow1", "flow2", "smoothflow1", "smoothflow2"]
    neg = (raw[flows] < 0).any(axis=1)
    rejects.add(
        rejects_from(raw[neg], "negative trade flow (COW missing code -9?)", source=SRC_COW_TRADE, file=file)
    )
    raw = raw[~neg]
    dup = raw.duplicated(["ccode1", "ccode2", "year"])
    rejects.add(rejects_from(raw[dup], "duplicate dyad-year", source=SRC_COW_TRADE, file=file))
    raw = raw[~dup]
    iso = {c: _iso3(raw[c]) for c in ("ccode1", "ccode2")}
    a, b = _trade_side(raw, iso, "1", "2"), _trade_side(raw, iso, "2", "1")
    table = pd.concat([a, b], ignore_index=True).astype(TRADE_COLUMNS)
    table = table.sort_values(["ccode", "partner_ccode", "year"]).reset_index(drop=True)
    return table, rejects.frame(), n, len(raw)


def _national(file: Path, member: Member | None = None) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    rejects = Rejects()
    raw, rej, n = _read(file, _NATIONAL, member)
    rejects.add(rej)
    where: Path | str = member.label if member else file
    file = where  # type: ignore[assignment]
    raw = check_ccodes(raw, ["ccode"], rejects, source=SRC_COW_TRADE, file=file)
    raw = check_years(raw, ["year"], rejects, first=FIRST_YEAR_COW, source=SRC_COW_TRADE, file=file)
    neg = (raw[["imports", "exports"]] < 0).any(axis=1)
    rejects.add(rejects_from(raw[neg], "negative trade total", source=SRC_COW_TRADE, file=file))
    raw = raw[~neg]
    dup = raw.duplicated(["ccode", "year"])
    rejects.add(rejects_from(raw[dup], "duplicate country-year", source=SRC_COW_TRADE, file=file))
    raw = raw[~dup]
    raw = raw.assign(iso3=_iso3(raw["ccode"]).to_numpy())
    return raw[[*NATIONAL_COLUMNS, "_line"]].astype(NATIONAL_COLUMNS), rejects.frame(), n


def load_trade(path: Path) -> dict[str, LoadResult]:
    """COW Trade v4: ``cow_trade`` (directed, from the dyadic file), ``cow_trade_national`` and, if the
    folder holds it, ``cow_states``. ``path``: the trade folder or one of the files."""
    path = Path(path)
    out: dict[str, LoadResult] = {}
    if not has_shared(path, _TRADE_PATTERNS):
        official = detect(path, TRADE_LAYOUTS, source=SRC_COW_TRADE, folder_patterns=_TRADE_OFFICIAL_FILES)
        if official:
            return _load_trade_official(official)
    files = find_files(
        path,
        list(_TRADE_PATTERNS),
        source=SRC_COW_TRADE,
    )
    for f in files:
        if f.name.startswith("cow_states_"):
            out.update(load_states(f))
        elif f.name.startswith("cow_majors_"):
            out.update(load_majors(f))
        elif "national" in f.name:
            table, rej, n = _national(f)
            out[COW_TRADE_NATIONAL] = make_result(table, provenance(TRADE, [f]), rej, n)
        else:
            table, rej, n, kept = _trade_dyadic(f)
            out[COW_TRADE] = make_result(table, provenance(TRADE, [f]), rej, n, rows_kept=kept)
    return out


def _load_trade_official(found: dict[str, Member]) -> dict[str, LoadResult]:
    """COW's own release (``COW_Trade_4.0.zip`` or its CSVs): the same tables as the shared copy."""
    out: dict[str, LoadResult] = {}
    if (m := found.get("dyadic")) is not None:
        table, rej, n, kept = _trade_dyadic(m.archive, m)
        prov = replace(provenance(TRADE, []), files=(m.info(),))
        out[COW_TRADE] = make_result(table, prov, rej, n, rows_kept=kept)
    if (m := found.get("national")) is not None:
        table, rej, n = _national(m.archive, m)
        prov = replace(provenance(TRADE, []), files=(m.info(),))
        out[COW_TRADE_NATIONAL] = make_result(table, prov, rej, n)
    return out


def plausible_spells(raw: pd.DataFrame, rejects: Rejects, *, source: str, file: Path | str) -> pd.DataFrame:
    """COW membership spells: start and end are calendar dates from 1816 on, a spell is listed once."""
    first = FIRST_YEAR_COW
    raw = check_years(raw, ["styear", "endyear"], rejects, first=first, source=source, file=file)
    raw = check_dates(raw, "styear", "stmonth", "stday", rejects, source=source, file=file)
    raw = check_dates(raw, "endyear", "endmonth", "endday", rejects, source=source, file=file)
    keys, what = ["ccode", "styear", "stmonth", "stday"], "spell (same state and start)"
    return check_unique(raw, keys, rejects, what=what, source=source, file=file)


def load_states(path: Path) -> dict[str, LoadResult]:
    """COW State System Membership list -> ``cow_states`` (with iso3)."""
    f = find_files(Path(path), ["cow_states_*.csv*", "states20*.csv*"], source=SRC_COW_TRADE)[0]
    rejects = Rejects()
    raw, rej, n = read_csv(f, _STATES, source=SRC_COW_TRADE)
    rejects.add(rej)
    raw = plausible_spells(raw, rejects, source=SRC_COW_TRADE, file=f)
    raw = raw.assign(iso3=_iso3(raw["ccode"]).to_numpy())
    cols = [
        "ccode",
        "stateabb",
        "statenme",
        "iso3",
        *[c for c in _STATES if c.startswith(("st", "end", "ver")) and c not in ("stateabb",)],
    ]
    return {COW_STATES: make_result(raw[[*cols, "_line"]], provenance(STATES, [f]), rejects.frame(), n)}


def load_majors(path: Path) -> dict[str, LoadResult]:
    """COW major powers -> ``cow_majors`` (ccode, iso3, start and end dates, version).

    Reads the shared copy (``cow_majors_*``) or COW's own ``majors2016.csv`` (same columns + stateabb)."""
    f = find_files(Path(path), ["cow_majors_*.csv*", "majors*.csv*"], source=SRC_COW_MAJORS)[0]
    rejects = Rejects()
    raw, rej, n = read_csv(f, _MAJORS, source=SRC_COW_MAJORS)
    rejects.add(rej)
    raw = check_ccodes(raw, ["ccode"], rejects, source=SRC_COW_MAJORS, file=f)
    raw = plausible_spells(raw, rejects, source=SRC_COW_MAJORS, file=f)
    raw = raw.assign(iso3=_iso3(raw["ccode"]).to_numpy())
    cols = ["ccode", "iso3", *[c for c in _MAJORS if c != "ccode"]]
    return {COW_MAJORS: make_result(raw[[*cols, "_line"]], provenance(MAJORS, [f]), rejects.frame(), n)}


register(
    source_spec(
        SRC_COW_TRADE,
        load_trade,
        "Correlates of War Trade v4.0 (directed dyad-years and national totals) and COW states",
    )
)
register(source_spec(SRC_COW_MAJORS, load_majors, "Correlates of War major powers (v2016)"))
