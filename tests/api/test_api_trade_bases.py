"""``/countries/{iso3}/trade-bases`` on the hand-made store of tests/_trade_store.py: the rows are the
library's (``trade_spread``), labelled; bad input is a 422 naming the field; no trade data is a 404 naming
the import."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from _trade_store import build_trade_store
from multivector.api import create_app
from multivector.panels.trade_spread import disagreements, trade_spread
from multivector.values import json_records

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

URL = "/api/v1/countries/{}/trade-bases"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_trade_store(tmp_path_factory.mktemp("apibases") / "multivector.duckdb")


@pytest.fixture(scope="module")
def trade_client(store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(store), raise_server_exceptions=False) as c:
        yield c


def test_rows_are_the_library_table(trade_client: TestClient, store: Path) -> None:
    r = trade_client.get(URL.format("KAZ") + "?partner=CHN,EU27&years=2022-2023")
    assert r.status_code == 200, r.text
    body = r.json()
    table = trade_spread("KAZ", ["CHN", "EU27"], (2022, 2023), store)
    assert body["rows"] == json_records(table)
    assert body["disagreements"] == json_records(disagreements(table))
    assert (body["country"], body["partners"], body["years"]) == ("KAZ", ["CHN", "EU27"], [2022, 2023])
    assert body["threshold"] == 0.10
    gacc = [x for x in body["rows"] if x["label"] == "China (GACC)"]
    # 0.35 bn USD, China's side, 40% above the bureau's 250 (selected)
    assert [(x["value_musd"], x["side"], x["basis"], x["period"], x["selected"]) for x in gacc] == [
        (350.0, "partner", "cited", "full_year", False)
    ]
    assert gacc[0]["url"] == "https://example.org/gacc" and gacc[0]["vs_selected"] == pytest.approx(0.4)
    eu = [
        x for x in body["rows"] if x["partner_iso3"] == "EU27" and x["flow"] == "total" and x["year"] == 2023
    ]
    assert [x["spread"] for x in eu] == [None] * len(eu)  # infinite (a zero beside 50): null, never a number
    assert all(x["disagree"] for x in eu)
    assert [s["id"] for s in body["sources"]] == ["data-trade_current", "data-cited"]


def test_default_partners_and_latest_years(trade_client: TestClient) -> None:
    body = trade_client.get(URL.format("KAZ")).json()
    assert body["partners"] == ["RUS", "CHN", "USA", "EU27"]
    assert body["years"] == [2012, 2023]  # every year with a figure (fewer than ten)
    assert {s["id"] for s in body["sources"]} == {"data-cow_trade", "data-trade_current", "data-cited"}
    texts = [d["text"] for d in body["disagreements"] if d["flow"] == "total" and d["partner_iso3"] == "CHN"]
    assert texts == [
        "2023, trade with CHN: China (GACC) reports 350 million USD, 40% more than BNS's 250 million USD "
        "that the assessment uses"
    ]


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ("partner=china", 422, "partner"),  # not an ISO3 code
        ("partner=KAZ", 422, "partner"),  # only the country itself
        ("partner=ZZZ", 404, "partner"),  # well-formed, but no country: 404 as everywhere in the API
        ("years=20x3", 422, "years"),
        ("years=2024-2020", 422, "years"),
        ("years=1800-2023", 422, "years"),
        ("years=1900-2023", 413, "years"),  # 4 partners x 124 years
    ],
)
def test_bad_input_names_the_field(trade_client: TestClient, query: str, status: int, field: str) -> None:
    r = trade_client.get(URL.format("KAZ") + "?" + query)
    assert r.status_code == status, r.text
    assert r.json()["field"] == field and r.json()["error"]


def test_bad_country(trade_client: TestClient) -> None:
    assert trade_client.get(URL.format("kaz")).status_code == 422
    r = trade_client.get(URL.format("ZZZ"))
    assert r.status_code == 404 and r.json()["field"] == "iso3"


def test_no_trade_data(client: TestClient) -> None:
    r = client.get(URL.format("KAZ"))
    assert r.status_code == 404
    error = r.json()["error"]
    assert error.startswith("trade by basis needs the data of one of cow_trade, imts, baci, trade_current")
    assert "`multivector data import trade_current PATH`" in error and "none.duckdb" not in error
