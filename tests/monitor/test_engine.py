"""The monitor on a synthetic feed: per-file transactions, series, alerts with evidence, idempotent replays,
quarantined files, late files."""

from __future__ import annotations

import shutil
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from feed import Feed

from multivector.dimensions import GDELT_EVENTS, GDELT_FILES, MONITOR_ALERTS, MONITOR_SERIES
from multivector.errors import StoreError
from multivector.monitor.alerts import list_alerts, mark_seen
from multivector.monitor.bocpd import DetectorConfig
from multivector.monitor.engine import Monitor, MonitorConfig
from multivector.store import Store
from multivector.store.files import Published


def _count(st: Store, sql: str) -> int:
    return int(st.query_df(sql).iloc[0, 0])


def test_replay_reports_what_it_did(
    replay_report: tuple[Path, dict[str, Any]], feed_dir: Feed, tmp_path: Path
) -> None:
    path, report = replay_report
    assert report["files_processed"] == len(feed_dir.files) == 24 and report["files_skipped"] == 0
    # 3 pairs x 8 events per file + 1 repeated line per file: every row is kept (distinct ids)
    assert report["rows_added"] == 24 * 25 and report["files_quarantined"] == 0
    assert report["alerts_added"] >= 1 and report["per_file_seconds_p95"] > 0
    copy = tmp_path / "again.duckdb"
    shutil.copy(path, copy)
    with Store(copy) as st:
        assert _count(st, f"SELECT count(*) FROM {GDELT_EVENTS}") == 24 * 25
        before = {
            t: _count(st, f"SELECT count(*) FROM {t}") for t in (GDELT_EVENTS, MONITOR_SERIES, MONITOR_ALERTS)
        }
        again = Monitor(st).replay(feed_dir.folder).as_dict()
        got = (again["files_processed"], again["files_skipped"], again["rows_added"], again["alerts_added"])
        assert got == (0, 24, 0, 0)
        assert before == {t: _count(st, f"SELECT count(*) FROM {t}") for t in before}


def test_replay_finds_the_injected_shift_with_its_evidence(replayed: Path, feed_dir: Feed) -> None:
    with Store(replayed, read_only=True) as st:
        alerts = list_alerts(st._connection(), country="KAZ")
        gold = [a for a in alerts if a["series"] == "goldstein" and a["freq"] == "day"]
        assert len(gold) == 1, alerts
        a = gold[0]
        assert (a["power"], a["direction"], a["change_period"]) == (
            "RUS",
            "down",
            feed_dir.shift_day.isoformat(),
        )
        assert a["size"] < -6 and a["state"] == "new" and 0.5 <= a["probability"] <= 1
        assert 1 <= len(a["evidence"]) <= 10
        for item in a["evidence"]:
            assert item["url"].startswith("https://") and item["goldstein"] < 0  # the conflict events
            assert item["added"] >= feed_dir.shift_day.isoformat()
        # the other pairs are stationary: no alert on them
        assert not [x for x in list_alerts(st._connection()) if x["iso3"] in ("USA", "CHN", "DEU", "FRA")
                    and x["freq"] == "day" and x["series"] != "events"]  # fmt: skip
        # the last day is still open: its files are in, its point is not
        last = feed_dir.start + timedelta(days=11)
        assert (
            _count(st, f"SELECT count(*) FROM {MONITOR_SERIES} WHERE period = '{last}' AND freq = 'day'") == 0
        )
        assert _count(st, f"SELECT max(period) = '{last - timedelta(days=1)}' FROM {MONITOR_SERIES}"
                          " WHERE freq = 'day'") == 1  # fmt: skip


def test_series_deduplicate_one_article_coded_twice(replayed: Path, feed_dir: Feed) -> None:
    with Store(replayed, read_only=True) as st:
        day = feed_dir.start.isoformat()
        rows = st.query_df(
            f"SELECT iso3, power, events FROM {MONITOR_SERIES} WHERE freq = 'day' AND period = '{day}'"
            " ORDER BY iso3, power"
        )
        raw = st.query_df(
            f"SELECT count(*) AS n FROM {GDELT_EVENTS} WHERE CAST(dateadded AS DATE) = '{day}'"
            " AND ((actor1_iso3 = 'KAZ' AND actor2_iso3 = 'RUS')"
            " OR (actor1_iso3 = 'RUS' AND actor2_iso3 = 'KAZ'))"
        ).n[0]
        # each file's first line (a KAZ-RUS event) is repeated under a new id: 2 files -> 2 duplicates
        got = dict(zip(zip(rows.iso3, rows.power, strict=True), rows.events, strict=True))
        assert got[("KAZ", "RUS")] == raw - 2 == 16
        # DEU-FRA events count for DEU with the EU27 (FRA is a member) and for FRA with the EU27
        assert got[("DEU", "EU27")] == got[("FRA", "EU27")] == 16


def test_bad_files_are_quarantined_and_the_monitor_goes_on(tmp_path: Path, feed_dir: Feed) -> None:
    folder = tmp_path / "feed"
    folder.mkdir()
    for f in feed_dir.files[:8]:  # days 1-4
        shutil.copy(f, folder)
    day3 = feed_dir.files[5].name[:8]
    (folder / f"{day3}004500.export.CSV").write_bytes(b"")  # empty
    (folder / f"{day3}010000.export.CSV.zip").write_bytes(b"PK\x03\x04 truncated")  # corrupt zip
    (folder / f"{day3}011500.export.CSV").write_text("a,b,c\n1,2,3\n")  # not GDELT
    with zipfile.ZipFile(folder / f"{day3}013000.export.CSV.zip", "w") as zf:
        zf.writestr(f"{day3}013000.export.CSV", "")  # a zip whose CSV is empty
    with Store(tmp_path / "s.duckdb") as st:
        report = Monitor(st).replay(folder).as_dict()
        assert report["files_processed"] == 12 and report["files_quarantined"] == 4
        reasons = {q["file"]: q["reason"] for q in report["quarantined"]}
        assert "empty file" in reasons[f"{day3}004500.export.CSV"]
        assert "corrupt or truncated zip" in reasons[f"{day3}010000.export.CSV.zip"]
        assert "not a GDELT event file" in reasons[f"{day3}011500.export.CSV"]
        assert "empty" in reasons[f"{day3}013000.export.CSV.zip"]
        assert report["rows_added"] == 8 * 25  # nothing of the bad files, everything of the good ones
        states = st.query_df(f"SELECT state, count(*) AS n FROM {GDELT_FILES} GROUP BY 1 ORDER BY 1")
        assert states.values.tolist() == [["imported", 8], ["quarantined", 4]]
        # the good files after the bad ones were processed: days 1-3 are closed
        assert _count(st, f"SELECT count(DISTINCT period) FROM {MONITOR_SERIES} WHERE freq = 'day'") == 3
        # a quarantined file is not retried while its bytes are the same; a fixed file is imported
        fixed = feed_dir.files[4].read_text().splitlines()  # a plain CSV; ids made new
        (folder / f"{day3}004500.export.CSV").write_text("\n".join("9" + x for x in fixed) + "\n")
        again = Monitor(st).replay(folder).as_dict()
        assert (again["files_processed"], again["files_quarantined"], again["rows_added"]) == (1, 0, 25)


def test_checksum_mismatch_and_missing_file_are_quarantined(tmp_path: Path, feed_dir: Feed) -> None:
    good = feed_dir.files[0]
    with Store(tmp_path / "s.duckdb") as st:
        mon = Monitor(st)
        bad = mon.process(good, Published(size=good.stat().st_size, md5="0" * 32))
        assert bad.outcome.state == "quarantined" and "md5 mismatch" in bad.outcome.reason
        gone = mon.process(tmp_path / "20250303000000.export.CSV")
        assert gone.outcome.state == "quarantined" and gone.outcome.reason.startswith("missing")
        assert _count(st, f"SELECT count(*) FROM {GDELT_EVENTS}") == 0


def test_a_late_file_revises_its_closed_period(tmp_path: Path, feed_dir: Feed) -> None:
    folder = tmp_path / "feed"
    folder.mkdir()
    for f in feed_dir.files[:8]:  # days 1-4
        shutil.copy(f, folder)
    late = folder / feed_dir.files[2].name  # day 2, file 1
    held = tmp_path / late.name
    shutil.move(late, held)
    day = feed_dir.start + timedelta(days=1)
    with Store(tmp_path / "s.duckdb") as st:
        mon = Monitor(st)
        mon.replay(folder)
        q = (
            f"SELECT events, revised FROM {MONITOR_SERIES} WHERE freq = 'day' AND period = '{day}'"
            " AND iso3 = 'KAZ'"
        )
        assert st.query_df(q).values.tolist() == [[8, False]]
        mon.process(held)
        assert st.query_df(q).values.tolist() == [[16, True]]


def test_other_settings_are_refused(tmp_path: Path, feed_dir: Feed) -> None:
    with Store(tmp_path / "s.duckdb") as st:
        Monitor(st)
        with pytest.raises(StoreError, match="monitor reset"):
            Monitor(st, MonitorConfig(detector=DetectorConfig(threshold=0.9)))


def test_alerts_are_marked_seen(replayed_copy: Path) -> None:
    with Store(replayed_copy) as st:
        con = st._connection()
        alerts = list_alerts(con, state="new")
        assert alerts
        assert mark_seen(con, [alerts[0]["alert_id"]]) == 1
        assert len(list_alerts(con, state="new")) == len(alerts) - 1
        assert mark_seen(con) == len(alerts) - 1 and not list_alerts(con, state="new")


def test_data_import_then_monitor_closes_every_period(tmp_path: Path, feed_dir: Feed) -> None:
    from multivector.store import import_source

    folder = tmp_path / "feed"
    folder.mkdir()
    for f in feed_dir.files[:8]:  # days 1-4
        shutil.copy(f, folder)
    with Store(tmp_path / "s.duckdb") as st:
        import_source("gdelt", folder, store=st, progress=False)
        report = Monitor(st).replay(folder).as_dict()
        assert report["files_skipped"] == 8 and report["rows_added"] == 0
        # the periods the import brought in are closed by the monitor's first pass: days 1-3, day 4 open
        assert _count(st, f"SELECT count(DISTINCT period) FROM {MONITOR_SERIES} WHERE freq = 'day'") == 3
