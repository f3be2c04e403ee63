"""Every number the API computes names its sources, as the one citation builder makes them: numbered
entries with id, title, publisher, version, citation text and URL (from the store's import records, the
manifest filling what a record lacks), on the profile, /compare and /series."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from multivector.api import create_app
from multivector.assessment import assess

API = "/api/v1"


@pytest.fixture(scope="module")
def real_client(real_store: Path) -> Iterator[TestClient]:
    """The app on the store of every shared dataset (tests/conftest.py), read-only."""
    with TestClient(create_app(real_store), raise_server_exceptions=False) as c:
        yield c


def _complete(entry: dict[str, object]) -> None:
    for key in ("title", "publisher", "version", "text", "url"):
        assert isinstance(entry[key], str) and entry[key], (entry["id"], key)


@pytest.mark.slow
@pytest.mark.realdata
def test_profile_cites_each_dataset_it_reads(real_client: TestClient) -> None:
    body = real_client.get(f"{API}/countries/UZB/profile").json()
    cited = {s["id"]: s for s in body["sources"]}
    for dim in body["dimensions"]:
        if dim["origin"] == "data":
            assert dim["sources"] and set(dim["sources"]) <= set(cited), dim["dimension"]
    atop, unga = cited["data-atop"], cited["data-unga"]
    _complete(atop)
    _complete(unga)
    assert "Leeds" in atop["text"] and atop["version"].startswith("5.1") and atop["tables"] == ["atop"]
    assert "Voeten" in unga["text"] and "dataverse" in unga["url"]
    trade = cited.get("data-cow_trade")
    if trade is not None:  # the trade citation is that of the trade tables, not of COW's state list
        assert trade["tables"][0] in ("cow_trade", "cow_trade_national") and "Trade" in trade["title"]


@pytest.mark.slow
@pytest.mark.realdata
def test_compare_sources_are_those_of_its_assessments(real_client: TestClient, real_store: Path) -> None:
    body = real_client.get(f"{API}/compare?countries=KAZ,UZB").json()
    numbered = {s["id"]: s for s in body["sources"]}
    assert sorted(s["number"] for s in body["sources"]) == list(range(1, len(numbered) + 1))
    for row in body["rows"]:
        lib = assess(row["country"], store=real_store)
        assert row["balance"] == pytest.approx(lib.composite.balance)
        assert row["sources"] == [c.id for c in lib.sources]
        assert set(row["sources"]) <= set(numbered)


@pytest.mark.realdata
def test_series_sources_are_datasets_with_their_tables(real_client: TestClient) -> None:
    body = real_client.get(f"{API}/series?country=KAZ&indicator=trade_share&years=2010-2014").json()
    [trade] = body["sources"]
    _complete(trade)
    assert trade["id"] == "data-cow_trade" and trade["number"] == 1
    assert set(trade["tables"]) >= {"cow_trade", "cow_trade_national"}
    influence = real_client.get(f"{API}/series?country=KAZ&indicator=influence&years=2010").json()
    ids = {s["id"] for s in influence["sources"]}
    # the newest SIPRI release (generated 2026) is the one read, never spliced with the 2025 one
    assert {"data-cow_trade", "data-unga", "data-sipri_2024", "data-atop", "data-igo"} <= ids
    assert "data-sipri" not in ids


def test_compare_from_the_casebook_cites_its_sources(client: TestClient) -> None:
    body = client.get(f"{API}/compare?countries=KAZ").json()
    [row] = body["rows"]
    assert row["case"] == "kazakhstan"
    cited = {s["id"]: s for s in body["sources"]}
    assert row["sources"] and set(row["sources"]) == set(cited)
    for sid, entry in cited.items():  # casebook sources only: no store behind this app
        assert entry["text"] and entry["title"] and not sid.startswith("data-")


def test_missing_fields_come_from_the_manifest() -> None:
    """An import record whose loader recorded no publisher or citation still names them (manifest.toml)."""
    from multivector.citations import dataset_fields

    record = {"source": "atop", "table": "atop", "version": "5.1", "file_path": "atop.csv", "sha256": "ab",
              "provenance": {"source": "atop", "title": "ATOP"}}  # fmt: skip
    entry = dataset_fields([record], "atop")
    assert entry["title"] == "ATOP" and entry["version"] == "5.1"
    assert "Leeds" in entry["text"] and "ATOP" in (entry["publisher"] or "")
    assert (entry["url"] or "").startswith("http") and entry["license"] and entry["tables"] == ["atop"]
