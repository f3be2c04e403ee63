"""States with several COW codes (DEU: 255 GMY and 260 GFR): one national total per ISO3-year, never summed.

Regression: ``add_trade`` raised ``ValueError: cannot handle a non-unique multi-index!`` for any partner list
holding DEU, because COW's national file lists both 255 and 260 in 1960-1990 (260 with missing values).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from _helpers import tiny_result
from multivector.panels import add_trade, create_dyad_years
from multivector.panels.trade import one_per_state
from multivector.provenance import LoadResult
from multivector.store.db import Store


def _result(table: pd.DataFrame) -> LoadResult:
    return tiny_result(table, "cow_trade", "two German codes")


@pytest.fixture(scope="module")
def german_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """National totals and flows where Germany appears under COW 255 and 260 in the same years."""
    national = pd.DataFrame(
        [
            ("USA", 2, 1957, 500.0, 500.0),
            ("USA", 2, 1985, 900.0, 900.0),
            ("USA", 2, 1988, 950.0, 950.0),
            ("DEU", 260, 1957, 100.0, 100.0),  # only GFR reports
            ("DEU", 255, 1985, 300.0, 300.0),  # GMY reports, GFR listed as missing (as in COW v4)
            ("DEU", 260, 1985, np.nan, np.nan),
            ("DEU", 255, 1988, 400.0, 400.0),  # both report: the current code (255) wins, no sum
            ("DEU", 260, 1988, 350.0, 350.0),
            ("KAZ", 705, 2014, 50.0, 50.0),
            ("DEU", 255, 2014, 1000.0, 1000.0),
        ],
        columns=["iso3", "ccode", "year", "imports", "exports"],
    )
    flows = [  # iso3, ccode, partner, partner ccode, year, imports, exports
        ("USA", 2, "DEU", 260, 1957, 5.0, 6.0),
        ("USA", 2, "DEU", 255, 1985, 7.0, 8.0),
        ("USA", 2, "DEU", 260, 1985, np.nan, np.nan),
        ("USA", 2, "DEU", 255, 1988, 9.0, 10.0),
        ("USA", 2, "DEU", 260, 1988, 90.0, 100.0),
        ("KAZ", 705, "DEU", 255, 2014, 3.0, 4.0),
    ]
    rows = []
    for c, cc, p, pc, y, imp, exp in flows:
        rows += [(c, cc, p, pc, y, imp, exp), (p, pc, c, cc, y, exp, imp)]
    directed = pd.DataFrame(
        rows, columns=["iso3", "ccode", "partner_iso3", "partner_ccode", "year", "imports", "exports"]
    )
    path = tmp_path_factory.mktemp("germany") / "germany.duckdb"
    with Store(path) as st:
        st.import_result(
            "cow_trade", {"cow_trade": _result(directed), "cow_trade_national": _result(national)}
        )
    return path


def _row(df: pd.DataFrame, country: str, partner: str, year: int) -> pd.Series:
    hit = df[(df["iso3"] == country) & (df["partner_iso3"] == partner) & (df["year"] == year)]
    assert len(hit) == 1
    return hit.iloc[0]


def test_partner_list_with_germany_works(german_store: Path) -> None:
    df = add_trade(create_dyad_years(["USA"], ["DEU", "GBR"], (1955, 1990)), german_store)
    assert len(df) == 2 * 36 and not df.duplicated(["iso3", "partner_iso3", "year"]).any()
    r57 = _row(df, "USA", "DEU", 1957)
    assert r57["trade_total"] == 11 and r57["trade_partner_total"] == 200  # GFR's rows, the only ones
    r85 = _row(df, "USA", "DEU", 1985)
    assert r85["trade_total"] == 15 and r85["trade_partner_total"] == 600  # GFR's NA does not blank GMY
    r88 = _row(df, "USA", "DEU", 1988)
    assert r88["trade_total"] == 19 and r88["trade_partner_total"] == 800  # current code, never summed
    assert r88["trade_partner_dependence"] == pytest.approx(19 / 800)


def test_germany_as_the_country(german_store: Path) -> None:
    df = add_trade(create_dyad_years(["DEU"], ["USA"], (1985, 1988)), german_store)
    r = _row(df, "DEU", "USA", 1988)
    assert r["trade_total"] == 19 and r["trade_country_total"] == 800 and r["trade_partner_total"] == 1900


def test_kaz_deu_and_eu27(german_store: Path) -> None:
    df = add_trade(create_dyad_years("KAZ", ["DEU", "EU27"], (2014, 2014)), german_store)
    assert _row(df, "KAZ", "DEU", 2014)["trade_total"] == 7
    assert _row(df, "KAZ", "EU27", 2014)["trade_total"] == 7


def test_one_per_state_without_code_columns_keeps_the_reported_row() -> None:
    table = pd.DataFrame(
        {"iso3": ["DEU", "DEU", "USA"], "year": [1985, 1985, 1985], "total": [np.nan, 5.0, 1.0]}
    )
    out = one_per_state(table, ["iso3", "year"], ["total"], {"iso3": "ccode"})
    assert out.set_index("iso3")["total"].to_dict() == {"DEU": 5.0, "USA": 1.0}


@pytest.mark.realdata
def test_real_kaz_deu_trade_2014(real_store: Path) -> None:
    df = add_trade(create_dyad_years("KAZ", ["DEU", "RUS", "EU27"], (2012, 2014)), real_store)
    deu = _row(df, "KAZ", "DEU", 2014)
    assert deu["trade_total"] > 0 and deu["trade_partner_total"] > 0
    assert 0 < deu["trade_dependence"] < _row(df, "KAZ", "EU27", 2014)["trade_dependence"]


@pytest.mark.realdata
def test_real_west_germany_totals_are_not_doubled(real_store: Path) -> None:
    with Store(real_store, read_only=True) as st:
        gmy = st.query_df(
            "SELECT imports + exports AS total FROM cow_trade_national WHERE ccode = 255 AND year = 1975"
        )
    df = add_trade(create_dyad_years("USA", ["DEU"], (1955, 1992)), real_store)
    assert not df["trade_partner_total"].isna().any()
    assert _row(df, "USA", "DEU", 1975)["trade_partner_total"] == pytest.approx(float(gmy["total"].iloc[0]))
