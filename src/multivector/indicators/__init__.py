"""Balance indicators: how a country's ties are spread over partners and between the great powers.

Pipeline, each step a function over a tidy ties table (see :mod:`multivector.indicators.ties`)::

    validate_ties -> partner_shares -> concentration       (all partners: HHI, entropy, Hill numbers)
                                    -> power_vector -> balance  (RUS, CHN, USA, EU27, OTHER; tilt)
                                                       -> composite_balance

``balance`` flags groups whose balance is 0 *by construction* (one power quantified: ``n_powers_quantified``,
``coverage_ok``); the composite leaves them out by default. UN votes are not flows: their balance is the
distance-based :func:`multivector.indicators.equidistance.vote_equidistance`, not an entropy of shares.

Every function states its formula and citation in its docstring; ``docs/indicators.md`` explains the
measures and how to read them.
"""

from __future__ import annotations

from multivector.indicators.balance import TILT_TOLERANCE, balance, balance_series, power_vector
from multivector.indicators.composite import composite_balance, intended_weight
from multivector.indicators.concentration import concentration
from multivector.indicators.ties import (
    OTHER_UNLISTED,
    REQUIRED_COLUMNS,
    WORLD_TOLERANCE,
    partner_shares,
    validate_ties,
)

__all__ = [
    "OTHER_UNLISTED",
    "REQUIRED_COLUMNS",
    "TILT_TOLERANCE",
    "WORLD_TOLERANCE",
    "balance",
    "balance_series",
    "composite_balance",
    "concentration",
    "intended_weight",
    "partner_shares",
    "power_vector",
    "validate_ties",
]
