"""Where multivector finds shared datasets and keeps its own store.

* ``MULTIVECTOR_DATA_DIR``: a directory laid out like the project's ``shared/data`` (one folder per
  source with a ``SOURCE.md``). Default: ``../shared/data`` relative to the current directory, if it exists.
* ``MULTIVECTOR_HOME``: where the DuckDB store and downloads live. Default: the user data directory
  (``platformdirs.user_data_dir("multivector")``).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

__all__ = ["data_dir", "downloads_dir", "home_dir", "store_path"]


def data_dir() -> Path | None:
    """Return the shared data directory, or ``None`` when there is none.

    ``MULTIVECTOR_DATA_DIR`` wins; otherwise ``../shared/data`` next to the working directory.
    """
    env = os.environ.get("MULTIVECTOR_DATA_DIR")
    if env:
        return Path(env).expanduser()
    for candidate in (Path.cwd().parent / "shared" / "data", Path.cwd() / "shared" / "data"):
        if candidate.is_dir():
            return candidate
    return None


def home_dir() -> Path:
    """Return (and create) the directory holding the store and downloads (``MULTIVECTOR_HOME``)."""
    env = os.environ.get("MULTIVECTOR_HOME")
    path = Path(env).expanduser() if env else Path(platformdirs.user_data_dir("multivector"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_path() -> Path:
    """Path of the DuckDB store file inside :func:`home_dir`."""
    return home_dir() / "multivector.duckdb"


def downloads_dir() -> Path:
    """Directory for downloaded raw files inside :func:`home_dir`."""
    path = home_dir() / "downloads"
    path.mkdir(parents=True, exist_ok=True)
    return path
