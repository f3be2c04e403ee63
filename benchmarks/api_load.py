"""Load test of the REST API: the profile and series endpoints under many concurrent clients, on loopback.

    python benchmarks/api_load.py [--store PATH] [--clients 100] [--requests 5000] [--max-seconds 120]

Without ``--store`` it imports a few real sources (COW trade, SIPRI, ATOP, COW IGO, UN votes) from
``MULTIVECTOR_DATA_DIR`` (or ``../shared/data``) into a store in a temporary ``MULTIVECTOR_HOME``. It starts
``uvicorn`` in a child process on 127.0.0.1 (a free port), warms every URL once, then drives the endpoints
from ``--clients`` concurrent ``httpx.AsyncClient`` tasks until ``--requests`` are done or ``--max-seconds``
pass, and prints throughput and p50/p99 latency. Target: p99 under 50 ms at 100 concurrent clients.
The last line reads ``api_load clients=100 requests=5000 rps=... p50_ms=... p99_ms=...``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np

SOURCES = (
    ("cow_trade", "trade"),
    ("sipri", "arms"),
    ("atop", "alliances"),
    ("igo", "alliances"),
    ("unga", "unga"),
)
COUNTRIES = ("KAZ", "UZB", "KGZ", "TJK", "TKM")
INDICATORS = ("trade", "trade_share", "arms", "arms_share", "alliance", "igo", "unga_agreement")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _make_store(home: Path) -> Path:
    from multivector.config import data_dir
    from multivector.store import Store, import_source

    data = data_dir()
    if data is None or not data.is_dir():
        sys.exit("no shared data: set MULTIVECTOR_DATA_DIR or pass --store PATH")
    path = home / "multivector.duckdb"
    start = time.perf_counter()
    with Store(path) as store:
        for name, folder in SOURCES:
            import_source(name, data / folder, store=store, progress=False)
    print(
        f"store: imported {', '.join(n for n, _ in SOURCES)} in {time.perf_counter() - start:.1f}s -> {path}"
    )
    return path


def _urls() -> list[str]:
    urls = ["/api/v1/countries/KAZ/profile"]
    for country in COUNTRIES:
        for indicator in INDICATORS:
            urls.append(f"/api/v1/series?country={country}&indicator={indicator}&years=1992-2018")
    return urls


async def _drive(
    base: str, urls: list[str], clients: int, total: int, max_seconds: float
) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    issued = 0
    deadline = time.perf_counter() + max_seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30.0) as client:

        async def worker(index: int) -> None:
            nonlocal issued, errors
            while issued < total and time.perf_counter() < deadline:
                url = urls[(index + issued) % len(urls)]
                issued += 1
                t0 = time.perf_counter()
                response = await client.get(url)
                latencies.append(time.perf_counter() - t0)
                if response.status_code != 200:
                    errors += 1

        start = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(clients)))
        elapsed = time.perf_counter() - start
    return latencies, errors, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, help="an existing store (default: import into a temp home)")
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--max-seconds", type=float, default=120.0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="mv-api-load-") as tmp:
        os.environ["MULTIVECTOR_HOME"] = tmp
        store = args.store if args.store is not None else _make_store(Path(tmp))
        port = _free_port()
        code = (
            "import uvicorn; from multivector.api import create_app; "
            f"uvicorn.run(create_app({str(store)!r}), host='127.0.0.1', port={port}, log_level='warning', "
            "access_log=False)"
        )
        server = subprocess.Popen([sys.executable, "-c", code])
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(base + "/api/v1/status", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit("the server did not start")
                time.sleep(0.2)
            urls = _urls()
            start = time.perf_counter()
            with httpx.Client(base_url=base, timeout=300) as warm:
                bad = [u for u in urls if warm.get(u).status_code != 200]
            print(f"warm-up: {len(urls)} URLs in {time.perf_counter() - start:.1f}s"
                  + (f" ({len(bad)} not 200: {bad[:3]})" if bad else ""))  # fmt: skip
            latencies, errors, elapsed = asyncio.run(
                _drive(base, urls, args.clients, args.requests, args.max_seconds)
            )
        finally:
            server.terminate()
            server.wait(timeout=10)
    ms = np.array(latencies) * 1000
    rps = len(ms) / elapsed if elapsed > 0 else 0.0
    print(f"requests={len(ms)} errors={errors} elapsed={elapsed:.1f}s")
    print(
        f"api_load clients={args.clients} requests={len(ms)} rps={rps:.0f} "
        f"p50_ms={np.percentile(ms, 50):.1f} p99_ms={np.percentile(ms, 99):.1f}"
    )


if __name__ == "__main__":
    main()
