"""`import all` on the shared data directory: every registered source imports, counts match SOURCE.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from multivector.sources import registry
from multivector.store import ImportSummary, Store

pytestmark = [
    pytest.mark.realdata,
    pytest.mark.filterwarnings("ignore:fetch_arrow_table.. is deprecated:DeprecationWarning"),
]

# (rows read, rows stored) per table, from the counts stated in each SOURCE.md.
SOURCE_MD_ROWS: dict[str, dict[str, tuple[int, int]]] = {
    # Voeten file 1,015,674 votes / 6,551 roll calls, plus the UNDL scrape (445,355 / 2,341) whose 2,265
    # roll calls already in the Voeten file are rejected as duplicates: 76 UNDL-only roll calls are added.
    "unga": {"unga_rollcalls": (6_551 + 2_341, 6_551 + 76)},
    # The dyadic file is non-directed (673,654 rows); the loader stores both directions.
    "cow_trade": {"cow_trade": (673_654, 2 * 673_654), "cow_trade_national": (14_410, 14_410)},
    "sipri": {"sipri_tiv": (22_225, 22_225), "sipri_register": (20_480, 20_480)},
    "atop": {"atop": (273_296, 273_296)},
    "cow_alliance": {"cow_alliance": (120_784, 120_784)},
    "igo": {"igo": (917_695, 917_695)},
    # raw/gdelt1 27,758 rows + raw/gdelt2 144,248 rows (gdelt/SOURCE.md); no duplicate GLOBALEVENTID.
    "gdelt": {"gdelt_events": (27_758 + 144_248, 27_758 + 144_248)},
}
EXPECTED_SOURCES = (
    "unga",
    "cow_trade",
    "sipri",
    "atop",
    "cow_alliance",
    "igo",
    "cow_majors",
    "cited",
    "gdelt",
)


def test_all_expected_sources_are_registered() -> None:
    missing = [s for s in EXPECTED_SOURCES if s not in registry.source_names()]
    assert not missing, f"source modules not registered: {', '.join(missing)}"


def test_import_all_succeeds(real_store_import: tuple[Path, list[ImportSummary]]) -> None:
    _, summaries = real_store_import
    failed = {s.source: s.error for s in summaries if not s.ok}
    assert not failed
    for s in summaries:
        assert s.rows_read == s.rows_kept + s.rows_rejected
        assert s.rows_kept > 0, s.source


@pytest.mark.parametrize("source", sorted(SOURCE_MD_ROWS))
def test_status_rows_match_source_md(
    real_store_import: tuple[Path, list[ImportSummary]], source: str
) -> None:
    path, summaries = real_store_import
    assert source in {s.source for s in summaries}, f"source {source!r} was not imported"
    with Store(path, read_only=True) as store:
        status = store.status()
        records = store.status_records()
    rows = dict(zip(status["table"], status["rows"], strict=True))
    for table, (read, stored) in SOURCE_MD_ROWS[source].items():
        rec = next(r for r in records if r["table"] == table)
        assert (rec["rows_read"], rows[table]) == (read, stored), rec
        assert rec["rows_read"] == rec["rows_kept"] + rec["rows_rejected"]


def test_second_import_adds_nothing(
    real_store_import: tuple[Path, list[ImportSummary]], shared_data: Path
) -> None:
    path, _ = real_store_import
    with Store(path) as store:
        before = store.status()[["table", "rows"]].values.tolist()
        summary = store.import_result("atop", registry.get_source("atop").load(shared_data / "alliances"))
        assert summary.unchanged
        assert store.status()[["table", "rows"]].values.tolist() == before
