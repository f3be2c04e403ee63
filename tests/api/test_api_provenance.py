"""Every number the API computes from the store names its datasets: title, publisher, version, citation and
URL (from the store's import records), on /compare, the profile's store series and alignment, and /series."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from multivector.api import create_app

API = "/api/v1"
FIELDS = ("title", "publisher", "version", "citation", "url")


@pytest.fixture(scope="module")
def real_client(real_store: Path) -> Iterator[TestClient]:
    """The app on the store of every shared dataset (tests/conftest.py), read-only."""
    with TestClient(create_app(real_store), raise_server_exceptions=False) as c:
        yield c


def _complete(entry: dict[str, object]) -> None:
    for key in FIELDS:
        assert isinstance(entry[key], str) and entry[key], (entry["id"], key)


@pytest.mark.slow
@pytest.mark.realdata
def test_compare_cites_atop_and_the_un_votes(real_client: TestClient) -> None:
    r = real_client.get(f"{API}/compare")
    assert r.status_code == 200, r.text
    body = r.json()
    assert all(row["source"] == "store series" for row in body["rows"]), body["notes"]
    sources = {s["id"]: s for s in body["sources"]}
    assert {"atop", "unga", "sipri", "cow_trade"} <= set(sources)
    for entry in sources.values():
        _complete(entry)
    atop, unga = sources["atop"], sources["unga"]
    assert "Leeds" in atop["citation"] and "Alliance Treaty Obligations and Provisions" in atop["title"]
    assert atop["version"].startswith("5.1") and atop["url"].startswith("http")
    assert atop["tables"] == ["atop"] and atop["dimensions"] == ["alliances"]
    assert "Voeten" in unga["citation"] and "Voeten" in unga["publisher"]
    assert "General Assembly" in unga["title"] and "dataverse" in unga["url"]
    assert unga["dimensions"] == ["unga"]
    assert sources["cow_trade"]["tables"] == ["cow_trade", "cow_trade_national"]
    # each row names the datasets behind the dimensions it has a value for
    for row in body["rows"]:
        detail = {s["id"]: s for s in row["sources_detail"]}
        assert row["sources"] == list(detail)
        for dim, source in (
            ("alliances", "atop"),
            ("unga", "unga"),
            ("arms", "sipri"),
            ("trade", "cow_trade"),
        ):
            assert (row.get(f"balance_{dim}") is not None) == (source in detail), (row["country"], dim)
        for entry in detail.values():
            assert entry == {**sources[entry["id"]], "dimensions": entry["dimensions"]}
    kaz = next(row for row in body["rows"] if row["country"] == "KAZ")
    detail = {s["id"]: s for s in kaz["sources_detail"]}
    assert "Leeds" in detail["atop"]["citation"] and "Voeten" in detail["unga"]["citation"]


@pytest.mark.slow
@pytest.mark.realdata
def test_profile_store_series_and_alignment_are_cited(real_client: TestClient) -> None:
    body = real_client.get(f"{API}/countries/KAZ/profile").json()
    series = body["store_series"]
    assert series and series["rows"]
    dims = {r["dimension"] for r in series["rows"]}
    cited = {s["id"]: s for s in series["sources"]}
    assert {dim for s in cited.values() for dim in s["dimensions"]} == dims
    for entry in cited.values():
        _complete(entry)
    assert "Voeten" in cited["unga"]["citation"] and "Leeds" in cited["atop"]["citation"]
    assert "igo" not in cited  # a table the balance does not read is not cited
    assert body["alignment"]
    [votes] = body["alignment_sources"]
    assert votes["id"] == "unga" and votes["tables"] == ["unga_votes"] and "Voeten" in votes["citation"]


@pytest.mark.realdata
def test_series_sources_are_datasets_with_their_tables(real_client: TestClient) -> None:
    body = real_client.get(f"{API}/series?country=KAZ&indicator=trade_share&years=2010-2014").json()
    [trade] = body["sources"]
    _complete(trade)
    assert trade["id"] == trade["source"] == "cow_trade"
    assert trade["tables"] == ["cow_trade", "cow_trade_national"]
    influence = real_client.get(f"{API}/series?country=KAZ&indicator=influence&years=2010").json()
    assert {"cow_trade", "unga", "sipri", "atop", "igo"} <= {s["id"] for s in influence["sources"]}


def test_compare_from_the_casebook_cites_its_sources(client: TestClient) -> None:
    body = client.get(f"{API}/compare?countries=KAZ").json()
    [row] = body["rows"]
    assert row["source"] == "casebook kazakhstan"
    detail = {s["id"]: s for s in row["sources_detail"]}
    assert detail and set(detail) <= set(row["sources"])
    assert {s["id"] for s in body["sources"]} == set(detail)
    for entry in detail.values():
        assert entry["citation"] and entry["title"] and entry["kind"]


def test_missing_fields_come_from_the_manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An import record whose loader recorded no publisher or citation still names them (manifest.toml)."""
    from multivector.api import datasets
    from multivector.api.deps import DataContext, Settings

    class _Ctx(DataContext):
        def tables(self) -> frozenset[str]:
            return frozenset({"atop"})

    record = {"source": "atop", "table": "atop", "version": "5.1", "imported_at": "2025-01-01",
              "provenance": {"source": "atop", "title": "ATOP"}}  # fmt: skip
    monkeypatch.setattr(datasets, "_records", lambda ctx, version: (record,))
    ctx = _Ctx(Settings(store_path=tmp_path / "x.duckdb"))
    [entry] = datasets.dataset_sources(ctx, ["atop", "igo"], {"atop": ["alliances"]})
    assert entry["title"] == "ATOP" and entry["version"] == "5.1"
    assert "Leeds" in entry["citation"] and "ATOP" in entry["publisher"] and entry["url"].startswith("http")
    assert entry["license"] and entry["tables"] == ["atop"] and entry["dimensions"] == ["alliances"]
