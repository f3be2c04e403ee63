"""Request and response models of the REST API (pydantic), and the enums that validate query values.

The library's own models are reused as they are: a profile is :class:`multivector.Assessment`, a source is
:class:`multivector.citations.Citation`, so the API carries the same fields as the Python API, the CLI and
the report. :class:`Indicator` is derived from :data:`multivector.panels.SERIES`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from multivector.citations import Citation
from multivector.panels.build import SERIES

__all__ = [
    "MAX_DRAWS",
    "CaseEntries",
    "CaseSummary",
    "CasebookSection",
    "CompareResponse",
    "Country",
    "ErrorResponse",
    "Indicator",
    "IndicatorInfo",
    "ScenarioDetail",
    "ScenarioParameter",
    "ScenarioRunRequest",
    "ScenarioRunResponse",
    "ScenarioSummary",
    "SeriesResponse",
    "SeriesRow",
]

#: Most Monte Carlo draws one request may ask for.
MAX_DRAWS = 20_000


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorResponse(_Out):
    """Every 4xx and 5xx answer: what is wrong and, when one field is to blame, which."""

    error: str = Field(description="what is wrong and what to do about it")
    field: str | None = Field(default=None, description="the query, path or body field at fault")


#: The dyad indicators ``/series`` and the panel export know (:data:`multivector.panels.SERIES`).
Indicator = StrEnum("Indicator", [(name, name) for name in SERIES])  # type: ignore[misc]


class CasebookSection(StrEnum):
    """The sections of a case the casebook endpoints serve."""

    actors = "actors"
    ties = "ties"
    agreements = "agreements"
    infrastructure = "infrastructure"
    claims = "claims"
    sources = "sources"


class IndicatorInfo(_Out):
    """One indicator: its name, what it measures, its unit and the panel step that computes it."""

    name: str
    label: str
    unit: str
    step: str
    column: str
    description: str


class Country(_Out):
    """A country the API can say something about."""

    iso3: str
    name: str
    case: str | None = Field(default=None, description="the built-in casebook case of this country")
    has_case: bool
    has_data: bool = Field(description="the store has data for the country since 1992")


class SeriesRow(_Out):
    """One dyad-year value."""

    country: str
    partner: str
    year: int
    value: float | None


class SeriesResponse(_Out):
    """A dyad series for one indicator."""

    country: str
    partners: list[str]
    indicator: str
    label: str
    unit: str
    years: list[int]
    rows: list[SeriesRow]
    sources: list[Citation] = Field(default_factory=list, description="the datasets behind the rows")


class CompareResponse(_Out):
    """Balance compared across countries: one row per country, ranked by composite balance, each row with
    the datasets (or casebook sources) its numbers come from."""

    countries: list[str]
    rows: list[dict[str, Any]] = Field(
        description="one row per country; its sources (ids) and sources_detail name what its numbers rest "
        "on, and dimensions_excluded (comma-joined) the dimensions shown but left out of its composite"
    )
    sources: list[Citation] = Field(
        default_factory=list, description="every dataset or casebook source behind the rows"
    )
    notes: list[str] = Field(default_factory=list)


class CaseSummary(_Out):
    """A built-in case."""

    id: str
    name: str
    country: str
    title: str | None = None
    counts: dict[str, int]


class CaseEntries(_Out):
    """The entries of one casebook section, each with its citations resolved."""

    case: str
    section: str
    entries: list[dict[str, Any]]


class ScenarioParameter(_Out):
    """A scenario parameter the run form can set."""

    name: str
    value: float | int | bool
    type: str
    min: float | None = None
    max: float | None = None
    description: str = ""


class ScenarioSummary(_Out):
    """A built-in scenario, as listed."""

    name: str
    title: str
    dimension: str
    parameters: str
    description: str


class ScenarioDetail(_Out):
    """A built-in scenario with its parameters, uncertain parameters, channels and assumptions."""

    name: str
    title: str
    description: str
    country: str
    dimension: str
    parameters: list[ScenarioParameter]
    uncertain: dict[str, dict[str, Any]]
    channels: list[dict[str, Any]]
    shocks: list[dict[str, Any]]
    assumptions: list[str]
    sources: dict[str, str]


class ScenarioRunRequest(BaseModel):
    """The body of ``POST /scenarios/{name}/run``."""

    model_config = ConfigDict(extra="forbid")

    set: dict[str, float | int | bool | str] = Field(
        default_factory=dict, max_length=50, description='parameter values, e.g. {"days": 90}'
    )
    draws: int = Field(default=0, ge=0, le=MAX_DRAWS, description=f"Monte Carlo draws, 0 to {MAX_DRAWS}")
    seed: int = Field(default=0, ge=0, le=2**32 - 1, description="seed of the Monte Carlo draws")


class ScenarioRunResponse(_Out):
    """The outcome of a scenario run (``ScenarioResult.to_dict()``)."""

    name: str
    result: dict[str, Any]
    sources: dict[str, str] = Field(default_factory=dict, description="the scenario's sources, by id")
