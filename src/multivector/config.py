"""Where multivector finds shared datasets and keeps its own store.

* ``MULTIVECTOR_DATA_DIR``: the data directory, one folder per source (the ``folder`` of each
  :class:`multivector.dimensions.SourceInfo`, e.g. ``arms``, ``trade``), each described by its ``SOURCE.md``.
  Default: a ``shared/data`` directory beside the working directory (``../shared/data``) or in it, if one
  exists.
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

    ``MULTIVECTOR_DATA_DIR`` wins; otherwise ``../shared/data``, then ``./shared/data`` (relative to the
    working directory), the first that is a directory.
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
