"""`data import gdelt` reads files in batches (one transaction each): every file gets the rows, counts,
rejects and reasons it gets when the files are imported one by one, and a second import adds nothing."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from multivector.dimensions import GDELT_EVENTS, GDELT_FILES
from multivector.errors import StoreError
from multivector.sources import gdelt
from multivector.store import Store
from multivector.store.files import batches, import_gdelt_files

GOOD = Path(__file__).parents[1] / "fixtures" / "gdelt" / "good"


def _with_id(line: str, new_id: int) -> str:
    return f"{new_id}\t{line.split(chr(9), 1)[1]}"


def _folder(tmp_path: Path) -> Path:
    """The good fixtures (1.0 daily, 1.0 historical, 2.0 zipped and not) plus three GDELT 2.0 files:
    a copy of 20241022130000 (its 4 ids already stored), and two files with a repeated new id 999000001:
    twice in 20241022141500 (lines 1 and 3, the same line) and once more in 20241022143000 (line 2)."""
    folder = tmp_path / "gdelt"
    shutil.copytree(GOOD, folder)
    base = (GOOD / "20241022130000.export.CSV").read_text().splitlines()
    shutil.copy(GOOD / "20241022130000.export.CSV", folder / "20241022140000.export.CSV")
    # lines 1 and 3 are the same line: the kept row does not depend on which of them DuckDB reads first
    first = [_with_id(base[0], 999000001), _with_id(base[1], 999000002), _with_id(base[0], 999000001)]
    (folder / "20241022141500.export.CSV").write_text("\n".join(first) + "\n")
    second = [_with_id(base[3], 999000003), _with_id(base[0], 999000001)]
    (folder / "20241022143000.export.CSV").write_text("\n".join(second) + "\n")
    return folder


def _tables(path: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    with Store(path, read_only=True) as st:
        events = st.query_df(f"SELECT * FROM {GDELT_EVENTS} ORDER BY source_file, globaleventid")
        quarantine = st.query_df("SELECT file, line, reason, raw FROM quarantine ORDER BY file, line")
        counts = "name, state, format, rows_read, rows_kept, rows_rejected"
        files = st.query_df(f"SELECT {counts} FROM {GDELT_FILES} ORDER BY name")
    return events, quarantine, files


def test_batches_cut_by_bytes_files_and_repeated_names(tmp_path: Path) -> None:
    sizes = {"a": 10, "b": 10, "c": 25, "d": 1, "e": 1, "f": 1}
    paths = []
    for name, size in sizes.items():
        (tmp_path / name).write_bytes(b"x" * size)
        paths.append(tmp_path / name)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "f").write_bytes(b"x")
    cut = batches([*paths, tmp_path / "sub" / "f"], max_bytes=20, max_files=2)
    # a+b = 20 bytes; c alone (larger than the limit); d+e (2 files); f; then sub/f (same name as f)
    assert [[p.name for p in b] for b in cut] == [["a", "b"], ["c"], ["d", "e"], ["f"], ["f"]]


def test_batched_import_equals_file_by_file(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    one, batched = tmp_path / "one.duckdb", tmp_path / "batched.duckdb"
    with Store(one) as st:
        import_gdelt_files(st, folder, batch_files=1)
    with Store(batched) as st:
        summary = import_gdelt_files(st, folder)  # the default batch holds all 8 files
    a, b = _tables(one), _tables(batched)
    pd.testing.assert_frame_equal(a[0], b[0])
    pd.testing.assert_frame_equal(a[1], b[1])
    pd.testing.assert_frame_equal(a[2], b[2])
    events, quarantine, files = b
    # 4 + 4 + 3 + 4 fixture rows (the zipped 2.0 file: 4) kept, the copy's 4 rejected as stored, and
    # 999000001 kept once (line 1 of 20241022141500) of its 3 occurrences; 999000002 and 999000003 kept.
    counts = files.set_index("name")[["rows_read", "rows_kept", "rows_rejected"]].to_dict("index")
    assert counts["20241022140000.export.CSV"] == {"rows_read": 4, "rows_kept": 0, "rows_rejected": 4}
    assert counts["20241022141500.export.CSV"] == {"rows_read": 3, "rows_kept": 2, "rows_rejected": 1}
    assert counts["20241022143000.export.CSV"] == {"rows_read": 2, "rows_kept": 1, "rows_rejected": 1}
    assert (events["globaleventid"] == 999000001).sum() == 1
    reasons = {
        (Path(f).name, int(n)): r for f, n, r in quarantine[["file", "line", "reason"]].itertuples(False)
    }
    assert reasons[("20241022141500.export.CSV", 3)] == "duplicate GLOBALEVENTID: 999000001"
    assert reasons[("20241022143000.export.CSV", 2)] == f"duplicate GLOBALEVENTID: already in {GDELT_EVENTS}"
    assert summary.rows_read == int(files["rows_read"].sum()) == len(events) + len(quarantine)
    with Store(batched) as st:
        again = import_gdelt_files(st, folder)
    assert again.tables[0].action == "unchanged"
    assert all(frame.equals(before) for frame, before in zip(_tables(batched), b, strict=True))


def test_a_failed_batch_rolls_back_that_batch_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    calls = []
    real = gdelt.import_files

    def second_fails(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise duckdb.IOException("disk full (simulated)")
        return real(*args, **kwargs)

    monkeypatch.setattr(gdelt, "import_files", second_fails)
    path = tmp_path / "s.duckdb"
    with Store(path) as st, pytest.raises(StoreError, match="unchanged from that batch on"):
        import_gdelt_files(st, folder, batch_files=3)
    with Store(path, read_only=True) as st:
        names = st.query_df(f"SELECT name FROM {GDELT_FILES} ORDER BY file_time")["name"].tolist()
        n_events = int(st.query_df(f"SELECT count(*) AS n FROM {GDELT_EVENTS}")["n"][0])
    # time order: v1_hist_19950101 (its first DATEADDED), 20130402, 20130403 form the first batch
    assert names == ["v1_hist_19950101.export.CSV", "20130402.export.CSV", "20130403.export.CSV.zip"]
    assert n_events == 3 + 4 + 2  # the rows of those three files (wc -l of the fixtures; the zip holds 2)


def test_the_kept_row_of_a_repeated_id_is_its_first_line(tmp_path: Path) -> None:
    base = (GOOD / "20241022130000.export.CSV").read_text().splitlines()
    f = tmp_path / "20241022141500.export.CSV"
    # line 1 (actor1 KAZ) and line 3 (actor1 IGOEUREEC) share the id 999000001: line 1 is kept, 3 rejected
    f.write_text("\n".join([_with_id(base[0], 999000001), base[1], _with_id(base[2], 999000001)]) + "\n")
    with Store(tmp_path / "s.duckdb") as st:
        import_gdelt_files(st, GOOD / "20241022130000.export.CSV")  # the table is not empty: rows are staged
        import_gdelt_files(st, f)
        kept = st.query_df(f"SELECT actor1_code FROM {GDELT_EVENTS} WHERE globaleventid = 999000001")
        rejected = st.query_df("SELECT line, reason FROM quarantine ORDER BY line")
    # line 2 is the first file's line 2 again (an id already stored); line 3 repeats line 1's id
    assert rejected["line"].tolist() == [2, 3]
    assert rejected["reason"].str.startswith(("already in", "duplicate GLOBALEVENTID")).all(), rejected
    assert kept["actor1_code"].tolist() == ["KAZ"]
