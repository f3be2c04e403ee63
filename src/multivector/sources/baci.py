"""CEPII BACI: bilateral trade reconciled from both sides' reports (source ``baci``, table ``baci_trade``).

BACI (Gaulier and Zignago 2010) publishes one CSV per year, ``BACI_HS92_Y2022_V202501.csv``, with one row
per exporter, importer and HS6 product: ``t`` (year), ``i`` (exporter), ``j`` (importer), ``k`` (HS6
code), ``v`` (value, thousand current USD, FOB), ``q`` (quantity, metric tons); the country codes (ISO
numeric with a few of CEPII's own) are named in ``country_codes_V202501.csv`` (``country_code,
country_name, country_iso2, country_iso3``; before 2024 ``country_code, country_name_abbreviation,
country_name_full, iso_2digit_alpha, iso_3digit_alpha``). Only strictly positive flows are listed.

The importer sums the HS6 rows in DuckDB into one row per year, exporter and importer (``year,
exporter_code, importer_code, exporter_iso3, importer_iso3, value_musd`` in million USD, ``quantity_t``,
``n_products``, ``hs``, ``version``): the country-pair-year totals the panels need. A code whose ISO3 is
not a country (CEPII's groups such as "Other Asia, nes") keeps its code with ISO3 NA: its trade counts in
the country totals, never as a partner.

Rejected, with file and line: lines DuckDB cannot parse (wrong field count, a non-numeric year, code or
value), a missing or negative value, a code absent from the country-codes file, a year that differs from
the file name's. ``path``: the unzipped folder, one yearly file (with the codes file beside it) or the zip.
"""

from __future__ import annotations

import csv
import gzip
import re
import tempfile
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from multivector import countries
from multivector.dimensions import BACI_TRADE, SRC_BACI
from multivector.errors import DataError
from multivector.provenance import LoadReport, LoadResult, Provenance, file_info
from multivector.sources.limits import MAX_MEMBERS, copy_member
from multivector.sources.registry import NativeImport, register, source_spec

__all__ = ["BACI_COLUMNS", "PROVENANCE", "load", "native_import"]

SOURCE = SRC_BACI
BACI_COLUMNS = {
    "year": "INTEGER",
    "exporter_code": "INTEGER",
    "importer_code": "INTEGER",
    "exporter_iso3": "VARCHAR",
    "importer_iso3": "VARCHAR",
    "value_musd": "DOUBLE",
    "quantity_t": "DOUBLE",
    "n_products": "INTEGER",
    "hs": "VARCHAR",
    "version": "VARCHAR",
}
PROVENANCE = Provenance(
    source=SOURCE,
    title="BACI: international trade database at the product level",
    publisher="CEPII",
    version="as released (version in the file names)",
    citation=(
        "Gaulier, Guillaume and Soledad Zignago. 2010. BACI: International Trade Database at the "
        "Product-Level. The 1994-2007 Version. CEPII Working Paper 2010-23. CEPII BACI, https://www.cepii.fr."
    ),
    url="https://www.cepii.fr/CEPII/en/bdd_modele/bdd_modele_item.asp?id=37",
    license="Etalab Open Licence 2.0",
)
_YEAR_FILE = re.compile(r"BACI_(HS\d\d)_Y(\d{4})_V(\w+)\.csv(\.gz)?$", re.IGNORECASE)
_CODES_FILE = re.compile(r"country_codes_V\w+\.csv(\.gz)?$", re.IGNORECASE)


@dataclass(frozen=True)
class _Year:
    path: Path  # readable CSV (extracted from a zip when needed)
    label: str  # what rejects name: the file, or archive.zip::member
    hs: str
    year: int
    version: str


def _files(path: Path) -> tuple[list[Path], Path | None]:
    if path.is_file() and path.suffix.lower() == ".zip":
        return [path], None
    folder = path if path.is_dir() else path.parent
    years = sorted(p for p in (folder.iterdir() if path.is_dir() else [path]) if _YEAR_FILE.search(p.name))
    codes = sorted(p for p in folder.iterdir() if _CODES_FILE.search(p.name))
    if not years:
        raise DataError(
            f"{path}: no BACI file (BACI_HS92_Y<year>_V<version>.csv); unzip the BACI archive there"
        )
    if not codes:
        raise DataError(
            f"{folder}: no country_codes_V<version>.csv beside the BACI files; it names the codes"
        )
    return years, codes[-1]


def _unzip(archive: Path, tmp: Path) -> tuple[list[Path], Path, dict[Path, str]]:
    """The yearly and country-codes files of a BACI zip, extracted to ``tmp`` within the decompression
    limits of :mod:`multivector.sources.limits`; their labels (``archive.zip::member``)."""
    labels: dict[Path, str] = {}
    try:
        with zipfile.ZipFile(archive) as zf:
            if len(zf.infolist()) > MAX_MEMBERS:
                raise DataError(f"{archive}: the zip lists more than {MAX_MEMBERS:,} files; refused")
            for info in zf.infolist():
                name = Path(info.filename).name
                if info.is_dir() or not (_YEAR_FILE.search(name) or _CODES_FILE.search(name)):
                    continue
                dest = tmp / name
                if dest in labels:
                    raise DataError(f"{archive}: two members named {name}; expected one of each BACI file")
                labels[dest] = f"{archive}::{info.filename}"
                copy_member(zf, info, dest, labels[dest])
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise DataError(
            f"{archive}: the zip file is truncated or corrupt ({exc}); download it again"
        ) from None
    years = sorted(p for p in labels if _YEAR_FILE.search(p.name))
    codes = sorted(p for p in labels if _CODES_FILE.search(p.name))
    if not years or not codes:
        raise DataError(f"{archive}: not a BACI archive (no BACI_HS*_Y*_V*.csv and country_codes_V*.csv)")
    return years, codes[-1], labels


def _codes(con: Any, codes: Path) -> None:
    """Load the country-codes file into ``_mv_baci_codes(code, iso3)`` (ISO3 NA when not a country)."""
    with codes.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if not rows:
        raise DataError(f"{codes}: empty country-codes file")
    iso_col = "country_iso3" if "country_iso3" in rows[0] else "iso_3digit_alpha"
    if "country_code" not in rows[0] or iso_col not in rows[0]:
        raise DataError(f"{codes}: line 1: expected country_code and country_iso3 (or iso_3digit_alpha)")
    known = set(countries.crosswalk()["iso3"].dropna())
    pairs = []
    for line, row in enumerate(rows, start=2):
        try:
            code = int(row["country_code"])
        except ValueError:
            raise DataError(
                f"{codes}: line {line}: country_code {row['country_code']!r} is not a number"
            ) from None
        iso = (row[iso_col] or "").strip().upper()
        pairs.append((code, iso if iso in known else None))
    con.execute("CREATE OR REPLACE TEMP TABLE _mv_baci_codes (code INTEGER, iso3 VARCHAR)")
    con.executemany("INSERT INTO _mv_baci_codes VALUES (?, ?)", pairs)


def _locate(path: Path, bad: list[tuple[str, ...]]) -> dict[tuple[str, ...], int]:
    """Line numbers of the rows ``bad`` (their t, i, j, k fields as text) in a BACI file (one pass)."""
    wanted = set(bad)
    found: dict[tuple[str, ...], int] = {}
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as fh:
        for line, fields in enumerate(csv.reader(fh), start=1):
            key = tuple(f.strip() for f in fields[:4])
            if key in wanted and key not in found:
                found[key] = line
    return found


def _one_year(con: Any, table: str, quarantine: str, f: _Year, tag: str) -> tuple[int, Counter[str]]:
    """Import one yearly file; returns (rows read, rejections by reason)."""
    rej_t, rej_s = f"_mv_baci_rej_{tag}", f"_mv_baci_rejs_{tag}"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _mv_baci_rows AS SELECT t, i, j, trim(k) AS k, v, q
        FROM read_csv('{f.path}', header=true, auto_detect=false,
             columns={{'t': 'INTEGER', 'i': 'INTEGER', 'j': 'INTEGER', 'k': 'VARCHAR', 'v': 'DOUBLE',
                       'q': 'VARCHAR'}},
             store_rejects=true, rejects_table='{rej_t}', rejects_scan='{rej_s}')"""
    )
    parse = con.execute(
        f"SELECT e.line, any_value(e.error_message), any_value(e.csv_line) FROM {rej_t} e GROUP BY e.line"
    ).fetchall()
    if not parse and not con.execute("SELECT 1 FROM _mv_baci_rows LIMIT 1").fetchall():
        raise DataError(
            f"{f.label}: no data rows (an empty file, or only its header); download the BACI archive again"
        )
    checks = {
        "missing or negative value (v)": "v IS NULL OR v < 0",
        "year differs from the file name's": f"t IS DISTINCT FROM {f.year}",
        "exporter code not in country_codes": "i NOT IN (SELECT code FROM _mv_baci_codes)",
        "importer code not in country_codes": "j NOT IN (SELECT code FROM _mv_baci_codes)",
    }
    bad_rows: list[tuple[tuple[str, ...], str, str]] = []
    for reason, cond in checks.items():
        for t, i, j, k, v, q in con.execute(f"SELECT * FROM _mv_baci_rows WHERE {cond}").fetchall():
            bad_rows.append(((str(t), str(i), str(j), str(k)), reason, f"{t},{i},{j},{k},{v},{q}"))
        con.execute(f"DELETE FROM _mv_baci_rows WHERE {cond}")
    lines = _locate(f.path, [b[0] for b in bad_rows]) if bad_rows else {}
    records: list[tuple[str, str, int | None, str, str]] = [
        (SOURCE, f.label, int(line), f"cannot parse: {msg}", str(raw)) for line, msg, raw in parse
    ]
    records += [(SOURCE, f.label, lines.get(key), reason, raw) for key, reason, raw in bad_rows]
    if records:
        con.executemany(
            f"INSERT INTO {quarantine} (source, file, line, reason, raw) VALUES (?, ?, ?, ?, ?)", records
        )
    kept = int(con.execute("SELECT count(*) FROM _mv_baci_rows").fetchone()[0])
    con.execute(
        f"""INSERT INTO {table} SELECT r.t, r.i, r.j, ce.iso3, ci.iso3, sum(r.v) / 1000.0,
              sum(TRY_CAST(r.q AS DOUBLE)), count(*), '{f.hs}', '{f.version}'
            FROM _mv_baci_rows r JOIN _mv_baci_codes ce ON ce.code = r.i
            JOIN _mv_baci_codes ci ON ci.code = r.j
            GROUP BY r.t, r.i, r.j, ce.iso3, ci.iso3"""
    )
    for t in (rej_t, rej_s, "_mv_baci_rows"):
        con.execute(f"DROP TABLE IF EXISTS {t}")
    return kept + len(records), Counter(r[3].split(":", 1)[0] for r in records)


def _run(path: Path) -> Any:
    def run(con: Any, table: str, quarantine: str) -> LoadReport:
        cols = ", ".join(f"{k} {v}" for k, v in BACI_COLUMNS.items())
        con.execute(f"CREATE TABLE {table} ({cols})")
        with tempfile.TemporaryDirectory(prefix="mv_baci_") as tmp:
            if path.is_file() and path.suffix.lower() == ".zip":
                years, codes, labels = _unzip(path, Path(tmp))
            else:
                years, codes_file = _files(path)
                if codes_file is None:  # pragma: no cover - _files raises first
                    raise DataError(f"{path}: no country_codes file")
                codes, labels = codes_file, {}
            _codes(con, codes)
            n_read, reasons = 0, Counter[str]()
            for n, p in enumerate(years):
                m = _YEAR_FILE.search(p.name)
                assert m is not None
                year = _Year(p, labels.get(p, str(p)), m.group(1).upper(), int(m.group(2)), f"V{m.group(3)}")
                read, rejected = _one_year(con, table, quarantine, year, f"{n}")
                n_read, reasons = n_read + read, reasons + rejected
        con.execute("DROP TABLE IF EXISTS _mv_baci_codes")
        n_rejected = sum(reasons.values())
        return LoadReport(n_read, n_read - n_rejected, n_rejected, dict(reasons))

    return run


def native_import(path: Path) -> list[NativeImport]:
    """The store's DuckDB-native import of BACI files in ``path`` (folder, yearly file or zip)."""
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: no such file or folder; give the unzipped BACI folder or its zip")
    if path.is_file() and path.suffix.lower() == ".zip":
        files = [path]
    else:
        years, codes = _files(path)
        files = [*years, *([codes] if codes else [])]
    versions = sorted({m.group(3) for f in files if (m := _YEAR_FILE.search(f.name))})
    version = "BACI " + ", ".join(f"V{v}" for v in versions) if versions else PROVENANCE.version
    prov = Provenance(
        **{**PROVENANCE.__dict__, "version": version, "files": tuple(file_info(f) for f in files)}
    )
    return [NativeImport(table=BACI_TRADE, provenance=prov, run=_run(path))]


def load(path: Path) -> dict[str, LoadResult]:
    """BACI through pandas (for ``multivector.sources.baci.load(path)`` users): runs the native import on a
    temporary in-memory DuckDB and returns the table with its rejected rows."""
    (plan,) = native_import(Path(path))
    con = duckdb.connect()
    try:
        con.execute(
            "CREATE TABLE quarantine (source VARCHAR, file VARCHAR, line BIGINT, reason VARCHAR, raw VARCHAR)"
        )
        report = plan.run(con, BACI_TRADE, "quarantine")
        table = con.execute(f"SELECT * FROM {BACI_TRADE} ORDER BY year, exporter_code, importer_code").df()
        rejected = con.execute("SELECT * FROM quarantine").df()
    finally:
        con.close()
    rejected["line"] = rejected["line"].astype("Int64")
    return {BACI_TRADE: LoadResult(table=table, provenance=plan.provenance, report=report, rejected=rejected)}


register(
    source_spec(
        SOURCE,
        load,
        "CEPII BACI (HS6 rows summed to country-pair-year totals), DuckDB-native import",
        native=native_import,
    )
)
