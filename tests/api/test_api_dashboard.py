"""The dashboard's files as the API serves them: local relative assets only, no vocabulary of its own.

The dashboard takes dimension names, labels and order from ``GET /dimensions`` and flag wordings from
``GET /flags``; its pages are tested end to end in tests/browser/test_dashboard_browser.py.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from fastapi.testclient import TestClient

from multivector.api.app import STATIC_DIR
from multivector.assessment import FLAGS
from multivector.dimensions import DIMENSIONS, TABLES

API = "/api/v1"


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith(("#", "data:")):
                self.urls.append(value)


def test_every_asset_of_the_page_is_local_relative_and_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    parser = _Assets()
    parser.feed(page.text)
    scripts = [u for u in parser.urls if u.endswith(".js")]
    # plotly first, then the dashboard's own files, every one in static/ (vendor/plotly is a route)
    assert scripts[0] == "static/vendor/plotly.min.js"
    assert {u.removeprefix("static/") for u in scripts[1:]} <= {p.name for p in STATIC_DIR.glob("*.js")}
    for url in parser.urls:
        # relative: the dashboard also works when the app is mounted under a path prefix
        assert not re.match(r"^(/|[a-z]+:)", url), url
        r = client.get("/" + url)
        assert r.status_code == 200, url
        if url.startswith("static/") and "vendor" not in url:
            # no address outside the app (the Plotly bundle is served by the app too)
            assert "cdn" not in r.text.lower() and not re.search(r"https?://", r.text), url


def test_the_dashboard_keeps_no_list_of_dimensions_or_tables() -> None:
    names = [*DIMENSIONS, *TABLES]
    for path in STATIC_DIR.glob("*.js"):
        text = path.read_text(encoding="utf-8")
        quoted = [n for n in names if re.search(rf"[\"'`]{re.escape(n)}[\"'`]", text)]
        assert not quoted, f"{path.name} spells {quoted}: take them from /dimensions"


def test_flags_are_the_assessments_in_words(client: TestClient) -> None:
    r = client.get(f"{API}/flags")
    assert r.status_code == 200
    assert r.json() == FLAGS
    assert list(r.json()) == list(FLAGS)  # the order they are checked in
