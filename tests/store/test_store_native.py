"""The store's native-import hook (``SourceSpec.native``), exercised with the GDELT fixture files."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from multivector.sources import _gdelt_keep, gdelt, registry
from multivector.store import Store, import_source

FIX = Path(__file__).parents[1] / "fixtures" / "gdelt"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "gdelt"
    shutil.copytree(FIX / "good", out)
    shutil.copy(FIX / "bad" / "bad_date.export.CSV", out)
    return out


def test_gdelt_registers_a_native_importer() -> None:
    assert registry.get_source("gdelt").native is gdelt.native_import


def test_native_import_is_idempotent_and_quarantines(tmp_path: Path, folder: Path) -> None:
    with Store(tmp_path / "s.duckdb") as st:
        first = import_source("gdelt", folder, store=st, progress=False)
        assert (first.rows_read, first.rows_kept, first.rows_rejected) == (18, 17, 1)
        assert first.tables[0].action == "imported"
        again = import_source("gdelt", folder, store=st, progress=False)
        assert again.unchanged and (again.rows_read, again.rows_kept) == (18, 17)
        assert st.query_df("SELECT count(*) AS n FROM gdelt_events").n[0] == 17
        q = st.quarantine("gdelt")
        assert q[["table_name", "line", "reason"]].values.tolist() == [
            ["gdelt_events", 2, "bad date: SQLDATE 20241341"]
        ]
        # a changed file replaces its own rows and quarantined rows, and nothing else (issue 14, item 6)
        bad = folder / "bad_date.export.CSV"
        lines = bad.read_text().splitlines()
        bad.write_text("\n".join([lines[0], *lines[2:]]) + "\n")  # line 2 (the bad date) fixed by removal
        third = import_source("gdelt", folder, store=st, progress=False)
        assert third.tables[0].action == "replaced" and third.rows_rejected == 0
        assert st.query_df("SELECT count(*) AS n FROM gdelt_events").n[0] == 17
        assert st.quarantine("gdelt").empty
        assert st.status().set_index("table").loc["gdelt_events", "rows"] == 17
        bad.unlink()  # a file gone from the folder keeps its rows: an import never removes other files' rows
        fourth = import_source("gdelt", folder, store=st, progress=False)
        assert fourth.unchanged and st.query_df("SELECT count(*) AS n FROM gdelt_events").n[0] == 17


def test_failed_native_import_leaves_store_unchanged(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as st:
        import_source("gdelt", folder, store=st, progress=False)
    shutil.copy(FIX / "good" / "20130402.export.CSV", folder / "extra.export.CSV")

    def failing(*args: object, **kwargs: object) -> None:
        raise duckdb.IOException("disk full (simulated)")

    monkeypatch.setattr(_gdelt_keep, "raw_lines", failing)  # fails after rows were written (rejects exist)
    with Store(path) as st, pytest.raises(Exception, match="unchanged"):
        import_source("gdelt", folder, store=st, progress=False)
    with Store(path, read_only=True) as st:
        assert st.query_df("SELECT count(*) AS n FROM gdelt_events").n[0] == 17
        assert len(st.quarantine("gdelt")) == 1
        assert st.status().set_index("table").loc["gdelt_events", "rows_read"] == 18
