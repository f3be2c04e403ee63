"""Trade figures of one reporter basis for the rows of a dyad-year frame (used by ``add_trade``).

A *basis* is whose statistics a figure is: the national statistics agency of the reporter
(``trade_national_stats``), Kazakhstan's Comtrade reports via WITS (``trade_wits``), the IMF's IMTS
(``imts_trade``, reporter-reported) or CEPII's BACI (``baci_trade``, reconciled from both sides). For each
frame row (country ``iso3``, partner, year) :func:`basis_values` gives, from ONE basis:

* ``imports``, ``exports`` (the country's, with the partner; EU27 = sum over the 27 members, plus trade the
  basis assigns to "the EU" undivided);
* ``country_total`` (the country's world imports + exports) and ``partner_total`` (the partner's, only where
  the same basis reports it: IMTS and BACI; a national agency reports its own country only);
* ``available``: the basis has the country's world total that year (the selection rule of ``add_trade``);
* ``preliminary``, ``unallocated`` (million USD of the country's trade the basis assigns to no partner)
  and ``note`` (why a figure is NA, or what to keep in mind).

Zero versus unknown: a publisher that lists every partner with trade (the agencies, WITS's all-partner
import extract, IMTS, BACI) makes an unlisted partner or an empty cell zero; a flow listed only for some
partners (WITS's derived export panels: China, Russia, EU+UK) leaves every other partner NA, with a note.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from multivector.dimensions import (
    BACI_TRADE,
    IMTS_TRADE,
    SRC_BACI,
    SRC_IMTS,
    TRADE_NATIONAL_STATS,
    TRADE_WITS,
)
from multivector.panels.frames import stored_tables
from multivector.powers import EU27, EU27_MEMBERS
from multivector.store.db import Store

__all__ = ["BASES", "VALUE_COLUMNS", "Basis", "basis_values", "empty_values"]


@dataclass(frozen=True)
class Basis:
    """A reporter basis: its ``name`` (the value of ``trade_basis``), its table and what it is."""

    name: str
    table: str
    label: str
    partner_side: bool  # the basis reports the partner's world total too (same basis)


#: The non-COW bases, by name.
BASES: dict[str, Basis] = {
    b.name: b
    for b in (
        Basis(SRC_IMTS, IMTS_TRADE, "IMF International Trade in Goods (IMTS), reported by", True),
        Basis(SRC_BACI, BACI_TRADE, "CEPII BACI (reconciled mirror flows)", True),
        Basis("national_statistics", TRADE_NATIONAL_STATS, "national statistics agency", False),
        Basis("comtrade", TRADE_WITS, "UN Comtrade via WITS", False),
    )
}
VALUE_COLUMNS = (
    "imports",
    "exports",
    "country_total",
    "partner_total",
    "available",
    "preliminary",
    "unallocated",
    "source",
    "note",
)
_FLOWS = ("imports", "exports")


def empty_values(df: pd.DataFrame) -> pd.DataFrame:
    """The :data:`VALUE_COLUMNS` frame of ``df`` with nothing available."""
    out = pd.DataFrame(index=df.index)
    for col in ("imports", "exports", "country_total", "partner_total", "unallocated"):
        out[col] = np.nan
    out["available"] = False
    out["preliminary"] = False
    out["source"] = pd.Series(pd.NA, index=df.index, dtype="string")
    out["note"] = pd.Series(pd.NA, index=df.index, dtype="string")
    return out


def _members(partner: str) -> list[str]:
    return sorted(EU27_MEMBERS) if partner == EU27 else [partner]


def _query_long(st: Store, table: str, reporters: list[str], first: int, last: int) -> pd.DataFrame:
    # IMTS: annual figures, exports FOB and imports CIF (the DOTS convention; FOB imports are not used)
    extra = (
        " AND frequency = 'A' AND indicator IN ('XG_FOB_USD', 'MG_CIF_USD')" if table == IMTS_TRADE else ""
    )
    marks = ", ".join("?" * len(reporters))
    return st.query_df(
        "SELECT reporter_iso3, partner_iso3, partner, partner_kind, year, flow, value_musd, derived,"
        f" preliminary, agency, source_file FROM {table}"
        f" WHERE reporter_iso3 IN ({marks}) AND year BETWEEN ? AND ?{extra}",
        [*reporters, first, last],
    )


def _prefer_published(rows: pd.DataFrame) -> pd.DataFrame:
    """Drop derived rows where the publisher's own figure exists, and keep one derived file per key."""
    key = ["reporter_iso3", "year", "flow", "partner", "partner_kind"]
    derived = rows["derived"].fillna(False).astype(bool)
    files = {f: i for i, f in enumerate(sorted(rows["source_file"].astype(str).unique()))}
    rows = rows.assign(
        derived=derived,
        _own=(~derived).astype("int64"),
        _file=rows["source_file"].astype(str).map(files).astype("int64"),
    )
    grouped = rows.groupby(key, dropna=False)
    has_own = grouped["_own"].transform("max").astype(bool)
    first_file = grouped["_file"].transform("min")
    keep = ~(rows["derived"] & has_own) & (~rows["derived"] | (rows["_file"] == first_file))
    return rows[keep].drop(columns=["_own", "_file"])


@dataclass
class _Long:
    """A long table reduced to what the panel needs (per reporter, year, flow)."""

    partners: dict[tuple[str, int, str, str], float]  # (reporter, year, flow, partner) -> value ("EU" rows)
    complete: set[tuple[str, int, str]]  # flows listing every partner
    world: dict[tuple[str, int, str], float]  # (reporter, year, flow) -> world total
    listed: dict[tuple[str, int, str], set[str]]  # (reporter, year, flow) -> the partners it lists
    unallocated: pd.Series  # (reporter, year) -> unallocated + other, both flows
    preliminary: set[tuple[str, int]]
    agency: dict[str, str]


def _reduce(rows: pd.DataFrame) -> _Long:
    rows = _prefer_published(rows)
    values = rows["value_musd"].astype("float64")
    kind = rows["partner_kind"].astype("string")
    world_rows = rows[kind == "world"]
    world = world_rows.groupby(["reporter_iso3", "year", "flow"])["value_musd"].sum(min_count=1)
    listed = rows[kind.isin(["country", "eu"]).to_numpy()].assign(
        value_musd=values.fillna(0.0), partner_iso3=rows["partner_iso3"].fillna("EU")
    )
    partners = listed.groupby(["reporter_iso3", "year", "flow", "partner_iso3"])["value_musd"].sum()
    own = rows[(kind == "country").to_numpy() & ~rows["derived"].to_numpy(dtype=bool)]
    complete = {
        (str(r), int(y), str(f))
        for r, y, f in own[["reporter_iso3", "year", "flow"]].drop_duplicates().itertuples(index=False)
    }
    # a publisher without a total row (stat.uz): the world total is the sum of every row of a full listing
    no_total = ~rows["reporter_iso3"].isin(set(world_rows["reporter_iso3"])).to_numpy()
    parts = rows[no_total & kind.isin(["country", "eu", "unallocated", "other"]).to_numpy()]
    summed = (
        parts.assign(value_musd=parts["value_musd"].fillna(0.0))
        .groupby(["reporter_iso3", "year", "flow"])["value_musd"]
        .sum()
    )
    full = [(str(r), int(y), str(f)) in complete for r, y, f in summed.index]
    world = pd.concat([world, summed[full]])
    loose = rows[kind.isin(["unallocated", "other"]).to_numpy()]
    unallocated = (
        loose.assign(value_musd=loose["value_musd"].fillna(0.0))
        .groupby(["reporter_iso3", "year"])["value_musd"]
        .sum()
    )
    prelim = rows[rows["preliminary"].fillna(False).astype(bool)]
    # plain dictionaries: the panel looks up tens of thousands of keys one by one
    flat = partners.reset_index()
    columns = (flat["reporter_iso3"].astype(str), flat["year"].astype(int), flat["flow"].astype(str))
    partner_keys = list(zip(*columns, flat["partner_iso3"].astype(str), strict=True))
    by_flow: dict[tuple[str, int, str], set[str]] = {}
    for r, y, f, p in partner_keys:
        by_flow.setdefault((r, y, f), set()).add(p)
    wflat = world.sort_index().reset_index()
    world_keys = zip(
        wflat["reporter_iso3"].astype(str), wflat["year"].astype(int), wflat["flow"].astype(str), strict=True
    )
    return _Long(
        partners=dict(zip(partner_keys, flat["value_musd"].astype(float), strict=True)),
        complete=complete,
        world=dict(zip(world_keys, wflat["value_musd"].astype(float), strict=True)),
        listed=by_flow,
        unallocated=unallocated,
        preliminary={(str(r), int(y)) for r, y in prelim[["reporter_iso3", "year"]].itertuples(index=False)},
        agency=dict(
            rows[["reporter_iso3", "agency"]]
            .dropna()
            .drop_duplicates("reporter_iso3")
            .itertuples(index=False)
        ),
    )


def _flow_value(data: _Long, country: str, partner: str, year: int, flow: str) -> tuple[float, str | None]:
    """(value, note) of one flow of one frame row."""
    members = _members(partner)
    keys = [(country, year, flow, m) for m in members] + (
        [(country, year, flow, "EU")] if partner == EU27 else []
    )
    got = [data.partners.get(k) for k in keys]
    if (country, year, flow) in data.complete:
        return float(sum(v for v in got if v is not None and not pd.isna(v))), None
    present = [v for v in got[: len(members)] if v is not None and not pd.isna(v)]
    if len(present) == len(members):
        return float(sum(present)), None
    listed = sorted(data.listed.get((country, year, flow), set()) - {"EU"})
    if not listed:
        return np.nan, None
    return np.nan, (
        f"{flow} with {partner} unknown in {year}: this basis gives {flow} only for {', '.join(listed)}"
        " (and groups); unknown, not zero"
    )


def _frame(df: pd.DataFrame, records: dict[int, dict[str, object]]) -> pd.DataFrame:
    """The :data:`VALUE_COLUMNS` frame of ``df``: ``records`` (row position -> values) over the empty one."""
    out = empty_values(df)
    if not records:
        return out
    filled = pd.DataFrame.from_dict(records, orient="index")
    positions = filled.index.to_numpy(dtype="int64")
    for col in filled.columns:
        column = out[col].astype(object).to_numpy()
        column[positions] = filled[col].to_numpy()
        out[col] = pd.Series(column, index=out.index).astype(out[col].dtype)
    return out


def _world(data: _Long, country: str, year: int) -> float:
    parts = [float(data.world.get((country, year, f), np.nan)) for f in _FLOWS]
    return float(sum(parts))


def _long_record(data: _Long, basis: Basis, c: str, p: str, y: int) -> dict[str, object] | None:
    own = _world(data, c, y)
    if np.isnan(own):
        return None
    rec: dict[str, object] = {"country_total": own, "available": True}
    notes = []
    for flow in _FLOWS:
        rec[flow], note = _flow_value(data, c, p, y, flow)
        if note:
            notes.append(note)
    if basis.partner_side:
        others = [_world(data, m, y) for m in _members(p)]
        rec["partner_total"] = float(np.sum(others)) if not np.isnan(others).any() else np.nan
    rec["preliminary"] = (c, y) in data.preliminary
    loose = float(data.unallocated.get((c, y), 0.0))
    rec["unallocated"] = loose
    if loose > 0.01 * own:
        notes.append(f"{loose:,.0f} million USD ({loose / own:.0%}) of the total is assigned to no partner")
    rec["source"] = data.agency.get(c, basis.label) if basis.name != SRC_IMTS else f"{basis.label} {c}"
    rec["note"] = "; ".join(notes) if notes else None
    return rec


def _long_values(df: pd.DataFrame, st: Store, basis: Basis) -> pd.DataFrame:
    years = df["year"].astype("int64")
    countries = sorted(set(df["iso3"].dropna().astype(str)))
    partners = sorted(set(df["partner_iso3"].dropna().astype(str)))
    reporters = sorted(
        set(countries) | (set(partners) - {EU27}) | (set(EU27_MEMBERS) if EU27 in partners else set())
    )
    rows = _query_long(
        st, basis.table, reporters if basis.partner_side else countries, int(years.min()), int(years.max())
    )
    if rows.empty:
        return empty_values(df)
    data = _reduce(rows)
    records: dict[int, dict[str, object]] = {}
    keys = zip(df["iso3"].astype(str), df["partner_iso3"].astype(str), years, strict=True)
    for pos, (c, p, y) in enumerate(keys):
        rec = _long_record(data, basis, c, p, int(y))
        if rec is not None:
            records[pos] = rec
    return _frame(df, records)


def _baci_values(df: pd.DataFrame, st: Store) -> pd.DataFrame:
    years = df["year"].astype("int64")
    flows = st.query_df(
        f"SELECT exporter_iso3, importer_iso3, year, value_musd FROM {BACI_TRADE} WHERE year BETWEEN ? AND ?",
        [int(years.min()), int(years.max())],
    )
    if flows.empty:
        return empty_values(df)
    version = next(p["version"] for p in st.provenance() if p["table"] == BACI_TRADE)
    pair = flows.groupby(["exporter_iso3", "importer_iso3", "year"])["value_musd"].sum()
    sent = flows.groupby(["exporter_iso3", "year"])["value_musd"].sum().rename_axis(["iso3", "year"])
    received = flows.groupby(["importer_iso3", "year"])["value_musd"].sum().rename_axis(["iso3", "year"])
    total = sent.add(received, fill_value=0.0)
    records: dict[int, dict[str, object]] = {}
    keys = zip(df["iso3"].astype(str), df["partner_iso3"].astype(str), years, strict=True)
    for pos, (c, p, y) in enumerate(keys):
        if (c, int(y)) not in total.index:
            continue  # BACI lists only positive flows: a country with none that year is not covered
        members = _members(p)
        records[pos] = {
            "exports": float(sum(pair.get((c, m, int(y)), 0.0) for m in members)),
            "imports": float(sum(pair.get((m, c, int(y)), 0.0) for m in members)),
            "country_total": float(total[(c, int(y))]),
            "partner_total": float(sum(total.get((m, int(y)), 0.0) for m in members)),
            "available": True,
            "source": f"CEPII BACI ({version})",
        }
    return _frame(df, records)


def basis_values(df: pd.DataFrame, st: Store, name: str) -> pd.DataFrame:
    """The :data:`VALUE_COLUMNS` of basis ``name`` for every row of ``df`` (same index); all NA and
    ``available`` False when the basis's table is not in the store."""
    basis = BASES[name]
    if basis.table not in stored_tables(st):
        return empty_values(df)
    if name == SRC_BACI:
        return _baci_values(df, st)
    return _long_values(df, st, basis)
