"""`multivector data pull imts`: the IMF's SDMX interface played by a local server on 127.0.0.1.

The server answers the SDMX 2.1 data query of the manifest (``/external/sdmx/2.1/data/IMF.STA,IMTS/<key>``)
with the fixture tests/fixtures/imts/IMTS_A_KAZ.xml (SDMX-ML 2.1 generic data, as the IMF serves it) and a
404 for Uzbekistan, and records each request's path, query and Accept header. The pulled file is then
imported and used by ``add_trade`` as a basis of its own.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multivector.cli import commands_data  # noqa: F401  (registers `data`)
from multivector.cli.main import app
from multivector.dimensions import IMTS_TRADE
from multivector.errors import InputError
from multivector.panels import add_trade, create_dyad_years
from multivector.store import Store, import_source, load_manifest, pull
from multivector.store.sdmx_pull import ACCEPT, imts_key

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "imts" / "IMTS_A_KAZ.xml"
PATH = "/external/sdmx/2.1/data/IMF.STA,IMTS/"


class _Sdmx:
    def __init__(self) -> None:
        self.requests: list[tuple[str, str | None]] = []
        self.url = ""


@pytest.fixture
def sdmx_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Sdmx]:
    monkeypatch.setenv("MULTIVECTOR_SDMX_PAUSE", "0")
    state = _Sdmx()
    body = FIXTURE.read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            state.requests.append((self.path, self.headers.get("Accept")))
            path = self.path.split("?", 1)[0]
            if path != PATH + imts_key("KAZ", "A"):
                self.send_error(404, "NoResultsFound")
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/vnd.sdmx.genericdata+xml; version=2.1")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def test_pull_imts_one_query_per_reporter(sdmx_server: _Sdmx, tmp_path: Path) -> None:
    got = pull(
        ["imts"], mirror=sdmx_server.url, dest=tmp_path, progress=False, countries=["KAZ", "Uzbekistan"],
        since=date(2022, 1, 1),
    )  # fmt: skip
    assert [(r.name, r.status) for r in got] == [
        ("imts/IMTS_A_KAZ.xml", "downloaded"),
        ("imts/IMTS_A_UZB.xml", "skipped"),
    ]
    assert "no IMTS data for UZB" in got[1].message
    assert (tmp_path / "imts" / "IMTS_A_KAZ.xml").read_bytes() == FIXTURE.read_bytes()
    assert not (tmp_path / "imts" / "IMTS_A_UZB.xml").exists()
    kaz_path, accept = sdmx_server.requests[0]
    assert kaz_path == PATH + "KAZ.XG_FOB_USD+MG_CIF_USD..A?startPeriod=2022"
    assert accept == ACCEPT
    again = pull(["imts"], mirror=sdmx_server.url, dest=tmp_path, progress=False, countries=["KAZ"])
    assert [r.status for r in again] == ["cached"] and len(sdmx_server.requests) == 2


def test_pulled_imts_becomes_a_trade_basis(sdmx_server: _Sdmx, tmp_path: Path) -> None:
    pull(["imts"], mirror=sdmx_server.url, dest=tmp_path, progress=False, countries=["KAZ"])
    store = tmp_path / "s.duckdb"
    with Store(store) as st:
        summary = import_source("imts", tmp_path / "imts", store=st, progress=False)
    # 36 observations: 11 series of 3 years, 3 single ones; rejected: the trade balance (not goods flows)
    # and a negative FOB import
    assert (summary.rows_read, summary.rows_kept, summary.rows_rejected) == (36, 34, 2)
    df = add_trade(create_dyad_years("KAZ", ["CHN", "RUS", "USA", "EU"], (2022, 2024)), store)
    assert set(df["trade_basis"]) == {"imts"}
    chn = df[(df["partner_iso3"] == "CHN") & (df["year"] == 2023)].iloc[0]
    # exports 14,666.16 + imports 15,389.23 million (dollars, SCALE 0) of the world 79,140 + 60,410
    assert chn["trade_total"] == pytest.approx(30055.39)
    assert chn["trade_dependence"] == pytest.approx(30055.39 / 139550)
    eu = df[(df["partner_iso3"] == "EU27") & (df["year"] == 2023)].iloc[0]
    # Germany 1,100 + 2,100 and Italy 13,000 (exports only: no import series, so none reported)
    assert eu["trade_total"] == pytest.approx(16200.0)
    with Store(store, read_only=True) as st:
        versions = {p["table"]: p["version"] for p in st.provenance()}
    assert versions[IMTS_TRADE] == "IMTS prepared 2026-01-15 to 2026-01-15"


def test_pull_all_skips_the_sdmx_queries(tmp_path: Path) -> None:
    manifest = {"imts": load_manifest()["imts"]}
    got = pull(None, dest=tmp_path, progress=False, manifest=manifest)
    assert [r.status for r in got] == ["skipped"] and "pull it by name" in got[0].message


def test_cli_pull_imts(sdmx_server: _Sdmx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MULTIVECTOR_HOME", str(tmp_path))
    result = CliRunner().invoke(
        app, ["data", "pull", "imts", "--countries", "KAZ", "--frequency", "a", "--mirror", sdmx_server.url]
    )
    assert result.exit_code == 0, result.output
    assert "imts/IMTS_A_KAZ.xml: downloaded" in result.output
    bad = CliRunner().invoke(app, ["data", "pull", "imts", "--countries", "KAZ", "--frequency", "W"])
    assert isinstance(bad.exception, InputError) and "--frequency must be one of A, Q, M" in str(
        bad.exception
    )
