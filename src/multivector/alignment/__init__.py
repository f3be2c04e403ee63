"""UN General Assembly vote alignment: dyadic agreement measures and ideal points.

* :func:`dyad_alignment`: Voeten agreement, State Department coincidence, S-score, Hage's kappa and pi,
  same-vote share, per directed dyad and year or session.
* :func:`ideal_points`: one-dimensional ordered logit / probit ideal points per country and year, static
  (one fit per year), dynamic (random-walk smoother, one scale across years) or forward (Bailey, Strezhnev
  and Voeten's one-sided random walk); posterior modes, or (``estimate="mean"``) grid posterior means.

See ``docs/alignment.md`` for formulas, citations and validation figures.
"""

from __future__ import annotations

import importlib
from typing import Any

from multivector.alignment.agreement import MEASURES, dyad_alignment

__all__ = [
    "ESTIMATORS",
    "MEASURES",
    "bridge_keys",
    "dyad_alignment",
    "final_passage_ids",
    "ideal_points",
    "procedural_ids",
]

#: The ideal-point estimators need SciPy: imported on first use, so the agreement measures (and the
#: panels and the assessment that use them) start without it.
_LAZY = {
    "bridge_keys": "multivector.alignment.idealpoints",
    "final_passage_ids": "multivector.alignment.idealpoints",
    "procedural_ids": "multivector.alignment.idealpoints",
    "ideal_points": "multivector.alignment.estimators",
    "ESTIMATORS": "multivector.alignment.estimators",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'multivector.alignment' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
