"""A backfill (all periods at once, then the detectors in time order) equals the file-by-file replay; the
same series come out of Ibis on PySpark as on DuckDB."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from feed import Feed

from multivector.dimensions import MONITOR_ALERTS, MONITOR_DETECTORS, MONITOR_SERIES, MONITOR_STATE
from multivector.errors import StoreError
from multivector.monitor.backfill import backfill, points_on
from multivector.monitor.series import finish_points
from multivector.store import Store, import_source

SKIP = {"created_at", "detected_by"}  # wall clock, and the file whose arrival raised an alert


def _rows(path: Path, table: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(path), read_only=True) as con:
        cols = [r[0] for r in con.execute(f"SELECT name FROM pragma_table_info('{table}')").fetchall()]
        rows = con.execute(f"SELECT {', '.join(c for c in cols if c not in SKIP)} FROM {table} ORDER BY ALL")
        return [tuple("NaN" if v != v else v for v in r) for r in rows.fetchall()]


def test_backfill_equals_the_replay(replayed: Path, feed_dir: Feed, tmp_path: Path) -> None:
    path = tmp_path / "b.duckdb"
    with Store(path) as st:
        import_source("gdelt", feed_dir.folder, store=st, progress=False)
        report = backfill(st)
        assert report["periods_closed"] == {"day": 11, "week": 1} and report["alerts_added"] >= 1
        with pytest.raises(StoreError, match="monitor reset"):
            backfill(st)
    for table in (MONITOR_SERIES, MONITOR_DETECTORS, MONITOR_ALERTS, MONITOR_STATE):
        assert _rows(path, table) == _rows(replayed, table), table


@pytest.mark.spark
@pytest.mark.realdata
@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:fetch_arrow_table\\(\\) is deprecated:DeprecationWarning")
def test_series_on_spark_equal_duckdb_on_the_shared_files(real_store: Path) -> None:
    pytest.importorskip("pyspark.sql")
    # the session's store of every shared dataset: gdelt raw/gdelt1 and raw/gdelt2, 172,006 events
    with Store(real_store, read_only=True) as st:
        for freq in ("day", "week"):
            duck = finish_points(points_on(st, freq, "duckdb"), {}, freq)
            spark = finish_points(points_on(st, freq, "spark"), {}, freq)
            # the sums are exact (Goldstein in tenths, tone as decimals): equal to the last bit
            pd.testing.assert_frame_equal(duck, spark, check_dtype=False)
            assert len(duck) > 1000
