"""Helpers shared by test folders. tests/ is on ``sys.path`` (pytest puts it there for tests/conftest.py),
so a test imports them as ``from _helpers import ...``."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from multivector.provenance import LoadReport, LoadResult, Provenance


def tiny_result(table: pd.DataFrame, source: str, title: str = "tiny test table") -> LoadResult:
    """A hand-made ``table`` as a :class:`LoadResult` of ``source``: every row read and kept, none rejected,
    with a placeholder provenance."""
    prov = Provenance(
        source=source,
        title=title,
        publisher="tests",
        version="1",
        citation="-",
        url="-",
        license="-",
    )
    n = len(table)
    return LoadResult(table=table, provenance=prov, report=LoadReport(rows_read=n, rows_kept=n))


def simulate_votes(
    theta: np.ndarray, n_rc: int, rng: np.random.Generator, year: int, names: list[str]
) -> pd.DataFrame:
    """Simulated UN roll calls of one year, ordered probit: latent beta_j * theta_i + e (e ~ N(0, 1));
    no < c1 <= abstain < c2 <= yes (Voeten codes 3, 2, 1); 5 % absent (code 8)."""
    beta = rng.normal(0, 1.5, n_rc)
    c1 = rng.normal(-0.8, 0.8, n_rc)
    c2 = c1 + rng.uniform(0.1, 0.8, n_rc)
    latent = theta[:, None] * beta[None, :] + rng.normal(size=(len(theta), n_rc))
    cat = np.where(latent < c1, 3, np.where(latent < c2, 2, 1))
    cat[rng.random(cat.shape) < 0.05] = 8
    ii, jj = np.meshgrid(np.arange(len(theta)), np.arange(n_rc), indexing="ij")
    return pd.DataFrame(
        {
            "vote_id": [f"{year}_{j}" for j in jj.ravel()],
            "iso3": np.array(names)[ii.ravel()],
            "year": year,
            "vote_code": cat.ravel(),
        }
    )


def country_names(n: int) -> list[str]:
    """``n`` country codes for simulated votes: USA (the sign anchor) and C00, C01, ..."""
    return ["USA"] + [f"C{i:02d}" for i in range(n - 1)]


def random_walk(rng: np.random.Generator, n: int, n_years: int, step: float) -> np.ndarray:
    """True ideal points (n countries x n_years): N(0, 1) start, the first country (USA) at 1.8, then a
    Gaussian random walk with sd ``step`` per year."""
    theta = np.empty((n, n_years))
    theta[:, 0] = rng.normal(0, 1, n)
    theta[0, 0] = 1.8
    for t in range(1, n_years):
        theta[:, t] = theta[:, t - 1] + rng.normal(0, step, n)
    return theta


def run_cli(capsys: Any, *args: str) -> tuple[int, str, str]:
    """Run ``multivector ARGS`` in this process through the console script's entry point (so library errors
    become one line and exit code 2, as for a user): (exit code, stdout, stderr)."""
    from multivector.cli.main import main

    capsys.readouterr()
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0) if not isinstance(exc.code, str) else 1
    out, err = capsys.readouterr()
    return code, out, err
