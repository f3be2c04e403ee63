"""Bilateral goods trade from national statistics agencies -> table ``trade_national_stats``.

Three publishers, each its own reporter basis (never mixed with another in one series), read from the
copies described in shared/data/trade_current/SOURCE.md and stored in the long layout of
:mod:`multivector.sources._trade_long` (million current USD):

* Kazakhstan, Bureau of National Statistics (BNS), ``kaz_bns_trade_by_country_*``: one row per partner
  and year (2018-2023) with exports, imports and turnover in thousand USD; ``row_kind`` says total /
  group / country. The loader checks turnover = exports + imports (a row that disagrees by more than
  1 thousand USD and 0.1% is rejected). EAEU partners come from the 1-TS mutual-trade survey, the others
  from customs declarations (BNS methodology).
* Uzbekistan, Statistics Agency (stat.uz), ``uzb_stat_exports_*`` / ``uzb_stat_imports_*``: one row per
  partner (ISO 3166 numeric ``Code``), one column per year 2010-2023. No total row: the world total is
  the sum of every row, including ``Code = 0`` "Other countries" (large and unallocated, kind
  ``unallocated``).
* Kyrgyzstan, National Statistical Committee (NSC), ``kgz_nsc_exports_*`` / ``kgz_nsc_imports_*``: one row
  per partner or group (English names), one column per year 1994-2023; ``Total`` is the world total,
  ``Undefined country`` unallocated; 2023 imports are preliminary (NSC footnote).

Empty cells stay NA in the table. Rows are rejected (file, line, reason) for an unknown partner, a value
that is not a number, a negative value, or a partner listed twice for one reporter, year and flow.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from multivector.dimensions import SRC_TRADE_CURRENT
from multivector.errors import DataError
from multivector.provenance import LoadResult, Provenance
from multivector.sources._readers import Rejects, make_result, provenance, read_bytes, read_csv, rejects_from
from multivector.sources._trade_long import long_frame, partner_codes, reject_unknown_partners, to_musd

__all__ = ["AGENCIES", "PROVENANCE", "load_bns", "load_kgz", "load_national", "load_uzb"]

SOURCE = SRC_TRADE_CURRENT
#: The publisher of each reporter's statistics, as named in the panels' ``trade_source``.
AGENCIES: dict[str, str] = {
    "KAZ": "Bureau of National Statistics of Kazakhstan (BNS)",
    "UZB": "Statistics Agency under the President of Uzbekistan (stat.uz)",
    "KGZ": "National Statistical Committee of the Kyrgyz Republic (NSC)",
}
PROVENANCE = Provenance(
    source=SOURCE,
    title="Foreign trade by partner country, national statistics (Kazakhstan, Uzbekistan, Kyrgyzstan)",
    publisher="; ".join(AGENCIES.values()),
    version="BNS 2018-2023 (2023 edition of 2024-07-25); stat.uz 2010-2023; NSC 1994-2023 (2023 prelim.)",
    citation=(
        "Bureau of National Statistics of the Agency for Strategic Planning and Reforms of the Republic of "
        "Kazakhstan, 'Main indicators of foreign trade of the Republic of Kazakhstan' (2019-2023 editions), "
        "stat.gov.kz; Statistics Agency under the President of the Republic of Uzbekistan, foreign trade by "
        "country (SDMX tables 1105, 1176), stat.uz; National Statistical Committee of the Kyrgyz Republic, "
        "tables 4.03.00.18 and 4.03.00.20, stat.gov.kg. Copies via github.com/mary-lev/eu-export-sanctions."
    ),
    url="https://stat.gov.kz ; https://stat.uz ; https://stat.gov.kg",
    license="official statistics, public; cite the agency",
)
_TOLERANCE_KUSD = 1.0

# -- Kazakhstan (BNS) ---------------------------------------------------------------------------------
_BNS = {
    "year": "int",
    "row_kind": "str",
    "partner_ru": "str",
    "partner_iso3": "str",
    "turnover_kusd": "float",
    "exports_kusd": "float",
    "imports_kusd": "float",
}
_BNS_KINDS = {"total": "world", "group": "group", "country": "country"}


def _negative(frame: pd.DataFrame, columns: list[str], rejects: Rejects, file: Path) -> pd.DataFrame:
    neg = (frame[columns] < 0).any(axis=1)
    rejects.add(rejects_from(frame[neg], "negative trade value", source=SOURCE, file=file))
    return frame[~neg]


def _duplicates(frame: pd.DataFrame, keys: list[str], rejects: Rejects, file: Path) -> pd.DataFrame:
    dup = frame.duplicated(keys, keep="first") & frame["partner_kind"].isin(["country", "world"])
    rejects.add(
        rejects_from(frame[dup], "partner listed twice for one year and flow", source=SOURCE, file=file)
    )
    return frame[~dup]


def _wide_duplicates(frame: pd.DataFrame, years: list[str], rejects: Rejects, file: Path) -> pd.DataFrame:
    """Two rows of one partner (two spellings, e.g. NSC's "Salvador" and "El Salvador") are both kept when
    they give figures for different years (the panels add them); a row with a figure for a year another
    row of the same partner already gives is rejected."""
    countries_only = frame[frame["partner_kind"].isin(["country", "world"])]
    seen: dict[tuple[object, object], set[str]] = {}
    bad_rows: list[object] = []
    for idx, row in countries_only.iterrows():
        key = (row["partner_iso3"], row["partner_kind"])
        filled = {y for y in years if pd.notna(row[y])}
        if seen.get(key, set()) & filled:
            bad_rows.append(idx)
            continue
        seen[key] = seen.get(key, set()) | filled
    bad = frame.index.isin(bad_rows)
    rejects.add(
        rejects_from(
            frame[bad], "partner listed twice with figures for the same year", source=SOURCE, file=file
        )
    )
    return frame[~bad]


def load_bns(file: Path) -> tuple[pd.DataFrame, pd.DataFrame, int, int]:
    """Kazakhstan's BNS file -> (long rows, rejected, rows read, rows kept)."""
    rejects = Rejects()
    raw, rej, n = read_csv(file, _BNS, source=SOURCE)
    rejects.add(rej)
    kind = raw["row_kind"].str.strip().map(_BNS_KINDS)
    bad = kind.isna()
    rejects.add(
        rejects_from(raw[bad], "unknown row_kind (not total/group/country)", source=SOURCE, file=file)
    )
    raw = raw[~bad].assign(partner_kind=kind[~bad])
    flows = ["turnover_kusd", "exports_kusd", "imports_kusd"]
    raw = _negative(raw, flows, rejects, file)
    parts = raw["exports_kusd"].fillna(0) + raw["imports_kusd"].fillna(0)
    off = (raw["turnover_kusd"] - parts).abs()
    wrong = raw["turnover_kusd"].notna() & (off > _TOLERANCE_KUSD) & (off > 0.001 * raw["turnover_kusd"])
    rejects.add(rejects_from(raw[wrong], "turnover is not exports + imports", source=SOURCE, file=file))
    raw = raw[~wrong]
    no_iso = (raw["partner_kind"] == "country") & raw["partner_iso3"].isna()
    rejects.add(rejects_from(raw[no_iso], "country row without partner_iso3", source=SOURCE, file=file))
    raw = _duplicates(raw[~no_iso], ["year", "partner_iso3", "partner_kind"], rejects, file)
    kept = len(raw)
    rows = []
    for flow in ("exports", "imports"):
        rows.append(
            pd.DataFrame(
                {
                    "partner_iso3": raw["partner_iso3"].where(raw["partner_kind"] == "country"),
                    "partner": raw["partner_ru"],
                    "partner_kind": raw["partner_kind"],
                    "year": raw["year"],
                    "flow": flow,
                    "value_musd": to_musd(raw[f"{flow}_kusd"]),
                    "_line": raw["_line"],
                }
            )
        )
    table = long_frame(
        pd.concat(rows, ignore_index=True),
        reporter_iso3="KAZ", agency=AGENCIES["KAZ"], preliminary=False, derived=False, source_file=file.name,
    )  # fmt: skip
    return table, rejects.frame(), n, kept


# -- wide files (Uzbekistan, Kyrgyzstan) ------------------------------------------------------------------
_YEAR = re.compile(r"^(\d{4})")


def _year_columns(file: Path, data: bytes) -> dict[str, int]:
    header = data.split(b"\n", 1)[0].decode("utf-8", "replace").lstrip("\ufeff").rstrip("\r").split(",")
    years = {c: int(m.group(1)) for c in header if (m := _YEAR.match(c.strip()))}
    if not years:
        raise DataError(
            f"{file}: line 1: no year columns (e.g. 2010, 2011 ...); is this a trade-by-country file?"
        )
    return years


def _melt(raw: pd.DataFrame, years: dict[str, int], flow: str) -> pd.DataFrame:
    frame = raw.melt(
        id_vars=["partner_iso3", "partner", "partner_kind", "_line"],
        value_vars=list(years),
        var_name="_col",
        value_name="_kusd",
    )
    frame["year"] = frame["_col"].map(years).astype("Int64")
    frame["flow"] = flow
    frame["value_musd"] = to_musd(frame["_kusd"])
    return frame.drop(columns=["_col", "_kusd"])


def _flow_of(file: Path) -> str:
    name = file.name.lower()
    for flow in ("exports", "imports"):
        if flow in name:
            return flow
    raise DataError(
        f"{file}: the name must say exports or imports (e.g. uzb_stat_exports_by_country_*.csv.gz)"
    )


_UZB_KINDS = {"0": "unallocated", "530": "other"}  # Netherlands Antilles (dissolved 2010): no ISO3 state
_UZB_MANUAL = {"158": "TWN", "736": "SDN"}


def load_uzb(file: Path) -> tuple[pd.DataFrame, pd.DataFrame, int, int]:
    """An Uzbek stat.uz file (exports or imports by partner code) -> (long rows, rejected, read, kept)."""
    data = read_bytes(file)
    years = _year_columns(file, data)
    schema = {"Code": "str", "Klassifikator_en": "str", **dict.fromkeys(years, "float")}
    rejects = Rejects()
    raw, rej, n = read_csv(file, schema, source=SOURCE, data=data)
    rejects.add(rej)
    code = raw["Code"].str.strip().str.lstrip("0").replace("", "0")
    iso, kind = partner_codes(code, kinds=_UZB_KINDS, manual=_UZB_MANUAL, src="un_m49")
    raw = raw.assign(partner=raw["Klassifikator_en"].fillna(code), partner_iso3=iso, partner_kind=kind)
    raw = reject_unknown_partners(raw.assign(_code=code), rejects, source=SOURCE, file=file, column="_code")
    raw = _negative(raw, list(years), rejects, file)
    raw = _wide_duplicates(raw, list(years), rejects, file)
    table = long_frame(
        _melt(raw, years, _flow_of(file)),
        reporter_iso3="UZB", agency=AGENCIES["UZB"], preliminary=False, derived=False, source_file=file.name,
    )  # fmt: skip
    return table, rejects.frame(), n, len(raw)


_KGZ_KINDS = {
    "Total": "world",
    "Undefined country": "unallocated",
    "European Union (EU)": "eu",
    "UN": "other",
    "Channel Islands": "other",
    "Netherlands antilles": "other",
    **dict.fromkeys(("The EU", "CIS", "SCO", "EAEU", "Europe", "Asia", "America", "Africa"), "group"),
    "Australia and Oceania": "group",
}
_KGZ_MANUAL = {
    "Salvador": "SLV", "Eastern SAMOA": "ASM", "Coconut islands": "CCK", "Bostwana": "BWA", "Butane": "BTN",
    "CAR": "CAF",
}  # fmt: skip
#: (flow, year) the NSC marks as preliminary (footnote 1 of table 4.03.00.20: 2023 imports)
KGZ_PRELIMINARY = {("imports", 2023)}


def load_kgz(file: Path) -> tuple[pd.DataFrame, pd.DataFrame, int, int]:
    """A Kyrgyz NSC file (exports or imports by partner name) -> (long rows, rejected, read, kept)."""
    data = read_bytes(file)
    years = _year_columns(file, data)
    schema = {"name_en": "str", **dict.fromkeys(years, "float")}
    rejects = Rejects()
    raw, rej, n = read_csv(file, schema, source=SOURCE, data=data)
    rejects.add(rej)
    name = raw["name_en"].str.strip()
    iso, kind = partner_codes(name, kinds=_KGZ_KINDS, manual=_KGZ_MANUAL)
    raw = raw.assign(partner=name, partner_iso3=iso, partner_kind=kind)
    raw = reject_unknown_partners(raw, rejects, source=SOURCE, file=file, column="partner")
    raw = _negative(raw, list(years), rejects, file)
    raw = _wide_duplicates(raw, list(years), rejects, file)
    flow = _flow_of(file)
    long = _melt(raw, years, flow)
    prelim = long["year"].isin([y for f, y in KGZ_PRELIMINARY if f == flow])
    table = long_frame(
        long, reporter_iso3="KGZ", agency=AGENCIES["KGZ"], derived=False, source_file=file.name
    ).assign(preliminary=prelim.astype("boolean").to_numpy())
    return table, rejects.frame(), n, len(raw)


#: file name prefix -> reader
READERS = {"kaz_bns_": load_bns, "uzb_stat_": load_uzb, "kgz_nsc_": load_kgz}


def load_national(files: list[Path]) -> LoadResult:
    """The national-statistics files among ``files`` -> one :class:`LoadResult` (``trade_national_stats``)."""
    parts, rejected = [], Rejects()
    n_read = n_kept = 0
    for f in files:
        reader = next(r for prefix, r in READERS.items() if f.name.startswith(prefix))
        table, rej, n, kept = reader(f)
        parts.append(table)
        rejected.add(rej)
        n_read += n
        n_kept += kept
    table = pd.concat(parts, ignore_index=True).sort_values(
        ["reporter_iso3", "flow", "year", "source_line"], kind="stable"
    )
    return make_result(table, provenance(PROVENANCE, files), rejected.frame(), n_read, rows_kept=n_kept)
