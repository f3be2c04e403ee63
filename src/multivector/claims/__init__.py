"""The claims ledger: check statements about a country's ties against the data.

::

    from multivector.claims import check_text, ledger
    results = check_text("In 2021 Kazakhstan voted with Russia in about 63% of UN General Assembly votes.",
                         store="multivector.duckdb")
    results[0].verdict, results[0].measured, results[0].reason
    rows = ledger("kazakhstan", store="multivector.duckdb")     # every casebook figure and claim, checked

Sentences become structured claims by rules (:mod:`multivector.claims.parse`: countries, periods and
quantities resolved by :mod:`multivector.claims.resolve`); each supported measure (:data:`MEASURES`) has one
function that computes the measured value from the library's panels, the store's cited tables or the
casebook (``measures_*``); :mod:`multivector.claims.verdict` holds the tolerances and gives the verdict:
``supported``, ``contradicted``, ``basis_differs`` (the claim is on another basis than the data, e.g.
China's customs rather than Kazakhstan's statistics) or ``not_checkable`` with the reason. The tolerances
and what cannot be checked are in ``docs/claims.md``.
"""

from __future__ import annotations

from multivector.claims.check import MEASURE_FUNCTIONS, check_claim, check_text, claims_json, evidence_for
from multivector.claims.evidence import Evidence
from multivector.claims.ledger import casebook_claims, ledger, ledger_summary
from multivector.claims.model import (
    BASIS_DIFFERS,
    CONTRADICTED,
    MEASURES,
    NOT_CHECKABLE,
    SUPPORTED,
    VERDICTS,
    CheckResult,
    Claim,
    Figure,
    Period,
    Quantity,
    Source,
)
from multivector.claims.parse import parse_claims, split_sentences

__all__ = [
    "BASIS_DIFFERS",
    "CONTRADICTED",
    "MEASURES",
    "MEASURE_FUNCTIONS",
    "NOT_CHECKABLE",
    "SUPPORTED",
    "VERDICTS",
    "CheckResult",
    "Claim",
    "Evidence",
    "Figure",
    "Period",
    "Quantity",
    "Source",
    "casebook_claims",
    "check_claim",
    "check_text",
    "claims_json",
    "evidence_for",
    "ledger",
    "ledger_summary",
    "parse_claims",
    "split_sentences",
]
