"""Issue 14, items 9, 10 and 12: the server against slow clients, other host names, a busy store, and
imports while it runs."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import textwrap
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from multivector.api import create_app
from multivector.api.limits import ByteLRU
from multivector.cli.commands_serve import allowed_hosts, uvicorn_options

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

SERIES = "/api/v1/series?country=KAZ&indicator=arms&partner=RUS,CHN&years=1992-2021"


# -- Host header (DNS rebinding) --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("127.0.0.1:8000", 200),
        ("localhost:8000", 200),
        ("[::1]:8000", 200),
        ("LOCALHOST", 200),
        ("attacker.example:8000", 400),  # a page on attacker.example rebound to 127.0.0.1
        ("127.0.0.1.attacker.example", 400),
    ],
)
def test_requests_for_other_host_names_are_refused(tmp_path: Path, host: str, status: int) -> None:
    with TestClient(create_app(tmp_path / "none.duckdb")) as client:
        res = client.get("/api/v1/status", headers={"Host": host})
    assert res.status_code == status
    if status == 400:
        assert res.json()["field"] == "host" and "DNS rebinding" in res.json()["error"]


def test_the_bound_host_and_extra_names_are_allowed(tmp_path: Path) -> None:
    hosts = allowed_hosts("192.168.1.5", ["box.lan"])
    assert {"127.0.0.1", "localhost", "192.168.1.5", "box.lan"} <= set(hosts)
    assert allowed_hosts("0.0.0.0") == ("*",)  # bound to every interface on purpose: any name
    with TestClient(create_app(tmp_path / "none.duckdb", allowed_hosts=hosts)) as client:
        assert client.get("/api/v1/status", headers={"Host": "box.lan:8000"}).status_code == 200
        assert client.get("/api/v1/status", headers={"Host": "other.lan"}).status_code == 400


# -- a busy store: 503 with Retry-After; an idle server does not hold the store ----------------------------


@pytest.fixture
def store_copy(small_store: Path, tmp_path: Path) -> Path:
    path = tmp_path / "multivector.duckdb"
    shutil.copy(small_store, path)
    return path


def _hold_writer(path: Path) -> subprocess.Popen[str]:
    """Another process holding the store as a writer (an import in progress)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys
            con = duckdb.connect({str(path)!r})
            print("holding", flush=True)
            sys.stdin.readline()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
    return proc


def _release(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.write("\n")
    proc.stdin.flush()
    proc.wait(timeout=30)


def test_while_an_import_holds_the_store_the_api_says_503_retry_after(store_copy: Path) -> None:
    with TestClient(create_app(store_copy), raise_server_exceptions=False) as client:
        holder = _hold_writer(store_copy)
        try:
            for path in ("/api/v1/status", SERIES, "/api/v1/countries/KAZ/profile"):
                res = client.get(path)
                # before: 404 "this server's store holds no data yet"
                assert res.status_code == 503, (path, res.text)
                assert res.headers["retry-after"] == "5"
                assert "an import is running" in res.json()["error"]
        finally:
            _release(holder)
        assert client.get(SERIES).status_code == 200  # and answers again once it is done


def test_an_idle_server_does_not_block_an_import(store_copy: Path) -> None:
    """`data import` while `multivector serve` runs: the server used to keep its read-only connections
    open, and every import failed with "in use by another process". It now closes them when idle."""
    with TestClient(create_app(store_copy), raise_server_exceptions=False) as client:
        assert client.get(SERIES).status_code == 200  # the server has read the store
        writer = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(f"""
                from multivector.store import Store
                with Store({str(store_copy)!r}) as st:
                    st.open()
                    st.query_df("CREATE TABLE probe AS SELECT 1 AS x")
                print("wrote")
            """)],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert writer.returncode == 0 and "wrote" in writer.stdout, writer.stderr
        assert client.get("/api/v1/status").status_code == 200


# -- caches bounded by bytes ------------------------------------------------------------------------------


def test_answer_caches_are_bounded_by_bytes() -> None:
    from multivector.api.hotpath import CachedAnswers
    from multivector.api.limits import CACHE_BYTES

    answers = CachedAnswers(app=lambda *a: None, version=lambda: 0)  # type: ignore[arg-type]
    assert isinstance(answers.answers, ByteLRU) and answers.answers.max_bytes == CACHE_BYTES
    cache: ByteLRU[tuple[object, ...], bytes] = ByteLRU(1_000, len)
    for i in range(10):
        cache.put(("k", i), b"x" * 300)
    assert cache.bytes <= 1_000 and len(cache) == 3
    assert cache.get(("k", 9)) is not None and cache.get(("k", 0)) is None  # least recently used out
    cache.put(("big",), b"x" * 5_000)  # larger than the whole budget: not kept
    assert cache.get(("big",)) is None and cache.bytes <= 1_000
    lru: ByteLRU[str, str] = ByteLRU(10, len)
    lru.put("a", "12345")
    lru.put("b", "12345")
    assert lru.get("a") == "12345"  # a is now the most recent
    lru.put("c", "1")
    assert list(lru) == ["a", "c"]


# -- uvicorn: connections shed, silent clients closed ------------------------------------------------------


def test_serve_gives_uvicorn_the_limits() -> None:
    opts = uvicorn_options("127.0.0.1", 8000, "info", 256)
    assert opts["limit_concurrency"] == 256 and opts["timeout_keep_alive"] == 5
    assert isinstance(opts["http"], type)


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[tuple[str, uvicorn.Server]]:
    """The app under uvicorn on 127.0.0.1 with the guarded protocol: at most 4 connections, 1 s for the
    first request's headers."""
    from multivector.api.limits import guarded_protocol

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(
        create_app(tmp_path / "none.duckdb"), http=guarded_protocol(header_seconds=1.0), limit_concurrency=4,
        timeout_keep_alive=1, log_level="warning",
    )  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}", server
    finally:
        server.should_exit = True
        thread.join(10)


def test_held_and_silent_connections_do_not_exhaust_the_server(
    live_server: tuple[str, uvicorn.Server],
) -> None:
    url, server = live_server
    port = int(url.rsplit(":", 1)[1])
    held = [socket.create_connection(("127.0.0.1", port)) for _ in range(30)]  # connect, say nothing
    try:
        time.sleep(0.3)
        # past the limit, connections are closed as soon as they are accepted: the server never keeps
        # more than 4 (before: every one stayed open until the process ran out of file descriptors)
        assert len(server.server_state.connections) <= 4
        time.sleep(1.5)  # the silent ones are closed once their 1 s for the first headers is up
        assert len(server.server_state.connections) == 0
        res = httpx.get(f"{url}/api/v1/status", timeout=10)
        assert res.status_code == 200
    finally:
        for s in held:
            s.close()
