"""``/casebook``: the built-in cases and their entries (actors, ties, agreements, infrastructure, claims,
sources), each entry with its citations resolved into source records."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Path

from multivector import casebook as cb
from multivector.api.deps import builtin_cases, case_id_for, load_builtin_case
from multivector.api.schemas import CasebookSection, CaseEntries, CaseSummary, ErrorResponse

__all__ = ["router"]

router = APIRouter(prefix="/casebook", tags=["casebook"])

_CASE = Path(
    description="a built-in case id (e.g. kazakhstan) or the ISO3 code of its country",
    min_length=1,
    max_length=64,
    pattern=r"^[A-Za-z0-9_-]+$",
)
_ERRORS: dict[int | str, dict[str, Any]] = {404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}}


@lru_cache(maxsize=64)
def _section(case_id: str, section: str) -> list[dict[str, Any]]:
    case = load_builtin_case(case_id)
    if section == CasebookSection.sources:
        return [s.model_dump(mode="json") for s in case.sources]
    entries: list[dict[str, Any]] = []
    for entry in getattr(case, section):
        record = entry.model_dump(mode="json", by_alias=True)
        record["citations"] = [s.model_dump(mode="json") for s in cb.citation(case, entry)]
        entries.append(record)
    return entries


@router.get("", response_model=list[CaseSummary], summary="The built-in cases")
def list_cases() -> list[CaseSummary]:
    """Every built-in case with its country and the number of entries in each section."""
    out = []
    for cid in builtin_cases():
        case = load_builtin_case(cid)
        counts = {s.value: len(getattr(case, s.value)) for s in CasebookSection}
        out.append(
            CaseSummary(id=case.id, name=case.name, country=case.country, title=case.title, counts=counts)
        )
    return out


@router.get(
    "/{case}/timeline",
    response_model=CaseEntries,
    responses=_ERRORS,
    summary="The case's dated agreements and events, in date order",
)
def case_timeline(case: str = _CASE) -> CaseEntries:
    """The agreements and events sorted by date, each with its citations."""
    cid = case_id_for(case)
    the_case = load_builtin_case(cid)
    by_id = {e["id"]: e for e in _section(cid, "agreements")}
    frame = cb.timeline(the_case)
    entries = [by_id[str(i)] for i in frame["id"] if str(i) in by_id]
    return CaseEntries(case=cid, section="timeline", entries=entries)


@router.get(
    "/{case}/{section}",
    response_model=CaseEntries,
    responses=_ERRORS,
    summary="One section of a case, every entry with resolved citations",
)
def case_section(section: CasebookSection, case: str = _CASE) -> CaseEntries:
    """``section`` is one of actors, ties, agreements, infrastructure, claims, sources."""
    cid = case_id_for(case)
    return CaseEntries(case=cid, section=section.value, entries=_section(cid, section.value))
