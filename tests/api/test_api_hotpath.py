"""The hot path (:mod:`multivector.api.hotpath`): cached bytes, ETag/304, store-version keys, errors never
cached."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from multivector.api import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

API = "/api/v1"
SERIES = f"{API}/series?country=KAZ&indicator=arms&partner=RUS,CHN&years=1992-2021"


def test_repeated_answer_is_the_same_bytes_with_etag(store_client: TestClient) -> None:
    first = store_client.get(SERIES)
    second = store_client.get(SERIES)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert second.headers["content-type"] == "application/json"
    assert second.headers["etag"] == first.headers["etag"]
    assert "max-age" in second.headers["cache-control"]
    assert int(second.headers["content-length"]) == len(second.content)
    again = store_client.get(SERIES, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    other = store_client.get(SERIES, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.content == first.content


def test_profile_is_cached_too(client: TestClient) -> None:
    first = client.get(f"{API}/countries/KAZ/profile")
    second = client.get(f"{API}/countries/KAZ/profile")
    assert first.status_code == 200 and first.content == second.content and "etag" in second.headers


def test_head_is_never_answered_from_the_cache(tmp_path: Path) -> None:
    """Only GETs are cached: a HEAD gets the app's own answer (the routes are GET-only: 405, ``Allow:
    GET``), the same before and after the GET's answer is in the cache, never the cached 200 and ETag."""
    with TestClient(create_app(tmp_path / "none.duckdb"), raise_server_exceptions=False) as c:
        path = f"{API}/countries/KAZ/profile"
        before = c.head(path)
        assert c.get(path).status_code == 200 and len(_answers(c)) == 1  # the GET's answer is cached
        after = c.head(path)
    for head in (before, after):
        assert head.status_code == 405 and head.headers["allow"] == "GET", head.status_code
        assert "etag" not in head.headers


def test_errors_are_never_cached(client: TestClient) -> None:
    for _ in range(2):
        r = client.get(f"{API}/countries/XXX/profile")
        assert r.status_code == 404 and "etag" not in r.headers
        assert r.json()["field"] == "iso3"
    bad = client.get(f"{API}/series?country=KAZ&indicator=nope")
    assert bad.status_code == 422 and "etag" not in bad.headers


def test_a_get_with_a_body_goes_through_the_limits(client: TestClient) -> None:
    r = client.request("GET", f"{API}/countries/KAZ/profile", content=b"x" * (65 * 1024))
    assert r.status_code == 413 and r.json()["field"] == "body"


def test_a_new_store_version_is_a_new_answer(small_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "copy.duckdb"
    store.write_bytes(small_store.read_bytes())
    with TestClient(create_app(store), raise_server_exceptions=False) as c:
        before = c.get(SERIES)
        assert before.status_code == 200
        app_ctx = c.app.state.ctx  # type: ignore[attr-defined]
        version = app_ctx.store_version()
        stat = store.stat()
        os.utime(store, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000_000))
        assert app_ctx.store_version() != version
        after = c.get(SERIES)
        assert after.status_code == 200 and after.json() == before.json()
        assert len({k[0] for k in _answers(c)}) == 1  # the older answers were dropped


def _answers(c: TestClient) -> dict[tuple[int, str, bytes], object]:
    app = c.app
    while not hasattr(app, "answers"):  # walk the built middleware stack down to CachedAnswers
        app = getattr(app, "middleware_stack", None) or app.app  # type: ignore[attr-defined]
    return app.answers  # type: ignore[no-any-return]
