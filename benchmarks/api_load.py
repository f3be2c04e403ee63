"""Load test of the REST API, both ways: cached answers (warm) and distinct uncached queries (cold).

    python benchmarks/api_load.py [--store PATH] [--clients 100] [--requests 20000] [--max-seconds 60]
                                  [--cold-requests 2000] [--client auto|python|wrk]

Without ``--store`` it imports the sources the endpoints read (COW trade, SIPRI, ATOP, COW IGO, UN votes)
from ``MULTIVECTOR_DATA_DIR`` (or ``../shared/data``) into a store in a temporary ``MULTIVECTOR_HOME``.

The server runs in a SEPARATE process (``uvicorn`` on 127.0.0.1 and a free port, httptools and uvloop when
installed, access log off). The benchmark then

1. warms every URL of the warm set once (computing each answer) and checks a sample of answers against the
   library itself (the series values recomputed with :mod:`multivector.panels`, the profile's store series
   against ``balance_over_time``): status 200 and the same numbers, not just fast answers;
2. warms the connections with a short run of the load;
3. **warm: cached answers**: drives ``--clients`` concurrent keep-alive HTTP/1.1 connections over the warm
   set (38 URLs, every answer already computed and cached) until ``--requests`` answers are in or
   ``--max-seconds`` pass. The client is ``wrk`` (C, when ``/usr/bin/wrk`` exists) or a lean asyncio
   client (raw streams, ``Content-Length`` framing, every body compared with the warm-up's bytes);
4. **cold: distinct uncached queries**: the same ``--clients`` connections each take the next of
   ``--cold-requests`` URLs never asked before (series of every indicator for countries x year ranges that
   differ from the warm set's and from each other, and the profiles of other countries), so that every
   answer is computed by the route (the server process is warm: store open, modules imported); each URL
   is asked once. A sample of the cold answers is then checked against the library the same way.

Latency is per request, from sending it to having the whole body. It prints the machine load
(``os.getloadavg()``) before and after, throughput, p50/p99 latency and errors of each phase, each with its
target (p99 under 50 ms warm, under 500 ms cold); the LAST line reads ``api_load clients=100
warm_p50_ms=... warm_p99_ms=... cold_p50_ms=... cold_p99_ms=... target_warm_p99_ms=50
target_cold_p99_ms=500``. Only 127.0.0.1 is ever used; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import math
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

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
SERIES_YEARS = (1992, 2018)
HOST = "127.0.0.1"
TARGET_P99_MS = 50.0  # warm: cached answers
TARGET_COLD_P99_MS = 500.0  # cold: distinct uncached queries


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


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
            summary = import_source(name, data / folder, store=store, progress=False)
            if not summary.ok:
                sys.exit(f"import of {name} failed: {summary.error}")
    took = time.perf_counter() - start
    print(f"store: imported {', '.join(n for n, _ in SOURCES)} in {took:.1f}s -> {path}", flush=True)
    return path


def _urls() -> list[str]:
    urls = [f"/api/v1/countries/{c}/profile" for c in ("KAZ", "UZB")]
    years = f"{SERIES_YEARS[0]}-{SERIES_YEARS[1]}"
    for country in COUNTRIES:
        for indicator in INDICATORS:
            urls.append(f"/api/v1/series?country={country}&indicator={indicator}&years={years}")
    urls.append("/api/v1/series?country=KAZ&indicator=trade&partner=DEU,RUS,CHN,EU27&years=1992-2014")
    return urls


def _cold_urls(store: Path, n: int, seed: int = 0) -> list[str]:
    """``n`` distinct URLs that the warm set does not hold: every series indicator for the store's countries
    over year ranges other than the warm set's (1992-2018), and about 5% profiles of other countries."""
    from multivector import countries
    from multivector.store import Store

    with Store(store, read_only=True) as st:
        codes = st.query_df("SELECT DISTINCT iso3 FROM cow_trade_national ORDER BY 1")["iso3"].tolist()
    known = []
    for code in codes:
        try:
            countries.name(code)
        except Exception:  # not a code the API accepts (e.g. a historical state): leave it out
            continue
        known.append(code)
    rng = random.Random(seed)
    warm = set(_urls())
    profiles = [f"/api/v1/countries/{c}/profile" for c in known if c not in ("KAZ", "UZB")]
    series = [
        f"/api/v1/series?country={c}&indicator={i}&years={a}-{b}"
        for c in known
        for i in INDICATORS
        for a, b in ((1992 + rng.randrange(8), 2010 + rng.randrange(9)),)
    ]
    pool = [u for u in series if u not in warm]
    seen = set(pool) | warm
    while len(pool) < n:  # more year ranges until there are enough distinct URLs
        c, i = rng.choice(known), rng.choice(INDICATORS)
        years = f"{1990 + rng.randrange(12)}-{2008 + rng.randrange(11)}"
        url = f"/api/v1/series?country={c}&indicator={i}&years={years}"
        if url not in seen:
            seen.add(url)
            pool.append(url)
    rng.shuffle(pool)
    rng.shuffle(profiles)
    n_profiles = min(len(profiles), n // 20)
    urls = profiles[:n_profiles] + pool[: n - n_profiles]
    rng.shuffle(urls)
    assert len(set(urls)) == len(urls) == n
    return urls


# --------------------------------------------------------------------------------------------- the server
def _start_server(store: Path, port: int) -> subprocess.Popen[bytes]:
    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    code = (
        "import uvicorn; from multivector.api import create_app; "
        f"uvicorn.run(create_app({str(store)!r}), host={HOST!r}, port={port}, http={http!r}, "
        f"loop={loop!r}, log_level='warning', access_log=False)"
    )
    print(f"server: uvicorn in a child process on {HOST}:{port}, http={http}, loop={loop}", flush=True)
    return subprocess.Popen([sys.executable, "-c", code])


def _get(base: str, url: str, timeout: float = 300.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(base + url, timeout=timeout) as response:
            return int(response.status), response.read()
    except urllib.error.HTTPError as exc:
        return int(exc.code), exc.read()


def _wait_ready(base: str, server: subprocess.Popen[bytes], seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("the server exited before answering")
        try:
            if _get(base, "/api/v1/status", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit("the server did not answer within 60 s")


# ------------------------------------------------------------------------------------------ correctness
def _check_series(store: Path, url: str, body: bytes) -> str | None:
    """None when the answer's values equal the library's (:func:`multivector.panels.build_panel` with the
    indicator's step, as the route builds it); else what differs."""
    from multivector.panels import SERIES, build_panel
    from multivector.powers import POWERS

    query = dict(p.split("=", 1) for p in url.split("?", 1)[1].split("&"))
    spec = SERIES[query["indicator"]]
    partners = query["partner"].split(",") if "partner" in query else list(POWERS)
    partners = [p for p in partners if p != query["country"]]
    first, last = (int(y) for y in query["years"].split("-"))
    frame = build_panel([query["country"]], partners, (first, last), steps=[spec.step], store=store,
                        skip_missing=spec.step == "add_influence")  # fmt: skip
    want = {
        (str(p), int(y)): (None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v))
        for p, y, v in zip(
            frame["partner_iso3"], frame["year"], frame[spec.column].astype("float64"), strict=True
        )
    }
    got = {(r["partner"], r["year"]): r["value"] for r in json.loads(body)["rows"]}
    if set(got) != set(want):
        return f"{url}: rows differ ({len(got)} served, {len(want)} computed)"
    for k, v in want.items():
        g = got[k]
        if (v is None) != (g is None) or (
            v is not None and not math.isclose(v, g, rel_tol=1e-9, abs_tol=1e-12)
        ):
            return f"{url}: {k} served {g}, library {v}"
    return None


def _check_profile(store: Path, url: str, body: bytes) -> str | None:
    """None when the served profile is the library's document (``assess(iso3).to_dict()``)."""
    from multivector.assessment import assess

    iso3 = url.split("/")[-2]
    want = assess(iso3, store=store).to_dict()
    got = json.loads(body)
    if got == want:
        return None
    keys = sorted(k for k in set(got) | set(want) if got.get(k) != want.get(k))
    return f"{url}: the served profile differs from assess({iso3!r}).to_dict() in {keys[:5]}"


def _warm_and_check(base: str, store: Path, urls: list[str]) -> dict[str, bytes]:
    start = time.perf_counter()
    bodies: dict[str, bytes] = {}
    bad: list[str] = []
    for url in urls:
        status, body = _get(base, url)
        if status != 200:
            bad.append(f"{url}: status {status}: {body[:200]!r}")
        bodies[url] = body
    print(f"warm-up: {len(urls)} URLs computed in {time.perf_counter() - start:.1f}s", flush=True)
    if bad:
        sys.exit("answers not 200:\n  " + "\n  ".join(bad))
    series = [u for u in urls if "/series" in u]
    sample = (
        [u for u in urls if "/profile" in u] + series[::4] + [u for u in series[-1:] if u not in series[::4]]
    )
    problems = []
    for url in sample:
        check = _check_profile if "/profile" in url else _check_series
        problem = check(store, url, bodies[url])
        if problem:
            problems.append(problem)
        again = _get(base, url)
        if again != (200, bodies[url]):
            problems.append(f"{url}: the cached answer differs from the first one")
    if problems:
        sys.exit("answers differ from the library:\n  " + "\n  ".join(problems))
    print(f"checked: {len(sample)} answers equal the library's result (and their cached copies)", flush=True)
    return bodies


# ------------------------------------------------------------------------------------ the Python client
async def _python_load(
    port: int, urls: list[str], bodies: dict[str, bytes], clients: int, total: int, max_seconds: float
) -> tuple[list[float], int, float, list[str]]:
    """``clients`` keep-alive connections, closed loop, until ``total`` answers or ``max_seconds``."""
    latencies: list[float] = []
    problems: list[str] = []
    errors = 0
    issued = 0
    deadline = time.perf_counter() + max_seconds
    requests = [f"GET {u} HTTP/1.1\r\nHost: {HOST}:{port}\r\n\r\n".encode() for u in urls]
    expected = [bodies[u] for u in urls]
    length_re = re.compile(rb"\r\ncontent-length:\s*(\d+)", re.IGNORECASE)

    async def worker(index: int) -> None:
        nonlocal issued, errors
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            while issued < total and time.perf_counter() < deadline:
                i = (index + issued) % len(requests)
                issued += 1
                t0 = time.perf_counter()
                writer.write(requests[i])
                head = await reader.readuntil(b"\r\n\r\n")
                m = length_re.search(head)
                body = await reader.readexactly(int(m.group(1))) if m else b""
                latencies.append(time.perf_counter() - t0)
                if not head.startswith(b"HTTP/1.1 200") or body != expected[i]:
                    errors += 1
                    if len(problems) < 3:
                        status_line = head.split(b"\r\n", 1)[0]
                        problems.append(f"{urls[i]}: {status_line!r}, body {len(body)} bytes")
                if m is None:  # no framing: the server will close; reconnect
                    writer.close()
                    reader, writer = await asyncio.open_connection(HOST, port)
        finally:
            writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(clients)))
    return latencies, errors, time.perf_counter() - start, problems


async def _python_cold(
    port: int, urls: list[str], keep: set[str], clients: int, max_seconds: float
) -> tuple[list[float], int, float, list[str], dict[str, bytes]]:
    """``clients`` keep-alive connections; each takes the next URL not yet asked, so every URL is asked
    exactly once (until ``max_seconds``). Bodies of the URLs in ``keep`` are returned for checking."""
    latencies: list[float] = []
    problems: list[str] = []
    kept: dict[str, bytes] = {}
    errors = 0
    todo = iter(urls)
    deadline = time.perf_counter() + max_seconds
    length_re = re.compile(rb"\r\ncontent-length:\s*(\d+)", re.IGNORECASE)

    async def worker() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            for url in todo:
                if time.perf_counter() > deadline:
                    break
                t0 = time.perf_counter()
                writer.write(f"GET {url} HTTP/1.1\r\nHost: {HOST}:{port}\r\n\r\n".encode())
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                    m = length_re.search(head)
                    body = await reader.readexactly(int(m.group(1))) if m else b""
                except (ConnectionError, asyncio.IncompleteReadError) as exc:  # the server dropped it
                    head, body, m = f"HTTP/1.1 000 {type(exc).__name__}\r\n".encode(), b"", None
                latencies.append(time.perf_counter() - t0)
                if not head.startswith(b"HTTP/1.1 200"):
                    errors += 1
                    if len(problems) < 5:
                        status_line = head.split(b"\r\n", 1)[0]
                        problems.append(f"{url}: {status_line!r} {body[:120]!r}")
                if url in keep:
                    kept[url] = body
                if m is None:  # no framing, or the connection is gone: a new one
                    writer.close()
                    reader, writer = await asyncio.open_connection(HOST, port)
        finally:
            writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return latencies, errors, time.perf_counter() - start, problems, kept


def _run_cold(
    port: int, urls: list[str], keep: set[str], clients: int, max_seconds: float
) -> tuple[list[float], int, float, list[str], dict[str, bytes]]:
    coro = _python_cold(port, urls, keep, clients, max_seconds)
    if importlib.util.find_spec("uvloop"):
        import uvloop

        return uvloop.run(coro)
    return asyncio.run(coro)


def _check_cold(store: Path, kept: dict[str, bytes]) -> None:
    problems = []
    checked = 0
    for url, body in kept.items():
        if not body.startswith(b"{") or b'"error"' in body[:20]:
            continue  # an error answer: counted among the errors already
        check = _check_profile if "/profile" in url else _check_series
        problem = check(store, url, body)
        checked += 1
        if problem:
            problems.append(problem)
    if problems:
        sys.exit("cold answers differ from the library:\n  " + "\n  ".join(problems))
    print(f"checked: {checked} cold answers equal the library's result", flush=True)


def _percentiles(lat: list[float]) -> tuple[float, float]:
    ms = np.array(lat) * 1000
    if not len(ms):
        return math.nan, math.nan
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 99))


def _run_python(
    port: int, urls: list[str], bodies: dict[str, bytes], clients: int, total: int, max_seconds: float
) -> tuple[list[float], int, float, list[str]]:
    coro = _python_load(port, urls, bodies, clients, total, max_seconds)
    if importlib.util.find_spec("uvloop"):
        import uvloop

        return uvloop.run(coro)
    return asyncio.run(coro)


# ------------------------------------------------------------------------------------------------- wrk
_WRK_LUA = """
local paths = {%(paths)s}
local counter = 1
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counter = math.random(#paths)
end

function request()
  counter = counter %% #paths + 1
  return wrk.format("GET", paths[counter])
end


function done(summary, latency, requests)
  local fmt = "WRK requests=%%d duration_us=%%d non2xx=%%d errors=%%d p50_us=%%d p99_us=%%d max_us=%%d\\n"
  io.write(string.format(fmt,
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"""


def _run_wrk(
    wrk: str, port: int, urls: list[str], clients: int, seconds: int, threads: int
) -> tuple[int, float, float, float, int, str]:
    """wrk for ``seconds`` (wrk runs for a duration; the caller sizes it to the requests wanted)."""
    paths = ", ".join(json.dumps(u) for u in urls)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(_WRK_LUA % {"paths": paths})
        script = f.name
    try:
        cmd = [wrk, f"-t{threads}", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s",
               "-s", script, f"http://{HOST}:{port}/"]  # fmt: skip
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 30, check=False)
    finally:
        os.unlink(script)
    m = re.search(
        r"WRK requests=(\d+) duration_us=(\d+) non2xx=(\d+) errors=(\d+) p50_us=(\d+) p99_us=(\d+)",
        out.stdout,
    )
    if m is None:
        sys.exit(f"wrk failed: {out.stdout}\n{out.stderr}")
    n, dur_us, non2xx, errs, p50, p99 = (int(g) for g in m.groups())
    return n, dur_us / 1e6, p50 / 1000, p99 / 1000, non2xx + errs, out.stdout


# ------------------------------------------------------------------------------------------------- main
def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--store", type=Path, help="an existing store (default: import into a temp home)")
    parser.add_argument("--clients", type=int, default=100, help="concurrent keep-alive connections")
    parser.add_argument("--requests", type=int, default=20000, help="warm answers to collect")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="time cap of each measured run")
    parser.add_argument("--warmup-requests", type=int, default=1000)
    parser.add_argument("--cold-requests", type=int, default=500, help="distinct uncached queries, each once")
    parser.add_argument(
        "--cold-checks", type=int, default=12, help="cold answers checked against the library"
    )
    parser.add_argument("--client", choices=("auto", "python", "wrk"), default="auto",
                        help="warm load: wrk if installed (auto), else the asyncio client")  # fmt: skip
    parser.add_argument("--wrk-threads", type=int, default=1)
    parser.add_argument(
        "--cold-serial", type=int, default=30, help="more distinct queries asked one at a time (compute time)"
    )
    return parser.parse_args()


def _warm_phase(
    args: argparse.Namespace,
    client: str,
    wrk: str | None,
    port: int,
    urls: list[str],
    bodies: dict[str, bytes],
) -> tuple[int, float, float, float, int, list[str]]:
    """warm: cached answers. Returns (answers, seconds, p50 ms, p99 ms, errors, problems)."""
    lat, errors, elapsed, problems = _run_python(port, urls, bodies, args.clients, args.warmup_requests, 30.0)
    warm_rps = len(lat) / elapsed if elapsed > 0 else 1.0
    print(f"warm-up load: {len(lat)} requests, {errors} errors, {warm_rps:.0f} rps", flush=True)
    if client == "wrk":
        assert wrk is not None
        # wrk runs for a duration: long enough for about --requests at the warm-up's rate, capped
        seconds = int(min(args.max_seconds, max(2.0, math.ceil(args.requests / warm_rps))))
        n, elapsed, p50, p99, errors, raw = _run_wrk(wrk, port, urls, args.clients, seconds, args.wrk_threads)
        print(raw.strip())
        return n, elapsed, p50, p99, errors, []
    lat, errors, elapsed, problems = _run_python(
        port, urls, bodies, args.clients, args.requests, args.max_seconds
    )
    p50, p99 = _percentiles(lat)
    return len(lat), elapsed, p50, p99, errors, problems


def _report(
    label: str, n: int, elapsed: float, p50: float, p99: float, errors: int, problems: list[str]
) -> None:
    rps = n / elapsed if elapsed > 0 else 0.0
    print(
        f"{label}: {n} answers in {elapsed:.2f} s = {rps:.0f} rps, errors={errors}, p50 {p50:.1f} ms, "
        f"p99 {p99:.1f} ms" + (f"; first problems: {problems}" if problems else "")
    )


def main() -> None:
    args = _arguments()
    wrk = shutil.which("wrk")
    client = ("wrk" if wrk else "python") if args.client == "auto" else args.client
    if client == "wrk" and not wrk:
        sys.exit("--client wrk: no wrk on PATH (apt-get install wrk)")

    with tempfile.TemporaryDirectory(prefix="mv-api-load-") as tmp:
        os.environ["MULTIVECTOR_HOME"] = tmp
        store = args.store.resolve() if args.store is not None else _make_store(Path(tmp))
        urls = _urls()
        all_cold = _cold_urls(store, args.cold_requests + args.cold_serial)
        cold_urls, serial_urls = all_cold[: args.cold_requests], all_cold[args.cold_requests :]
        keep = set(cold_urls[:: max(1, len(cold_urls) // args.cold_checks)][: args.cold_checks])
        keep |= set([u for u in cold_urls if "/profile" in u][:1])  # a profile too
        port = _free_port()
        base = f"http://{HOST}:{port}"
        server = _start_server(store, port)
        try:
            _wait_ready(base, server)
            bodies = _warm_and_check(base, store, urls)
            load_before = _load()
            warm = _warm_phase(args, client, wrk, port, urls, bodies)
            cold_lat, cold_errors, cold_elapsed, cold_problems, kept = _run_cold(
                port, cold_urls, keep, args.clients, args.max_seconds
            )
            serial = _run_cold(port, serial_urls, set(), 1, args.max_seconds)
            load_after = _load()
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)
        _check_cold(store, kept)
    cold_p50, cold_p99 = _percentiles(cold_lat)
    print(f"client={client} (warm), python (cold); cpus={os.cpu_count()} load_before={load_before} "
          f"load_after={load_after}")  # fmt: skip
    n, elapsed, p50, p99, errors, problems = warm
    _report("warm: cached answers", n, elapsed, p50, p99, errors, problems)
    _report(
        f"cold: distinct uncached queries ({len(cold_lat)} of {len(cold_urls)} asked, each once)",
        len(cold_lat), cold_elapsed, cold_p50, cold_p99, cold_errors, cold_problems,
    )  # fmt: skip
    s50, s99 = _percentiles(serial[0])
    _report(
        f"cold, one client (the compute time of a distinct query; {len(serial[0])} asked)",
        len(serial[0]), serial[2], s50, s99, serial[1], serial[3],
    )  # fmt: skip
    warm_ok = p99 < TARGET_P99_MS and errors == 0
    cold_ok = cold_p99 < TARGET_COLD_P99_MS and cold_errors == 0 and len(cold_lat) == len(cold_urls)
    print(f"target: warm (cached answers) p99 = {p99:.1f} ms at {args.clients} clients "
          f"(under {TARGET_P99_MS:.0f} ms, no errors): {'met' if warm_ok else 'NOT met'}")  # fmt: skip
    print(f"target: cold (distinct uncached queries) p99 = {cold_p99:.1f} ms at {args.clients} clients "
          f"(under {TARGET_COLD_P99_MS:.0f} ms, no errors): {'met' if cold_ok else 'NOT met'}")  # fmt: skip
    print(
        f"api_load clients={args.clients} warm_p50_ms={p50:.1f} warm_p99_ms={p99:.1f} "
        f"cold_p50_ms={cold_p50:.1f} cold_p99_ms={cold_p99:.1f} target_warm_p99_ms={TARGET_P99_MS:.0f} "
        f"target_cold_p99_ms={TARGET_COLD_P99_MS:.0f}"
    )


if __name__ == "__main__":
    main()
