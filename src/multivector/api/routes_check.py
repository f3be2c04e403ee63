"""``POST /check``: check statements about a country's ties against the data (:mod:`multivector.claims`).

The body is ``{"text": "...", "country": "KAZ"}`` (``country`` optional: the country the text is about
when a sentence does not name it); the answer is the ``{"claims": [...]}`` document of ``multivector check
--format json``. The text is limited to :data:`MAX_CHECK_CHARS` characters (and the body, like every body, to
the app's byte limit): a few pages, checked within the request. The store is read-only; without one, claims
that need data are ``not_checkable`` and say so.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from multivector.api.deps import DataContext, get_ctx
from multivector.api.schemas import ErrorResponse

__all__ = ["MAX_CHECK_CHARS", "CheckRequest", "CheckResponse", "router"]

#: Longest text one request may check (about five pages).
MAX_CHECK_CHARS = 20_000

router = APIRouter(prefix="/check", tags=["claims"])
_ERRORS: dict[int | str, dict[str, Any]] = {413: {"model": ErrorResponse}, 422: {"model": ErrorResponse}}


class CheckRequest(BaseModel):
    """The statements to check."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_CHECK_CHARS, description="one or more English sentences")
    country: str | None = Field(
        default=None, pattern=r"^[A-Z]{3}$", description="ISO3 of the country the text is about, if not named"
    )


class ClaimSource(BaseModel):
    """Where a measured figure comes from: a dataset (name = store table, version from its provenance), a
    cited table row (title = who reported it, url = the page) or a casebook source."""

    kind: str
    name: str
    title: str
    version: str | None = None
    url: str | None = None
    citation: str | None = None


class CheckedClaim(BaseModel):
    """One claim with its verdict."""

    text: str = Field(description="the sentence the claim was read from")
    verdict: str = Field(description="supported, contradicted, basis_differs or not_checkable")
    claimed: str | None = Field(description="the claimed quantity as written")
    measured: float | str | None = Field(description="the measured value (a vote for UN votes)")
    unit: str | None
    period: str | None
    basis: str | None = Field(description="whose statistics or which dataset the measured value is")
    sources: list[ClaimSource]
    reason: str
    measure: str | None = None


class CheckResponse(BaseModel):
    """Every claim found in the text, in order."""

    claims: list[CheckedClaim]


@router.post("", response_model=CheckResponse, responses=_ERRORS, summary="Check statements against the data")
def check(body: CheckRequest, ctx: DataContext = Depends(get_ctx)) -> CheckResponse:
    """Parse the sentences of ``text``, find the claims about trade, arms imports, UN votes, defence pacts,
    shared IGOs, oil and gas routes and FDI, and check each against the store (tolerances: docs/claims.md)."""
    from multivector.claims import check_text, claims_json

    store = ctx.store() if ctx.tables() else None
    results = check_text(body.text, store, country=body.country)
    return CheckResponse.model_validate(claims_json(results))
