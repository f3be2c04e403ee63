"""The series endpoints on a small store of real data (SIPRI arms transfers, ATOP alliances)."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from fastapi.testclient import TestClient

pytestmark = [
    pytest.mark.realdata,
    pytest.mark.filterwarnings("ignore:fetch_arrow_table.. is deprecated:DeprecationWarning"),
]

API = "/api/v1"


def test_arms_series_has_real_values(store_client: TestClient) -> None:
    r = store_client.get(f"{API}/series?country=KAZ&indicator=arms&partner=RUS,CHN&years=1992-2021")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["unit"].startswith("SIPRI TIV")
    assert len(body["rows"]) == 2 * 30
    rus = {row["year"]: row["value"] for row in body["rows"] if row["partner"] == "RUS"}
    # Russia has been Kazakhstan's main arms supplier: deliveries in most years since independence
    assert sum(v for v in rus.values() if v) > 500
    assert sum(1 for v in rus.values() if v and v > 0) >= 15
    assert body["sources"] and body["sources"][0]["id"] == "data-sipri"


def test_years_outside_coverage_are_null_not_zero(store_client: TestClient) -> None:
    body = store_client.get(f"{API}/series?country=KAZ&indicator=alliance&partner=RUS&years=2015-2023").json()
    values = {row["year"]: row["value"] for row in body["rows"]}
    assert values[2015] == 1.0  # CSTO and bilateral pledges (ATOP 5.1)
    assert all(values[y] is None for y in range(2019, 2024))  # ATOP ends in 2018


def test_indicator_without_its_table_is_404(store_client: TestClient) -> None:
    r = store_client.get(f"{API}/series?country=KAZ&indicator=igo")
    assert r.status_code == 404
    assert "igo" in r.json()["error"]


def test_row_cap_is_413(small_store: object) -> None:
    from multivector.api import create_app

    with TestClient(create_app(small_store, max_rows=100)) as c:  # type: ignore[arg-type]
        r = c.get(f"{API}/series?country=KAZ&indicator=arms&years=1950-2021")
    assert r.status_code == 413
    assert "limit" in r.json()["error"]


def test_panel_csv_and_parquet_agree(store_client: TestClient) -> None:
    url = "country=KAZ&partners=RUS,CHN,USA&years=2000-2010&indicators=arms,alliance"
    csv = store_client.get(f"{API}/panel.csv?{url}")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    parquet = store_client.get(f"{API}/panel.parquet?{url}")
    assert parquet.status_code == 200
    a = pd.read_csv(io.StringIO(csv.text))
    b = pd.read_parquet(io.BytesIO(parquet.content))
    assert len(a) == len(b) == 3 * 11
    assert {"arms_tiv", "atop_any"} <= set(a.columns)
    pd.testing.assert_series_equal(a["arms_tiv"], b["arms_tiv"].astype("float64"), check_names=False)


def test_panel_skips_steps_whose_data_are_missing(store_client: TestClient) -> None:
    r = store_client.get(f"{API}/panel.csv?country=KAZ&years=2000-2001")
    assert r.status_code == 200
    assert "add_trade" in r.headers.get("x-multivector-skipped", "")


def test_countries_include_central_asia_with_data(store_client: TestClient) -> None:
    codes = {c["iso3"]: c for c in store_client.get(f"{API}/countries").json()}
    assert {"KAZ", "UZB", "KGZ", "TJK", "TKM"} <= set(codes)
    assert codes["KAZ"]["has_data"] and codes["KAZ"]["has_case"]


def test_store_is_opened_read_only(store_client: TestClient) -> None:
    status = store_client.get(f"{API}/status").json()
    assert status["read_only"] is True
    assert "sipri_tiv" in status["store"]["tables"]
