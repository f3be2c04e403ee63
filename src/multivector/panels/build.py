"""One panel builder: the dyad-year frame with the ``add_*`` steps run in one fixed order.

::

    from multivector.panels import build_panel
    df = build_panel("KAZ", years=(1992, 2024), steps=["trade", "unga"])   # step or dimension names
    df = build_panel(["KAZ", "UZB"], partners=["RUS", "CHN"], steps="all", store=st, skip_missing=True)

:data:`STEPS` is the vocabulary of panel steps: each step's function, the store tables it reads and the
steps whose columns it needs; :data:`STEP_ORDER` the order every interface runs them in (``add_influence``
last: it combines the others' columns). :data:`SERIES` names the panel columns the API's ``/series`` and
the CLI export offer, with their units. The CLI's ``panel`` command, the API and :mod:`.balance` all build
their frames here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from multivector import dimensions as vocab
from multivector.errors import InputError, PipelineError, StoreError
from multivector.panels.alliances import add_alliances, add_igos
from multivector.panels.arms import add_arms
from multivector.panels.events import add_events
from multivector.panels.frames import Years, create_dyad_years, opened
from multivector.panels.influence import add_influence
from multivector.panels.trade import add_trade
from multivector.panels.unga import add_unga
from multivector.powers import POWERS
from multivector.store.db import Store

__all__ = [
    "SERIES",
    "SKIPPED_ATTR",
    "STEPS",
    "STEP_ORDER",
    "SeriesSpec",
    "StepSpec",
    "build_panel",
    "resolve_steps",
    "year_span",
]

#: ``attrs`` key: the steps :func:`build_panel` skipped (``skip_missing``), step -> why.
SKIPPED_ATTR = "multivector_skipped"


@dataclass(frozen=True)
class StepSpec:
    """A panel step: its function, the store tables it reads, the steps it needs run first."""

    name: str
    function: Callable[..., pd.DataFrame]
    tables: tuple[str, ...]
    label: str
    needs: tuple[str, ...] = ()

    @property
    def storeless(self) -> bool:
        """True for a step that computes from the frame's columns only."""
        return not self.tables and bool(self.needs)


#: Every panel step, in the order :func:`build_panel` runs them.
STEPS: dict[str, StepSpec] = {
    s.name: s
    for s in (
        StepSpec("add_trade", add_trade, vocab.DIMENSIONS[vocab.TRADE].tables, "trade flows and shares"),
        StepSpec("add_arms", add_arms, vocab.DIMENSIONS[vocab.SECURITY].tables, "SIPRI arms transfers"),
        StepSpec("add_alliances", add_alliances, vocab.DIMENSIONS[vocab.ALLIANCES].tables, "ATOP alliances"),
        StepSpec("add_igos", add_igos, (vocab.IGO,), "COW shared IGO memberships"),
        StepSpec("add_unga", add_unga, vocab.DIMENSIONS[vocab.UNGA].tables, "UN General Assembly votes"),
        StepSpec("add_events", add_events, vocab.DIMENSIONS[vocab.EVENTS].tables, "GDELT events"),
        StepSpec(
            "add_influence",
            add_influence,
            (),
            "influence index (FBIC-style)",
            needs=("add_trade", "add_arms", "add_alliances", "add_igos", "add_unga"),
        ),
    )
}
#: The order of the steps.
STEP_ORDER: tuple[str, ...] = tuple(STEPS)


@dataclass(frozen=True)
class SeriesSpec:
    """A panel column offered as a dyad series: label, unit, the step and column, and a description."""

    name: str
    label: str
    unit: str
    step: str
    column: str
    description: str

    @property
    def tables(self) -> tuple[str, ...]:
        """The store tables the series reads (its step's, and those of the steps it needs)."""
        spec = STEPS[self.step]
        needed = [t for s in spec.needs for t in STEPS[s].tables]
        return tuple(dict.fromkeys([*spec.tables, *needed]))

    def missing_tables(self, stored: set[str] | frozenset[str]) -> tuple[tuple[str, ...], ...]:
        """For each needed step whose tables the store holds none of, those tables (any one would do: a
        step reads whichever release or basis is stored); empty when the series can be computed.
        ``add_influence`` needs trade and UN votes; its other components are optional."""
        needed = ("add_trade", "add_unga") if self.step == "add_influence" else (self.step,)
        return tuple(STEPS[s].tables for s in needed if not set(STEPS[s].tables) & set(stored))


#: The dyad series offered by the API's ``/series`` and documented in ``docs/panels.md``.
SERIES: dict[str, SeriesSpec] = {
    s.name: s
    for s in (
        SeriesSpec(
            "trade",
            "Bilateral trade",
            "million current USD",
            "add_trade",
            "trade_total",
            "imports + exports between country and partner, on the basis named by trade_basis",
        ),
        SeriesSpec(
            "trade_share",
            "Partner's share of the country's trade",
            "share (0-1)",
            "add_trade",
            "trade_dependence",
            "trade with the partner / the country's world trade",
        ),
        SeriesSpec(
            "arms",
            "Arms deliveries from the partner",
            "SIPRI TIV (million)",
            "add_arms",
            "arms_tiv",
            "major conventional arms delivered by the partner to the country (SIPRI TIV)",
        ),
        SeriesSpec(
            "arms_share",
            "Partner's 5-year share of arms imports",
            "share (0-1)",
            "add_arms",
            "arms_supplier_share_5y",
            "the partner's share of the country's arms imports over 5 years (SIPRI convention)",
        ),
        SeriesSpec(
            "alliance",
            "Alliance (any ATOP pledge)",
            "0/1",
            "add_alliances",
            "atop_any",
            "1 when the two share an alliance with any ATOP 5.1 pledge in the year",
        ),
        SeriesSpec(
            vocab.SRC_IGO,
            "Shared IGO memberships",
            "count",
            "add_igos",
            "igo_shared",
            "intergovernmental organisations both are full members of (COW IGO v3)",
        ),
        SeriesSpec(
            "unga_agreement",
            "UN General Assembly agreement",
            "share (0-1)",
            "add_unga",
            "unga_agreement",
            "Voeten agreement 1 - |v1 - v2|/2 over non-unanimous roll calls in the calendar year",
        ),
        SeriesSpec(
            "events",
            "Events (GDELT)",
            "count",
            "add_events",
            "events_total",
            "GDELT events from the country to the partner in the year",
        ),
        SeriesSpec(
            "net_cooperation",
            "Net cooperation (GDELT Goldstein)",
            "Goldstein sum",
            "add_events",
            "events_net_cooperation",
            "cooperative minus conflictual Goldstein sums of the country's events to the partner",
        ),
        SeriesSpec(
            "influence",
            "Influence of the partner (FBIC-style)",
            "index (0-1)",
            "add_influence",
            "influence_index",
            "bandwidth x dependence of the country on the partner (trade, arms, alliances, IGOs, UN votes)",
        ),
    )
}


def year_span(years: Years | tuple[int, int | None] | None, default_first: int = 1992) -> tuple[int, int]:
    """An inclusive ``(first, last)`` span; ``None`` parts mean ``default_first`` and this calendar year."""
    this_year = date.today().year
    if years is None:
        return default_first, this_year
    if isinstance(years, tuple) and len(years) == 2:
        first = default_first if years[0] is None else int(years[0])
        last = this_year if years[1] is None else int(years[1])
        if first > last:
            raise InputError(f"years {first}-{last}: the first year must not exceed the last")
        return first, last
    from multivector.panels.frames import parse_years

    ys = parse_years(years)
    return ys[0], ys[-1]


def resolve_steps(steps: Iterable[str] | str | None) -> list[str]:
    """Step names in :data:`STEP_ORDER`, with the steps they need added.

    ``steps`` holds step names (``add_trade``), step names without ``add_`` (``trade``), dimension names
    (``security`` -> ``add_arms``), or ``"all"``/``None`` for every step. Unknown names raise
    :class:`~multivector.errors.InputError`.
    """
    if steps is None or steps == "all":
        return list(STEP_ORDER)
    names = [s.strip() for s in steps.split(",")] if isinstance(steps, str) else [str(s) for s in steps]
    wanted: set[str] = set()
    for raw in names:
        name = raw.strip().lower()
        if not name:
            continue
        spec_step = vocab.DIMENSIONS[name].step if name in vocab.DIMENSIONS else None
        step = spec_step or (name if name.startswith("add_") else f"add_{name}")
        if step not in STEPS:
            raise InputError(
                f"unknown panel step {raw!r}; steps: {', '.join(STEP_ORDER)} (or a dimension: "
                f"{', '.join(vocab.data_dimensions())})"
            )
        wanted.add(step)
        wanted.update(STEPS[step].needs)
    if not wanted:
        raise InputError("no panel steps given")
    return [s for s in STEP_ORDER if s in wanted]


def _run(step: StepSpec, df: pd.DataFrame, store: Store, options: dict[str, Any]) -> pd.DataFrame:
    if step.storeless:
        return step.function(df, **options)
    return step.function(df, store, **options)


def build_panel(
    countries: Iterable[str] | str | None = None,
    partners: Iterable[str] | str | None = POWERS,
    years: Years | tuple[int, int | None] | None = (1992, None),
    *,
    steps: Iterable[str] | str | None = "all",
    store: Store | str | Path | None = None,
    skip_missing: bool = False,
    directed: bool = True,
    options: dict[str, dict[str, Any]] | None = None,
) -> pd.DataFrame:
    """The directed dyad-year panel of ``countries`` x ``partners`` over ``years`` with ``steps`` run in
    :data:`STEP_ORDER` on ``store``.

    ``years``: a span such as ``(1992, None)`` (``None`` = this calendar year) or anything
    :func:`~multivector.panels.frames.parse_years` takes. ``steps``: see :func:`resolve_steps`.
    ``options`` passes keyword arguments to one step (``{"add_unga": {"ideal_points": True}}``).

    A step whose tables are not in the store raises :class:`~multivector.errors.StoreError` naming what to
    import; with ``skip_missing=True`` it is skipped instead and named, with the reason, in
    ``df.attrs["multivector_skipped"]`` (a step that needs a skipped step is skipped too). Every ``add_*``
    keeps the frame's rows and keys.
    """
    first, last = year_span(years)
    order = resolve_steps(steps)
    opts = options or {}
    unknown = set(opts) - set(STEPS)
    if unknown:
        raise InputError(f"options name unknown steps {sorted(unknown)}; steps: {', '.join(STEP_ORDER)}")
    df = create_dyad_years(countries, partners, (first, last), directed=directed)
    skipped: dict[str, str] = {}
    with opened(store) as st:
        for name in order:
            try:
                df = _run(STEPS[name], df, st, opts.get(name, {}))
            except (StoreError, PipelineError) as exc:
                if not skip_missing:
                    raise
                skipped[name] = str(exc)
    df.attrs[SKIPPED_ATTR] = skipped
    return df


def tables_read(frame: pd.DataFrame, step: str, stored: Iterable[str]) -> tuple[str, ...]:
    """The store tables ``step`` read for the rows of ``frame``: the trade bases named in
    ``trade_basis``, the SIPRI release in ``arms_release``; otherwise the step's tables the store holds."""
    from multivector.panels.trade import basis_tables

    if step == "add_trade" and "trade_basis" in frame.columns:
        bases = frame["trade_basis"].dropna().astype(str).unique()
        return tuple(dict.fromkeys(t for b in sorted(bases) for t in basis_tables(b)))
    if step == "add_arms" and "arms_release" in frame.columns:
        releases = frame["arms_release"].dropna().astype(str).unique()
        return tuple(dict.fromkeys(r.split(":", 1)[0] for r in releases))
    have = set(stored)
    return tuple(t for t in STEPS[step].tables if t in have)


def step_tables(steps: Sequence[str]) -> tuple[str, ...]:
    """The store tables read by ``steps`` (resolved with :func:`resolve_steps`)."""
    return tuple(dict.fromkeys(t for s in resolve_steps(steps) for t in STEPS[s].tables))
