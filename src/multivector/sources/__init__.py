"""Loaders for the field's datasets. Importing this package registers every source (see :mod:`.registry`)."""

# each module registers its source(s) on import
from multivector.sources import alliances, cited, cow, gdelt, igo, sipri, unga  # noqa: F401
from multivector.sources import trade_current  # noqa: F401
from multivector.sources.registry import SourceSpec, get_source, register, source_names

__all__ = ["SourceSpec", "get_source", "register", "source_names"]
