"""Issue 14, items 10, 12 and 13: what `data import` does with missing files, a busy store, and how it
reports duplicates; the progress hook that shows each file being read."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

import multivector.cli.commands_data  # noqa: F401  (registers `data` on app)
from multivector.cli.main import app
from multivector.errors import StoreBusyError
from multivector.sources import sipri
from multivector.sources.progress import listening
from multivector.store import ImportSummary, Store, import_all, import_source, importing
from multivector.store.importing import SkippedSource, summary_line

runner = CliRunner()


@pytest.mark.realdata
def test_import_all_imports_what_is_there_and_names_what_is_missing(
    shared_data: Path, tmp_path: Path
) -> None:
    """A directory with only ATOP: before, `cited` (no energy/fdi/trade CSVs) and the other alliance
    sources failed and the command exited 1; now they are skipped and named, and ATOP is imported."""
    root = tmp_path / "data"
    (root / "alliances").mkdir(parents=True)
    shutil.copy(shared_data / "alliances" / "atop5_directed_dyad_year_1815_2018.csv.gz", root / "alliances")
    with Store(tmp_path / "s.duckdb") as store:
        summaries = {s.source: s for s in import_all(root, store=store, progress=False)}
        assert store.tables() == ["atop"]
    assert summaries["atop"].ok and summaries["atop"].rows_kept == 273_296  # every ATOP dyad-year row
    skipped = sorted(n for n, s in summaries.items() if isinstance(s, SkippedSource))
    assert skipped == ["cited", "cow_alliance", "cow_majors", "igo"]
    assert all(s.ok for s in summaries.values())
    assert "no cited table found" in summaries["cited"].reason  # type: ignore[attr-defined]
    res = runner.invoke(app, ["data", "import", "all", str(root)])
    assert res.exit_code == 0, res.output
    assert "1 of 5 sources imported" in res.stdout
    assert "(skipped): cited, cow_alliance, cow_majors, igo" in " ".join(res.stdout.split())


def test_a_busy_store_is_found_before_anything_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_sources: list[str]
) -> None:
    """A second import while another process writes the store: it used to parse every source and only
    then find the store busy; it now stops at once, having loaded nothing."""
    path = tmp_path / "store.duckdb"
    Store(path).open().close()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(path)!r})
            print("holding", flush=True)
            sys.stdin.readline()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        calls: list[str] = []
        monkeypatch.setattr(importing, "_load", lambda name, p: calls.append(name) or {})
        (tmp_path / "data" / "fake").mkdir(parents=True)
        with pytest.raises(StoreBusyError, match=r"in use by another process \(process \d+\)"):
            import_all(tmp_path / "data", store=Store(path), progress=False)
        with pytest.raises(StoreBusyError):
            import_source("fake", tmp_path / "data" / "fake", store=Store(path), progress=False)
        assert calls == []  # nothing was parsed
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)


@pytest.mark.realdata
def test_un_vote_duplicates_are_counted_apart_from_rejects(
    real_store_import: tuple[Path, list[ImportSummary]],
) -> None:
    """UN votes: "rejected 433,054" said nothing; they are UN Digital Library rows of roll calls that
    Voeten's file already has (430,789 country votes + 2,265 roll calls, every quarantined UNGA row of the
    shared data: `SELECT reason, count(*) FROM quarantine` on the real store gives only this reason)."""
    unga = next(s for s in real_store_import[1] if s.source == "unga")
    assert unga.duplicates == {"duplicate of Voeten roll call": 433_054}
    assert unga.rows_rejected - unga.rows_duplicate == 0
    line = summary_line(unga, 1.0)
    assert (
        "rejected 0, duplicates not imported twice 433,054 (duplicate of Voeten roll call: 433,054)" in line
    )
    assert "(2 tables, 1.0s)" in line
    atop = next(s for s in real_store_import[1] if s.source == "atop")
    assert "(1 table, " in summary_line(atop, 1.0)  # not "1 tables"


@pytest.mark.realdata
def test_progress_hears_every_file_read(shared_data: Path) -> None:
    heard: list[str] = []
    with listening(heard.append):
        sipri.load(shared_data / "arms")
    names = sorted(Path(h).name for h in heard)
    assert names == [
        "sipri_tiv_supplier_recipient_year_1950_2021.csv.gz",
        "sipri_trade_register_deliveries_2000_2023.csv.gz",
    ]
    sipri.load(shared_data / "arms")  # without a listener nothing is called
