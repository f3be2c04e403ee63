"""Tolerances and verdicts on hand-made figures: every comparator, positive and negative; the basis rules."""

from __future__ import annotations

import pytest

from multivector.claims.model import (
    BASIS_DIFFERS,
    CONTRADICTED,
    NOT_CHECKABLE,
    SUPPORTED,
    Claim,
    Figure,
    Quantity,
)
from multivector.claims.model import Source as Src
from multivector.claims.verdict import Measured, consistent, decide

_SRC = (Src("dataset", "t", "a test table", version="1"),)


def fig(value: float, unit: str = "billion USD", side: str = "dataset", label: str | None = None) -> Figure:
    return Figure(value, unit, "2022", f"{side} basis", side, _SRC, label=label)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("quantity", "measured", "unit", "ok"),
    [
        # exact figures: 5% relative, or half a unit of the last written digit
        (Quantity("eq", 44.0, "billion USD", "44 billion"), 42.0, "billion USD", True),
        (Quantity("eq", 44.0, "billion USD", "44 billion"), 41.7, "billion USD", False),
        (Quantity("eq", 26.1, "billion USD", "26.1 billion"), 26.97, "billion USD", True),
        (Quantity("eq", 4.0, "billion cubic metres", "4 bcm"), 4.45, "billion cubic metres", True),
        (Quantity("eq", 4.0, "billion cubic metres", "4 bcm"), 4.6, "billion cubic metres", False),
        # percentages: exact 1 point (or 5% relative), about 2 points (or 5%)
        (Quantity("eq", 18.6, "percent", "18.6%"), 19.5, "percent", True),
        (Quantity("eq", 18.6, "percent", "18.6%"), 19.7, "percent", False),
        (Quantity("about", 20.0, "percent", "about 20%"), 21.9, "percent", True),
        (Quantity("about", 20.0, "percent", "about 20%"), 22.5, "percent", False),
        (Quantity("about", 400000.0, "barrels per day", "about 400,000"), 401644.0, "barrels per day", True),
        (Quantity("about", 400000.0, "barrels per day", "about 400,000"), 425000.0, "barrels per day", False),
        # bounds
        (Quantity("gt", 80.0, "percent", "over 80%"), 81.2, "percent", True),
        (Quantity("gt", 80.0, "percent", "over 80%"), 79.0, "percent", False),
        (Quantity("gt", 1.0, "million tonnes", "more than 1"), 1.0, "million tonnes", True),
        (Quantity("lt", 5.0, "percent", "under 5%"), 5.3, "percent", False),
        (Quantity("lt", 5.0, "percent", "under 5%"), 3.0, "percent", True),
        # vague shares
        (Quantity("share_over", 50.0, "percent", "most"), 50.5, "percent", True),
        (Quantity("share_over", 50.0, "percent", "most"), 50.0, "percent", False),
        (Quantity("share_over", 75.0, "percent", "the vast majority"), 75.0, "percent", True),
        (Quantity("share_over", 90.0, "percent", "almost all"), 85.0, "percent", False),
        # ranks
        (Quantity("rank", 1.0, "rank", "largest"), 1.0, "rank", True),
        (Quantity("rank", 2.0, "rank", "second"), 1.0, "rank", False),
        (Quantity("rank_within", 5.0, "rank", "one of the largest"), 5.0, "rank", True),
        (Quantity("rank_within", 5.0, "rank", "one of the largest"), 6.0, "rank", False),
        # presence
        (Quantity("presence", 1.0, text="defence pact"), 1.0, "pledge", True),
        (Quantity("presence", 0.0, text="no defence pact"), 1.0, "pledge", False),
    ],
)
def test_tolerances(quantity: Quantity, measured: float, unit: str, ok: bool) -> None:
    assert consistent(quantity, fig(measured, unit)) is ok


@pytest.mark.parametrize(
    ("claimed", "got", "ok"),
    [
        ("abstain", "abstain", True),
        ("yes", "abstain", False),
        ("not_yes", "no", True),
        ("not_no", "no", False),
    ],
)
def test_votes(claimed: str, got: str, ok: bool) -> None:
    assert consistent(Quantity("vote", label=claimed), fig(2.0, "vote", label=got)) is ok


def _trade(value: float, basis: str | None = None) -> Claim:
    q = Quantity("eq", value, "billion USD", f"{value:g} billion")
    return Claim(f"trade {value}", "trade_value", country="KAZ", partner="CHN", quantity=q, basis=basis)


def test_own_basis_match_is_supported() -> None:
    r = decide(_trade(30.0), Measured([fig(30.06, side="own"), fig(41.0, side="partner")]))
    assert r.verdict == SUPPORTED and r.measured == pytest.approx(30.06)


def test_partner_basis_match_differs_in_basis() -> None:
    """44-style: the claim matches China's customs figure, not Kazakhstan's own: both numbers reported."""
    r = decide(_trade(41.0), Measured([fig(30.06, side="own"), fig(41.0, side="partner")]))
    assert r.verdict == BASIS_DIFFERS and r.measured == pytest.approx(30.06)
    assert "41" in r.reason and "30.06" in r.reason


def test_stated_partner_basis_is_compared_on_it() -> None:
    r = decide(_trade(41.0, basis="CHN"), Measured([fig(30.06, side="own"), fig(41.0, side="partner")]))
    assert r.verdict == SUPPORTED and r.measured == pytest.approx(41.0)
    r = decide(_trade(35.0, basis="CHN"), Measured([fig(30.06, side="own"), fig(41.0, side="partner")]))
    assert r.verdict == CONTRADICTED


def test_stated_basis_without_a_figure_on_it_is_not_checkable() -> None:
    r = decide(_trade(41.0, basis="CHN"), Measured([fig(30.06, side="own")]))
    assert r.verdict == NOT_CHECKABLE and r.measured == pytest.approx(30.06)


def test_basis_gap_explains_a_claim_without_the_partner_figure() -> None:
    """No partner figure this year, but in other years the partner's ran 1.29-1.36x the own basis."""
    gap = (1.29, 1.36, "2022, 2023")
    inside = decide(_trade(44.0), Measured([fig(30.05, side="own")], basis_gap=gap))
    assert inside.verdict == BASIS_DIFFERS  # 44 / 30.05 = 1.46 <= 1.36 * 1.1
    beyond = decide(_trade(60.0), Measured([fig(30.05, side="own")], basis_gap=gap))
    assert beyond.verdict == CONTRADICTED  # 2.0 times: no basis gap explains it
    below = decide(_trade(20.0), Measured([fig(30.05, side="own")], basis_gap=gap))
    assert below.verdict == CONTRADICTED


def test_a_dataset_figure_contradicts() -> None:
    r = decide(_trade(8.0), Measured([fig(2.55)]))
    assert r.verdict == CONTRADICTED and "contradicts" in r.reason and r.sources
