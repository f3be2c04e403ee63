"""`multivector monitor ...` on the command line: replay --format json, alerts, status, run --from --once,
reset, backtest."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from feed import Feed
from typer.testing import CliRunner

from multivector.cli import main as cli_main
from multivector.cli.main import app
from multivector.errors import InputError

cli_main._register()
runner = CliRunner()
KEYS = {"files_processed", "files_skipped", "rows_added", "alerts_added", "per_file_seconds_p95"}


def test_replay_json_twice_then_alerts(tmp_path: Path, feed_dir: Feed) -> None:
    folder = tmp_path / "feed"
    folder.mkdir()
    for f in feed_dir.files[:6]:
        shutil.copy(f, folder)
    store = str(tmp_path / "s.duckdb")
    first = runner.invoke(
        app, ["monitor", "replay", str(folder), "--format", "json", "--store", store, "--quiet"]
    )
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    assert set(report) >= KEYS and report["files_processed"] == 6 and report["rows_added"] == 6 * 25
    args = ["monitor", "replay", str(folder), "--format", "json", "--store", store, "--quiet"]
    second = json.loads(runner.invoke(app, args).stdout)
    got = (second["files_processed"], second["files_skipped"], second["rows_added"], second["alerts_added"])
    assert got == (0, 6, 0, 0)
    status = json.loads(
        runner.invoke(app, ["monitor", "status", "--format", "json", "--store", store]).stdout
    )
    assert status["files"] == {"imported": 6} and status["closed_through"]["day"] == str(
        feed_dir.start.replace(day=4)  # days 3-5 of March: the 5th is open
    )
    listed = runner.invoke(app, ["monitor", "alerts", "--format", "json", "--store", store])
    assert listed.exit_code == 0 and json.loads(listed.stdout) == []  # three days: still in warm-up
    refused = runner.invoke(app, ["monitor", "reset", "--store", store])
    assert isinstance(refused.exception, InputError) and "--yes" in str(refused.exception)
    assert runner.invoke(app, ["monitor", "reset", "--yes", "--store", store]).exit_code == 0


def test_alerts_json_carry_evidence_urls_and_can_be_marked_seen(replayed_copy: Path) -> None:
    store = str(replayed_copy)
    got = runner.invoke(app, ["monitor", "alerts", "--format", "json", "--store", store])
    assert got.exit_code == 0, got.output
    alerts = json.loads(got.stdout)
    assert alerts and all(a["evidence"] and all(e["url"].startswith("https://") for e in a["evidence"])
                          for a in alerts if a["series"] != "events")  # fmt: skip
    kaz = runner.invoke(app, ["monitor", "alerts", "--country", "kaz", "--power", "RUS", "--mark-seen",
                              "--format", "json", "--store", store])  # fmt: skip
    marked = json.loads(kaz.stdout)
    assert marked and {a["iso3"] for a in marked} == {"KAZ"}
    new = json.loads(
        runner.invoke(
            app, ["monitor", "alerts", "--state", "new", "--format", "json", "--store", store]
        ).stdout
    )
    assert len(new) == len(alerts) - len(marked)
    table = runner.invoke(app, ["monitor", "alerts", "--store", store])
    assert table.exit_code == 0 and "KAZ" in table.stdout
    bad = runner.invoke(app, ["monitor", "alerts", "--since", "yesterday", "--store", store])
    assert isinstance(bad.exception, InputError) and "YYYY-MM-DD" in str(bad.exception)


def test_run_from_a_folder_once(tmp_path: Path, feed_dir: Feed) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    shutil.copy(feed_dir.files[0], folder)
    store = str(tmp_path / "s.duckdb")
    args = ["monitor", "run", "--from", str(folder), "--once", "--format", "json", "--store", store]
    first = json.loads(runner.invoke(app, args).stdout)
    assert first["files_processed"] == 1
    shutil.copy(feed_dir.files[1], folder)  # a new file arrives
    second = json.loads(runner.invoke(app, args).stdout)
    assert (second["files_processed"], second["files_skipped"]) == (1, 1)


@pytest.mark.slow
def test_backtest_synthetic_json() -> None:
    got = runner.invoke(app, ["monitor", "backtest", "--no-un", "--series", "50", "--format", "json"])
    assert got.exit_code == 0, got.output
    doc = json.loads(got.stdout)
    assert [r["shift_sd"] for r in doc["synthetic_shifts"]] == [0.5, 1.0, 2.0, 3.0]
    big = doc["synthetic_shifts"][-1]
    assert big["detected_within_7"] >= 0.9  # a 3-sd shift: found within 7 points in at least 90% of series
    assert doc["synthetic_null"][0]["false_alarms_per_1000_points"] < 3
