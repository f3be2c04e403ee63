"""Loaders for the field's datasets. Importing this package registers every source (see :mod:`.registry`)."""

# each module registers its source(s) on import
from multivector.sources import (  # noqa: F401
    alliances,
    baci,
    cited,
    cow,
    gdelt,
    igo,
    imts,
    sipri,
    sipri_2024,
    trade_current,
    unga,
    unga_undl,
)
from multivector.sources.registry import SourceSpec, get_source, register, source_names

__all__ = ["SourceSpec", "get_source", "register", "source_names"]
