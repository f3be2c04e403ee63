"""The store: atomic, idempotent imports, replacement on changed files, quarantine, status, errors."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest
from _store_fakes import load_items, write_items

from multivector.errors import InputError, StoreError
from multivector.store import Store, import_all, import_source

HERE = Path(__file__).parent

# ibis 12.0.0 calls duckdb 2.0's deprecated fetch_arrow_table(); harmless, reported to the lead for pyproject.
pytestmark = pytest.mark.filterwarnings("ignore:fetch_arrow_table.. is deprecated:DeprecationWarning")


def _counts(path: Path) -> dict[str, int]:
    with Store(path, read_only=True) as store:
        st = store.status()
    return dict(zip(st["table"], st["rows"], strict=True))


def test_import_reports_counts_and_quarantines(tmp_path: Path, fake_sources: list[str]) -> None:
    src = write_items(tmp_path / "fake" / "items.csv", [(1, 1.0), (2, -5.0), (3, 3.0)])
    with Store(tmp_path / "s.duckdb") as store:
        summary = import_source("fake", src, store=store, progress=False)
        assert (summary.rows_read, summary.rows_kept, summary.rows_rejected) == (3, 2, 1)
        assert summary.tables[0].action == "imported"
        q = store.quarantine("fake")
        assert q[["file", "line", "reason", "raw"]].to_dict("records") == [
            {"file": str(src), "line": 3, "reason": "negative value", "raw": "2,-5.0"}
        ]
        assert store.table("fake_items").count().execute() == 2
        assert store.query_df("SELECT sum(value) AS s FROM fake_items")["s"].iloc[0] == 4.0
        assert store.query_df("SELECT id FROM fake_items WHERE id = ?", [3])["id"].tolist() == [3]


def test_same_file_twice_adds_nothing(tmp_path: Path, fake_sources: list[str]) -> None:
    src = write_items(tmp_path / "items.csv", [(1, 1.0), (2, -2.0)])
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        import_source("fake", src, store=store, progress=False)
        again = import_source("fake", src, store=store, progress=False)
        assert again.unchanged
        assert len(store.query_df("SELECT * FROM _imports")) == 1
        assert len(store.quarantine()) == 1
    assert _counts(path) == {"fake_items": 1}


def test_changed_file_replaces_rows(tmp_path: Path, fake_sources: list[str]) -> None:
    src = write_items(tmp_path / "items.csv", [(1, 1.0), (2, -2.0)])
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        import_source("fake", src, store=store, progress=False)
        write_items(src, [(1, 1.0), (2, 2.0), (3, 3.0)])
        summary = import_source("fake", src, store=store, progress=False)
        assert summary.tables[0].action == "replaced"
        imports = store.query_df("SELECT * FROM _imports")
        assert len(imports) == 1 and imports["rows_kept"].iloc[0] == 3
        assert store.quarantine().empty  # the old file's rejected rows went with it
    assert _counts(path) == {"fake_items": 3}


def test_exception_mid_import_leaves_store_unchanged(
    tmp_path: Path, fake_sources: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.duckdb"
    first = write_items(tmp_path / "a" / "items.csv", [(1, 1.0)])
    with Store(path) as store:
        import_source("fake", first, store=store, progress=False)
        results = load_items(write_items(tmp_path / "b" / "items.csv", [(5, 5.0), (6, -1.0)]), "fake")
        results["fake_more"] = load_items(tmp_path / "b" / "items.csv", "fake")["fake_items"]
        original = Store._write_table
        calls = []

        def failing(self: Store, con: duckdb.DuckDBPyConnection, source: str, table: str, result: object):
            calls.append(table)
            if len(calls) == 2:
                raise RuntimeError("disk on fire")
            return original(self, con, source, table, result)  # type: ignore[arg-type]

        monkeypatch.setattr(Store, "_write_table", failing)
        with pytest.raises(RuntimeError, match="disk on fire"):
            store.import_result("fake", results)
        monkeypatch.setattr(Store, "_write_table", original)
        assert store.query_df("SELECT id FROM fake_items")["id"].tolist() == [1]
        assert len(store.query_df("SELECT * FROM _imports")) == 1
        assert store.quarantine().empty
        assert "fake_more" not in store.tables()


_KILL_SCRIPT = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {here!r})
    from pathlib import Path
    from _store_fakes import load_items, write_items
    from multivector.store import Store

    store = Store({db!r})
    store.import_result("fake", load_items(write_items(Path({tmp!r}) / "a.csv", [(1, 1.0)]), "fake"))
    original = Store._write_table

    def slow(self, con, source, table, result):
        out = original(self, con, source, table, result)
        Path({flag!r}).write_text("inside the transaction")
        time.sleep(120)
        return out

    Store._write_table = slow
    rows = [(i, float(i)) for i in range(5000)]
    store.import_result("fake2", load_items(write_items(Path({tmp!r}) / "b.csv", rows), "fake2"))
    """
)


def test_killed_import_leaves_store_unchanged(tmp_path: Path) -> None:
    db, flag = tmp_path / "s.duckdb", tmp_path / "flag"
    script = _KILL_SCRIPT.format(here=str(HERE), db=str(db), tmp=str(tmp_path), flag=str(flag))
    proc = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not flag.exists():
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "the subprocess never reached the import"
            time.sleep(0.05)
        # While it writes, a second process gets a clear error about the lock.
        with pytest.raises(StoreError, match="in use by another process"), Store(db, read_only=True) as other:
            other.status()
    finally:
        proc.kill()
        proc.wait()
        if proc.stderr:
            proc.stderr.close()
    with Store(db, read_only=True) as store:
        assert store.tables() == ["fake_items"]
        assert store.query_df("SELECT source FROM _imports")["source"].tolist() == ["fake"]
        with pytest.raises(StoreError):
            store.query_df("SELECT * FROM fake2_items")


def test_status_and_json_records(tmp_path: Path, fake_sources: list[str]) -> None:
    src = write_items(tmp_path / "items.csv", [(1, 1.0), (2, -2.0)])
    with Store(tmp_path / "s.duckdb") as store:
        import_source("fake", src, store=store, progress=False)
        st = store.status()
        assert list(st.columns[:6]) == ["source", "table", "rows", "files", "versions", "last_import"]
        rec = store.status_records()[0]
        json.dumps(rec)
        assert rec["source"] == "fake" and rec["rows"] == 1 and rec["rows_rejected"] == 1
        assert rec["version"] == "1.0" and rec["citation"] == "Fake, 2024."
        assert rec["files"][0]["sha256"] == store.provenance("fake")[0]["sha256"]


def test_missing_table_names_source_and_command(tmp_path: Path, fake_sources: list[str]) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        with pytest.raises(StoreError, match=r"source 'fake'.*multivector data import fake"):
            store.table("fake_items")
        with pytest.raises(StoreError, match="no table named 'nope'"):
            store.table("nope")
        with pytest.raises(StoreError, match="multivector data import fake"):
            store.provenance("fake")
    missing = tmp_path / "none.duckdb"
    with pytest.raises(StoreError, match="not in the store"), Store(missing, read_only=True) as ro:
        ro.table("fake_items")
    assert Store(tmp_path / "none.duckdb", read_only=True).status().empty


def test_not_a_duckdb_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.duckdb"
    bad.write_text("not a database")
    with pytest.raises(StoreError, match="cannot open the store"), Store(bad) as store:
        store.status()


def test_import_all_reports_failures_without_poisoning(tmp_path: Path, fake_sources: list[str]) -> None:
    root = tmp_path / "data"
    write_items(root / "fake" / "items.csv", [(1, 1.0), (2, 2.0)])
    write_items(root / "broken" / "items.csv", [(1, 1.0)])
    with Store(tmp_path / "s.duckdb") as store:
        summaries = {s.source: s for s in import_all(root, store=store, progress=False)}
        assert set(summaries) == {"fake", "broken"}  # fake2 has no folder
        assert summaries["fake"].ok and summaries["fake"].rows_kept == 2
        assert not summaries["broken"].ok and "broken on purpose" in str(summaries["broken"].error)
        assert store.tables() == ["fake_items"]


def test_import_errors_are_clear(tmp_path: Path, fake_sources: list[str]) -> None:
    with pytest.raises(InputError, match="unknown data source 'nope'"):
        import_source("nope", tmp_path, progress=False)
    with pytest.raises(InputError, match="does not exist"):
        import_source("fake", tmp_path / "missing.csv", progress=False)
    with pytest.raises(InputError, match="no source folder"):
        import_all(tmp_path, progress=False)
