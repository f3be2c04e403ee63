"""The API shows which dimensions a composite leaves out, from the casebook and from the store alike.

* ``/compare`` rows built from the casebook carry ``dimensions_excluded`` (and ``dimensions_used``) of the
  report's composite, comma-joined like the rows built from the store (where ``unga`` is left out);
* ``/countries/{iso3}/profile`` summary rows carry ``n_powers_quantified``, ``coverage_ok`` and
  ``in_composite``, its composite ``dimensions_excluded``; the OpenAPI schema documents all of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from multivector.api import create_app

API = "/api/v1"


def test_compare_casebook_rows_name_the_excluded_dimensions(client: TestClient) -> None:
    r = client.get(f"{API}/compare?countries=KAZ")
    assert r.status_code == 200, r.text
    (row,) = r.json()["rows"]
    assert row["source"] == "casebook kazakhstan"
    assert row["dimensions_excluded"] == "transit,technology"
    assert row["dimensions_used"] == "security,trade,energy,investment,diplomacy"
    # shown, but not averaged: their balance is 0 by construction (one power quantified)
    assert row["balance_transit"] == 0.0 and row["balance_technology"] == 0.0
    assert row["coverage"] == pytest.approx(5 / 7)


def test_profile_rows_carry_the_coverage_flags(client: TestClient) -> None:
    body = client.get(f"{API}/countries/KAZ/profile").json()
    rows = {r["dimension"]: r for r in body["summary"]}
    assert rows["transit"]["coverage_ok"] is False and rows["transit"]["in_composite"] is False
    assert rows["transit"]["n_powers_quantified"] == 1
    assert rows["security"]["coverage_ok"] is True and rows["security"]["in_composite"] is True
    assert body["composite"]["dimensions_excluded"] == ["transit", "technology"]
    assert body["composite"]["in_composite"] is None


def test_openapi_documents_the_flags(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    summary = schemas["SummaryRow"]["properties"]
    assert {"n_powers_quantified", "coverage_ok", "in_composite"} <= set(summary)
    composite = schemas["CompositeRow"]["properties"]
    assert {"dimensions_excluded", "include_single_power"} <= set(composite)
    rows = schemas["CompareResponse"]["properties"]["rows"]
    assert "dimensions_excluded" in rows["description"]


@pytest.fixture(scope="module")
def real_client(real_store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(real_store), raise_server_exceptions=False) as c:
        yield c


@pytest.mark.slow
@pytest.mark.realdata
def test_compare_store_rows_leave_the_un_votes_out(real_client: TestClient) -> None:
    body = real_client.get(f"{API}/compare?countries=KAZ,UZB").json()
    assert [r["source"] for r in body["rows"]] == ["store series"] * 2, body["notes"]
    for row in body["rows"]:
        assert row["dimensions_excluded"] == "unga" and row["balance_unga"] is not None
        assert "unga" not in row["dimensions_used"].split(",")
        assert "unga=vote-equidistance" in row["constructions"]


@pytest.mark.slow
@pytest.mark.realdata
def test_compare_include_noncomparable_averages_the_un_votes_in(real_client: TestClient) -> None:
    base = {r["country"]: r for r in real_client.get(f"{API}/compare?countries=KAZ,UZB").json()["rows"]}
    body = real_client.get(f"{API}/compare?countries=KAZ,UZB&include_noncomparable=true").json()
    for row in body["rows"]:
        assert "unga" in row["dimensions_used"].split(",") and not row["dimensions_excluded"]
        old = base[row["country"]]
        assert row["balance_unga"] == pytest.approx(old["balance_unga"])
        assert row["balance"] != pytest.approx(old["balance"])  # the composite now averages unga in
