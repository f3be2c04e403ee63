"""The same Ibis event-measure expressions on DuckDB and on local PySpark give the same results."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import ibis
import pandas as pd
import pytest

from multivector.query import dyad_event_measures, power_shares_of_cooperation
from multivector.query.spark import local_session, table_from_parquet
from multivector.sources import gdelt

pytestmark = [
    pytest.mark.spark,
    pytest.mark.realdata,
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:fetch_arrow_table\\(\\) is deprecated:DeprecationWarning"),
]


@pytest.fixture(scope="module")
def backends(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:  # type: ignore[type-arg]
    pytest.importorskip("pyspark.sql")
    con = duckdb.connect()
    gdelt.import_into(con, shared_data / "gdelt")
    parquet = tmp_path_factory.mktemp("spark") / "gdelt_events.parquet"
    con.execute(f"COPY gdelt_events TO '{parquet}' (FORMAT parquet)")
    spark = local_session(app="multivector-parity")
    duck = ibis.duckdb.from_connection(con).table("gdelt_events")
    sp = table_from_parquet(spark, parquet, "gdelt_events")
    yield duck, sp
    con.close()  # the Spark session stays for the process: the monitor's Spark test reuses its JVM


def _same(a: pd.DataFrame, b: pd.DataFrame, keys: list[str]) -> None:
    a = a.sort_values(keys).reset_index(drop=True)
    b = b[a.columns].sort_values(keys).reset_index(drop=True)
    assert len(a) == len(b) > 0
    for col in a.columns:
        if pd.api.types.is_float_dtype(a[col]):
            pd.testing.assert_series_equal(
                a[col], b[col].astype("float64"), check_exact=False, rtol=0, atol=1e-9
            )
        else:
            assert a[col].astype(str).tolist() == b[col].astype(str).tolist(), col


@pytest.mark.parametrize(
    ("period", "weight", "root_only"), [("month", None, False), ("year", "mentions", True)]
)
def test_dyad_measures_parity(backends: tuple, period: str, weight: str | None, root_only: bool) -> None:  # type: ignore[type-arg]
    duck, sp = backends
    keys = ["source", "target", "year"] + (["month"] if period == "month" else [])
    a = dyad_event_measures(duck, period=period, weight=weight, root_only=root_only).execute()  # type: ignore[arg-type]
    b = dyad_event_measures(sp, period=period, weight=weight, root_only=root_only).execute()  # type: ignore[arg-type]
    _same(a, b, keys)


def test_power_shares_parity(backends: tuple) -> None:  # type: ignore[type-arg]
    duck, sp = backends
    a = power_shares_of_cooperation(duck, "KAZ", period="month").execute()
    b = power_shares_of_cooperation(sp, "KAZ", period="month").execute()
    _same(a, b, ["partner", "year", "month"])
