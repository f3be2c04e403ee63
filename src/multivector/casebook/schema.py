"""The casebook format: a case is one country's ties with the powers, every entry cited.

A case file is YAML with these top-level keys (all lists except the header fields)::

    id: kazakhstan            # short name, used on the command line
    name: Kazakhstan
    country: KAZ              # ISO3 of the country the case is about
    title: ...                # what the case is built from (e.g. the article)
    sources:        [Source]          # every citation; other entries refer to them by id
    actors:         [Actor]           # states, blocs, organisations, companies, people
    ties:           [Tie]             # directed, dimensioned, with value and unit where stated
    agreements:     [Agreement]       # agreements, declarations, meetings, summits, contracts (dated)
    infrastructure: [Infrastructure]  # pipelines, routes, ports, cosmodromes (capacity, flows, owners)
    claims:         [Claim]           # statements as reported, with a status: a claim is not a fact

Every entry carries ``sources``: a list of source ids (at least one). Validation checks that every
referenced source and actor exists, so a typo is reported with the file, the entry and the field.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from multivector.dimensions import casebook_dimensions

__all__ = [
    "DIMENSIONS",
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
]

#: The dimensions a casebook may state ties on (:func:`multivector.dimensions.casebook_dimensions`).
#: ``security`` includes arms and military-technical ties.
DIMENSIONS: tuple[str, ...] = casebook_dimensions()


def _known_dimension(value: str) -> str:
    name = value.strip().lower()
    if name not in DIMENSIONS:
        known = ", ".join(DIMENSIONS)
        raise ValueError(f"unknown dimension {value!r}; a casebook dimension is one of {known}")
    return name


#: A casebook dimension name (validated against :data:`DIMENSIONS`).
Dimension = Annotated[str, AfterValidator(_known_dimension)]

#: ``aggregate`` is a total or region that is not an actor in its own right (``WLD``, the world total).
ActorKind = Literal["state", "bloc", "organisation", "company", "person", "project", "aggregate"]
SourceKind = Literal["article", "footnote", "reference", "dataset", "web", "report"]
ClaimStatus = Literal["verified", "reported", "claimed", "disputed", "unverified", "contradicted"]


class _Entry(BaseModel):
    """Base of every casebook entry: unknown fields are errors, so typos do not vanish silently."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=True)


class Source(_Entry):
    """A citation. ``kind`` says whether it is one of the article's footnotes, its reference list, a dataset
    or another web page or report; ``number`` is the footnote or reference number where there is one."""

    id: str
    kind: SourceKind
    title: str
    number: int | None = None
    url: str | None = None
    publisher: str | None = None
    date: str | None = None
    note: str | None = None


class Amount(_Entry):
    """A stated quantity: ``value`` in ``unit`` (e.g. 7.0 "billion USD"); ``what`` says what it counts.
    ``qualifier`` keeps the source's wording for approximate values ("about", "more than", "multi-billion").
    """

    value: float | None = None
    unit: str
    what: str
    qualifier: str | None = None

    @field_validator("value")
    @classmethod
    def _non_negative(cls, value: float | None) -> float | None:
        if value is not None and value < 0:
            raise ValueError("value must not be negative")
        return value


class Actor(_Entry):
    """A state, bloc, organisation, company, person or project. States use their ISO3 code as ``id``."""

    id: str
    name: str
    kind: ActorKind
    iso3: str | None = None
    home: str | None = Field(default=None, description="ISO3 of a company's or organisation's home state")
    members: list[str] = Field(default_factory=list, description="actor ids of a bloc's members")
    aliases: list[str] = Field(default_factory=list)
    description: str | None = None
    sources: list[str] = Field(min_length=1)


class Tie(_Entry):
    """A directed tie ``from -> to`` on one dimension.

    ``kind`` names the relation (``trade_turnover``, ``exports``, ``fdi_inflow``, ``arms_imports_share``,
    ``alliance``, ``membership``, ``border``, ``transit``...). ``value``/``unit`` hold the stated figure where
    there is one; ``year`` (or ``period`` for ranges such as ``1993-2019`` or ``2024-01/2024-10``) dates it.
    ``basis`` names whose statistics a figure is (Kazakh, Chinese customs...): never mix bases in one series.
    """

    id: str
    from_: str = Field(alias="from")
    to: str
    dimension: Dimension
    kind: str
    value: float | None = None
    unit: str | None = None
    year: int | None = None
    period: str | None = None
    basis: str | None = None
    qualifier: str | None = None
    description: str | None = None
    sources: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _value_needs_unit(self) -> Tie:
        if self.value is not None and not self.unit:
            raise ValueError("a tie with a value needs a unit")
        if self.value is not None and self.value < 0:
            raise ValueError("value must not be negative")
        return self


class Agreement(_Entry):
    """A dated agreement, declaration, meeting, summit, contract or event between ``parties``."""

    id: str
    date: dt.date
    end_date: dt.date | None = None
    kind: str
    title: str
    parties: list[str] = Field(min_length=1)
    dimensions: list[Dimension] = Field(default_factory=list)
    amounts: list[Amount] = Field(default_factory=list)
    place: str | None = None
    description: str | None = None
    date_precision: Literal["day", "month", "year"] = "day"
    sources: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _end_after_start(self) -> Agreement:
        if self.end_date is not None and self.end_date < self.date:
            raise ValueError(f"end_date {self.end_date} is before date {self.date}")
        return self


class Ownership(_Entry):
    """An owner of a piece of infrastructure and its share in percent (``None`` when not stated)."""

    owner: str
    share_percent: float | None = Field(default=None, ge=0, le=100)


class Flow(_Entry):
    """A measured or planned flow through a piece of infrastructure."""

    value: float = Field(ge=0)
    unit: str
    metric: str
    year: int | None = None
    period: str | None = None
    qualifier: str | None = None
    sources: list[str] = Field(min_length=1)


class Infrastructure(_Entry):
    """A pipeline, rail or road route, port, dry port or cosmodrome.

    ``crosses`` lists the ISO3 codes of the states the route passes through, in order; ``pole`` names the
    power the route ties the country to (the transit state or the buyer), which is how energy and transit
    exposure are attributed; ``capacity`` is the nameplate capacity where stated.
    """

    id: str
    name: str
    kind: str
    dimension: Dimension
    capacity: Amount | None = None
    operator: str | None = None
    owners: list[Ownership] = Field(default_factory=list)
    crosses: list[str] = Field(default_factory=list)
    origin: str | None = None
    destination: str | None = None
    pole: str | None = None
    flows: list[Flow] = Field(default_factory=list)
    description: str | None = None
    sources: list[str] = Field(min_length=1)


class Claim(_Entry):
    """A statement as made, by whom, with its figure and a ``status``.

    ``status`` is ``verified`` only when an independent source confirms it; a figure the article reports from
    an official is ``reported`` or ``claimed``; ``disputed``/``contradicted`` when other sources disagree.
    """

    id: str
    statement: str
    speaker: str | None = None
    date: dt.date | None = None
    amounts: list[Amount] = Field(default_factory=list)
    status: ClaimStatus
    status_note: str | None = None
    dimensions: list[Dimension] = Field(default_factory=list)
    sources: list[str] = Field(min_length=1)


class Case(_Entry):
    """A whole case: one country's ties, agreements, infrastructure and claims, with their sources."""

    id: str
    name: str
    country: str
    title: str | None = None
    description: str | None = None
    sources: list[Source] = Field(min_length=1)
    actors: list[Actor] = Field(default_factory=list)
    ties: list[Tie] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    infrastructure: list[Infrastructure] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)

    @field_validator("country")
    @classmethod
    def _iso3(cls, value: str) -> str:
        if len(value) != 3 or not value.isalpha():
            raise ValueError(f"country must be an ISO3 code such as KAZ, got {value!r}")
        return value.upper()

    @model_validator(mode="after")
    def _references_resolve(self) -> Case:
        source_ids = {s.id for s in self.sources}
        actor_ids = {a.id for a in self.actors}
        problems: list[str] = []

        def check_sources(section: str, entry_id: str, ids: list[str]) -> None:
            for sid in ids:
                if sid not in source_ids:
                    problems.append(f"{section}[{entry_id}].sources: unknown source id {sid!r}")

        def check_actor(section: str, entry_id: str, field: str, aid: str | None) -> None:
            if aid is not None and aid not in actor_ids:
                problems.append(f"{section}[{entry_id}].{field}: unknown actor id {aid!r}")

        for section, entries in (
            ("actors", self.actors),
            ("ties", self.ties),
            ("agreements", self.agreements),
            ("infrastructure", self.infrastructure),
            ("claims", self.claims),
        ):
            seen: set[str] = set()
            for entry in entries:
                if entry.id in seen:
                    problems.append(f"{section}[{entry.id}].id: duplicate id")
                seen.add(entry.id)
                check_sources(section, entry.id, entry.sources)
        for tie in self.ties:
            check_actor("ties", tie.id, "from", tie.from_)
            check_actor("ties", tie.id, "to", tie.to)
        for ag in self.agreements:
            for party in ag.parties:
                check_actor("agreements", ag.id, "parties", party)
        for infra in self.infrastructure:
            for flow in infra.flows:
                check_sources("infrastructure", infra.id, flow.sources)
            for own in infra.owners:
                check_actor("infrastructure", infra.id, "owners", own.owner)
        for actor in self.actors:
            for member in actor.members:
                check_actor("actors", actor.id, "members", member)
        if problems:
            raise ValueError("; ".join(problems))
        return self
