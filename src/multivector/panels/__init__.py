"""Panels in the peacesciencer style: ``create_*`` makes a tagged frame, ``add_*`` steps add measures.

::

    df = build_panel("KAZ", years=(1992, None), steps="all")   # the frame and every step, in order
    df = create_dyad_years("KAZ", partners=["RUS", "CHN", "USA", "EU"], years=(1992, 2023))
    df = add_trade(df)          # trade flows and shares on one basis per country-year, its breaks (1870-2024)
    df = add_arms(df)           # SIPRI TIV and 5-year supplier shares, newest release        (1990-2024)
    df = add_alliances(df)      # ATOP pledge types                                          (1815-2018)
    df = add_igos(df)           # COW shared IGO memberships                                 (1816-2014)
    df = add_unga(df)           # UNGA agreement, State Dept, S, kappa (+ coverage flags)     (1946-2025)
    df = add_events(df)         # GDELT QuadClass counts and Goldstein measures         (sample days only)
    df = add_influence(df)      # FBIC-style bandwidth x dependence

    trade_bases("KAZ", "CHN", 2023)                    # every basis's figure for one flow, side by side
    trade_spread("KAZ")                                # ... for the four powers, with where they disagree
    balance_over_time("KAZ")                           # balance per data dimension and year

Every ``add_*`` keeps the rows and key columns, writes NA (never 0) for years outside its source's
coverage, and raises :class:`~multivector.errors.PipelineError` naming the step to run first.
"""

from __future__ import annotations

from multivector.panels.alliances import ATOP_COLUMNS, add_alliances, add_igos
from multivector.panels.arms import ARMS_COLUMNS, add_arms
from multivector.panels.balance import BALANCE_COLUMNS, balance_over_time, balance_table, ties_from_panel
from multivector.panels.build import SERIES, STEP_ORDER, STEPS, build_panel, resolve_steps
from multivector.panels.events import EVENT_COLUMNS, add_events
from multivector.panels.frames import (
    COUNTRY_KEYS,
    DYAD_KEYS,
    UNIT_ATTR,
    create_country_years,
    create_dyad_years,
    unit_of,
)
from multivector.panels.influence import DEFAULT_WEIGHTS, INFLUENCE_COLUMNS, add_influence
from multivector.panels.trade import TRADE_COLUMNS, add_trade
from multivector.panels.trade_compare import trade_bases
from multivector.panels.trade_spread import disagreements, trade_spread
from multivector.panels.unga import UNGA_COLUMNS, add_unga

__all__ = [
    "ARMS_COLUMNS",
    "ATOP_COLUMNS",
    "BALANCE_COLUMNS",
    "COUNTRY_KEYS",
    "DEFAULT_WEIGHTS",
    "DYAD_KEYS",
    "EVENT_COLUMNS",
    "INFLUENCE_COLUMNS",
    "SERIES",
    "STEPS",
    "STEP_ORDER",
    "TRADE_COLUMNS",
    "UNGA_COLUMNS",
    "UNIT_ATTR",
    "add_alliances",
    "add_arms",
    "add_events",
    "add_igos",
    "add_influence",
    "add_trade",
    "add_unga",
    "balance_over_time",
    "balance_table",
    "build_panel",
    "create_country_years",
    "create_dyad_years",
    "disagreements",
    "resolve_steps",
    "ties_from_panel",
    "trade_bases",
    "trade_spread",
    "unit_of",
]
