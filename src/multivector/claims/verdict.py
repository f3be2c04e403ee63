"""Tolerances and verdicts: when does a measured figure support a claimed quantity?

Tolerances (also in ``docs/claims.md``):

* **An exact figure** ("reached 44 billion", "94 percent") is supported when the measured value is within
  :data:`REL_TOL` (5%) of it, or within half a unit of its last written digit ("1.2 million tonnes": 0.05;
  "4 bcm": 0.5), whichever is larger. Quoted figures are rounded and often preliminary: a Kazakh ministry's
  26.1 bn for 2022 against the statistics bureau's final 26.97 bn is the same figure revised, not a
  different claim. For percentages the band is :data:`EXACT_POINTS` (1 point) or 5% relative.
* **"About", "around", "approximately", "roughly", "nearly", "almost", "some"**: within 5% relative or
  :data:`ABOUT_POINTS` (2 points) for percentages, whichever is larger (the issue's rule).
* **"More than", "over", "exceeded", "at least"**: measured >= claimed; **"less than", "under", "below"**:
  measured <= claimed (a rounded measured value equal to the bound does not contradict it).
* **Fractions** ("a fifth", "a third", "half"): the percentage (20, 33.3, 50) with the "about" band.
* **Vague shares**: "most", "the majority", "more than half" = over 50%; "the vast majority", "the bulk" =
  at least 75%; "almost all", "nearly all" = at least 90%; "less than half" = at most 50%.
* **Ranks**: "the largest", "main", "top", "leading" = rank 1; "second-largest" = rank 2; "one of the
  largest", "one of the main" = within the top 5; "among the top three" = within the top 3.
* **UN votes**: the recorded vote must equal the claimed one (absent counts as not voting).
* **Presence** (a defence pact, an alliance): the pledge must exist (or, for "no defence pact", be absent)
  in every year of the period.

Basis (trade): a figure is the country's own statistics (``own``), the partner's mirror statistics
(``partner``) or a compiled dataset such as COW (``dataset``). A claim that names its basis ("according to
China's customs") is compared on that basis only. A claim that does not is **supported** when it matches a
figure of the country's own statistics or a dataset; it **differs in basis** when it matches only the
partner's mirror figure (both numbers are reported), or when it matches none but the data show that the
partner's statistics for this flow run higher (or lower) than the country's by about as much as the claim
does, in a year when the partner's figure is not in the data (within the largest gap seen, widened by
:data:`BASIS_GAP_SLACK`); otherwise it is **contradicted**.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from multivector.claims.model import (
    BASIS_DIFFERS,
    CONTRADICTED,
    NOT_CHECKABLE,
    SUPPORTED,
    CheckResult,
    Claim,
    Figure,
    Quantity,
)

__all__ = [
    "ABOUT_POINTS",
    "BASIS_GAP_SLACK",
    "EXACT_POINTS",
    "REL_TOL",
    "Measured",
    "consistent",
    "decide",
    "format_value",
    "not_checkable",
    "tolerance_text",
]

#: Relative tolerance of an exact or "about" figure.
REL_TOL = 0.05
#: Percentage points an "about" share may be off.
ABOUT_POINTS = 2.0
#: Percentage points an exact share may be off.
EXACT_POINTS = 1.0
#: How much wider than the largest gap between two bases seen in the data a claim may be and still be
#: explained by the basis (mirror statistics gaps move from year to year).
BASIS_GAP_SLACK = 0.10


@dataclass
class Measured:
    """What a measure function found: the figures (the first is the primary one), notes for the reason,
    and for trade the ratio range partner/own seen in years with both (``basis_gap``: (lowest, highest,
    years))."""

    figures: list[Figure]
    notes: list[str] = field(default_factory=list)
    basis_gap: tuple[float, float, str] | None = None


def _written_decimals(text: str) -> int | None:
    import re

    m = re.search(r"\d[\d,]*(?:\.(\d+))?", text)
    if m is None:
        return None
    return len(m.group(1)) if m.group(1) else 0


def _band(q: Quantity, unit: str | None) -> float:
    """Half-width of the tolerance band of an exact or "about" quantity (see the module docstring)."""
    assert q.value is not None
    rel = REL_TOL * abs(q.value)
    if unit == "percent":
        points = ABOUT_POINTS if q.comparator == "about" else EXACT_POINTS
        return max(points, rel)
    decimals = _written_decimals(q.text)
    rounding = 0.5 * 10.0 ** (-decimals) if decimals is not None else 0.0
    if q.unit == "barrels per day" or (q.value >= 1000 and decimals == 0):
        rounding = 0.0  # "400,000": its zeros are not a statement of precision
    return max(rel, rounding)


def consistent(q: Quantity, figure: Figure) -> bool:
    """True when ``figure`` supports the claimed quantity ``q`` under the tolerances above."""
    m = figure.value
    c = q.comparator
    if c == "vote":
        got = figure.label or ""
        if q.label == "not_yes":
            return got != "yes"
        if q.label == "not_no":
            return got != "no"
        return got == q.label
    if c == "presence":
        return (m > 0) == bool(q.value)
    if q.value is None or m is None or (isinstance(m, float) and math.isnan(m)):
        return False
    if c in ("eq", "about"):
        return abs(m - q.value) <= _band(q, figure.unit) + 1e-9
    if c == "gt":
        return m >= q.value - 1e-9
    if c == "lt":
        return m <= q.value + 1e-9
    if c == "share_over":
        return m > q.value if q.value <= 50 else m >= q.value
    if c == "rank":
        return round(m) == round(q.value)
    if c == "rank_within":
        return m <= q.value
    return False


def tolerance_text(q: Quantity) -> str:
    """The rule applied to ``q``, as the reason states it."""
    c = q.comparator
    if c in ("eq", "about"):
        assert q.value is not None
        band = _band(q, q.unit)
        unit = " points" if q.unit == "percent" else (f" {q.unit}" if q.unit else "")
        word = "about " if c == "about" else ""
        return f"{word}{format_value(q.value)} +/- {format_value(band)}{unit}"
    if c == "gt":
        return f">= {format_value(q.value)}"
    if c == "lt":
        return f"<= {format_value(q.value)}"
    if c == "share_over":
        return f"'{q.text}' = {'over' if (q.value or 0) <= 50 else 'at least'} {format_value(q.value)}%"
    if c == "rank":
        return f"rank {format_value(q.value)}"
    if c == "rank_within":
        return f"within the top {format_value(q.value)}"
    if c == "presence":
        return "pledge present" if q.value else "no pledge"
    return q.label or c


def format_value(value: float | None) -> str:
    """A number as the reason prints it: up to 4 significant decimals, thousands separated."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    text = f"{value:.4g}" if abs(value) < 1 else f"{value:,.3f}".rstrip("0").rstrip(".")
    return text


def _shown(f: Figure) -> str:
    what = f.label if f.label is not None and f.unit in ("vote", "rank") else format_value(f.value)
    unit = "" if f.unit in ("vote",) else (" percent" if f.unit == "percent" else f" {f.unit}")
    if f.unit == "rank":
        what, unit = f"rank {format_value(f.value)}", ""
    return f"{what}{unit} ({f.basis}, {f.period})"


def _result(
    claim: Claim, verdict: str, figure: Figure | None, reason: str, figures: list[Figure]
) -> CheckResult:
    sources = list(dict.fromkeys(s for f in ([figure] if figure else []) + figures for s in f.sources))
    measured: float | str | None = None
    if figure is not None:
        measured = figure.label if figure.unit == "vote" else round(figure.value, 6)
    return CheckResult(
        text=claim.text,
        verdict=verdict,
        claimed=claim.quantity.describe() if claim.quantity else None,
        measured=measured,
        unit=figure.unit if figure else (claim.quantity.unit if claim.quantity else None),
        period=figure.period if figure else (claim.period.label() if claim.period.stated else None),
        basis=figure.basis if figure else None,
        sources=sources,
        reason=reason,
        measure=claim.measure,
        entry=claim.entry,
    )


def not_checkable(claim: Claim, reason: str, figure: Figure | None = None) -> CheckResult:
    """A not-checkable result with ``reason`` (``figure``, if given, is context such as the latest value)."""
    return _result(claim, NOT_CHECKABLE, figure, reason, [])


def _others(figures: list[Figure], shown: Figure) -> str:
    rest = [f for f in figures if f is not shown]
    return ("; other figures: " + "; ".join(_shown(f) for f in rest)) if rest else ""


def _judged(
    claim: Claim, verdict: str, shown: Figure, figures: list[Figure], head: str, notes: str
) -> CheckResult:
    """A result whose reason is ``head`` followed by the other figures and the notes; ``tolerance`` is the
    rule applied and ``notes`` the tail (what the CLI's table prints beside the rule)."""
    assert claim.quantity is not None
    tail = _others(figures, shown) + notes
    result = _result(claim, verdict, shown, head + tail, figures)
    result.tolerance = tolerance_text(claim.quantity)
    result.notes = tail.removeprefix("; ")
    return result


def decide(claim: Claim, measured: Measured) -> CheckResult:
    """The verdict on ``claim`` given what was measured (see the module docstring)."""
    assert claim.quantity is not None
    q = claim.quantity
    figures = measured.figures
    notes = "".join(f"; {n}" for n in measured.notes)
    if not figures:
        return not_checkable(claim, "no measured figure" + notes)
    if any(f.side != "dataset" for f in figures) or claim.basis or measured.basis_gap:
        return _decide_basis(claim, measured, notes)
    primary = figures[0]
    ok = consistent(q, primary)
    verb = "supports" if ok else "contradicts"
    head = f"measured {_shown(primary)} {verb} '{q.describe()}' ({tolerance_text(q)})"
    return _judged(claim, SUPPORTED if ok else CONTRADICTED, primary, figures, head, notes)


def _stated_basis(claim: Claim, measured: Measured, notes: str) -> CheckResult:
    """A claim that names its basis, compared on that basis only."""
    assert claim.quantity is not None
    q, figures = claim.quantity, measured.figures
    stated = "own" if claim.basis == claim.country else ("partner" if claim.basis == claim.partner else None)
    pool = [f for f in figures if f.side == stated or (stated == "own" and f.side == "dataset")]
    if not pool:
        other = [f for f in figures if f.side in ("own", "dataset")] or figures
        reason = (
            f"the claim states {claim.basis}'s statistics and the data hold no other figure on that basis; "
            f"on another basis: {_shown(other[0])}" + _others(figures, other[0]) + notes
        )
        return not_checkable(claim, reason, other[0])
    match = next((f for f in pool if consistent(q, f)), None)
    shown = match or pool[0]
    head = (
        f"on the stated basis, {_shown(shown)} {'supports' if match else 'contradicts'} '{q.describe()}' "
        f"({tolerance_text(q)})"
    )
    return _judged(claim, SUPPORTED if match else CONTRADICTED, shown, figures, head, notes)


def _gap_explains(claim: Claim, primary: Figure, gap: tuple[float, float, str] | None) -> str | None:
    """The reason when a basis gap seen in nearby years explains the claim (see the module docstring)."""
    q = claim.quantity
    if gap is None or q is None or q.value is None or primary.value <= 0 or primary.side != "own":
        return None
    low, high, years = gap
    ratio = q.value / primary.value
    if (
        not (low / (1 + BASIS_GAP_SLACK) <= ratio <= high * (1 + BASIS_GAP_SLACK))
        or abs(ratio - 1) <= REL_TOL
    ):
        return None
    return (
        f"'{q.describe()}' is {ratio:.2f} times the country's own {_shown(primary)}; the partner's mirror "
        f"statistics for this flow are not in the data for this year, but in {years} they ran "
        f"{low:.2f}-{high:.2f} times the country's figures, so the claim is likely on the partner's basis"
    )


def _decide_basis(claim: Claim, measured: Measured, notes: str) -> CheckResult:
    assert claim.quantity is not None
    q = claim.quantity
    figures = measured.figures
    if claim.basis:
        return _stated_basis(claim, measured, notes)
    own = [f for f in figures if f.side in ("own", "dataset")]
    partner = [f for f in figures if f.side == "partner"]
    rule = tolerance_text(q)
    match_own = next((f for f in own if consistent(q, f)), None)
    if match_own is not None:
        head = f"measured {_shown(match_own)} supports '{q.describe()}' ({rule})"
        return _judged(claim, SUPPORTED, match_own, figures, head, notes)
    match_partner = next((f for f in partner if consistent(q, f)), None)
    if match_partner is not None and own:
        head = (
            f"'{q.describe()}' matches the partner's mirror figure {_shown(match_partner)}, not the "
            f"country's own {_shown(own[0])}: the two bases differ"
        )
        return _judged(
            claim, BASIS_DIFFERS, own[0], [f for f in figures if f is not match_partner], head, notes
        )
    if match_partner is not None:
        head = (
            f"measured {_shown(match_partner)} supports '{q.describe()}' ({rule}); no figure of the "
            "country's own statistics is in the data"
        )
        return _judged(claim, SUPPORTED, match_partner, figures, head, notes)
    primary = own[0] if own else partner[0]
    explained = _gap_explains(claim, primary, measured.basis_gap) if not partner else None
    if explained:
        return _judged(claim, BASIS_DIFFERS, primary, [primary], explained, notes)
    head = f"measured {_shown(primary)} contradicts '{q.describe()}' ({rule})"
    return _judged(claim, CONTRADICTED, primary, figures, head, notes)
