"""Which datasets stand behind an answer, as the one citation builder (:mod:`multivector.citations`) makes
them, and what to say when a table is missing.

Every number the API computes from the store is traceable to the datasets it was computed from: the
fields come from the store's import records (what each loader recorded when the files were imported) and,
where a record lacks one, from the download manifest. The table -> source map is the registry's
(:data:`multivector.dimensions.TABLES`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from multivector import dimensions as vocab
from multivector.citations import dataset_citation_fields, dataset_id, number_citations

if TYPE_CHECKING:
    from multivector.api.deps import DataContext

__all__ = ["dataset_sources", "missing_data_message", "source_of"]


def source_of(table: str) -> str | None:
    """The registered data source that fills ``table`` (what ``multivector data import`` takes), or None."""
    spec = vocab.TABLES.get(table)
    return spec.source if spec is not None else None


def dataset_sources(ctx: DataContext, tables: Iterable[str]) -> list[dict[str, Any]]:
    """Numbered citations of the datasets behind ``tables`` (those the store holds; a figure is only ever
    traced to data that were read), in the order of ``tables``."""
    have = ctx.tables()
    wanted = [t for t in dict.fromkeys(tables) if t in have]
    sources = list(dict.fromkeys(s for s in (source_of(t) for t in wanted) if s is not None))
    if not sources:
        return []
    fields = dataset_citation_fields(ctx.store(), sources, wanted)
    return [c.model_dump() for c in number_citations([dataset_id(s) for s in sources], fields)]


def missing_data_message(what: str, groups: Sequence[Sequence[str]]) -> str:
    """Why ``what`` cannot be answered: for each group of tables (any one of a group would do) the sources
    this server's store lacks, worded for an HTTP client (who cannot import data), with the import for
    whoever runs the server."""
    needs = []
    for tables in groups:
        sources = list(dict.fromkeys(source_of(t) or t for t in tables))
        needs.append(sources[0] if len(sources) == 1 else "one of " + ", ".join(sources))
    imports = "; ".join(
        f"`multivector data import {s} PATH`"
        for t in groups
        for s in dict.fromkeys(source_of(x) or x for x in t)
    )
    return (
        f"{what} needs the data of {' and '.join(needs)}, which this server's store does not hold; whoever "
        f"runs the server can import it with {imports}"
    )
