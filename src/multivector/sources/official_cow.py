"""The alliance and IGO publishers' own files, mapped to the tables of :mod:`alliances` and :mod:`igo`.

- ATOP 5.1 (``atop_5.1__.csv_.zip`` -> ``ATOP 5.1 (.csv)/atop5_1ddyr.csv``): directed dyad-years,
  ``stateA, stateB, year, atopally, defense, offense, neutral, nonagg, consul, ...`` (COW codes).
- COW Formal Alliances v4.1 (``version4.1_csv.zip`` ->
  ``version4.1_csv/alliance_v4.1_by_directed_yearly.csv``): ``version4id, ccode1, state_name1, ccode2,
  state_name2, ..., defense, neutrality, nonaggression, entente, year, ...``. One row per ALLIANCE and
  directed dyad-year, so a dyad-year with two alliances has two rows: they are merged (each pledge = the
  maximum); the report counts file rows.
- COW IGO v3 (``dyadic_formatv3.zip`` -> ``dyadic_formatv3.csv``): non-directed dyad-years, ``ccode1,
  ccode2, year`` and one column per IGO coded 1 = both full members, 0 = not, -9 = missing, -1 = a state
  not in the system. ``dyadigos`` = number of IGOs coded 1 (NA when no IGO has a 0/1 code); any other
  code rejects the row. Read in chunks (the file has ~530 IGO columns).
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from multivector.dimensions import ATOP, COW_ALLIANCE, IGO, SRC_ATOP, SRC_COW_ALLIANCE, SRC_IGO
from multivector.errors import DataError
from multivector.provenance import LoadResult, Provenance
from multivector.sources._official import Layout, Member, columns, decode, detect, has_shared, header
from multivector.sources._readers import (
    Rejects,
    coerce,
    csv_layout,
    make_result,
    read_csv,
    rejects_from,
    unique_names,
    wrong_width_rejects,
)
from multivector.sources.dyad_schema import (
    ATOP_PLEDGES,
    ATOP_PROVENANCE,
    COW_ALLIANCE_PROVENANCE,
    IGO_PROVENANCE,
    finish_dyads,
)
from multivector.sources.validate import FIRST_YEAR_ATOP

__all__ = ["ALLIANCE_LAYOUT", "ATOP_LAYOUT", "IGO_LAYOUT", "load_atop", "load_cow_alliance", "load_igo"]

ATOP_LAYOUT = Layout(
    "atop_ddyr",
    ("atop5_1ddyr*.csv", "atop*ddyr*.csv", "atop*ddyr*.csv.gz"),
    ("stateA", "stateB", "year", "defense", "offense", "neutral", "nonagg", "consul"),
    "atop5_1ddyr.csv",
    names_only=True,
)
ALLIANCE_LAYOUT = Layout(
    "directed_yearly",
    ("alliance_v4*_by_directed_yearly*.csv", "alliance_v4*_by_directed_yearly*.csv.gz"),
    ("ccode1", "ccode2", "year", "defense", "neutrality", "nonaggression", "entente"),
    "alliance_v4.1_by_directed_yearly.csv",
    names_only=True,
)
IGO_LAYOUT = Layout(
    "dyadic",
    ("dyadic_formatv3*.csv", "dyadic_format*.csv.gz"),
    ("ccode1", "ccode2", "year"),
    "dyadic_formatv3.csv",
    names_only=True,
    forbidden=("dyadigos",),
)
#: identifier columns of dyadic_formatv3.csv (every other column is one IGO)
IGO_ID_COLUMNS = frozenset(
    {"dyadid", "ccode1", "ccode2", "year", "country1", "country2", "state1", "state2", "statename1",
     "statename2", "stateabb1", "stateabb2", "version"}
)  # fmt: skip
_CHUNK = 50_000
_IGO_CODES = (0.0, 1.0, -1.0, -9.0)


def _official(base: Provenance, version: str, m: Member) -> Provenance:
    return replace(base, publisher=base.publisher.split(";")[0], version=version, files=(m.info(),))


def _typed(m: Member, names: dict[str, str], source: str) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Read ``m`` with its own spelling of ``names`` (official -> canonical), returning canonical columns."""
    data = decode(m.read(), m.label)
    spelled = columns(header(data), list(names))
    schema = {spelled.get(k, k): "int" for k in names}
    raw, rej, n = read_csv(m.archive, schema, source=source, data=data, label=m.label)
    return raw.rename(columns={spelled.get(k, k): v for k, v in names.items()}), rej, n


def load_atop(path: Path) -> dict[str, LoadResult] | None:
    """ATOP's own ``atop5_1ddyr.csv`` (or the release zip) -> ``atop``; None if ``path`` is not one."""
    if has_shared(path, ["atop5_directed_*.csv*"]):
        return None
    found = detect(path, [ATOP_LAYOUT], source=SRC_ATOP, folder_patterns=["atop*.zip", "atop*ddyr*.csv*"])
    if not (m := found.get("atop_ddyr")):
        return None
    pledges = ATOP_PLEDGES
    raw, rej, n = _typed(
        m, {"stateA": "ccode1", "stateB": "ccode2", "year": "year", **{p: p for p in pledges}}, SRC_ATOP
    )
    rejects = Rejects()
    rejects.add(rej)
    table, _kept = finish_dyads(
        raw, {p: p for p in pledges}, rejects, source=SRC_ATOP, file=m.label, first_year=FIRST_YEAR_ATOP
    )
    prov = _official(ATOP_PROVENANCE, "5.1 (atop5_1ddyr.csv, as released)", m)
    return {ATOP: make_result(table, prov, rejects.frame(), n)}


def load_cow_alliance(path: Path) -> dict[str, LoadResult] | None:
    """COW's ``alliance_v4.1_by_directed_yearly.csv`` (or ``version4.1_csv.zip``) -> ``cow_alliance``."""
    if has_shared(path, ["cow_alliance_*.csv*"]):
        return None
    found = detect(
        path, [ALLIANCE_LAYOUT], source=SRC_COW_ALLIANCE,
        folder_patterns=["*version4*.zip", "*alliance*.zip", "alliance_v4*_by_directed_yearly*.csv*"],
    )  # fmt: skip
    if not (m := found.get("directed_yearly")):
        return None
    names = {"defense": "defense", "neutrality": "neutral", "nonaggression": "nonagg", "entente": "entente"}
    ids = {"ccode1": "ccode1", "ccode2": "ccode2", "year": "year"}
    raw, rej, n = _typed(m, {**ids, **names}, SRC_COW_ALLIANCE)
    rejects = Rejects()
    rejects.add(rej)
    nodate = raw["year"].isna() | (raw["year"] < 1)
    rejects.add(rejects_from(raw[nodate], "missing year", source=SRC_COW_ALLIANCE, file=m.label))
    values = {v: v for v in names.values()}
    table, kept = finish_dyads(
        raw[~nodate], values, rejects, source=SRC_COW_ALLIANCE, file=m.label, duplicates="max"
    )
    prov = _official(COW_ALLIANCE_PROVENANCE, "4.1 (alliance_v4.1_by_directed_yearly.csv, as released)", m)
    return {COW_ALLIANCE: make_result(table, prov, rejects.frame(), n, rows_kept=kept)}


def _without(data: bytes, starts: np.ndarray, drop: np.ndarray) -> bytes:
    """``data`` without the records marked in ``drop`` (``starts``: the 1-based line where each record
    starts, in order). A record runs to the line before the next one starts (a quoted field may span
    lines; blank lines in between go with it), so pandas never sees the dropped records: its own row
    counting (``skiprows``) does not match the lines after a field spanning lines."""
    lines = data.splitlines(keepends=True)  # \n, \r\n and \r, as the csv module counts lines
    ends = np.append(starts[1:] - 1, len(lines))
    keep = np.ones(len(lines), dtype=bool)
    for start, end in zip(starts[drop], ends[drop], strict=True):
        keep[start - 1 : end] = False
    return b"".join(line for line, k in zip(lines, keep, strict=True) if k)


def _igo_rows(m: Member) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """``ccode1, ccode2, year, dyadigos`` (+ ``_line``) from dyadic_formatv3, chunk by chunk.

    Rows whose number of fields is not the header's are rejected (``wrong column count``, at the line
    where they start) and removed before pandas parses the rest.
    """
    data = decode(m.read(), m.label)
    head = unique_names(header(data))
    ids = {h for h in head if h.lower() in IGO_ID_COLUMNS}
    igos = [h for h in head if h not in ids]
    if not igos:
        raise DataError(
            f"{m.label}: line 1: no IGO columns (found: {', '.join(head[:14])}); expected the official "
            f"layout dyadic_formatv3.csv (ccode1, ccode2, year, then one column per IGO)"
        )
    spelled = columns(head, ["ccode1", "ccode2", "year"])
    dtypes: dict[str, str] = {h: "string" for h in ids} | {h: "float32" for h in igos}
    layout = csv_layout(data, where=m.label)
    if not len(layout.widths):
        raise DataError(f"{m.label}: no data rows after the header; download the COW IGO file again")
    rejects = Rejects()
    rejects.add(wrong_width_rejects(layout, source=SRC_IGO, file=m.label))
    good = layout.widths == len(head)
    lines = layout.lines[good]
    frames, bad_parts = [], []
    done = 0
    try:
        reader = pd.read_csv(
            io.BytesIO(data if good.all() else _without(data, layout.lines, ~good)),
            header=0,
            names=head,
            dtype=dtypes,  # type: ignore[arg-type]
            chunksize=_CHUNK,
        )
        for chunk in reader:
            vals = chunk[igos].to_numpy(dtype="float32")
            known = np.isin(vals, _IGO_CODES) | np.isnan(vals)
            valid = ((vals == 0) | (vals == 1)).sum(axis=1)
            ones = (vals == 1).sum(axis=1)
            part = pd.DataFrame(
                {
                    "ccode1": chunk[spelled["ccode1"]].to_numpy(),
                    "ccode2": chunk[spelled["ccode2"]].to_numpy(),
                    "year": chunk[spelled["year"]].to_numpy(),
                    "dyadigos": pd.array(np.where(valid > 0, ones, -1), dtype="Int64").astype("string"),
                    "_line": lines[done : done + len(chunk)],
                }
            )
            part.loc[valid == 0, "dyadigos"] = pd.NA
            bad = ~known.all(axis=1)
            if bad.any():
                codes = [
                    sorted({float(v) for v in row[~k]}) for row, k in zip(vals[bad], known[bad], strict=True)
                ]
                bad_parts.append(part[bad].assign(_codes=[str(c) for c in codes]))
            frames.append(part[~bad])
            done += len(chunk)
    except (ValueError, pd.errors.ParserError) as exc:
        raise DataError(
            f"{m.label}: cannot parse as the COW IGO dyadic file ({exc}); download it again"
        ) from None
    if done != len(lines):  # pragma: no cover - the csv module and pandas split the file differently
        raise DataError(f"{m.label}: {done} rows parsed but {len(lines)} records found; download it again")
    raw = (
        pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["ccode1", "ccode2", "year"])
    )
    for b in bad_parts:
        reason = "invalid joint-membership code (not 0, 1, -1 or -9: " + b["_codes"] + ")"
        rejects.add(rejects_from(b.drop(columns="_codes"), reason, source=SRC_IGO, file=m.label))
    schema = {"ccode1": "int", "ccode2": "int", "year": "int", "dyadigos": "int"}
    typed, rej = coerce(raw, schema, source=SRC_IGO, file=m.label)
    rejects.add(rej)
    return typed, rejects.frame(), len(layout.widths)


def load_igo(path: Path) -> dict[str, LoadResult] | None:
    """COW's ``dyadic_formatv3.csv`` (or its zip) -> ``igo`` (non-directed, ccode < partner_ccode)."""
    if has_shared(path, ["cow_igo_*.csv*"]):
        return None
    found = detect(
        path, [IGO_LAYOUT], source=SRC_IGO, folder_patterns=["*dyadic_format*.zip", "dyadic_format*.csv*"]
    )
    if not (m := found.get("dyadic")):
        return None
    raw, rej, n = _igo_rows(m)
    rejects = Rejects()
    rejects.add(rej)
    swap = raw["ccode1"] > raw["ccode2"]
    raw.loc[swap, ["ccode1", "ccode2"]] = raw.loc[swap, ["ccode2", "ccode1"]].to_numpy()
    table, _kept = finish_dyads(raw, {"dyadigos": "dyadigos"}, rejects, source=SRC_IGO, file=m.label)
    prov = _official(IGO_PROVENANCE, "3.0 (dyadic_formatv3.csv, as released)", m)
    return {IGO: make_result(table, prov, rejects.frame(), n)}
