"""The casebook: cases of a country's ties with the great powers, every entry cited.

Load the built-in case or your own YAML file, and ask it for the tidy ties table the indicators use::

    from multivector.casebook import load_case, case_ties, headline_ties

    case = load_case("kazakhstan")          # or load_case("my_case.yaml")
    ties = case_ties(case)                  # one row per numeric tie
    profile_input = headline_ties(case)     # per dimension, the comparable group the profile is built on

The format is documented in ``docs/casebook.md`` and in :mod:`multivector.casebook.schema`.
"""

from __future__ import annotations

from multivector.casebook.load import BUILTIN_DIR, list_cases, load_case
from multivector.casebook.query import (
    ONE_OFF_KINDS,
    TIES_COLUMNS,
    TIMELINE_COLUMNS,
    case_ties,
    citation,
    find_figures,
    format_amount,
    headline_ties,
    source_of,
    tie_year,
    timeline,
)
from multivector.casebook.schema import (
    DIMENSIONS,
    Actor,
    Agreement,
    Amount,
    Case,
    Claim,
    Dimension,
    Flow,
    Infrastructure,
    Ownership,
    Source,
    Tie,
)

__all__ = [
    "BUILTIN_DIR",
    "DIMENSIONS",
    "ONE_OFF_KINDS",
    "TIES_COLUMNS",
    "TIMELINE_COLUMNS",
    "Actor",
    "Agreement",
    "Amount",
    "Case",
    "Claim",
    "Dimension",
    "Flow",
    "Infrastructure",
    "Ownership",
    "Source",
    "Tie",
    "case_ties",
    "citation",
    "find_figures",
    "format_amount",
    "headline_ties",
    "list_cases",
    "load_case",
    "source_of",
    "tie_year",
    "timeline",
]
