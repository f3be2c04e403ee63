"""multivector: measure, monitor and stress-test how a state balances its ties among the great powers.

The public API is listed in ``__all__`` (pinned by ``tests/test_public_api.py``).
"""

from __future__ import annotations

from multivector.errors import (
    CasebookError,
    DataError,
    DownloadError,
    InputError,
    MultivectorError,
    PipelineError,
    ScenarioError,
    StoreError,
    UnknownCountryError,
)

__version__ = "0.1.0"

__all__ = [
    "CasebookError",
    "DataError",
    "DownloadError",
    "InputError",
    "MultivectorError",
    "PipelineError",
    "ScenarioError",
    "StoreError",
    "UnknownCountryError",
    "__version__",
]
