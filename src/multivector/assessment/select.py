"""Which figure an assessment uses per dimension, its flags, and the composite over the unflagged ones.

The rules are stated in :data:`RULES` (and ``docs/assessment.md``); :mod:`.assess` applies them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from multivector import dimensions as vocab
from multivector.assessment.model import (
    Composite,
    DimensionAssessment,
    EvidenceCount,
    FigureSummary,
    Tilt,
)
from multivector.indicators import composite_balance, intended_weight
from multivector.values import number_or_none

__all__ = ["RULES", "composite_model", "composites", "dimension_entry", "pick", "records"]

#: The rules, as the assessment states them in every answer (``rules``).
RULES: dict[str, str] = {
    "figure": "per dimension the newest sufficient figure up to the year (balance defined, evidence at "
    "its minimum); if none is sufficient, the newest figure, flagged",
    "merge": "a dataset figure and a casebook figure of the same year: the dataset wins (every partner, one "
    "published method for every country); the other is listed under alternatives",
    "staleness": "a figure older than its dimension's horizon is flagged stale and left out of the composite",
    "weights": "named dimensions take the given weight, every other keeps its default of 1; 0 leaves one out",
    "composite": "weighted mean over the dimensions without a flag; coverage = their weight / the weight of "
    "every comparable dimension",
}
_SHARES = ("share_rus", "share_chn", "share_usa", "share_eu27", "share_other")
_SHARE_KEYS = ("RUS", "CHN", "USA", "EU27", "OTHER")


# ---------------------------------------------------------------------------------------- selection
def records(figures: pd.DataFrame) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """(country, dimension) -> candidate records, newest first (the dataset before the casebook)."""
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    if figures.empty:
        return out
    dated = figures[figures["year"].notna()].sort_values(["year", "_rank"], ascending=False, kind="stable")
    for rec in dated.to_dict("records"):
        out.setdefault((str(rec["country"]), str(rec["dimension"])), []).append(
            {str(k): v for k, v in rec.items()}
        )
    return out


def pick(cands: list[dict[str, Any]], year: int) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The figure to use up to ``year`` and the alternatives to show (see the module docstring)."""
    upto = [c for c in cands if int(c["year"]) <= year]
    if not upto:
        return None, []
    usable = [c for c in upto if c["usable"]]
    chosen = usable[0] if usable else upto[0]
    alternatives = []
    newer = next((c for c in upto if c is not chosen and int(c["year"]) > int(chosen["year"])), None)
    if newer is not None:
        alternatives.append(newer)
    other = next((c for c in upto if c["origin"] != chosen["origin"]), None)
    if other is not None and other is not newer:
        alternatives.append(other)
    return chosen, alternatives


def _flags(spec: vocab.DimensionSpec, rec: dict[str, Any] | None, year: int, weight: float) -> list[str]:
    if rec is None or pd.isna(rec["balance"]):
        return ["no_data"]
    flags = []
    if year - int(rec["year"]) > spec.horizon:
        flags.append("stale")
    if not rec["coverage_ok"]:
        flags.append("single_power")
    elif not rec["evidence_ok"]:
        flags.append("too_little_evidence")
    if not spec.comparable:
        flags.append("noncomparable")
    if weight <= 0:
        flags.append("zero_weight")
    return flags


def _num(value: Any) -> float | None:
    x = number_or_none(value)
    return None if x is None else round(x, 6)


def _text(value: Any) -> str | None:
    return (
        None
        if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))
        else str(value)
    )


def _ids(text: Any) -> list[str]:
    return [s for s in str(text or "").split(",") if s]


def _why_not(alt: dict[str, Any], chosen: dict[str, Any]) -> str:
    if int(alt["year"]) > int(chosen["year"]):
        return f"newer ({alt['year']}) but not sufficient: {alt['note'] or 'evidence below the minimum'}"
    if int(alt["year"]) < int(chosen["year"]):
        return f"older ({alt['year']}) than the {chosen['origin']} figure ({chosen['year']})"
    return f"same year as the {chosen['origin']} figure, which wins (see rules.merge)"


def _evidence(rec: dict[str, Any]) -> EvidenceCount:
    return EvidenceCount(
        kind=str(rec["evidence_kind"]), count=int(rec["evidence"]), minimum=int(rec["evidence_min"])
    )


def dimension_entry(
    spec: vocab.DimensionSpec,
    rec: dict[str, Any] | None,
    alts: list[dict[str, Any]],
    year: int,
    weight: float,
) -> DimensionAssessment:
    flags = _flags(spec, rec, year, weight)
    entry = DimensionAssessment(
        dimension=spec.name,
        label=spec.label,
        unit=spec.unit,
        construction=spec.construction,
        comparable=spec.comparable,
        weight=weight,
        horizon=spec.horizon,
        flags=flags,
        in_composite=not flags,
    )
    if rec is None:
        return entry
    entry.origin = rec["origin"]
    entry.year = int(rec["year"])
    entry.age = year - int(rec["year"])
    entry.unit = _text(rec["unit"]) or spec.unit
    entry.balance = _num(rec["balance"])
    entry.tilt = Tilt(
        rus=_num(rec["tilt_rus"]),
        chn=_num(rec["tilt_chn"]),
        west=_num(rec["tilt_west"]),
        lean=_text(rec["tilt_lean"]),
        strength=_num(rec["tilt_strength"]),
    )
    entry.shares = {k: _num(rec[c]) for k, c in zip(_SHARE_KEYS, _SHARES, strict=True)}
    entry.largest_power = _text(rec["largest_power"])
    entry.largest_exposure = _num(rec["largest_exposure"])
    entry.power_share = _num(rec["power_share"])
    entry.total_basis = _text(rec["total_basis"])
    entry.n_powers_quantified = int(rec["n_powers_quantified"])
    entry.evidence = _evidence(rec)
    entry.basis = _text(rec["basis"])
    entry.tables = [t for t in str(rec.get("tables") or "").split(",") if t]
    entry.sources = _ids(rec["sources"])
    entry.entries = _ids(rec["entries"])
    entry.note = str(rec["note"] or "")
    entry.alternatives = [
        FigureSummary(
            origin=a["origin"],
            year=int(a["year"]),
            balance=_num(a["balance"]),
            largest_power=_text(a["largest_power"]),
            largest_exposure=_num(a["largest_exposure"]),
            evidence=_evidence(a),
            basis=_text(a["basis"]),
            sources=_ids(a["sources"]),
            why_not=_why_not(a, rec),
        )
        for a in alts
    ]
    return entry


# ---------------------------------------------------------------------------------------- composite
def composites(
    used: list[tuple[str, dict[str, Any]]], weights: Mapping[str, float]
) -> dict[str, dict[str, Any]]:
    """key -> the composite of the figures used under that key (``composite_balance``, by key)."""
    if not used:
        return {}
    cols = ["balance", "power_share", "largest_exposure", "tilt_rus", "tilt_chn", "tilt_west", *_SHARES[:4]]
    frame = pd.DataFrame(
        [{"country": key, "dimension": rec["dimension"], **{c: rec[c] for c in cols}} for key, rec in used]
    )
    for c in cols:
        frame[c] = pd.to_numeric(frame[c], errors="coerce").astype("float64")
    out = composite_balance(frame, weights=dict(weights), by=("country",))
    return {str(r["country"]): {str(k): v for k, v in r.items()} for r in out.to_dict("records")}


def _coverage(used_dims: Iterable[str], weights: Mapping[str, float]) -> float:
    """The used weight / :func:`multivector.indicators.intended_weight` (the comparable dimensions')."""
    total = intended_weight(weights)
    got = sum(weights[d] for d in used_dims)
    return round(got / total, 6) if total > 0 else 0.0


def composite_model(
    comp: dict[str, Any] | None, entries: list[DimensionAssessment], weights: Mapping[str, float]
) -> Composite:
    used = [e for e in entries if e.in_composite]
    excluded = {e.dimension: e.flags[0] for e in entries if not e.in_composite and e.flags != ["no_data"]}
    out = Composite(
        coverage=_coverage((e.dimension for e in used), weights),
        dimensions_used=[e.dimension for e in used],
        years={e.dimension: e.year for e in used if e.year is not None},
        excluded=excluded,
    )
    if comp is None:
        return out
    out.balance = _num(comp["balance"])
    out.tilt = Tilt(
        rus=_num(comp["tilt_rus"]),
        chn=_num(comp["tilt_chn"]),
        west=_num(comp["tilt_west"]),
        lean=_text(comp["tilt_lean"]),
        strength=_num(comp["tilt_strength"]),
    )
    out.shares = {k: _num(comp.get(c)) for k, c in zip(_SHARE_KEYS[:4], _SHARES[:4], strict=True)}
    out.largest_power = _text(comp["largest_power"])
    out.largest_exposure = _num(comp["largest_exposure"])
    out.power_share = _num(comp["power_share"])
    return out
