"""The embedded DuckDB store, imports into it, and downloads from the publishers.

* :class:`Store`: one table per source table, ``_imports`` and ``quarantine``; atomic, idempotent imports;
  :func:`using`, the one way code gets a store for a piece of work; :meth:`Store.require` checks a table.
* :func:`import_source`, :func:`import_all`: load local files through the source registry and import them.
* :func:`pull`: download the publishers' files listed in ``sources/manifest.toml``, resumable and verified.
"""

from __future__ import annotations

from multivector.store.db import ImportSummary, Store, TableSummary, using
from multivector.store.download import DownloadResult, download_file, pull
from multivector.store.importing import import_all, import_source
from multivector.store.manifest import ManifestEntry, load_manifest

__all__ = [
    "DownloadResult",
    "ImportSummary",
    "ManifestEntry",
    "Store",
    "TableSummary",
    "download_file",
    "import_all",
    "import_source",
    "load_manifest",
    "pull",
    "using",
]
