"""``/countries/KAZ/trade-bases`` on the session's store of every shared dataset: Kazakhstan-China 2023 as
the bureau (BNS, the figure the assessment uses) and China's customs (GACC) report it, labelled, and the
answer equals the library's ``trade_spread``. Expected values: trade_current/SOURCE.md ("China-Kazakhstan
2023: BNS 30.06 bn ...; China's customs report 41.0") and trade/SOURCE.md (41.0 bn, China customs)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from multivector.api import create_app
from multivector.panels.trade_spread import disagreements, trade_spread
from multivector.values import json_records

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def real_client(real_store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(real_store), raise_server_exceptions=False) as c:
        yield c


def test_kaz_china_2023_both_bases_labelled(real_client: TestClient, real_store: Path) -> None:
    r = real_client.get("/api/v1/countries/KAZ/trade-bases?partner=CHN&years=2023")
    assert r.status_code == 200, r.text
    body = r.json()
    total = [x for x in body["rows"] if x["flow"] == "total" and x["compared"]]
    by_label = {x["label"]: x for x in total}
    bns = by_label["BNS"]
    # BNS 2023: exports 14.67 + imports 15.39 = 30.06 bn (SOURCE.md); 30,055.39 million in the bulletin
    assert bns["value_musd"] == pytest.approx(30055.39, abs=0.1)
    assert (bns["basis"], bns["side"], bns["selected"]) == ("national_statistics", "reporter", True)
    gacc = by_label["China (GACC)"]
    assert (gacc["value_musd"], gacc["basis"], gacc["side"], gacc["reporter_iso3"]) == (
        41000.0, "cited", "partner", "CHN",
    )  # fmt: skip
    assert not gacc["selected"] and gacc["url"].startswith("https://")
    assert gacc["vs_selected"] == pytest.approx(41000 / 30055.39 - 1, abs=1e-4)  # 0.364
    assert [x["selected"] for x in total].count(True) == 1
    text = next(d["text"] for d in body["disagreements"] if d["flow"] == "total")
    assert text == (
        "2023, trade with CHN: China (GACC) reports 41.0 bn USD, 36% more than BNS's 30.1 bn USD that the "
        "assessment uses"
    )
    assert {s["id"] for s in body["sources"]} == {"data-trade_current", "data-cited"}


def test_api_equals_the_library(real_client: TestClient, real_store: Path) -> None:
    body = real_client.get("/api/v1/countries/KAZ/trade-bases").json()
    # the four powers over the ten latest years with a figure: WITS runs to 2024
    assert body["partners"] == ["RUS", "CHN", "USA", "EU27"] and body["years"] == [2015, 2024]
    table = trade_spread("KAZ", store=real_store)
    assert body["rows"] == json_records(table)
    assert body["disagreements"] == json_records(disagreements(table))
