"""Every 4xx body speaks to an HTTP client: it names the request field at fault (``set.days``, ``partners``,
``indicator``), never a command-line option (``--set``) or the server's file paths."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from multivector.errors import ScenarioError

API = "/api/v1"
RUN = f"{API}/scenarios/cpc-outage/run"


def _assert_http_wording(body: dict[str, object]) -> None:
    assert set(body) == {"error", "field"}
    text = str(body["error"])
    assert text and "--" not in text  # no command-line option (--set, --store) in an answer to a client


@pytest.mark.parametrize(
    ("payload", "field", "error"),
    [
        ({"set": {"days": 100000}}, "set.days", "set.days: 100000 is above the maximum 365"),
        ({"set": {"days": 0}}, "set.days", "set.days: 0 is below the minimum 1"),
        ({"set": {"days": 2.5}}, "set.days", "set.days: expected an int, got 2.5"),
        ({"set": {"days": "abc"}}, "set.days", "set.days: expected an int, got 'abc'"),
        ({"set": {"days": True}}, "set.days", "set.days: expected an int, got true"),
        ({"set": {"fraction": 1.5}}, "set.fraction", "set.fraction: 1.5 is above the maximum 1"),
        ({"set": {"oil_value": "much"}}, "set.oil_value", "set.oil_value: expected a number, got 'much'"),
        (
            {"set": {"dayz": 3}},
            "set.dayz",
            "set.dayz: cpc-outage has no parameter 'dayz'; its parameters: days, fraction, oil_value",
        ),
        (
            {"set": {"days": None}},
            "set.days",
            "set.days: expected a number, true/false or a string, got null",
        ),
        (
            {"set": {"days": [90]}},
            "set.days",
            "set.days: expected a number, true/false or a string, got [90]",
        ),
        ({"draws": 10**9}, "draws", "draws: Input should be less than or equal to 20000"),
        ({"seed": -1}, "seed", "seed: Input should be greater than or equal to 0"),
        ({"sets": {}}, "sets", "sets: Extra inputs are not permitted"),
    ],
)
def test_scenario_run_errors_name_the_body_field(
    client: TestClient, payload: dict[str, object], field: str, error: str
) -> None:
    r = client.post(RUN, json=payload)
    assert r.status_code == 422, r.text
    body = r.json()
    _assert_http_wording(body)
    assert body == {"error": error, "field": field}


def test_two_bad_values_are_counted_once_each(client: TestClient) -> None:
    body = client.post(RUN, json={"set": {"days": None, "fraction": [1]}}).json()
    assert body["field"] == "set.days"
    assert body["error"].endswith("(and 1 more problem)")


@pytest.mark.parametrize(
    ("method", "path", "status", "field"),
    [
        ("GET", "/scenarios/no-such-scenario", 404, "name"),
        ("GET", "/scenarios/Bad_Name", 422, "name"),
        ("POST", "/scenarios/no-such-scenario/run", 404, "name"),
        ("POST", "/scenarios/Bad_Name/run", 422, "name"),
    ],
)
def test_every_scenario_endpoint_4xx_is_json_with_its_field(
    client: TestClient, method: str, path: str, status: int, field: str
) -> None:
    r = client.request(method, API + path, json={} if method == "POST" else None)
    assert r.status_code == status, r.text
    body = r.json()
    _assert_http_wording(body)
    assert body["field"] == field


def test_a_library_scenario_error_with_a_parameter_names_set_field(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the route checks, a ScenarioError about a parameter that reaches the handler still points at
    the body's set.<name>, with the library's mapping wording (no --set)."""
    import multivector.scenarios as scenarios

    def fails(*args: object, **kwargs: object) -> None:
        raise ScenarioError("parameter 'days': 7 is not allowed today", param="days")

    monkeypatch.setattr(scenarios, "run_scenario", fails)
    r = client.post(RUN, json={"set": {"days": 7}})
    assert r.status_code == 422
    assert r.json() == {"error": "parameter 'days': 7 is not allowed today", "field": "set.days"}


def test_panel_with_only_the_country_as_partner_names_partners(client: TestClient) -> None:
    r = client.get(f"{API}/panel.csv?country=KAZ&partners=KAZ")
    assert r.status_code == 422
    assert r.json()["field"] == "partners"


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("indicator", "needs"),
    [
        ("igo", "igo"),
        ("trade", "one of cow_trade, trade_current, imts, baci"),
        ("influence", "one of cow_trade, trade_current, imts, baci and one of unga, unga_undl"),
    ],
)
def test_indicator_without_its_data_names_the_indicator_not_the_server_path(
    store_client: TestClient, small_store: Path, indicator: str, needs: str
) -> None:
    r = store_client.get(f"{API}/series?country=KAZ&indicator={indicator}")
    assert r.status_code == 404, r.text
    body = r.json()
    assert body["field"] == "indicator"
    assert f"needs the data of {needs}" in body["error"]
    assert "this server's store does not hold" in body["error"]
    assert str(small_store) not in body["error"] and str(small_store.parent) not in body["error"]


@pytest.mark.realdata
def test_skipped_steps_do_not_reveal_the_store_path(store_client: TestClient, small_store: Path) -> None:
    r = store_client.get(f"{API}/panel.csv?country=KAZ&years=2000-2001")
    skipped = r.headers.get("x-multivector-skipped", "")
    assert "add_trade" in skipped and "this server's store" in skipped
    assert str(small_store.parent) not in skipped


def test_store_errors_do_not_reveal_the_store_path(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from multivector.api import routes_casebook
    from multivector.errors import StoreError

    path = client.app.state.ctx.settings.store_path  # type: ignore[attr-defined]

    def missing(case_id: str, section: str) -> list[dict[str, object]]:
        raise StoreError(f"table 'x' is not in the store at {path}; run `multivector data import x PATH`")

    monkeypatch.setattr(routes_casebook, "_section", missing)
    body = client.get(f"{API}/casebook/kazakhstan/ties").json()
    assert body["error"].startswith("table 'x' is not in this server's store;")
    assert str(path.parent) not in body["error"]
