"""Import local files into the store: one source (:func:`import_source`) or a whole data directory
(:func:`import_all`).

Each source is loaded by its registered :class:`~multivector.sources.registry.SourceSpec` and written by
:meth:`Store.import_result` in one transaction; a source with a DuckDB-native importer
(``SourceSpec.native``, e.g. GDELT) writes its tables itself through :meth:`Store.import_native`, in one
transaction too. In :func:`import_all` a source that fails is reported and the others are still imported.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console

from multivector.errors import DataError, InputError, MultivectorError
from multivector.provenance import LoadResult
from multivector.sources import registry
from multivector.store.db import ImportSummary, Store
from multivector.store.files import PER_FILE_IMPORTERS

__all__ = ["import_all", "import_source"]

_console = Console(stderr=True)


@contextmanager
def _opened(store: Store | None) -> Iterator[Store]:
    if store is not None:
        yield store
        return
    with Store() as own:
        yield own


@contextmanager
def _status(message: str, progress: bool) -> Iterator[None]:
    if not progress:
        yield
        return
    with _console.status(message):
        yield


def _download_folder(name: str, path: Path) -> Path:
    """``path`` itself, or, when it is the download cache (``downloads/<entry>/`` as `data pull` writes
    it), the folder of the manifest entry that feeds source ``name``: the loaders read the publishers'
    files (zips included) in it."""
    if not path.is_dir():
        return path
    from multivector.store.manifest import load_manifest

    try:
        entries = load_manifest()
    except MultivectorError:
        return path
    for entry in entries.values():
        if entry.source == name and entry.name != path.name and (path / entry.name).is_dir():
            return path / entry.name
    return path


def _load(name: str, path: Path) -> dict[str, LoadResult]:
    spec = registry.get_source(name)
    results = spec.load(path)
    if not isinstance(results, dict) or not results:
        raise DataError(f"source {name!r} found no table to load in {path}")
    return results


def import_source(
    name: str, path: str | Path, store: Store | None = None, progress: bool = True
) -> ImportSummary:
    """Load source ``name`` from ``path`` (a file or a folder) and import it into ``store``.

    ``path`` may be the download cache of `data pull` (e.g. ``config.downloads_dir()``): the folder of
    the manifest entry for ``name`` is then read, with the publishers' original files.

    Raises :class:`InputError` for an unknown source or a missing path, the loader's :class:`DataError` for a
    bad file, and :class:`StoreError` when the store cannot be written. The store is unchanged on error.
    """
    registry.get_source(name)  # unknown names fail before anything is read
    p = Path(path).expanduser()
    if not p.exists():
        raise InputError(f"cannot import {name!r}: {p} does not exist")
    p = _download_folder(name, p)
    start = time.perf_counter()
    spec = registry.get_source(name)
    if name in PER_FILE_IMPORTERS:  # one transaction per file; no file's import replaces another's rows
        with _opened(store) as st, _status(f"importing {name} files from {p} into {st.path}", progress):
            summary = PER_FILE_IMPORTERS[name](st, p, progress)
    elif spec.native is not None:  # the source writes into the store itself, in the store's transaction
        with _status(f"checksumming {name} files in {p}", progress):
            plans = spec.native(p)
        with _opened(store) as st, _status(f"importing {name} into {st.path}", progress):
            summary = st.import_native(name, plans)
    else:
        with _status(f"loading {name} from {p}", progress):
            results = _load(name, p)
        with _opened(store) as st, _status(f"writing {name} to {st.path}", progress):
            summary = st.import_result(name, results)
    summary.path = str(p)
    if progress:
        _console.print(_summary_line(summary, time.perf_counter() - start), highlight=False)
    return summary


def _summary_line(summary: ImportSummary, seconds: float) -> str:
    if not summary.ok:
        return f"[red]✗ {summary.source}[/]: {summary.error}"
    word = "unchanged" if summary.unchanged else "imported"
    return (
        f"[green]✓ {summary.source}[/] {word}: read {summary.rows_read:,}, kept {summary.rows_kept:,},"
        f" rejected {summary.rows_rejected:,} ({len(summary.tables)} tables, {seconds:.1f}s)"
    )


def import_all(
    directory: str | Path, store: Store | None = None, progress: bool = True
) -> list[ImportSummary]:
    """Import every registered source whose folder exists under ``directory`` (laid out like shared/data).

    Returns one summary per source tried; a failed source has ``error`` set and does not stop the others.
    Raises :class:`InputError` when ``directory`` is not a directory or no source folder is in it.
    """
    root = Path(directory).expanduser()
    if not root.is_dir():
        raise InputError(f"cannot import all: {root} is not a directory")
    specs = [registry.get_source(n) for n in registry.source_names()]
    todo = [s for s in specs if (root / s.folder).is_dir()]
    if not todo:
        known = ", ".join(sorted({s.folder for s in specs})) or "(no source registered)"
        raise InputError(f"no source folder found in {root}; expected one of: {known}")
    summaries: list[ImportSummary] = []
    with _opened(store) as st:
        for spec in todo:
            folder = root / spec.folder
            start = time.perf_counter()
            try:
                if spec.name in PER_FILE_IMPORTERS:
                    with _status(f"importing {spec.name} files from {folder}", progress):
                        summary = PER_FILE_IMPORTERS[spec.name](st, folder, progress)
                elif spec.native is not None:
                    with _status(f"importing {spec.name} from {folder}", progress):
                        summary = st.import_native(spec.name, spec.native(folder))
                else:
                    with _status(f"loading {spec.name} from {folder}", progress):
                        results = _load(spec.name, folder)
                    with _status(f"writing {spec.name}", progress):
                        summary = st.import_result(spec.name, results)
            except MultivectorError as exc:
                summary = ImportSummary(source=spec.name, error=str(exc))
            except Exception as exc:  # a loader bug must not poison the other sources
                summary = ImportSummary(source=spec.name, error=f"{type(exc).__name__}: {exc}")
            summary.path = str(folder)
            summaries.append(summary)
            if progress:
                _console.print(_summary_line(summary, time.perf_counter() - start), highlight=False)
    return summaries
