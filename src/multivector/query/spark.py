"""A local PySpark session for running the Ibis queries of :mod:`multivector.query` off DuckDB.

One place for the settings every local run needs (no web UI, UTC, loopback only, few shuffle partitions):
the monitor's Spark backfill, the Spark parity tests and the scale benchmark all start Spark here. Needs the
``[spark]`` extra (PySpark and a Java runtime).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from multivector.errors import InputError

__all__ = ["local_session", "table_from_parquet"]


def local_session(
    cores: int = 1, *, app: str = "multivector", shuffle_partitions: int = 2, driver_memory: str | None = None
) -> Any:
    """``SparkSession`` on ``local[cores]`` (an existing one is reused: ``getOrCreate``), UI off, session time
    zone UTC, bound to 127.0.0.1, log level ERROR."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise InputError("the spark backend needs PySpark: pip install 'multivector[spark]'") from None
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
    )
    if driver_memory:
        builder = builder.config("spark.driver.memory", driver_memory)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def table_from_parquet(spark: Any, parquet: str | Path, name: str) -> Any:
    """The Parquet file(s) at ``parquet`` as the Ibis table ``name`` of ``spark``."""
    import ibis

    spark.read.parquet(str(parquet)).createOrReplaceTempView(name)
    return ibis.pyspark.connect(spark).table(name)
