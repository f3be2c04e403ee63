"""The public names of multivector.indicators, each documented with its formula and a citation."""

from __future__ import annotations

import re

import multivector.indicators as ind

_FUNC = re.compile(r":func:`~?(?:multivector\.indicators\.)?(\w+)`")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def test_public_names_pinned() -> None:
    assert sorted(ind.__all__) == sorted(
        [
            "OTHER_UNLISTED", "REQUIRED_COLUMNS", "TILT_TOLERANCE", "WORLD_TOLERANCE", "balance",
            "balance_series", "composite_balance", "concentration", "intended_weight", "partner_shares",
            "power_vector", "validate_ties",
        ]
    )  # fmt: skip


def test_every_indicator_states_its_formula_and_a_citation() -> None:
    """Each indicator's docstring has a "Formula" (or "formula") and a dated citation, or refers to an
    indicator that has both (``balance_series``: "the same formulas as :func:`balance`")."""
    docs = {n: getattr(ind, n).__doc__ or "" for n in ind.__all__ if callable(getattr(ind, n))}
    exempt = {"validate_ties", "intended_weight"}  # an input check and a sum of weights: no measure
    for name, doc in docs.items():
        if name in exempt:
            continue
        assert "ormula" in doc, f"{name}: no formula"
        cited = bool(_YEAR.search(doc)) or any(_YEAR.search(docs.get(ref, "")) for ref in _FUNC.findall(doc))
        assert cited, f"{name}: no dated citation"
