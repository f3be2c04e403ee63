"""The registry of data sources: one :class:`SourceSpec` per source, looked up by name.

Each source module registers itself with :func:`register`; :mod:`multivector.sources` imports them all.
A spec knows the folder name it has in a directory laid out like ``shared/data`` and how to load a file or
folder into one or more tidy tables (``load(path) -> {table_name: LoadResult}``). The folder and the tables
come from the vocabulary (:data:`multivector.dimensions.SOURCES` and ``TABLES``): :func:`source_spec`
builds a spec from them, so no loader keeps its own list of table names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from multivector.dimensions import SOURCES, tables_of_source
from multivector.errors import InputError
from multivector.provenance import LoadReport, LoadResult, Provenance

__all__ = ["NativeImport", "SourceSpec", "get_source", "register", "source_names", "source_spec"]

Loader = Callable[[Path], dict[str, LoadResult]]


@dataclass(frozen=True)
class NativeImport:
    """One table a source writes straight into the store's DuckDB connection (no pandas round trip).

    ``provenance`` lists the files with their SHA-256 (the store keys idempotency on them); ``run(con,
    table, quarantine)`` is called inside the store's transaction when those files are not stored yet: it
    creates and fills ``table`` (absent when called) and appends its rejected rows to ``quarantine``
    (columns source, file, line, reason, raw), and returns the :class:`LoadReport`.
    """

    table: str
    provenance: Provenance
    run: Callable[[Any, str, str], LoadReport]


#: ``native(path)``: what a source with a DuckDB-native importer would write from ``path``.
NativePlanner = Callable[[Path], list[NativeImport]]


@dataclass(frozen=True)
class SourceSpec:
    """A data source.

    ``name``: what users type (``multivector data import NAME PATH``); ``folder``: its folder in a directory
    laid out like ``shared/data``; ``tables``: the store tables it fills; ``load``: reads a file or a folder.
    ``native`` (optional): a DuckDB-native importer the store uses instead of ``load`` (see
    :class:`NativeImport`).
    """

    name: str
    folder: str
    tables: tuple[str, ...]
    load: Loader
    description: str = ""
    native: NativePlanner | None = None


def source_spec(name: str, load: Loader, description: str, native: NativePlanner | None = None) -> SourceSpec:
    """The spec of the source ``name`` of :data:`multivector.dimensions.SOURCES`: its folder from there and
    its tables those of ``TABLES`` it fills (:func:`multivector.dimensions.tables_of_source`)."""
    info = SOURCES[name]
    return SourceSpec(
        name=info.name,
        folder=info.folder,
        tables=tables_of_source(name),
        load=load,
        description=description,
        native=native,
    )


_REGISTRY: dict[str, SourceSpec] = {}


def register(spec: SourceSpec) -> SourceSpec:
    """Add a source to the registry (idempotent for the same name)."""
    _REGISTRY[spec.name] = spec
    return spec


def get_source(name: str) -> SourceSpec:
    """Return the spec of a source, or raise :class:`InputError` listing the known names."""
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY)) or "(none registered)"
        raise InputError(f"unknown data source {name!r}; known sources: {known}") from None


def source_names() -> list[str]:
    """Names of all registered sources, sorted."""
    return sorted(_REGISTRY)
