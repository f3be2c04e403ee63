"""One assessment of any country, from 1992 to this year, behind every interface.

:func:`assess` (one country, one year), :func:`assess_many` (many countries, one panel), :func:`assess_series`
(every year), :func:`compare` and :func:`rank` (a table of countries), :func:`add_balance` (the country-year
panel step). The rules: :data:`RULES` and ``docs/assessment.md``.
"""

from __future__ import annotations

from multivector.assessment.assess import (
    FIRST_YEAR,
    SERIES_COLUMNS,
    assess,
    assess_many,
    assess_series,
    open_store,
    resolve_casebook,
)
from multivector.assessment.figures import store_countries
from multivector.assessment.model import (
    FLAGS,
    Assessment,
    Composite,
    DimensionAssessment,
    EvidenceCount,
    FigureSummary,
    Tilt,
)
from multivector.assessment.select import RULES
from multivector.assessment.tables import (
    CENTRAL_ASIA,
    COMPARE_COLUMNS,
    add_balance,
    compare,
    compare_row,
    rank,
)

__all__ = [
    "CENTRAL_ASIA",
    "COMPARE_COLUMNS",
    "FIRST_YEAR",
    "FLAGS",
    "RULES",
    "SERIES_COLUMNS",
    "Assessment",
    "Composite",
    "DimensionAssessment",
    "EvidenceCount",
    "FigureSummary",
    "Tilt",
    "add_balance",
    "assess",
    "assess_many",
    "assess_series",
    "compare",
    "compare_row",
    "open_store",
    "rank",
    "resolve_casebook",
    "store_countries",
]
