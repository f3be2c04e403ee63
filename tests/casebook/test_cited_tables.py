"""Every row of the hand-copied tables is typed into the built-in case, with the page it came from.

The casebook never reads these files at runtime; this test reads them only to check the typing.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from multivector.casebook import Case, citation, find_figures, load_case

TABLES = [
    "energy/kaz_oil_export_routes_cited.csv.gz",
    "energy/kaz_gas_exports_cited.csv.gz",
    "fdi/kaz_fdi_by_source_cited.csv.gz",
    "trade/kaz_bilateral_trade_2021_2023_cited.csv.gz",
]


@pytest.fixture(scope="module")
def case() -> Case:
    return load_case("kazakhstan")


@pytest.mark.realdata
@pytest.mark.parametrize("table", TABLES)
def test_every_cited_row_is_in_the_case(case: Case, shared_data: Path, table: str) -> None:
    rows = pd.read_csv(shared_data / table)
    missing = []
    for row in rows.itertuples(index=False):
        hits = find_figures(case, float(row.value), str(row.unit))
        cited = set()
        for section, entry_id in hits:
            entry = next(e for e in getattr(case, section) if e.id == entry_id)
            cited |= {s.url for s in citation(case, entry)}
        if row.source_url not in cited:
            missing.append((row.year, row.value, row.unit, row.source_url))
    assert not missing, f"rows of {table} not in the case with their source: {missing}"
