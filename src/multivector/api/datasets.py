"""Which datasets stand behind an answer: for each, its title, publisher, version, citation, URL and licence.

Every number the API computes from the store is traceable to the datasets it was computed from. The
fields come from the store's import records (:meth:`multivector.store.Store.provenance`: what each loader
recorded when the files were imported); a field a record lacks is filled from the download manifest
(``multivector/sources/manifest.toml``, the publisher's own description). One entry per dataset (the
registered source), naming the store tables read and, for balance figures, the dimensions it feeds::

    {"id": "atop", "source": "atop", "kind": "dataset", "title": "Alliance Treaty Obligations and ...",
     "publisher": "ATOP Project ...", "version": "5.1 ...", "citation": "Leeds, Ritter, ...",
     "url": "http://www.atopdata.org", "license": "...", "date": null, "tables": ["atop"],
     "dimensions": ["alliances"], "imported_at": "2025-..."}

The casebook's citations (:class:`multivector.report.model.Citation`) map onto the same fields
(:func:`citation_source`), so a ``/compare`` row names its sources the same way whether its numbers come
from the store or from the casebook.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from multivector.errors import MultivectorError, StoreBusyError

if TYPE_CHECKING:
    from multivector.api.deps import DataContext
    from multivector.report.model import Citation

__all__ = [
    "DIMENSION_TABLES",
    "citation_source",
    "dataset_sources",
    "dimension_sources",
    "missing_data_message",
    "source_of",
]

#: The store tables each balance dimension of :mod:`multivector.panels.balance` reads.
DIMENSION_TABLES: dict[str, tuple[str, ...]] = {
    "trade": ("cow_trade", "cow_trade_national"),
    "arms": ("sipri_tiv",),
    "alliances": ("atop",),
    "unga": ("unga_votes",),
    "events": ("gdelt_events",),
}

_FIELDS = ("title", "publisher", "version", "citation", "url", "license")


@lru_cache(maxsize=1)
def _manifest() -> dict[str, dict[str, str]]:
    """The manifest's description of each source (the first entry that feeds it), by source name."""
    try:
        from multivector.store.manifest import load_manifest

        entries = load_manifest()
    except (ImportError, MultivectorError):
        return {}
    out: dict[str, dict[str, str]] = {}
    for entry in entries.values():
        out.setdefault(
            entry.source,
            {
                "publisher": entry.publisher,
                "version": entry.version,
                "citation": entry.citation,
                "url": entry.page or entry.url,
                "license": entry.licence,
            },
        )
    return out


@lru_cache(maxsize=8)
def _records(ctx: DataContext, version: int) -> tuple[dict[str, Any], ...]:
    """The store's import records (cached per store version)."""
    try:
        return tuple(ctx.store().provenance())
    except StoreBusyError:
        raise  # a 503, never cached as "no records"
    except MultivectorError:
        return ()


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def dataset_sources(
    ctx: DataContext,
    tables: Iterable[str],
    dimensions: Mapping[str, Sequence[str]] | None = None,
) -> list[dict[str, Any]]:
    """One entry per dataset behind ``tables`` (in the order of the store's import records).

    ``dimensions`` maps a table to the balance dimensions it feeds (named in the entry's ``dimensions``).
    Tables the store does not hold are left out: a figure is only ever traced to data that were read.
    """
    wanted = list(dict.fromkeys(tables))
    if not wanted or not ctx.tables():
        return []
    dims_of = dimensions or {}
    by_source: dict[str, dict[str, Any]] = {}
    for rec in _records(ctx, ctx.store_version()):
        table = str(rec.get("table"))
        if table not in wanted:
            continue
        source = str(rec.get("source"))
        prov = rec.get("provenance") or {}
        fallback = _manifest().get(source, {})
        fields = {key: _text(prov.get(key)) or _text(fallback.get(key)) for key in _FIELDS}
        # one entry per dataset and citation: tables of one source imported from different releases (SIPRI's
        # TIV tables and register, each with its generation date) keep their own citations
        key = f"{source}\x00{fields.get('citation') or ''}\x00{fields.get('version') or ''}"
        entry = by_source.get(key)
        if entry is None:
            same = sum(1 for e in by_source.values() if e["source"] == source)
            entry = {"id": source if not same else f"{source}:{table}", "source": source, "kind": "dataset"}
            entry.update(fields)
            entry["version"] = entry["version"] or _text(rec.get("version"))
            entry["title"] = entry["title"] or source
            entry["citation"] = entry["citation"] or ""
            entry.update(date=None, tables=[], dimensions=[], imported_at=_text(rec.get("imported_at")))
            by_source[key] = entry
        entry["tables"].append(table)
        for dim in dims_of.get(table, ()):
            if dim not in entry["dimensions"]:
                entry["dimensions"].append(dim)
    return list(by_source.values())


def dimension_sources(ctx: DataContext, dims: Iterable[str]) -> list[dict[str, Any]]:
    """The datasets behind the balance dimensions ``dims`` (see :data:`DIMENSION_TABLES`)."""
    tables: dict[str, list[str]] = {}
    for dim in dims:
        for table in DIMENSION_TABLES.get(dim, ()):
            tables.setdefault(table, []).append(dim)
    return dataset_sources(ctx, tables, tables)


def citation_source(cite: Citation) -> dict[str, Any]:
    """A casebook citation as a source entry (the same fields as a dataset's; ``date`` for its date)."""
    return {
        "id": cite.id,
        "source": cite.id,
        "kind": cite.kind,
        "title": cite.title,
        "publisher": cite.publisher,
        "version": None,
        "date": cite.date,
        "citation": cite.text,
        "url": cite.url,
        "license": None,
        "tables": [],
        "dimensions": [],
        "imported_at": None,
    }


@lru_cache(maxsize=64)
def source_of(table: str) -> str | None:
    """The registered data source that fills ``table`` (what ``multivector data import`` takes), or None."""
    try:
        from multivector.sources import registry

        for name in registry.source_names():
            if table in registry.get_source(name).tables:
                return name
    except (ImportError, MultivectorError):
        return None
    return None


def missing_data_message(what: str, tables: Sequence[str]) -> str:
    """Why ``what`` cannot be answered: the tables (and their sources) this server's store lacks, worded for
    an HTTP client (who cannot import data) with the import for whoever runs the server."""
    sources = list(dict.fromkeys(source_of(t) or t for t in tables))
    names = ", ".join(repr(t) for t in tables)
    imports = "; ".join(f"`multivector data import {s} PATH`" for s in sources)
    return (
        f"{what} needs the data of {', '.join(sources)} (table{'s' if len(tables) > 1 else ''} {names}), "
        f"which this server's store does not hold; whoever runs the server can import it with {imports}"
    )
