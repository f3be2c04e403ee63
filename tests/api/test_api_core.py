"""The API on the built-in case: the numbers are the library's, bad input gets a 4xx that says why."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from multivector import casebook as cb
from multivector import dimensions as vocab
from multivector.assessment import assess

API = "/api/v1"


def test_countries_lists_the_builtin_case(client: TestClient) -> None:
    r = client.get(f"{API}/countries")
    assert r.status_code == 200
    kaz = {c["iso3"]: c for c in r.json()}["KAZ"]
    assert kaz == {
        "iso3": "KAZ",
        "name": "Kazakhstan",
        "case": "kazakhstan",
        "has_case": True,
        "has_data": False,
    }


def test_profile_is_the_assessment(client: TestClient) -> None:
    """Without a store the app's profile of Kazakhstan is the casebook-only assessment, the same document."""
    r = client.get(f"{API}/countries/KAZ/profile")
    assert r.status_code == 200
    assert r.json() == assess("KAZ", store=None).to_dict()
    weighted = client.get(f"{API}/countries/KAZ/profile?weights=security=2")
    assert weighted.json()["composite"] == assess("KAZ", weights={"security": 2}).to_dict()["composite"]


def test_profile_figures_cite_numbered_sources(client: TestClient) -> None:
    body = client.get(f"{API}/countries/KAZ/profile").json()
    numbers = {c["id"]: c["number"] for c in body["sources"]}
    assert sorted(numbers.values()) == list(range(1, len(numbers) + 1))
    for row in body["dimensions"]:
        if row["origin"] is not None:
            assert row["sources"] and set(row["sources"]) <= set(numbers), row["dimension"]


def test_dimensions_serve_the_registry(client: TestClient) -> None:
    body = client.get(f"{API}/dimensions").json()
    assert [d["name"] for d in body] == list(vocab.DIMENSIONS)
    trade = next(d for d in body if d["name"] == "trade")
    assert trade["horizon"] == vocab.DIMENSIONS["trade"].horizon and trade["comparable"] is True


@pytest.mark.parametrize(
    ("url", "status", "field"),
    [
        ("/countries/kaz/profile", 422, "iso3"),
        ("/countries/KAZA/profile", 422, "iso3"),
        ("/countries/XYZ/profile", 404, "iso3"),
        ("/countries/UZB/profile", 404, None),  # a real country, but no case and no store
        ("/countries/KAZ/profile?weights=arms=2", 422, "weights"),
        ("/countries/KAZ/profile?year=1700", 422, "year"),
        ("/series?country=KAZ&indicator=nonsense", 422, "indicator"),
        ("/series?country=KZ&indicator=trade", 422, "country"),
        ("/series?country=QQQ&indicator=trade", 404, "country"),
        ("/series?country=KAZ&indicator=trade&years=2023-1992", 422, "years"),
        ("/series?country=KAZ&indicator=trade&years=1700-1800", 422, "years"),
        ("/series?country=KAZ&indicator=trade&years=1992-2200", 422, "years"),
        ("/series?country=KAZ&indicator=trade&years=soon", 422, "years"),
        ("/series?country=KAZ&indicator=trade&partner=RUS,XX1", 422, "partner"),
        ("/series?country=KAZ&indicator=trade", 404, None),  # no store: says to import data
        ("/panel.csv?country=KAZ&indicators=bogus", 422, "indicators"),
        ("/compare?countries=KAZ,12", 422, "countries"),
        ("/scenarios/no-such-scenario", 404, "name"),
        ("/casebook/atlantis/ties", 404, "case"),
        ("/casebook/kazakhstan/secrets", 422, "section"),
    ],
)
def test_bad_input_gets_a_4xx_that_names_the_field(
    client: TestClient, url: str, status: int, field: str
) -> None:
    r = client.get(API + url)
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error", "field"}
    assert body["error"]
    assert body["field"] == field


def test_no_store_message_says_how_to_import(client: TestClient) -> None:
    body = client.get(f"{API}/series?country=KAZ&indicator=arms").json()
    assert "multivector data import" in body["error"]


@pytest.mark.parametrize(
    "path",
    [
        "/casebook/../../etc/passwd/ties",
        "/casebook/..%2F..%2Fetc%2Fpasswd/ties",
        "/casebook/%2Fetc%2Fpasswd/ties",
        "/casebook/..%2Fdata%2Fkazakhstan/actors",
        "/scenarios/..%2F..%2Fetc%2Fpasswd",
        "/scenarios/%2Fetc%2Fpasswd/run",
        "/scenarios/cpc-outage.yaml",
    ],
)
def test_path_like_names_never_reach_the_file_system(client: TestClient, path: str) -> None:
    r = client.get(API + path) if not path.endswith("/run") else client.post(API + path, json={})
    assert r.status_code in (404, 405, 422), r.text
    assert "root:" not in r.text


def test_casebook_sections_have_resolved_citations(client: TestClient) -> None:
    case = cb.load_case("kazakhstan")
    for section in ("actors", "ties", "agreements", "infrastructure", "claims"):
        body = client.get(f"{API}/casebook/kazakhstan/{section}").json()
        assert len(body["entries"]) == len(getattr(case, section))
        for entry in body["entries"]:
            if section != "actors" or entry.get("sources"):
                assert entry["citations"], (section, entry["id"])
    sources = client.get(f"{API}/casebook/KAZ/sources").json()
    assert len(sources["entries"]) == len(case.sources)
    timeline = client.get(f"{API}/casebook/kazakhstan/timeline").json()["entries"]
    dates = [e["date"] for e in timeline]
    assert dates == sorted(dates)


def test_compare_without_store_uses_the_casebook(client: TestClient) -> None:
    body = client.get(f"{API}/compare?countries=KAZ,UZB").json()
    assert [r["country"] for r in body["rows"]] == ["KAZ"]
    assert body["rows"][0]["balance"] == pytest.approx(assess("KAZ").composite.balance)
    assert any("UZB" in n for n in body["notes"])


def test_scenarios_list_show_run(client: TestClient) -> None:
    names = [s["name"] for s in client.get(f"{API}/scenarios").json()]
    assert "cpc-outage" in names
    detail = client.get(f"{API}/scenarios/cpc-outage").json()
    params = {p["name"]: p for p in detail["parameters"]}
    assert "days" in params
    r = client.post(f"{API}/scenarios/cpc-outage/run", json={"set": {"days": 90}, "draws": 200, "seed": 7})
    assert r.status_code == 200, r.text
    result = r.json()["result"]
    assert result["parameters"]["days"] == 90
    assert result["monte_carlo"]["draws"] == 200
    assert 0 <= result["balance_after"]["balance"] <= 1
    again = client.post(
        f"{API}/scenarios/cpc-outage/run", json={"set": {"days": 90}, "draws": 200, "seed": 7}
    )
    assert again.json()["result"]["monte_carlo"] == result["monte_carlo"]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"set": {"days": 90}, "draws": 10**9}, 422, "draws"),
        ({"draws": -1}, 422, "draws"),
        ({"set": {"nonsense": 1}}, 422, "set.nonsense"),
        ({"set": {"days": 100000}}, 422, "set.days"),  # out of the parameter's range
        ({"unknown_key": 1}, 422, "unknown_key"),
        ({"seed": "abc"}, 422, "seed"),
    ],
)
def test_bad_scenario_runs_are_422(
    client: TestClient, body: dict[str, object], status: int, field: str
) -> None:
    r = client.post(f"{API}/scenarios/cpc-outage/run", json=body)
    assert r.status_code == status, r.text
    assert r.json()["field"] == field
    assert r.json()["error"]


def test_oversize_body_is_413(client: TestClient) -> None:
    big = {"set": {"days": 90}, "padding": "x" * (70 * 1024)}
    r = client.post(f"{API}/scenarios/cpc-outage/run", json=big)
    assert r.status_code == 413
    assert r.json()["field"] == "body"


def test_oversize_streamed_body_is_413(client: TestClient) -> None:
    def chunks():  # no Content-Length: the middleware counts the bytes as they come
        for _ in range(80):
            yield b"x" * 1024

    r = client.post(
        f"{API}/scenarios/cpc-outage/run", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 413


def test_unexpected_errors_are_500_without_traceback(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from multivector.api import routes_casebook

    def boom(case_id: str, section: str) -> list[dict[str, object]]:
        raise RuntimeError("secret internals /home/user/file.py line 3")

    monkeypatch.setattr(routes_casebook, "_section", boom)
    r = client.get(f"{API}/casebook/kazakhstan/ties")
    assert r.status_code == 500
    assert "secret" not in r.text and "Traceback" not in r.text
    assert set(r.json()) == {"error", "field"}


def test_dashboard_and_assets_are_served_offline(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "https://" not in page.text and "http://" not in page.text
    for asset in ("/static/app.js", "/static/app.css"):
        r = client.get(asset)
        assert r.status_code == 200
        assert "cdn" not in r.text.lower()
    js = client.get("/static/vendor/plotly.min.js")
    assert js.status_code == 200 and len(js.content) > 1_000_000
    assert client.get("/openapi.json").json()["info"]["title"] == "multivector"


def test_static_files_cannot_escape_their_folder(client: TestClient) -> None:
    for path in ("/static/../app.py", "/static/..%2Fapp.py", "/static/%2e%2e/%2e%2e/errors.py"):
        r = client.get(path)
        assert r.status_code == 404, path
