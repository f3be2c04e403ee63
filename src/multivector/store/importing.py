"""Import local files into the store: one source (:func:`import_source`) or a whole data directory
(:func:`import_all`).

Each source is loaded by its registered :class:`~multivector.sources.registry.SourceSpec` and written by
:meth:`Store.import_result` in one transaction; a source with a DuckDB-native importer
(``SourceSpec.native``, e.g. GDELT) writes its tables itself through :meth:`Store.import_native`, in one
transaction too.

The store is opened (and, being writable, locked) before any file is parsed, so a second import while
one runs stops at once with :class:`~multivector.errors.StoreBusyError` instead of parsing everything
first. In :func:`import_all` a source that fails is reported and the others are still imported; a source
whose files are not in the directory is skipped and named (:class:`SkippedSource`), not a failure.
Progress shows the source and the file being read (Rich, on stderr).
"""

from __future__ import annotations

import time
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from multivector.errors import DataError, InputError, MissingFilesError, MultivectorError
from multivector.provenance import LoadResult
from multivector.sources import registry
from multivector.sources.progress import listening
from multivector.store.db import ImportSummary, Store, using
from multivector.store.files import PER_FILE_IMPORTERS
from multivector.store.verify import PINS_FILE, check_pins

__all__ = ["SkippedSource", "import_all", "import_source", "summary_line"]

_console = Console(stderr=True)


@dataclass
class SkippedSource(ImportSummary):
    """A source :func:`import_all` did not import because its files are not in the directory (``reason``
    says what was looked for). Not a failure: ``ok`` is True and nothing was written."""

    reason: str = ""


def _opened(store: Store | None) -> AbstractContextManager[Store]:
    """``store`` (or the default store), writable, opened now: the writer lock is taken here."""
    return using(store, read_only=False)


class _Display:
    """Rich progress on stderr: one bar over the sources, the file being read as its description."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.progress: Progress | None = None
        if enabled:
            columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
            self.progress = Progress(*columns, TimeElapsedColumn(), console=_console, transient=True)
        self.total = total
        self.task = None if self.progress is None else self.progress.add_task("importing", total=total)
        self.source = ""

    def __enter__(self) -> _Display:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def step(self, source: str, what: str) -> None:
        self.source = source
        self._show(what)

    def file(self, label: str) -> None:
        name = label.replace("\\", "/").rsplit("/", 1)[-1]
        self._show(f"reading {name}")

    def _show(self, what: str) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, description=f"{self.source}: {what}")

    def done(self, line: str) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.advance(self.task)
            self.progress.console.print(line, highlight=False)


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
            check_pins(path / entry.name)  # the files are still the ones downloaded and verified
            return path / entry.name
    if (path.parent / PINS_FILE).is_file():
        check_pins(path)
    return path


def _load(name: str, path: Path) -> dict[str, LoadResult]:
    spec = registry.get_source(name)
    results = spec.load(path)
    if not isinstance(results, dict) or not results:
        raise DataError(f"source {name!r} found no table to load in {path}")
    return results


def _import_one(st: Store, spec: registry.SourceSpec, path: Path, display: _Display) -> ImportSummary:
    """Load and write one source on the opened store."""
    if spec.name in PER_FILE_IMPORTERS:  # one transaction per file; no file's import replaces another's rows
        display.step(spec.name, "importing file by file")
        return PER_FILE_IMPORTERS[spec.name](st, path, False)
    with listening(display.file):
        if spec.native is not None:  # the source writes into the store itself, in the store's transaction
            display.step(spec.name, "checksumming the files")
            plans = spec.native(path)
            display.step(spec.name, f"importing {len(plans)} table{'s' if len(plans) != 1 else ''}")
            return st.import_native(spec.name, plans)
        display.step(spec.name, "loading")
        results = _load(spec.name, path)
    display.step(spec.name, "writing")
    summary = st.import_result(spec.name, results)
    summary.duplicates = _duplicates(results)
    return summary


def import_source(
    name: str, path: str | Path, store: Store | None = None, progress: bool = True
) -> ImportSummary:
    """Load source ``name`` from ``path`` (a file or a folder) and import it into ``store``.

    ``path`` may be the download cache of `data pull` (e.g. ``config.downloads_dir()``): the folder of
    the manifest entry for ``name`` is then read, with the publishers' original files.

    Raises :class:`InputError` for an unknown source or a missing path, :class:`StoreBusyError` at once
    when another process holds the store, the loader's :class:`DataError` for a bad file, and
    :class:`StoreError` when the store cannot be written. The store is unchanged on error.
    """
    spec = registry.get_source(name)  # unknown names fail before anything is read
    p = Path(path).expanduser()
    if not p.exists():
        raise InputError(f"cannot import {name!r}: {p} does not exist")
    p = _download_folder(name, p)
    start = time.perf_counter()
    with _opened(store) as st, _Display(1, progress) as display:
        summary = _import_one(st, spec, p, display)
    summary.path = str(p)
    if progress:
        _console.print(summary_line(summary, time.perf_counter() - start), highlight=False)
    return summary


def _duplicates(results: dict[str, LoadResult]) -> dict[str, int]:
    """Rejected rows that repeat a row already kept, per reason, over the loaders' reports."""
    dups: dict[str, int] = {}
    for res in results.values():
        for reason, n in res.report.reasons.items():
            if reason.startswith("duplicate"):
                dups[reason.strip()] = dups.get(reason.strip(), 0) + n
    return dups


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(summary: ImportSummary, seconds: float) -> str:
    """One line per source: what was read, kept, rejected (quarantined for a problem) and skipped as a
    duplicate (a row repeating one already kept, e.g. a UN Digital Library roll call that Voeten's file
    has: it is not imported twice), and the tables written or not found."""
    if isinstance(summary, SkippedSource):
        return f"[yellow]- {summary.source}[/] skipped: {summary.reason}"
    if not summary.ok:
        return f"[red]✗ {summary.source}[/]: {summary.error}"
    word = "unchanged" if summary.unchanged else "imported"
    n_dup = summary.rows_duplicate
    rejected = summary.rows_rejected - n_dup
    dup_text = ""
    if n_dup:
        what = "; ".join(f"{reason}: {n:,}" for reason, n in summary.duplicates.items())
        dup_text = f", duplicates not imported twice {n_dup:,} ({what})"
    spec = registry.get_source(summary.source) if summary.source in registry.source_names() else None
    written = {t.table for t in summary.tables}
    per_file = summary.source in PER_FILE_IMPORTERS  # names every file it reads; its file table is its own
    absent = [t for t in (spec.tables if spec and not per_file else ()) if t not in written]
    missing = f"; no file found for {', '.join(absent)}" if absent else ""
    return (
        f"[green]✓ {summary.source}[/] {word}: read {summary.rows_read:,}, kept {summary.rows_kept:,},"
        f" rejected {rejected:,}{dup_text} ({_plural(len(summary.tables), 'table')}, {seconds:.1f}s){missing}"
    )


def import_all(
    directory: str | Path, store: Store | None = None, progress: bool = True
) -> list[ImportSummary]:
    """Import every registered source whose folder exists under ``directory`` (a data directory, one folder
    per source: see :mod:`multivector.config`).

    Returns one summary per source tried: a failed source has ``error`` set and does not stop the others;
    a source whose files are not there is a :class:`SkippedSource` (named, not an error). The store is
    opened first: :class:`StoreBusyError` before anything is parsed when another process holds it.
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
    with _opened(store) as st, _Display(len(todo), progress) as display:
        for spec in todo:
            folder = root / spec.folder
            start = time.perf_counter()
            summary: ImportSummary
            try:
                summary = _import_one(st, spec, folder, display)
            except MissingFilesError as exc:
                summary = SkippedSource(source=spec.name, reason=str(exc))
            except MultivectorError as exc:
                summary = ImportSummary(source=spec.name, error=str(exc))
            except Exception as exc:  # a loader bug must not poison the other sources
                summary = ImportSummary(source=spec.name, error=f"{type(exc).__name__}: {exc}")
            summary.path = str(folder)
            summaries.append(summary)
            line = summary_line(summary, time.perf_counter() - start)
            if progress:
                display.done(line)
    return summaries
