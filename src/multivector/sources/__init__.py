"""Loaders for the field's datasets. Importing this package registers every source (see :mod:`.registry`)."""

from multivector.sources.registry import SourceSpec, get_source, register, source_names

__all__ = ["SourceSpec", "get_source", "register", "source_names"]
