"""Small real-format helpers for the store tests (also imported by the subprocess of the kill test)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from multivector.provenance import REJECTED_COLUMNS, LoadReport, LoadResult, Provenance, file_info


def load_items(path: Path, source: str = "fake") -> dict[str, LoadResult]:
    """A tiny loader: ``items*.csv`` (id,value); negative values are rejected with their line."""
    files = sorted(path.glob("items*.csv")) if path.is_dir() else [path]
    kept, rejected = [], []
    for f in files:
        frame = pd.read_csv(f)
        for i, row in enumerate(frame.itertuples(index=False), start=2):
            if row.value < 0:
                rejected.append(
                    {
                        "source": source,
                        "file": str(f),
                        "line": i,
                        "reason": "negative value",
                        "raw": f"{row.id},{row.value}",
                    }
                )
            else:
                kept.append({"id": int(row.id), "value": float(row.value)})
    table = pd.DataFrame(kept, columns=["id", "value"])
    rej = pd.DataFrame(rejected, columns=list(REJECTED_COLUMNS))
    prov = Provenance(
        source=source,
        title="Fake items",
        publisher="Tests",
        version="1.0",
        citation="Fake, 2024.",
        url="http://example.invalid",
        license="CC0",
        files=tuple(file_info(f) for f in files),
    )
    report = LoadReport(rows_read=len(kept) + len(rejected), rows_kept=len(kept), rows_rejected=len(rejected))
    return {f"{source}_items": LoadResult(table=table, provenance=prov, report=report, rejected=rej)}


def write_items(path: Path, rows: list[tuple[int, float]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("id,value\n" + "".join(f"{i},{v}\n" for i, v in rows))
    return path
