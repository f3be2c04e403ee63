"""One citation builder: casebook sources and imported datasets as numbered citations.

Every number a user sees names its sources. A casebook figure cites the casebook's sources (the article's
footnotes and references, web pages, reports); a figure computed from the store cites the dataset it was
read from, with the publisher's citation, the version and the files' SHA-256 as recorded at import
(:meth:`multivector.store.Store.provenance`). Both become :class:`Citation` entries with the same fields,
numbered in the order a document first uses them, so the report, the CLI, the API and the dashboard number
a source the same way.

Dataset ids are ``data-<source>`` (``data-unga``); casebook ids are the casebook's own source ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from multivector.casebook.schema import Source
    from multivector.store.db import Store

__all__ = [
    "DATASET_PREFIX",
    "Citation",
    "anchor_of",
    "casebook_fields",
    "dataset_citation_fields",
    "dataset_fields",
    "dataset_id",
    "number_citations",
]

#: Prefix of the citation id of a dataset (``data-unga``).
DATASET_PREFIX = "data-"


class Citation(BaseModel):
    """One entry of a document's source list. ``number`` is the document's numbering (``[4]``), ``anchor``
    the HTML/Markdown anchor (``src-fn4``), ``text`` the citation as printed (title, publisher, version or
    date), followed by ``url``. ``version`` is a dataset's release; ``tables`` the store tables read."""

    model_config = ConfigDict(extra="forbid")

    id: str
    number: int
    anchor: str
    kind: str
    title: str
    url: str | None = None
    publisher: str | None = None
    date: str | None = None
    version: str | None = None
    license: str | None = None
    note: str | None = None
    text: str
    tables: list[str] = Field(default_factory=list)


def anchor_of(source_id: str) -> str:
    """The HTML/Markdown anchor of a source id (``src-`` and the id with other characters as ``-``)."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in source_id)
    return f"src-{safe}"


def dataset_id(source: str) -> str:
    """The citation id of a registered data source (``unga`` -> ``data-unga``)."""
    return f"{DATASET_PREFIX}{source}"


def casebook_fields(src: Source) -> dict[str, Any]:
    """The citation fields of a casebook source: ``text`` names the article's footnote or reference number
    where there is one, then the title, publisher and date."""
    prefix = ""
    if src.kind == "footnote" and src.number is not None:
        prefix = f"Article footnote {src.number}: "
    elif src.kind == "reference" and src.number is not None:
        prefix = f"Article reference {src.number}: "
    parts = [prefix + src.title]
    detail = ", ".join(x for x in (src.publisher, src.date) if x)
    if detail:
        parts.append(detail)
    text = ". ".join(p.rstrip(".") for p in parts) + "."
    return {
        "kind": src.kind,
        "title": src.title,
        "url": src.url,
        "publisher": src.publisher,
        "date": src.date,
        "version": None,
        "license": None,
        "note": src.note,
        "text": text,
        "tables": [],
    }


def _files_text(records: Sequence[Mapping[str, Any]]) -> str:
    files: dict[str, str] = {}
    for rec in records:
        listed = rec["provenance"].get("files") or []
        if listed and len(listed) <= 4:
            for f in listed:
                files[Path(str(f.get("path", ""))).name] = str(f.get("sha256", ""))
        else:
            name = Path(str(rec["file_path"])).name
            what = f"{len(listed)} files" if listed else name
            files[what] = str(rec["sha256"]).removeprefix("files:")
    return "; ".join(f"{name} sha256 {sha}" for name, sha in files.items())


def _manifest_fields(source: str) -> dict[str, str]:
    """The download manifest's description of ``source`` (the publisher's own words), or nothing."""
    from multivector.errors import MultivectorError
    from multivector.store.manifest import load_manifest

    try:
        entries = load_manifest()
    except MultivectorError:
        return {}
    for entry in entries.values():
        if entry.source == source:
            return {
                "publisher": entry.publisher,
                "version": entry.version,
                "citation": entry.citation,
                "url": entry.page or entry.url,
                "license": entry.licence,
            }
    return {}


def dataset_fields(records: Sequence[Mapping[str, Any]], source: str) -> dict[str, Any]:
    """The citation fields of dataset ``source`` from its import records (:meth:`Store.provenance`): the
    publisher's title and citation, the version, the licence, the files and their SHA-256; a field the
    records lack comes from the download manifest."""
    prov = dict(records[0]["provenance"]) if records else {}
    for key, value in _manifest_fields(source).items():
        if not prov.get(key) and value:
            prov[key] = value
    title = str(prov.get("title") or source)
    publisher = prov.get("publisher")
    version = prov.get("version") or (records[0].get("version") if records else None)
    citation = str(prov.get("citation") or "").strip()
    text = f"Dataset: {title}"
    if publisher:
        text += f". {publisher}"
    if version:
        text += f". Version {version}"
    text = text.rstrip(".") + "."
    if citation:
        text += f" Cite as: {citation.rstrip('.')}."
    files = _files_text(records)
    return {
        "kind": "dataset",
        "title": title,
        "url": prov.get("url"),
        "publisher": publisher,
        "date": None,
        "version": str(version) if version else None,
        "license": prov.get("license") or None,
        "note": f"Imported files: {files}." if files else None,
        "text": text,
        "tables": [str(r["table"]) for r in records],
    }


def dataset_citation_fields(
    store: Store, sources: Iterable[str], tables: Iterable[str] = ()
) -> dict[str, dict[str, Any]]:
    """Citation fields of each registered data source in ``sources``, keyed ``data-<source>``; sources the
    store does not hold are left out (a figure is only traced to data that were read). The records of the
    ``tables`` read come first, so the citation is theirs (COW's trade tables, not its state list)."""
    records = store.provenance()
    read = set(tables)
    out: dict[str, dict[str, Any]] = {}
    for source in dict.fromkeys(sources):
        mine = sorted((r for r in records if r["source"] == source), key=lambda r: r["table"] not in read)
        if mine:
            out[dataset_id(source)] = dataset_fields(mine, source)
    return out


def number_citations(order: Iterable[str], fields: Mapping[str, Mapping[str, Any]]) -> list[Citation]:
    """Number the sources in ``order`` (1, 2, ...) into :class:`Citation` entries; ids without fields are
    skipped."""
    out: list[Citation] = []
    for sid in dict.fromkeys(order):
        entry = fields.get(sid)
        if entry is None:
            continue
        out.append(Citation(id=sid, number=len(out) + 1, anchor=anchor_of(sid), **entry))
    return out
