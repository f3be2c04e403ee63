"""``/api/v1/alerts``, ``/api/v1/alerts.atom`` and ``/api/v1/alerts/series`` on a replayed store, and the
dashboard's alerts page."""

from __future__ import annotations

import json
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from multivector.api import create_app
from multivector.dimensions import MONITOR_ALERTS
from multivector.store import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's TestClient warns at import that it prefers httpx2
    from fastapi.testclient import TestClient

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def client(replayed_copy: Path) -> Iterator[TestClient]:
    with TestClient(create_app(replayed_copy), raise_server_exceptions=False) as c:
        yield c


def test_alerts_json_with_evidence_and_filters(client: TestClient) -> None:
    got = client.get("/api/v1/alerts")
    assert got.status_code == 200
    alerts = got.json()
    kaz = [a for a in alerts if a["iso3"] == "KAZ" and a["series"] == "goldstein" and a["freq"] == "day"]
    assert len(kaz) == 1 and kaz[0]["direction"] == "down" and kaz[0]["state"] == "new"
    assert all(e["url"].startswith("https://") for e in kaz[0]["evidence"]) and kaz[0]["evidence"]
    only = client.get("/api/v1/alerts", params={"country": "KAZ", "power": "RUS"}).json()
    assert {(a["iso3"], a["power"]) for a in only} == {("KAZ", "RUS")}
    assert client.get("/api/v1/alerts", params={"since": "2099-01-01"}).json() == []
    bad = client.get("/api/v1/alerts", params={"power": "GBR"})
    assert bad.status_code == 422 and bad.json()["field"] == "power"
    assert client.get("/api/v1/alerts", params={"country": "XXX"}).status_code == 404


def test_atom_feed_is_valid_and_links_only_http(client: TestClient, replayed_copy: Path) -> None:
    feed = client.get("/api/v1/alerts.atom")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.content)
    n = len(client.get("/api/v1/alerts").json())
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == n >= 1
    assert all(
        link.get("href", "").startswith("https://")
        for link in root.iter(f"{ATOM}link")
        if link.get("rel") == "related"
    )


def test_hostile_evidence_is_escaped(tmp_path: Path, replayed_copy: Path) -> None:
    with Store(replayed_copy) as st:
        evil = [{"url": 'https://x.example/"><script>alert(1)</script>'}, {"url": "javascript:alert(1)"}]
        st._connection().execute(f"UPDATE {MONITOR_ALERTS} SET evidence = ?", [json.dumps(evil)])
    with TestClient(create_app(replayed_copy), raise_server_exceptions=False) as c:
        body = c.get("/api/v1/alerts.atom").content
    root = ET.fromstring(body)  # still well-formed XML
    hrefs = [link.get("href") for link in root.iter(f"{ATOM}link") if link.get("rel") == "related"]
    assert hrefs and all(h.startswith("https://x.example/") for h in hrefs)  # javascript: is not a link
    assert b"<script>" not in body


def test_series_for_the_dashboard(client: TestClient) -> None:
    rows = client.get("/api/v1/alerts/series", params={"country": "KAZ", "freq": "day"}).json()
    assert {r["power"] for r in rows} == {"RUS"} and len(rows) == 11
    assert any(r["p_goldstein"] is not None and r["p_goldstein"] > 0.5 for r in rows)
    assert client.get("/api/v1/alerts/series", params={"country": "KAZ", "freq": "hour"}).status_code == 422


def test_no_monitor_yet_means_no_alert(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "none.duckdb"), raise_server_exceptions=False) as c:
        assert c.get("/api/v1/alerts").json() == []
        assert ET.fromstring(c.get("/api/v1/alerts.atom").content).findall(f"{ATOM}entry") == []
        page = c.get("/static/alerts.html")
        assert page.status_code == 200 and "alerts.js" in page.text
