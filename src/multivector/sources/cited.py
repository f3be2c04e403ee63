"""Hand-copied, cited tables (energy routes, gas exports, FDI, Kazakh bilateral trade 2021-2023).

Not datasets: every row was copied by hand from a public page and carries its own ``source_url`` and
``reported_by``. They are loaded as tidy tables so that ``import all`` accounts for every file:

- ``cited_energy_routes`` and ``cited_gas_exports``: year, year_end, period, route, metric, value, unit,
  reported_by, source_url, note.
- ``cited_fdi``: year, year_end, period, measure, source_country, source_iso3, value, unit, reported_by,
  source_url, note.
- ``cited_trade``: year, year_end, period, reporter_basis, partner, partner_iso3, measure, value, unit,
  reported_by, source_url, note.

``year`` is the first year and ``year_end`` the last one of a range such as ``1993-2019`` (equal for a single
year; both NA when the page gave no year). ``*_iso3`` is NA for groups (World, European Union, "A+B").
The loader accepts a data root (holding ``energy/``, ``fdi/``, ``trade/``), one of those folders or a file.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from multivector import countries
from multivector.dimensions import (
    CITED_ENERGY_ROUTES,
    CITED_FDI,
    CITED_GAS_EXPORTS,
    CITED_TRADE,
    SRC_CITED,
)
from multivector.errors import DataError, MissingFilesError
from multivector.provenance import LoadResult, Provenance
from multivector.sources._readers import Rejects, make_result, provenance, read_csv, rejects_from
from multivector.sources.registry import register, source_spec
from multivector.sources.validate import FIRST_YEAR_CITED, check_years

__all__ = ["PROVENANCE", "TABLES", "load"]

PROVENANCE = Provenance(
    source=SRC_CITED,
    title="Hand-copied cited figures (Kazakhstan energy routes, gas exports, FDI, bilateral trade)",
    publisher="various (see source_url of each row)",
    version="hand-copied, see each row",
    citation="each row cites its own page in source_url and reported_by",
    url="(per row)",
    license="figures quoted from public pages; cite the page in source_url",
)

_COMMON = {"year": "str", "period": "str"}
_TAIL = {"value": "float", "unit": "str", "reported_by": "str", "source_url": "str", "note": "str"}
#: table name -> (file glob relative to the data root, schema, country column or None)
TABLES: dict[str, tuple[str, dict[str, str], str | None]] = {
    CITED_ENERGY_ROUTES: (
        "energy/kaz_oil_export_routes_cited.csv*",
        {**_COMMON, "route": "str", "metric": "str", **_TAIL},
        None,
    ),
    CITED_GAS_EXPORTS: (
        "energy/kaz_gas_exports_cited.csv*",
        {**_COMMON, "route": "str", "metric": "str", **_TAIL},
        None,
    ),
    CITED_FDI: (
        "fdi/kaz_fdi_by_source_cited.csv*",
        {**_COMMON, "measure": "str", "source_country": "str", **_TAIL},
        "source_country",
    ),
    CITED_TRADE: (
        "trade/kaz_bilateral_trade_*_cited.csv*",
        {**_COMMON, "reporter_basis": "str", "partner": "str", "measure": "str", **_TAIL},
        "partner",
    ),
}


def _one(table: str, file: Path) -> LoadResult:
    _, schema, country_col = TABLES[table]
    rejects = Rejects()
    raw, rej, n = read_csv(file, schema, source=SRC_CITED, optional=("note",))
    rejects.add(rej)
    years = raw["year"].astype("string").str.extract(r"^\s*(\d{4})(?:\s*[-–]\s*(\d{4}))?\s*$")
    bad = raw["year"].notna() & years[0].isna()
    rejects.add(rejects_from(raw[bad], "bad year (not YYYY or YYYY-YYYY)", source=SRC_CITED, file=file))
    raw, years = raw[~bad].copy(), years[~bad]
    no_url = raw["source_url"].isna()
    rejects.add(
        rejects_from(raw[no_url], "no source_url (every cited row needs one)", source=SRC_CITED, file=file)
    )
    raw, years = raw[~no_url].copy(), years[~no_url]
    raw["year"] = pd.to_numeric(years[0]).astype("Int64")
    raw["year_end"] = pd.to_numeric(years[1].fillna(years[0])).astype("Int64")
    first = FIRST_YEAR_CITED
    raw = check_years(raw, ["year", "year_end"], rejects, first=first, source=SRC_CITED, file=file)
    backwards = (raw["year_end"] < raw["year"]).fillna(False).astype(bool)
    rejects.add(rejects_from(raw[backwards], "year range ends before it starts", source=SRC_CITED, file=file))
    raw = raw[~backwards].copy()
    cols = ["year", "year_end", *[c for c in schema if c != "year"]]
    if country_col:
        iso_col = "source_iso3" if country_col == "source_country" else "partner_iso3"
        raw[iso_col] = (
            countries.to_iso3(raw[country_col], not_found="nan") if len(raw) else pd.Series(dtype="string")
        )
        cols.insert(cols.index(country_col) + 1, iso_col)
    out = raw[[*cols, "_line"]]
    out = out.astype({c: "string" for c in cols if c not in ("year", "year_end", "value")})
    return make_result(out, provenance(PROVENANCE, [file]), rejects.frame(), n)


def load(path: Path) -> dict[str, LoadResult]:
    """Load whichever cited tables are found under ``path`` (a data root, a subfolder or one file)."""
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: no such file or folder")
    out: dict[str, LoadResult] = {}
    for table, (pattern, _, _) in TABLES.items():
        sub, glob = pattern.split("/")
        if path.is_file():
            if path.match(glob):
                out[table] = _one(table, path)
            continue
        for base in (path / sub, path):
            hits = sorted(base.glob(glob)) if base.is_dir() else []
            if hits:
                out[table] = _one(table, hits[-1])
                break
    if not out:
        raise MissingFilesError(
            f"{path}: no cited table found (looked for {', '.join(p for p, _, _ in TABLES.values())})"
        )
    return out


register(
    source_spec(
        SRC_CITED,
        load,
        "Hand-copied cited figures: Kazakh oil routes, gas exports, FDI by source, trade 2021-23",
    )
)
