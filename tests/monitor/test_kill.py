"""`kill -9` during a replay: the restarted replay ends with the same store as an uninterrupted one, and no
scratch folder of the killed process is left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from feed import Feed

from multivector.dimensions import (
    GDELT_EVENTS,
    GDELT_FILES,
    MONITOR_ALERTS,
    MONITOR_DETECTORS,
    MONITOR_SERIES,
    MONITOR_STATE,
)

#: Columns that hold wall-clock times (different in any two runs) and are left out of the comparison.
CLOCK = {"imported_at", "seconds", "created_at"}
TABLES = (GDELT_EVENTS, GDELT_FILES, "quarantine", "_imports", MONITOR_SERIES, MONITOR_DETECTORS,
          MONITOR_ALERTS, MONITOR_STATE)  # fmt: skip


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for table in TABLES:
            cols = [r[0] for r in con.execute(f"SELECT name FROM pragma_table_info('{table}')").fetchall()]
            keep = ", ".join(c for c in cols if c not in CLOCK)
            rows = con.execute(f"SELECT {keep} FROM {table} ORDER BY ALL").fetchall()
            # NaN != NaN in Python: compare NaNs (detector priors in warm-up) as a marker
            out[table] = [tuple("NaN" if v != v else v for v in row) for row in rows]
        return out
    finally:
        con.close()


def _replay(feed: Path, store: Path, tmpdir: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "TMPDIR": str(tmpdir), "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen(
        [sys.executable, "-m", "multivector", "monitor", "replay", str(feed), "--store", str(store),
         "--format", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


@pytest.mark.slow
def test_sigkill_midway_then_restart_gives_the_same_store(
    replayed: Path, feed_dir: Feed, tmp_path: Path
) -> None:
    store, scratch = tmp_path / "killed.duckdb", tmp_path / "tmp"
    scratch.mkdir()
    proc = _replay(feed_dir.folder, store, scratch)
    assert proc.stderr is not None
    done = 0
    for line in proc.stderr:
        if line.startswith("imported"):
            done += 1
        if done == 7:  # the 8th file is being processed now
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    with duckdb.connect(str(store), read_only=True) as con:
        kept = con.execute(f"SELECT count(*) FROM {GDELT_FILES}").fetchone()
    assert kept is not None and 7 <= kept[0] < len(feed_dir.files)  # killed midway, files 1..k committed
    again = _replay(feed_dir.folder, store, scratch)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert '"files_skipped": ' + str(kept[0]) in out
    assert _dump(store) == _dump(replayed)
    assert not list(scratch.glob("mv_gdelt_*"))  # the killed process's scratch folders were swept
