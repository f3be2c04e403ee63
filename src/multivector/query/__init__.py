"""Backend-agnostic queries over the store, written with Ibis (DuckDB by default, PySpark to scale out).

The same expression runs on any Ibis backend: build it from a table of the backend
(``ibis.duckdb.connect(store).table("gdelt_events")`` or ``ibis.pyspark.connect(spark).table(...)``)
and ``.execute()`` it there.
"""

from multivector.query.events import (
    COOPERATIVE_QUAD_CLASSES,
    QUAD_CLASS_COLUMNS,
    dyad_event_measures,
    power_shares_of_cooperation,
)

__all__ = [
    "COOPERATIVE_QUAD_CLASSES",
    "QUAD_CLASS_COLUMNS",
    "dyad_event_measures",
    "power_shares_of_cooperation",
]
