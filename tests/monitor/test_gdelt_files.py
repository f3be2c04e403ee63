"""Issue 14, items 6 and 10: an empty GDELT file is rejected and never replaces other files' rows; the scratch
folder of a killed import is swept."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from feed import Feed

from multivector.dimensions import GDELT_EVENTS, GDELT_FILES
from multivector.errors import DataError
from multivector.sources import gdelt
from multivector.store import Store, import_source


def test_an_empty_file_is_rejected_by_every_gdelt_entry_point(tmp_path: Path) -> None:
    empty = tmp_path / "20250101000000.export.CSV"
    empty.write_bytes(b"")
    blank = tmp_path / "blank" / "20250101001500.export.CSV"
    blank.parent.mkdir()
    blank.write_text("\n\n")
    zipped = tmp_path / "z" / "20250101003000.export.CSV.zip"
    zipped.parent.mkdir()
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("20250101003000.export.CSV", "")
    for bad in (empty, blank, zipped):
        with pytest.raises(DataError, match="empty file"):
            gdelt.load(bad)
    with pytest.raises(DataError, match="empty"), Store(tmp_path / "s.duckdb") as st:
        import_source("gdelt", empty, store=st, progress=False)


def test_an_empty_file_never_replaces_rows_of_other_files(tmp_path: Path, feed_dir: Feed) -> None:
    folder = tmp_path / "gdelt"
    folder.mkdir()
    for f in feed_dir.files[:4]:
        shutil.copy(f, folder)
    with Store(tmp_path / "s.duckdb") as st:
        first = import_source("gdelt", folder, store=st, progress=False)
        assert first.rows_kept == 4 * 25
        (folder / "20250310000000.export.CSV").write_bytes(b"")  # an empty file arrives with the others
        second = import_source("gdelt", folder, store=st, progress=False)
        assert second.unchanged and second.rows_kept == 4 * 25
        assert st.query_df(f"SELECT count(*) AS n FROM {GDELT_EVENTS}").n[0] == 4 * 25
        with pytest.raises(DataError, match="empty"):  # and on its own: an error, the store unchanged
            import_source("gdelt", folder / "20250310000000.export.CSV", store=st, progress=False)
        assert st.query_df(f"SELECT count(*) AS n FROM {GDELT_EVENTS}").n[0] == 4 * 25
        states = st.query_df(f"SELECT state, count(*) AS n FROM {GDELT_FILES} GROUP BY 1 ORDER BY 1")
        assert states.values.tolist() == [["imported", 4], ["quarantined", 1]]
        assert st.status().set_index("table").loc[GDELT_EVENTS, "rows_read"] == 4 * 25


def test_scratch_folders_of_dead_processes_are_swept(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead = int(done.stdout)  # a process that has exited
    stale = tmp_path / f"mv_gdelt_{dead}_abc"
    mine = tmp_path / f"mv_gdelt_{os.getpid()}_def"
    old_style = tmp_path / "mv_gdelt_xyz"
    for d in (stale, mine, old_style):
        d.mkdir()
        (d / "x.export.CSV").write_text("x")
    removed = gdelt.sweep_scratch(tmp_path)
    assert (
        removed == [stale] and mine.exists() and old_style.exists()
    )  # an unnamed folder: only when a day old
    os.utime(old_style, (0, 0))
    assert gdelt.sweep_scratch(tmp_path) == [old_style]


def test_file_timestamp() -> None:
    assert gdelt.file_timestamp("20241022131500.export.CSV.zip") == datetime(2024, 10, 22, 13, 15)
    assert gdelt.file_timestamp("raw/20130401.export.CSV.zip") == datetime(2013, 4, 1)
    assert gdelt.file_timestamp("extra.export.CSV") is None
    assert gdelt.file_timestamp("20241399000000.export.CSV") is None  # month 13
