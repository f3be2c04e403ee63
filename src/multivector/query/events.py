"""Event measures per directed dyad and period from GDELT, as Ibis expressions (any backend).

Input: a table with the ``gdelt_events`` schema (:data:`multivector.sources.gdelt.EVENT_COLUMNS`). A
directed dyad is (``source`` = Actor1, ``target`` = Actor2), each side identified by its ``*_iso3`` code
(ISO3 for states, ``EU27`` for the European Union, KnownGroupCode EEC); events with a side that has no code
and events within one country are left out.

Definitions (w = 1, or NumMentions with ``weight="mentions"``):

- **QuadClass counts** (GDELT event codebook: QuadClass from the CAMEO root code; Schrodt, CAMEO codebook
  1.1b3): ``n_verbal_coop`` = sum w over QuadClass 1, ``n_material_coop`` (2), ``n_verbal_conflict`` (3),
  ``n_material_conflict`` (4); ``total_events`` = sum w over all events.
- **Cooperative events** are QuadClass 1 and 2, **conflictual** events QuadClass 3 and 4.
- **Goldstein** (Goldstein 1992, "A Conflict-Cooperation Scale for WEIS Events Data", JCR 36(2)), the
  -10..+10 weight GDELT gives each event code: ``coop_goldstein_sum`` = sum w * g over cooperative events,
  ``conflict_goldstein_sum`` = sum w * g over conflictual events; ``coop_goldstein_mean`` and
  ``conflict_goldstein_mean`` divide each by its summed weight (NULL when there is none);
  ``goldstein_mean`` = sum w * g / sum w over all events.
- **Net cooperation** ``net_cooperation`` = sum w * g over all events (= coop + conflict sums: the
  Goldstein-weighted net cooperation of the dyad), and ``net_coop_share`` = (cooperative - conflictual
  weighted counts) / total, in [-1, 1].
- ``root_only=True`` keeps only root events (IsRootEvent = 1, the event in a story's lead paragraph).

Power shares (:func:`power_shares_of_cooperation`): for a country C and period, share(P) = cooperative
events between C and power P / cooperative events between C and every identified foreign partner (events
in either direction by default), with the same weights.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import ibis
import ibis.expr.types as ir

from multivector.errors import InputError

__all__ = [
    "COOPERATIVE_QUAD_CLASSES",
    "QUAD_CLASS_COLUMNS",
    "dyad_event_measures",
    "power_shares_of_cooperation",
]

Period = Literal["month", "year"]
Weight = Literal["mentions"] | None
Direction = Literal["both", "out", "in"]

#: Output column per QuadClass.
QUAD_CLASS_COLUMNS: dict[int, str] = {
    1: "n_verbal_coop",
    2: "n_material_coop",
    3: "n_verbal_conflict",
    4: "n_material_conflict",
}
#: QuadClasses counted as cooperation (the rest, 3 and 4, are conflict).
COOPERATIVE_QUAD_CLASSES: tuple[int, ...] = (1, 2)


def _keys(period: str) -> list[str]:
    if period == "month":
        return ["year", "month"]
    if period == "year":
        return ["year"]
    raise InputError(f"period must be 'month' or 'year', not {period!r}")


def _weight(t: ir.Table, weight: str | None) -> ir.IntegerValue:
    if weight is None:
        return ibis.literal(1, type="int64")
    if weight == "mentions":
        return t.num_mentions.cast("int64")
    raise InputError(f"weight must be None or 'mentions', not {weight!r}")


def _prepare(t: ir.Table, weight: str | None, root_only: bool) -> ir.Table:
    if root_only:
        t = t.filter(t.is_root_event)
    return t.mutate(_w=_weight(t, weight), _g=t.goldstein.cast("float64"))


def dyad_event_measures(
    table: ir.Table,
    period: Period = "month",
    weight: Weight = None,
    root_only: bool = False,
    countries: Sequence[str] | None = None,
) -> ir.Table:
    """Event measures per directed dyad (source, target) and year or year-month (see module docstring).

    ``countries`` keeps the dyads with at least one side in the list. Columns: source, target, year
    [, month], total_events, n_verbal_coop, n_material_coop, n_verbal_conflict, n_material_conflict,
    n_coop, n_conflict, coop_goldstein_sum, conflict_goldstein_sum, coop_goldstein_mean,
    conflict_goldstein_mean, goldstein_mean, net_cooperation, net_coop_share.
    """
    keys = _keys(period)
    t = table.filter(
        table.actor1_iso3.notnull(), table.actor2_iso3.notnull(), table.actor1_iso3 != table.actor2_iso3
    )
    if countries is not None:
        wanted = [str(c) for c in countries]
        t = t.filter(t.actor1_iso3.isin(wanted) | t.actor2_iso3.isin(wanted))
    t = _prepare(t, weight, root_only)
    t = t.mutate(source=t.actor1_iso3, target=t.actor2_iso3)
    coop = t.quad_class.isin(list(COOPERATIVE_QUAD_CLASSES))
    conflict = t.quad_class.isin([3, 4])
    zero_f = ibis.literal(0.0, type="float64")
    zero_i = ibis.literal(0, type="int64")
    metrics = {
        "total_events": t._w.sum(),
        **{
            name: ibis.ifelse(t.quad_class == q, t._w, zero_i).sum() for q, name in QUAD_CLASS_COLUMNS.items()
        },
        "n_coop": ibis.ifelse(coop, t._w, zero_i).sum(),
        "n_conflict": ibis.ifelse(conflict, t._w, zero_i).sum(),
        "coop_goldstein_sum": ibis.ifelse(coop, t._w * t._g, zero_f).sum(),
        "conflict_goldstein_sum": ibis.ifelse(conflict, t._w * t._g, zero_f).sum(),
        "net_cooperation": (t._w * t._g).sum(),
    }
    agg = t.group_by(["source", "target", *keys]).aggregate(**metrics)
    total = agg.total_events.cast("float64")
    return agg.mutate(
        coop_goldstein_mean=agg.coop_goldstein_sum / agg.n_coop.cast("float64").nullif(0.0),
        conflict_goldstein_mean=agg.conflict_goldstein_sum / agg.n_conflict.cast("float64").nullif(0.0),
        goldstein_mean=agg.net_cooperation / total.nullif(0.0),
        net_coop_share=(agg.n_coop - agg.n_conflict).cast("float64") / total.nullif(0.0),
    )


def power_shares_of_cooperation(
    table: ir.Table,
    country: str,
    powers: Sequence[str] = ("RUS", "CHN", "USA", "EU27"),
    period: Period = "year",
    weight: Weight = None,
    root_only: bool = False,
    direction: Direction = "both",
) -> ir.Table:
    """Each power's share of ``country``'s cooperative events (QuadClass 1-2) per period, long format.

    The denominator is all cooperative events between ``country`` and any identified foreign partner
    (``*_iso3`` not NULL and not ``country``). ``direction``: ``"both"`` (events either way), ``"out"``
    (``country`` is Actor1) or ``"in"`` (``country`` is Actor2). Columns: country, partner, year
    [, month], coop_events, total_coop_events, share. Periods without any cooperative event of the
    country have no row (missing, not zero).
    """
    keys = _keys(period)
    if direction not in ("both", "out", "in"):
        raise InputError(f"direction must be 'both', 'out' or 'in', not {direction!r}")
    t = _prepare(table, weight, root_only)
    t = t.filter(t.quad_class.isin(list(COOPERATIVE_QUAD_CLASSES)))
    parts = []
    if direction in ("both", "out"):
        out = t.filter(t.actor1_iso3 == country, t.actor2_iso3.notnull(), t.actor2_iso3 != country)
        parts.append(out.select(*keys, "_w", partner=out.actor2_iso3))
    if direction in ("both", "in"):
        inn = t.filter(t.actor2_iso3 == country, t.actor1_iso3.notnull(), t.actor1_iso3 != country)
        parts.append(inn.select(*keys, "_w", partner=inn.actor1_iso3))
    u = parts[0] if len(parts) == 1 else parts[0].union(parts[1], distinct=False)
    zero = ibis.literal(0, type="int64")
    names = {p: f"_p{i}" for i, p in enumerate(powers)}
    wide = u.group_by(keys).aggregate(
        total_coop_events=u._w.sum(),
        **{col: ibis.ifelse(u.partner == p, u._w, zero).sum() for p, col in names.items()},
    )
    longs = [
        wide.select(
            *keys,
            country=ibis.literal(country, type="string"),
            partner=ibis.literal(p, type="string"),
            coop_events=wide[col],
            total_coop_events=wide.total_coop_events,
        )
        for p, col in names.items()
    ]
    long = longs[0]
    for other in longs[1:]:
        long = long.union(other, distinct=False)
    return long.mutate(share=long.coop_events.cast("float64") / long.total_coop_events.cast("float64"))
