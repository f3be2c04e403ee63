"""One way to turn table cells into JSON values: missing (None, NA, NaN, inf) is ``None``, never 0.

Every layer that hands numbers to a person or a JSON document (the assessment, the report, the API)
uses :func:`number_or_none`, :func:`json_value` and :func:`json_records`.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

__all__ = ["json_ready", "json_records", "json_value", "number_or_none"]


def number_or_none(value: Any) -> float | None:
    """``value`` as a finite float; ``None`` for None, NA, NaN, infinities and anything not a number."""
    if value is None or value is pd.NA:
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def json_value(value: Any) -> Any:
    """A cell as a JSON value: numpy scalars unwrapped, missing and non-finite numbers ``None``."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def json_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows as JSON-ready dictionaries (:func:`json_value` on every cell)."""
    return [
        {str(k): json_value(v) for k, v in rec.items()}
        for rec in frame.astype(object).to_dict(orient="records")
    ]


def json_ready(value: Any) -> Any:
    """A nested result (dicts, lists, tuples of cells) as JSON values (:func:`json_value` on every leaf;
    anything that is not a JSON type becomes its string)."""
    if isinstance(value, dict):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    leaf = json_value(value)
    if leaf is None or isinstance(leaf, str | int | float | bool):
        return leaf
    return str(leaf)
