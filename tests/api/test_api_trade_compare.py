"""``/series`` for trade with Germany (two COW codes) and ``/compare``'s field names with and without data."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

from _helpers import tiny_result
from multivector import dimensions as vocab
from multivector.api import create_app
from multivector.provenance import LoadResult
from multivector.store import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

API = "/api/v1"
#: Fields every /compare row has, whether its figures come from the store or the casebook.
COMPOSITE_FIELDS = {
    "country",
    "rank",
    "balance",
    "largest_power",
    "largest_exposure",
    "tilt_rus",
    "tilt_chn",
    "tilt_west",
    "tilt_lean",
    "coverage",
    "dimensions_used",
    "excluded",
    "case",
    "sources",
}


def _result(table: pd.DataFrame) -> LoadResult:
    return tiny_result(table, "cow_trade", "hand-made trade")


@pytest.fixture(scope="module")
def trade_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A store whose COW national file lists Germany as 255 and 260 in the same years, as COW v4 does."""
    national = pd.DataFrame(
        [(iso, code, y, imp, imp) for y in (2013, 2014)
         for iso, code, imp in (("KAZ", 705, 50.0), ("DEU", 255, 1000.0), ("DEU", 260, np.nan),
                                ("RUS", 365, 300.0))],
        columns=["iso3", "ccode", "year", "imports", "exports"],
    )  # fmt: skip
    rows = []
    for y in (2013, 2014):
        for p, pc, imp, exp in (("DEU", 255, 3.0, 4.0), ("RUS", 365, 20.0, 10.0)):
            rows += [("KAZ", 705, p, pc, y, imp, exp), (p, pc, "KAZ", 705, y, exp, imp)]
    directed = pd.DataFrame(
        rows, columns=["iso3", "ccode", "partner_iso3", "partner_ccode", "year", "imports", "exports"]
    )
    path = tmp_path_factory.mktemp("apitrade") / "multivector.duckdb"
    with Store(path) as st:
        st.import_result(
            "cow_trade", {"cow_trade": _result(directed), "cow_trade_national": _result(national)}
        )
    with TestClient(create_app(path), raise_server_exceptions=False) as c:
        yield c


def test_trade_series_with_germany(trade_client: TestClient) -> None:
    r = trade_client.get(f"{API}/series?country=KAZ&indicator=trade&partner=DEU,RUS&years=2013-2015")
    assert r.status_code == 200, r.text
    values = {(row["partner"], row["year"]): row["value"] for row in r.json()["rows"]}
    assert values[("DEU", 2014)] == 7 and values[("RUS", 2014)] == 30
    assert values[("DEU", 2015)] is None  # outside COW's coverage: null, not 0
    share = trade_client.get(f"{API}/series?country=DEU&indicator=trade_share&partner=KAZ&years=2014").json()
    assert share["rows"][0]["value"] == pytest.approx(7 / 2000)


def test_compare_fields_are_the_same_with_and_without_data(
    client: TestClient, store_client: TestClient
) -> None:
    without = client.get(f"{API}/compare?countries=KAZ").json()["rows"]
    with_data = store_client.get(f"{API}/compare").json()
    assert without and with_data["rows"]
    for row in [*without, *with_data["rows"]]:
        assert set(row) >= COMPOSITE_FIELDS, COMPOSITE_FIELDS - set(row)
        assert {f"balance_{d}" for d in vocab.DIMENSIONS} <= set(row)
    ranks = [row["rank"] for row in with_data["rows"]]
    assert ranks == sorted(ranks) and ranks[0] == 1
