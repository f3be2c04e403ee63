"""UN General Assembly vote alignment (dyadic agreement measures) and ideal points."""

from __future__ import annotations

from multivector.alignment.agreement import MEASURES, dyad_alignment

__all__ = ["MEASURES", "dyad_alignment"]
