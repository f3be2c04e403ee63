"""The record types of the vocabulary registry :mod:`multivector.dimensions`: what a data source, a store
table and a dimension's evidence rule are, and the ways a dimension's balance is built. The registry itself
(every name, and the spec of each) is :mod:`multivector.dimensions`; import these types from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["CONSTRUCTIONS", "Construction", "Evidence", "EvidenceKind", "SourceInfo", "TableSpec"]


@dataclass(frozen=True)
class SourceInfo:
    """A data source users import (``multivector data import NAME PATH``): its ``name`` and its ``folder``
    in a directory laid out like ``shared/data`` (``"."``: the directory itself). Its tables are those of
    ``multivector.dimensions.TABLES`` whose ``source`` it is
    (:func:`~multivector.dimensions.tables_of_source`); the loader registers itself in
    :mod:`multivector.sources.registry` under this name."""

    name: str
    folder: str


@dataclass(frozen=True)
class TableSpec:
    """A store table: ``name``, the registered ``source`` that fills it, and what one row counts.

    ``rows`` is what one stored row counts and ``rows_read`` what one row the loader read, kept or
    rejected counts (rows of the source files); ``rows_why`` says why the table stores another number
    of rows than the loader kept, where it does (``multivector data status`` shows all three).
    ``dataset`` names the dataset a table is one *release* of, when the store keeps several releases of
    one dataset side by side (SIPRI's exports of 2022, 2025 and 2026):
    :func:`~multivector.dimensions.releases_of` lists them and :meth:`multivector.store.Store.releases`
    says which are stored, with each one's version and generation date (docs/store.md, "Releases").
    """

    name: str
    source: str
    rows: str
    description: str = ""
    #: Columns holding the ISO3 code of the country a row is about (for "which countries have data").
    country_columns: tuple[str, ...] = ()
    #: The column holding the year, where rows are dated.
    year_column: str | None = None
    #: The dataset a table belongs to: releases of one dataset share it (SIPRI's 2025 and 2026 exports).
    dataset: str = ""
    #: What one row read (kept or rejected) counts.
    rows_read: str = "file rows"
    #: Why the table stores another number of rows than were kept ("" when it stores one per row kept).
    rows_why: str = ""


Construction = Literal[
    "share-of-flows", "defence-pledge-presence", "vote-equidistance", "shared-membership-count"
]
#: How a dimension's balance is built, and why it is (or is not) on the composite's scale.
CONSTRUCTIONS: dict[str, str] = {
    "share-of-flows": "normalised entropy of the four powers' shares of an additive flow",
    "defence-pledge-presence": "normalised entropy of 0/1 defence pledges with each power (ln m / ln 4)",
    "vote-equidistance": "distance-based evenness of UN vote agreement with the powers (not a share)",
    "shared-membership-count": "evenness of counts of shared memberships (near 1 by construction)",
}
EvidenceKind = Literal["powers", "votes", "events"]


@dataclass(frozen=True)
class Evidence:
    """The least evidence a figure needs: ``minimum`` of ``kind``.

    ``powers``: powers quantified (a stated tie, 0 included); ``votes``: roll calls the country shares
    with every power; ``events``: cooperative events with the four powers together.
    """

    kind: EvidenceKind
    minimum: int
    why: str
