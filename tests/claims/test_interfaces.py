"""The thin layers: ``multivector check`` and ``ledger``, ``POST /api/v1/check``, the report's section."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multivector.api import create_app
from multivector.api.routes_check import MAX_CHECK_CHARS
from multivector.cli import main as cli_main
from multivector.cli.main import app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

cli_main._register()
runner = CliRunner()
KEYS = {"text", "verdict", "claimed", "measured", "unit", "period", "basis", "sources", "reason"}


@pytest.mark.realdata
def test_check_json(real_store: Path) -> None:
    text = "Kazakhstan abstained on resolution ES-11/1. Tokayev is expected to visit Beijing."
    result = runner.invoke(
        app, ["check", text, "--format", "json", "--store", str(real_store), "--year", "2026"]
    )
    assert result.exit_code == 0, result.output
    (claim,) = json.loads(result.output)["claims"]
    assert set(claim) >= KEYS and claim["verdict"] == "supported" and claim["measured"] == "abstain"
    assert claim["sources"][0]["name"] == "unga_votes" and claim["sources"][0]["version"]


@pytest.mark.realdata
def test_check_table_reads_a_file(real_store: Path, tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_text(
        "Russia is Kazakhstan's largest arms supplier.\nKhorgos is the largest dry port.\n", "utf-8"
    )
    result = runner.invoke(
        app, ["check", str(path), "--store", str(real_store), "--year", "2026"], terminal_width=200
    )
    assert result.exit_code == 0, result.output
    assert "supported" in result.output and "not_checkable" in result.output
    assert "2 claim(s)" in result.output


def test_check_without_store_and_without_claims(tmp_path: Path) -> None:
    none = runner.invoke(app, ["check", "Tokayev is expected to visit Beijing."])
    assert none.exit_code == 0 and "no claim found" in none.output
    out = runner.invoke(app, ["check", "In 2014 Kazakhstan and Russia shared 47 IGOs.", "-f", "json"])
    claim = json.loads(out.output)["claims"][0]
    assert claim["verdict"] == "not_checkable" and "import" in claim["reason"]


def test_check_rejects_a_bad_format() -> None:
    result = runner.invoke(app, ["check", "x", "--format", "csv"])
    assert result.exit_code != 0


@pytest.mark.realdata
def test_ledger_command(real_store: Path) -> None:
    result = runner.invoke(app, ["ledger", "KAZ", "-f", "json", "--store", str(real_store), "--year", "2026"])
    assert result.exit_code == 0, result.output
    claims = json.loads(result.output)["claims"]
    assert any(c["entry"] == "ties.kaz-rus-igos-2014" and c["verdict"] == "supported" for c in claims)


@pytest.mark.realdata
def test_api_check(real_store: Path) -> None:
    with TestClient(create_app(real_store), raise_server_exceptions=False) as client:
        ok = client.post("/api/v1/check", json={"text": "Kazakhstan has a defence pact with Russia."})
        assert ok.status_code == 200
        (claim,) = ok.json()["claims"]
        assert set(claim) >= KEYS and claim["verdict"] == "supported" and claim["measure"] == "defence_pact"
        none = client.post("/api/v1/check", json={"text": "Tokayev is expected to visit Beijing."})
        assert none.status_code == 200 and none.json() == {"claims": []}


def test_api_check_limits(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "none.duckdb"), raise_server_exceptions=False) as client:
        long = client.post("/api/v1/check", json={"text": "a" * (MAX_CHECK_CHARS + 1)})
        assert long.status_code == 422 and long.json()["field"] == "text"
        big = client.post(
            "/api/v1/check",
            content=b'{"text": "' + b"a" * 70_000 + b'"}',
            headers={"content-type": "application/json"},
        )
        assert big.status_code == 413
        bad = client.post("/api/v1/check", json={"text": "x", "country": "kazakhstan"})
        assert bad.status_code == 422
        nodata = client.post("/api/v1/check", json={"text": "Russia is Kazakhstan's largest arms supplier."})
        assert nodata.status_code == 200 and nodata.json()["claims"][0]["verdict"] == "not_checkable"


def test_report_has_the_claims_checked_section(tmp_path: Path) -> None:
    from multivector.report import build_report_data, render

    data = build_report_data("kazakhstan", series=False)  # no store: the isolated MULTIVECTOR_HOME has none
    section = data.claims_checked
    assert section is not None and section.rows
    assert sum(section.summary.values()) == len(section.rows)
    assert any(r.entry == "claims.claim-gas-exports-88bcm" for r in section.rows)
    md = render(data, "md")
    assert "## Claims checked" in md and "claim-gas-exports-88bcm" in md
    html = render(data, "html")
    assert 'id="claims-checked"' in html and "ties.kaz-chn-oil-2023" in html
    assert json.loads(data.model_dump_json())["claims_checked"]["rows"]
