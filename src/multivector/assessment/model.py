"""The assessment's data model: per dimension the figure used, its year, evidence, source and flags; one
composite; the numbered sources. :meth:`Assessment.to_dict` is the one JSON document of an assessment,
the same in the Python API, ``multivector profile --format json`` and
``GET /api/v1/countries/{iso3}/profile``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from multivector.citations import Citation

__all__ = [
    "FLAGS",
    "Assessment",
    "Composite",
    "DimensionAssessment",
    "EvidenceCount",
    "FigureSummary",
    "SeriesYear",
    "Tilt",
]

#: Why a dimension's figure stays out of the composite, in the order they are checked.
FLAGS: dict[str, str] = {
    "no_data": "no figure for this dimension up to the year",
    "stale": "the figure is older than the dimension's horizon",
    "too_little_evidence": "the figure rests on less evidence than the dimension's minimum",
    "single_power": "one power quantified: the balance is 0 by construction",
    "noncomparable": "the balance is on another scale than the shares of flows",
    "zero_weight": "weight 0",
}

Origin = Literal["data", "casebook"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Tilt(_Model):
    """Position in the Russia-China-West triangle (barycentric, summing to 1), its lean and strength."""

    rus: float | None = None
    chn: float | None = None
    west: float | None = None
    lean: str | None = None
    strength: float | None = None


class EvidenceCount(_Model):
    """How much evidence a figure rests on: ``count`` of ``kind`` against the dimension's ``minimum``."""

    kind: str
    count: int
    minimum: int


class FigureSummary(_Model):
    """A candidate figure that was not used (the other origin's newest, or a newer one with too little
    evidence), so a reader sees both."""

    origin: Origin
    year: int | None
    balance: float | None
    largest_power: str | None
    largest_exposure: float | None
    evidence: EvidenceCount
    basis: str | None = None
    sources: list[str] = Field(default_factory=list)
    why_not: str


class DimensionAssessment(_Model):
    """One dimension: the figure used (``origin``, ``year``), its measures, evidence and sources, and why
    it is or is not in the composite (``flags``)."""

    dimension: str
    label: str
    unit: str | None
    construction: str
    comparable: bool
    weight: float
    horizon: int
    origin: Origin | None = None
    year: int | None = None
    age: int | None = None
    balance: float | None = None
    tilt: Tilt = Field(default_factory=Tilt)
    shares: dict[str, float | None] = Field(default_factory=dict)
    largest_power: str | None = None
    largest_exposure: float | None = None
    power_share: float | None = None
    #: ``world``: shares are of the country's total with every partner; ``listed``: of the partners the
    #: source lists (a casebook without a world total), so ``power_share`` says nothing about the rest.
    total_basis: str | None = None
    n_powers_quantified: int | None = None
    evidence: EvidenceCount | None = None
    basis: str | None = None
    #: The store tables a data figure was read from (its dataset release or trade basis).
    tables: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    entries: list[str] = Field(default_factory=list)
    flags: list[str] = Field(default_factory=list)
    in_composite: bool = False
    note: str = ""
    alternatives: list[FigureSummary] = Field(default_factory=list)


class Composite(_Model):
    """The weighted composite over the dimensions without flags (see ``docs/assessment.md``).

    ``coverage`` = the used weight / the total weight of every dimension; ``years`` the year of each
    dimension's figure; ``excluded`` each dimension left out and why (its first flag).
    """

    balance: float | None = None
    tilt: Tilt = Field(default_factory=Tilt)
    shares: dict[str, float | None] = Field(default_factory=dict)
    largest_power: str | None = None
    largest_exposure: float | None = None
    power_share: float | None = None
    coverage: float = 0.0
    dimensions_used: list[str] = Field(default_factory=list)
    years: dict[str, int] = Field(default_factory=dict)
    excluded: dict[str, str] = Field(default_factory=dict)


class SeriesYear(_Model):
    """One year of :func:`multivector.assess_series`: the composite and each dimension's balance, with the
    year of every figure used."""

    year: int
    balance: float | None
    tilt: Tilt
    largest_power: str | None
    coverage: float
    dimensions: dict[str, float | None]
    figure_years: dict[str, int]
    excluded: dict[str, str]


class Assessment(_Model):
    """Where a country stands between the great powers in one year, with every figure's provenance."""

    country: str
    name: str
    year: int | None
    case: str | None = None
    generated_with: str
    weights: dict[str, float]
    rules: dict[str, str]
    dimensions: list[DimensionAssessment]
    composite: Composite
    sources: list[Citation] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    def dimension(self, name: str) -> DimensionAssessment:
        """The assessment of one dimension (KeyError when it is not listed)."""
        for d in self.dimensions:
            if d.dimension == name:
                return d
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """The one JSON document of an assessment (NaN-free: missing values are ``None``)."""
        return self.model_dump(mode="json")
