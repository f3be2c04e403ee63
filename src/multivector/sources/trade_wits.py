"""Kazakhstan as reporter in UN Comtrade, via the World Bank's WITS -> table ``trade_wits``.

The copies described in shared/data/trade_current/SOURCE.md (block B), in the long layout of
:mod:`multivector.sources._trade_long` (million current USD, reporter KAZ):

* ``kaz_wits_imports_all_partners_hs_sections_*``: WITS's own extract, imports by partner and HS-section
  group (``product``), 2015-2024; partner ``WLD`` is the world total (kind ``world``: never summed with
  the partners), ``UNS`` unallocated, ``OAS`` ("Other Asia, nes") other. Comtrade's old codes ROM, SER, SUD,
  ZAR, TMP, MNT are read as ROU, SRB, SDN, COD, TLS, MNE.
* ``kaz_wits_china_world_annual_panel_*`` (derived by the copy's author from WITS): exports and imports
  with China and with the world (US$ billion).
* ``kaz_wits_partner_trade_chn_rus_euuk_*`` (derived likewise): exports and imports with China, Russia and
  "EU+UK" (kind ``group``: not EU27, so never used for EU27).

Derived rows carry ``derived = True``; a panel prefers WITS's own figure where both exist (imports). The
underlying all-partner *export* extract was not available, so Kazakh exports to partners other than China,
Russia and EU+UK are absent for every year of this basis (SOURCE.md). SOURCE.md also finds these figures far
below the BNS's in 2020-2022; :func:`multivector.panels.add_trade` uses them only for 2015-2017 and 2024.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from multivector.dimensions import SRC_TRADE_CURRENT
from multivector.provenance import LoadResult, Provenance
from multivector.sources._readers import Rejects, make_result, provenance, read_csv, rejects_from
from multivector.sources._trade_long import long_frame, partner_codes, reject_unknown_partners, to_musd

__all__ = ["AGENCY", "PROVENANCE", "load_wits"]

SOURCE = SRC_TRADE_CURRENT
AGENCY = "UN Comtrade via World Bank WITS (reporter Kazakhstan)"
PROVENANCE = Provenance(
    source=SOURCE,
    title="UN Comtrade data via World Integrated Trade Solution (WITS), reporter Kazakhstan",
    publisher="World Bank WITS; United Nations Statistics Division (UN Comtrade)",
    version="HS (H4) extract 2015-2024, WITS jobs 3100965/3100966; derived annual panels 2015-2024",
    citation=(
        "World Bank, World Integrated Trade Solution (WITS), https://wits.worldbank.org, data from UN "
        "Comtrade (United Nations Statistics Division), reporter Kazakhstan. Copies and derived panels via "
        "github.com/AkshatSharma03/KazPaper-data-analysis."
    ),
    url="https://wits.worldbank.org",
    license="WITS / UN Comtrade terms of use",
)
_OLD_CODES = {"ROM": "ROU", "SER": "SRB", "SUD": "SDN", "ZAR": "COD", "TMP": "TLS", "MNT": "MNE"}
_KINDS = {
    "WLD": "world",
    "UNS": "unallocated",
    "OAS": "other",
    "SPE": "other",
    "FRE": "other",
    "BUN": "other",
}
_HS = {
    "ReporterISO3": "str",
    "ProductCode": "str",
    "PartnerISO3": "str",
    "Year": "int",
    "TradeFlowName": "str",
    "TradeValuein1000USD": "float",
}
_FLOWS = {"import": "imports", "export": "exports", "gross imp.": "imports", "gross exp.": "exports"}


def _hs_sections(file: Path) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    rejects = Rejects()
    raw, rej, n = read_csv(file, _HS, source=SOURCE)
    rejects.add(rej)
    flow = raw["TradeFlowName"].str.strip().str.lower().map(_FLOWS)
    bad = flow.isna() | (raw["ReporterISO3"].str.strip() != "KAZ")
    rejects.add(rejects_from(raw[bad], "not a Kazakh import or export row", source=SOURCE, file=file))
    raw = raw[~bad].assign(flow=flow[~bad])
    code = raw["PartnerISO3"].str.strip().str.upper()
    iso, kind = partner_codes(code.replace(_OLD_CODES), kinds=_KINDS, manual={}, src="iso3")
    raw = raw.assign(partner=code, partner_iso3=iso, partner_kind=kind)
    raw = reject_unknown_partners(raw, rejects, source=SOURCE, file=file, column="partner")
    neg = raw["TradeValuein1000USD"] < 0
    rejects.add(rejects_from(raw[neg], "negative trade value", source=SOURCE, file=file))
    raw = raw[~neg]
    dup = raw.duplicated(["partner", "Year", "flow", "ProductCode"])
    rejects.add(rejects_from(raw[dup], "duplicate partner-year-product row", source=SOURCE, file=file))
    raw = raw[~dup]
    frame = pd.DataFrame(
        {
            "partner_iso3": raw["partner_iso3"],
            "partner": raw["partner"],
            "partner_kind": raw["partner_kind"],
            "year": raw["Year"],
            "flow": raw["flow"],
            "value_musd": to_musd(raw["TradeValuein1000USD"]),
            "product": raw["ProductCode"],
            "_line": raw["_line"],
        }
    )
    table = long_frame(frame, derived=False, source_file=file.name)
    return table, rejects.frame(), n


#: derived panels: file prefix -> {partner code: (partner_iso3, kind, exports column, imports column)}
_PANELS: dict[str, dict[str, tuple[str | None, str, str, str]]] = {
    "kaz_wits_china_world_": {
        "CHN": ("CHN", "country", "exports_bn", "imports_bn"),
        "WLD": (None, "world", "kaz_world_exports_bn", "kaz_world_imports_bn"),
    },
    "kaz_wits_partner_trade_": {
        "CHN": ("CHN", "country", "china_exp_bn", "china_imp_bn"),
        "RUS": ("RUS", "country", "russia_exp_bn", "russia_imp_bn"),
        "EU+UK": (None, "group", "eu_uk_exp_bn", "eu_uk_imp_bn"),
    },
}


def _panel(
    file: Path, spec: dict[str, tuple[str | None, str, str, str]]
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    schema = {"year": "int", **{c: "float" for *_x, e, i in spec.values() for c in (e, i)}}
    rejects = Rejects()
    raw, rej, n = read_csv(file, schema, source=SOURCE)
    rejects.add(rej)
    values = [c for c in schema if c != "year"]
    neg = (raw[values] < 0).any(axis=1)
    rejects.add(rejects_from(raw[neg], "negative trade value", source=SOURCE, file=file))
    raw = raw[~neg]
    parts = []
    for code, (iso, kind, exp_col, imp_col) in spec.items():
        for flow, col in (("exports", exp_col), ("imports", imp_col)):
            parts.append(
                pd.DataFrame(
                    {
                        "partner_iso3": iso,
                        "partner": code,
                        "partner_kind": kind,
                        "year": raw["year"],
                        "flow": flow,
                        "value_musd": raw[col] * 1000.0,  # US$ billion -> million
                        "_line": raw["_line"],
                    }
                )
            )
    table = long_frame(pd.concat(parts, ignore_index=True), derived=True, source_file=file.name)
    return table, rejects.frame(), n


def load_wits(files: list[Path]) -> LoadResult:
    """The WITS files among ``files`` -> one :class:`LoadResult` (``trade_wits``)."""
    parts, rejected = [], Rejects()
    n_read = n_kept = 0
    for f in files:
        spec = next((s for prefix, s in _PANELS.items() if f.name.startswith(prefix)), None)
        table, rej, n = _hs_sections(f) if spec is None else _panel(f, spec)
        parts.append(table)
        rejected.add(rej)
        n_read += n
        n_kept += n - len(rej)
    table = long_frame(
        pd.concat(parts, ignore_index=True), reporter_iso3="KAZ", agency=AGENCY, preliminary=False
    ).drop(columns=["_line"], errors="ignore")
    table = table.sort_values(["flow", "year", "partner", "product"], kind="stable", na_position="first")
    return make_result(table, provenance(PROVENANCE, files), rejected.frame(), n_read, rows_kept=n_kept)
