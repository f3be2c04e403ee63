"""IMTS (SDMX files read with sdmx1) and CEPII BACI (HS6 rows summed in DuckDB) on fixtures in their formats.

tests/fixtures/imts: IMTS_A_KAZ.xml (SDMX-ML 2.1 generic data, SCALE 0 and 6 series, a trade-balance series
and a negative value), IMTS_A_UZB.json (SDMX-JSON, no unit attribute: US dollars).
tests/fixtures/baci: two yearly files of the BACI layout (t,i,j,k,v,q) and country_codes_V202501.csv; the
2022 file ends with four faulty lines (unknown code 999, a negative value, three fields, year 2021).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from multivector.dimensions import BACI_TRADE, IMTS_TRADE
from multivector.errors import DataError
from multivector.panels import add_trade, create_dyad_years
from multivector.provenance import LoadResult
from multivector.sources import baci, imts
from multivector.store import Store, import_source


def test_imts_files(fixtures: Path, check_result: Callable[[LoadResult], None]) -> None:
    result = imts.load(fixtures / "imts")[IMTS_TRADE]
    check_result(result)
    assert (result.report.rows_read, result.report.rows_rejected) == (36 + 8, 2)
    t = result.table.set_index(["reporter_iso3", "partner", "indicator", "period"])["value_musd"]
    assert t[("KAZ", "CHN", "XG_FOB_USD", "2023")] == pytest.approx(14666.16)  # 14,666,160,000 USD, SCALE 0
    assert t[("KAZ", "RUS", "MG_CIF_USD", "2023")] == pytest.approx(16847.0)  # 16,847.0 x 10^6
    assert t[("UZB", "CHN", "MG_CIF_USD", "2023")] == pytest.approx(11340.0)  # JSON, dollars
    kinds = result.table.drop_duplicates("partner").set_index("partner")["partner_kind"]
    assert (kinds["G001"], kinds["G998"], kinds["CHN"]) == ("world", "group", "country")
    assert set(result.rejected["reason"].str.split(" ").str[0]) == {"indicator", "negative"}


def test_imts_not_sdmx(tmp_path: Path) -> None:
    (tmp_path / "IMTS_A_KAZ.xml").write_text("<html>Service unavailable</html>", encoding="utf-8")
    with pytest.raises(DataError, match="not an SDMX data message sdmx1 can read"):
        imts.load(tmp_path)


def test_baci_sums_hs6_rows(fixtures: Path) -> None:
    result = baci.load(fixtures / "baci")[BACI_TRADE]
    rep = result.report
    assert (rep.rows_read, rep.rows_kept, rep.rows_rejected) == (25, 21, 4)
    rej = dict(zip(result.rejected["line"].astype(int), result.rejected["reason"], strict=True))
    assert rej == {
        16: "importer code not in country_codes",
        17: "missing or negative value (v)",
        18: "cannot parse: Expected Number of Columns: 6 Found: 3",
        19: "year differs from the file name's",
    }
    t = result.table.set_index(["year", "exporter_iso3", "importer_iso3"])
    # KAZ -> CHN 2022: 9,000.5 + 4,000.0 thousand USD over two HS6 rows
    assert t.loc[(2022, "KAZ", "CHN"), "value_musd"] == pytest.approx(13.0005)
    assert t.loc[(2022, "KAZ", "CHN"), "n_products"] == 2
    other = result.table[result.table["importer_code"] == 490]  # CEPII's "Other Asia, nes": no ISO3
    assert len(other) == 1 and pd.isna(other["importer_iso3"].iloc[0])
    assert set(result.table["version"]) == {"V202501"} and set(result.table["hs"]) == {"HS92"}


def test_baci_zip_and_store(fixtures: Path, tmp_path: Path) -> None:
    archive = tmp_path / "BACI_HS92_V202501.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in sorted((fixtures / "baci").iterdir()):
            zf.write(f, f"BACI_HS92_V202501/{f.name}")
    store = tmp_path / "b.duckdb"
    with Store(store) as st:
        first = import_source("baci", archive, store=st, progress=False)
        again = import_source("baci", archive, store=st, progress=False)
        quarantined = st.quarantine("baci")
    assert (first.rows_read, first.rows_kept, first.rows_rejected) == (25, 21, 4)
    assert again.unchanged
    assert quarantined["file"].str.contains("BACI_HS92_V202501.zip::").all()
    df = add_trade(create_dyad_years("KAZ", ["CHN", "EU"], 2022), store)
    chn = df[df["partner_iso3"] == "CHN"].iloc[0]
    assert chn["trade_basis"] == "baci"
    # exports 13.0005, imports 3.0 + 8.0 thousand... = 11.00025 million; KAZ total: exports 13.0005 + 2.5 + 6
    # + 0.05 + 1.5 + 0.3 + 0.6 = 23.9505, imports 11.00025 + 1.2 + 7 + 0.9 + 0.4 = 20.50025
    assert (chn["trade_exports"], chn["trade_imports"]) == pytest.approx((13.0005, 11.00025))
    assert chn["trade_country_total"] == pytest.approx(44.45075)
    # China's total (same basis): its exports to KAZ 11.00025 (its negative row rejected), imports 13.0005
    assert chn["trade_partner_total"] == pytest.approx(24.00075)
    eu = df[df["partner_iso3"] == "EU27"].iloc[0]
    assert eu["trade_total"] == pytest.approx(6.0 + 2.5 + 1.2)  # Germany both ways and France
