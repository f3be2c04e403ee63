"""The network as arrays and the closed-form rerouting, vectorised over draws.

Every quantity is an array with a leading axis of draws (``n``; ``n = 1`` for the base case), so the same
code serves the single run and the Monte Carlo. The steps:

1. :func:`compile_arrays` turns the scenario into arrays over the *window* (the shock period: the scenario's
   ``horizon_days``, else the longest shock, else 365 days). Yearly flows and capacities are scaled by
   ``window / 365``. Shocks start together on day 0; a shock lasting ``d`` days of a window of ``W`` days
   acts on the window average as ``d / W`` of its size, and several cuts on one channel multiply.
2. :func:`greedy_reroute` reroutes the volume that no longer fits (``excess = planned - capacity``) to the
   spare capacity (``capacity - planned``) of the channels it may go to, cheapest first, up to each
   channel's spare and its group's remaining capacity; what does not fit is lost.
3. :func:`balance_arrays` computes the balance index and the largest single-power exposure from the
   delivered values by pole.

Why the greedy fill is the linear program's optimum (checked draw by draw by :func:`greedy_valid`, and in
the tests against HiGHS): when every channel with excess may go to the same set of targets, the cost of a
rerouted unit depends only on its target, every lost unit costs the same penalty (the commodity's value),
and the capacity limits form a laminar family (each target's own spare nested in at most one group), the
feasible rerouted volumes form a polymatroid; maximising the linear saving ``sum_j (penalty - cost_j) y_j``
over a polymatroid is solved by the greedy algorithm in decreasing order of saving (Edmonds 1970). Any
split of the pooled volume among the sources is then optimal; we split pro rata to each source's excess.
Draws where the conditions fail (different target sets, a group already over its capacity, per-pair costs)
are solved by the LP (:mod:`multivector.scenarios.lp`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from multivector.errors import ScenarioError
from multivector.indicators.balance import balance_from_powers
from multivector.powers import POLES, POWERS
from multivector.scenarios.model import Num, Scenario, is_ref

__all__ = [
    "DAYS_PER_YEAR",
    "Arrays",
    "Flows",
    "balance_arrays",
    "compile_arrays",
    "greedy_reroute",
    "greedy_valid",
    "pole_values",
]

DAYS_PER_YEAR = 365.0
_TOL = 1e-9

Values = dict[str, "float | np.ndarray"]


def _cols(n: int, k: int) -> np.ndarray:
    """An uninitialised (n, k) float64 array stored column by column (the transpose of a C (k, n) array)."""
    return np.empty((k, n)).T


def _num(v: Num | None, values: Values, n: int, default: float = 0.0) -> np.ndarray:
    """A number or ``$parameter`` as an array of shape (n,)."""
    if v is None:
        out: float | np.ndarray = default
    elif is_ref(v):
        out = values[str(v)[1:]]
    else:
        out = float(v)
    return np.broadcast_to(np.asarray(out, dtype="float64"), (n,)).astype("float64", copy=True)


@dataclass
class Arrays:
    """The scenario as arrays: axis 0 draws (n), axis 1 channels (K), groups (G)."""

    n: int
    ids: list[str]
    poles: list[str]
    commodities: list[str]
    units: list[str]
    window: np.ndarray  # (n,) days
    planned0: np.ndarray  # (n,K) before any shock, over the window
    cap0: np.ndarray  # (n,K) country's capacity before any shock
    planned: np.ndarray  # (n,K) after flow_add / shift / demand increase
    cap: np.ndarray  # (n,K) after every shock
    vpu0: np.ndarray  # (n,K) value per unit before
    vpu: np.ndarray  # (n,K) value per unit after price shocks
    tcost: np.ndarray  # (n,K) cost per unit of rerouting into a channel (billion USD per unit)
    allowed: np.ndarray  # (K,K) bool, allowed[i, j]: volume of i may go to j
    override: dict[tuple[int, int], np.ndarray]  # per-pair cost overrides (n,)
    group_ids: list[str]
    group_of: np.ndarray  # (K,) int, -1 when in no group
    gcap0: np.ndarray  # (n,G)
    gcap: np.ndarray  # (n,G)
    shifts: list[tuple[int, int, np.ndarray]] = field(default_factory=list)  # voluntary moves (n,)

    @property
    def k(self) -> int:
        return len(self.ids)


def compile_arrays(sc: Scenario, values: Values, n: int = 1) -> Arrays:
    """Evaluate the scenario's network and shocks for ``n`` draws of the parameter ``values``.

    The steps: the window (:func:`_window`), the channels' yearly flows, capacities, costs and values
    scaled to the window (:func:`_channel_arrays`), the groups' capacities, the allowed substitutions, then
    the additive shocks (:func:`_apply_additive_shocks`) and the cuts, demand and price changes
    (:func:`_apply_fraction_shocks`), in that order.
    """
    ids = sc.channel_ids()
    index = {c: i for i, c in enumerate(ids)}
    window = _window(sc, values, n)
    scale = (window / DAYS_PER_YEAR)[:, None]
    planned0, cap0, tcost, vpu0 = _channel_arrays(sc, values, n, scale)
    group_ids = [g.id for g in sc.groups]
    group_of = np.full(len(ids), -1, dtype=np.int64)
    gcap_y = _cols(n, len(group_ids))
    for gi, g in enumerate(sc.groups):
        gcap_y[:, gi] = _num(g.capacity, values, n)
        for cid in g.channels:
            group_of[index[cid]] = gi
    gcap0 = np.multiply(gcap_y, scale, out=gcap_y)
    allowed, override = _substitutions(sc, values, n, index)
    planned = planned0.copy(order="K")
    cap = cap0.copy(order="K")
    gcap = gcap0.copy(order="K")
    shifts = _apply_additive_shocks(sc, values, n, index, group_ids, scale[:, 0], planned, cap, gcap)
    vpu = vpu0.copy(order="K")
    _apply_fraction_shocks(sc, values, n, index, window, planned, cap, vpu)
    return Arrays(
        n=n,
        ids=ids,
        poles=[c.pole or "OTHER" for c in sc.channels],
        commodities=[c.commodity for c in sc.channels],
        units=[
            sc.commodities[c.commodity].unit if c.commodity in sc.commodities else "" for c in sc.channels
        ],
        window=window * np.ones(n),
        planned0=planned0,
        cap0=cap0,
        planned=planned,
        cap=cap,
        vpu0=vpu0,
        vpu=vpu,
        tcost=tcost,
        allowed=allowed,
        override=override,
        group_ids=group_ids,
        group_of=group_of,
        gcap0=gcap0,
        gcap=gcap,
        shifts=shifts,
    )


def _window(sc: Scenario, values: Values, n: int) -> np.ndarray:
    """The window in days (n,): ``horizon_days``, else the longest shock, else 365 days."""
    if sc.horizon_days is not None:
        return _num(sc.horizon_days, values, n)
    day_arrays = [_num(s.days, values, n) for s in sc.shocks if s.days is not None]
    window = np.maximum.reduce(day_arrays) if day_arrays else np.full(n, DAYS_PER_YEAR)
    return np.where(window > 0, window, DAYS_PER_YEAR)


def _channel_arrays(
    sc: Scenario, values: Values, n: int, scale: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Planned volume and the country's capacity over the window (yearly x ``scale``), rerouting cost and
    value per unit of every channel: four (n, K) arrays stored channel-major (a transposed (K, n) C array),
    so that per-channel columns are contiguous. Raises when ``other_use`` exceeds a channel's capacity."""
    ids = sc.channel_ids()
    k = len(ids)
    planned_y = _cols(n, k)
    cap_y = _cols(n, k)
    tcost = _cols(n, k)
    vpu0 = _cols(n, k)
    for j, ch in enumerate(sc.channels):
        if ch.planned is not None:
            planned_y[:, j] = _num(ch.planned, values, n)
        else:
            assert sc.shares is not None and sc.total is not None
            planned_y[:, j] = sc.shares[ch.id] * sc.total
        if ch.capacity is None:
            cap_y[:, j] = planned_y[:, j]
        else:
            cap_y[:, j] = _num(ch.capacity, values, n) - _num(ch.other_use, values, n)
        tcost[:, j] = _num(ch.reroute_cost, values, n)
        if ch.commodity in sc.commodities:
            vpu0[:, j] = _num(sc.commodities[ch.commodity].value_per_unit, values, n)
        else:
            vpu0[:, j] = 1.0
    if np.any(cap_y < -_TOL):
        bad = [ids[j] for j in range(k) if np.any(cap_y[:, j] < -_TOL)]
        raise ScenarioError(
            f"channels: other_use exceeds capacity for {', '.join(bad)} (the country's capacity would be < 0)"
        )
    np.maximum(cap_y, 0.0, out=cap_y)
    planned0 = np.multiply(planned_y, scale, out=planned_y)
    cap0 = np.multiply(cap_y, scale, out=cap_y)
    return planned0, cap0, tcost, vpu0


def _substitutions(
    sc: Scenario, values: Values, n: int, index: dict[str, int]
) -> tuple[np.ndarray, dict[tuple[int, int], np.ndarray]]:
    """``allowed[i, j]`` (volume of i may go to j) and the per-pair cost overrides."""
    k = len(index)
    allowed = np.zeros((k, k), dtype=bool)
    override: dict[tuple[int, int], np.ndarray] = {}
    for sub in sc.substitutions:
        i = index[sub.from_]
        for cid in sub.to:
            allowed[i, index[cid]] = True
            if sub.cost is not None:
                override[(i, index[cid])] = _num(sub.cost, values, n)
    return allowed, override


def _apply_additive_shocks(
    sc: Scenario,
    values: Values,
    n: int,
    index: dict[str, int],
    group_ids: list[str],
    scale: np.ndarray,
    planned: np.ndarray,
    cap: np.ndarray,
    gcap: np.ndarray,
) -> list[tuple[int, int, np.ndarray]]:
    """Apply ``flow_add``, ``capacity_add`` and ``shift`` (yearly amounts, over the whole window) to
    ``planned``, ``cap`` and ``gcap`` in place; returns the voluntary moves ``(from, to, volume)``."""
    shifts: list[tuple[int, int, np.ndarray]] = []
    for s in sc.shocks:
        if s.kind == "flow_add":
            j = index[str(s.channel)]
            add = _num(s.amount, values, n) / _num(s.years, values, n, default=1.0) * scale
            planned[:, j] = np.maximum(planned[:, j] + add, 0.0)
            cap[:, j] = np.maximum(cap[:, j] + add, 0.0)
        elif s.kind == "capacity_add":
            add = _num(s.amount, values, n) * scale
            if s.channel is not None:
                j = index[s.channel]
                cap[:, j] = np.maximum(cap[:, j] + add, 0.0)
            else:
                gi = group_ids.index(str(s.group))
                gcap[:, gi] = np.maximum(gcap[:, gi] + add, 0.0)
        elif s.kind == "shift":
            i, j = index[str(s.channel)], index[str(s.to)]
            moved = np.minimum(np.maximum(_num(s.amount, values, n) * scale, 0.0), planned[:, i])
            planned[:, i] -= moved
            planned[:, j] += moved
            shifts.append((i, j, moved))
    return shifts


def _apply_fraction_shocks(
    sc: Scenario,
    values: Values,
    n: int,
    index: dict[str, int],
    window: np.ndarray,
    planned: np.ndarray,
    cap: np.ndarray,
    vpu: np.ndarray,
) -> None:
    """Apply the cuts, sanctions, demand and price changes in place; each acts on the window average as
    ``min(days, window) / window`` of its size, and several cuts on one channel multiply."""
    k = len(index)
    mult = np.ones((k, n)).T
    accept = np.full((k, n), np.inf).T
    for s in sc.shocks:
        d = _num(s.days, values, n, default=np.inf) if s.days is not None else window
        frac_time = np.minimum(d, window) / window
        if s.kind == "capacity_cut":
            f = _num(s.fraction, values, n) * frac_time
            for j in _targets(sc, s.channel, s.pole, index, crossing=True):
                mult[:, j] *= 1.0 - f
        elif s.kind == "sanctions":
            # the flows themselves are cut: the channel takes no more than (1 - f) x planned, so nothing
            # can be rerouted into a sanctioned channel
            f = _num(s.fraction, values, n) * frac_time
            for j in _targets(sc, s.channel, s.pole, index, crossing=True):
                accept[:, j] = np.minimum(accept[:, j], planned[:, j] * (1.0 - f))
        elif s.kind == "demand_change":
            c = _num(s.change, values, n) * frac_time
            for j in _targets(sc, s.channel, s.pole, index, crossing=False):
                neg = c < 0
                accept[:, j] = np.where(
                    neg, np.minimum(accept[:, j], planned[:, j] * (1.0 + c)), accept[:, j]
                )
                planned[:, j] = np.where(neg, planned[:, j], planned[:, j] * (1.0 + c))
        elif s.kind == "price_change":
            c = _num(s.change, values, n) * frac_time
            for j, ch in enumerate(sc.channels):
                if ch.commodity == s.commodity:
                    vpu[:, j] *= 1.0 + c
    cap *= mult
    np.minimum(cap, accept, out=cap)


def _targets(
    sc: Scenario, channel: str | None, pole: str | None, index: dict[str, int], *, crossing: bool
) -> list[int]:
    """The channels a shock hits: the named one, or those ending in (and, for cuts, crossing) the pole."""
    if channel is not None:
        return [index[channel]]
    out = []
    for j, ch in enumerate(sc.channels):
        crosses = {"EU27" if c in _eu() else c for c in ch.crosses}
        if ch.pole == pole or (crossing and pole in crosses):
            out.append(j)
    return out


def _eu() -> frozenset[str]:
    from multivector.powers import EU27_MEMBERS

    return EU27_MEMBERS


@dataclass
class Flows:
    """Where the volume went, per draw: own delivery, rerouted volume per (source, target), and losses.

    ``moved`` (n,K,K) is kept for the base case (the Sankey); the Monte Carlo keeps only its sums
    ``received`` and ``rerouted_out`` (n,K) to save memory.
    """

    own: np.ndarray  # (n,K) delivered on the planned channel
    lost: np.ndarray  # (n,K) lost volume of each source channel
    cost: np.ndarray  # (n,) total rerouting cost (billion USD)
    received: np.ndarray  # (n,K) volume each channel takes from others
    rerouted_out: np.ndarray  # (n,K) volume of each channel carried by others
    moved: np.ndarray | None = None  # (n,K,K) moved[:, i, j]: volume of i delivered on j

    @property
    def delivered_on(self) -> np.ndarray:
        """Volume carried by each channel (own + received)."""
        return self.own + self.received


#: Above this many channels the reachable-target sets no longer fit in one int64 bit mask per draw.
_MAX_BITS = 62


def _allowed_bits(a: Arrays) -> np.ndarray:
    """allowed[i] as a bit mask (bit j set when i's volume may go to j), one int64 per source channel."""
    weights = np.left_shift(np.int64(1), np.arange(a.k, dtype=np.int64))
    return (a.allowed.astype(np.int64) * weights).sum(axis=1)


def _bit_mask(cols: list[np.ndarray]) -> np.ndarray:
    """Pack boolean columns (n,) into one int64 per draw (bit j = column j)."""
    out = np.zeros(cols[0].shape[0], dtype=np.int64) if cols else np.zeros(0, dtype=np.int64)
    for j, c in enumerate(cols):
        out |= c.astype(np.int64) << j
    return out


def greedy_valid(a: Arrays) -> np.ndarray:
    """Boolean (n,): draws where the greedy fill is provably the LP optimum (see the module docstring).

    The reachable-target sets are compared as bit masks (one int64 per draw), so every step works on
    contiguous (n,) arrays; :func:`_greedy_valid_sets` is the same check on boolean (n,K) arrays, used when
    there are more channels than bits.
    """
    if a.override:
        return np.zeros(a.n, dtype=bool)
    if a.k > _MAX_BITS:
        return _greedy_valid_sets(a)
    n, k = a.n, a.k
    diff = [a.cap[:, j] - a.planned[:, j] for j in range(k)]  # spare (> 0) or excess (< 0)
    excess = [d < -_TOL for d in diff]
    spare = _bit_mask([d > _TOL for d in diff])
    allowed = _allowed_bits(a)
    ok = np.ones(n, dtype=bool)
    for gi in range(len(a.group_ids)):
        members = np.flatnonzero(a.group_of == gi)
        used = np.zeros(n)
        for m in members:
            used += np.minimum(a.planned[:, m], a.cap[:, m])
        ok &= used <= a.gcap[:, gi] + _TOL
    for com in sorted(set(a.commodities)):
        cols = [i for i, c in enumerate(a.commodities) if c == com]
        reach_ref = np.zeros(n, dtype=np.int64)
        has_ref = np.zeros(n, dtype=bool)
        for i in cols:
            reach = spare & allowed[i]
            ex = excess[i]
            # the first excess source in each draw sets the reference reach set
            np.copyto(reach_ref, reach, where=ex & ~has_ref)
            has_ref |= ex
            ok &= ~ex | (reach == reach_ref)
        # no displacement chains: a channel without excess must not reach spare capacity that the sources
        # cannot reach directly (else moving its own volume on could make room, which greedy ignores)
        for j in cols:
            beyond = (spare & allowed[j] & ~reach_ref) != 0
            ok &= ~(has_ref & ~excess[j] & beyond)
    return ok


def _greedy_valid_sets(a: Arrays) -> np.ndarray:
    """:func:`greedy_valid` with the reachable sets as boolean (n,K) arrays (any number of channels)."""
    excess = a.planned - a.cap > _TOL
    spare = a.cap - a.planned > _TOL
    own = np.minimum(a.planned, a.cap)
    ok = np.ones(a.n, dtype=bool)
    for gi in range(len(a.group_ids)):
        members = a.group_of == gi
        ok &= own[:, members].sum(axis=1) <= a.gcap[:, gi] + _TOL
    for com in set(a.commodities):
        cols = np.array([c == com for c in a.commodities])
        reach_ref: np.ndarray | None = None
        has_ref = np.zeros(a.n, dtype=bool)
        for i in np.flatnonzero(cols):
            reach = spare & a.allowed[i][None, :]  # (n,K)
            ex = excess[:, i]
            if reach_ref is None:
                reach_ref = np.zeros_like(reach)
            set_now = ex & ~has_ref
            reach_ref[set_now] = reach[set_now]
            has_ref |= ex
            ok &= ~ex | (reach == reach_ref).all(axis=1)
        if reach_ref is None:
            continue
        for j in np.flatnonzero(cols):
            beyond = (spare & a.allowed[j][None, :] & ~reach_ref).any(axis=1)
            ok &= ~(has_ref & ~excess[:, j] & beyond)
    return ok


def _is_static(x: np.ndarray) -> bool:
    """True when every row of (n,K) ``x`` equals the first (a column-by-column check)."""
    return all(bool(np.all(x[:, j] == x[0, j])) for j in range(x.shape[1]))


def greedy_reroute(a: Arrays, keep_moved: bool = True) -> Flows:
    """Closed-form rerouting for every draw (exact where :func:`greedy_valid` holds).

    When the rerouting costs are the same in every draw (no ``$parameter`` in them), the targets are
    visited in one order, the channels' cost order (stable), in a single pass of (n,) column operations;
    a target a draw cannot use (not reachable, no spare, or dearer than the lost volume) takes nothing,
    which gives exactly the per-draw greedy fill. Otherwise the targets are sorted per draw.
    """
    n, k = a.n, a.k
    own = _cols(n, k)
    excess = _cols(n, k)
    spare = _cols(n, k)
    for j in range(k):
        p, c = a.planned[:, j], a.cap[:, j]
        np.minimum(p, c, out=own[:, j])
        np.maximum(np.subtract(p, c, out=excess[:, j]), 0.0, out=excess[:, j])
        np.maximum(np.subtract(c, p, out=spare[:, j]), 0.0, out=spare[:, j])
    grem = np.maximum(a.gcap - _group_sum(a, own), 0.0) if a.group_ids else np.zeros((n, 0))
    moved = np.zeros((n, k, k)) if keep_moved else None
    received = np.zeros((k, n)).T
    rerouted_out = np.zeros((k, n)).T
    lost = excess.copy(order="K")
    cost = np.zeros(n)
    static = _is_static(a.tcost)
    allowed = _allowed_bits(a) if k <= _MAX_BITS else None
    for com in sorted(set(a.commodities)):
        cols = np.flatnonzero([c == com for c in a.commodities])
        total = np.zeros(n)
        for i in cols:
            total += excess[:, i]
        if not np.any(total > 0):
            continue
        penalty = a.vpu[:, cols[0]]
        take_all = np.zeros((k, n)).T
        if static and allowed is not None:
            rem = _fill_static(a, cols, excess, spare, grem, penalty, allowed, total, take_all, cost)
        else:
            rem = _fill_sorted(a, cols, excess, spare, grem, penalty, total, take_all, cost)
        # split pooled volumes pro rata to each source's excess
        pos = total > 0
        done = total - rem
        for i in cols:
            share = np.divide(excess[:, i], total, out=np.zeros(n), where=pos)
            if moved is not None:
                moved[:, i, :] = share[:, None] * take_all
            np.multiply(share, done, out=rerouted_out[:, i])
            np.multiply(share, rem, out=lost[:, i])
        received += take_all
    return Flows(own=own, lost=lost, cost=cost, received=received, rerouted_out=rerouted_out, moved=moved)


def _fill_static(
    a: Arrays,
    cols: np.ndarray,
    excess: np.ndarray,
    spare: np.ndarray,
    grem: np.ndarray,
    penalty: np.ndarray,
    allowed: np.ndarray,
    total: np.ndarray,
    take_all: np.ndarray,
    cost: np.ndarray,
) -> np.ndarray:
    """Greedy fill in the one cost order shared by every draw; returns the volume left over (lost)."""
    n = a.n
    # the union of allowed targets of the sources that have excess (identical where valid)
    reach = np.zeros(n, dtype=np.int64)
    for i in cols:
        reach |= np.where(excess[:, i] > 0, allowed[i], 0)
    rem = total.copy()
    take = np.empty(n)
    cap_j = np.empty(n)
    for j in np.argsort(a.tcost[0], kind="stable"):
        tc = a.tcost[:, j]
        worth = ((reach >> j) & 1).astype(bool)
        worth &= spare[:, j] > 0
        worth &= tc < penalty
        if not worth.any():
            continue
        np.multiply(spare[:, j], worth, out=cap_j)
        g = a.group_of[j]
        if g >= 0:
            np.minimum(cap_j, grem[:, g], out=cap_j)
        np.minimum(rem, cap_j, out=take)
        rem -= take
        take_all[:, j] += take
        if g >= 0:
            grem[:, g] -= take
        cost += take * tc
    return rem


def _fill_sorted(
    a: Arrays,
    cols: np.ndarray,
    excess: np.ndarray,
    spare: np.ndarray,
    grem: np.ndarray,
    penalty: np.ndarray,
    total: np.ndarray,
    take_all: np.ndarray,
    cost: np.ndarray,
) -> np.ndarray:
    """Greedy fill with the targets sorted draw by draw (rerouting costs that vary between draws)."""
    n, k = a.n, a.k
    ex = excess[:, cols]
    src_mask = ex > 0
    reach = (src_mask.astype(np.float64) @ a.allowed[cols].astype(np.float64)) > 0  # (n,K)
    worth = reach & (spare > 0) & (a.tcost < penalty[:, None])
    order = np.argsort(np.where(worth, a.tcost, np.inf), axis=1, kind="stable")
    rem = total.copy()
    rows = np.arange(n)
    for pos in range(k):
        j = order[:, pos]
        cap_j = np.where(worth[rows, j], spare[rows, j], 0.0)
        if a.group_ids:
            g = a.group_of[j]
            gr = np.where(g >= 0, grem[rows, np.maximum(g, 0)], np.inf)
            cap_j = np.minimum(cap_j, gr)
        take = np.minimum(rem, cap_j)
        rem = rem - take
        take_all[rows, j] += take
        if a.group_ids:
            has = g >= 0
            grem[rows[has], g[has]] -= take[has]
        cost += take * a.tcost[rows, j]
    return rem


def _group_sum(a: Arrays, x: np.ndarray) -> np.ndarray:
    out = np.zeros((len(a.group_ids), x.shape[0])).T
    for gi in range(len(a.group_ids)):
        for j in np.flatnonzero(a.group_of == gi):
            out[:, gi] += x[:, j]
    return out


def pole_values(a: Arrays, volume: np.ndarray, vpu: np.ndarray) -> np.ndarray:
    """Value by pole (n,5) in :data:`multivector.powers.POLES` order from volumes (n,K)."""
    out = np.zeros((len(POLES), volume.shape[0])).T
    for j, p in enumerate(a.poles):
        out[:, POLES.index(p)] += volume[:, j] * vpu[:, j]
    return out


def balance_arrays(by_pole: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Balance index and largest single-power exposure from values by pole (n,5) in
    :data:`multivector.powers.POLES` order: :func:`multivector.indicators.balance.balance_from_powers` of
    the four powers' columns, with T the total of all five poles."""
    total = by_pole[:, 0].copy()
    for c in range(1, by_pole.shape[1]):  # column by column: by_pole is stored pole-major
        total += by_pole[:, c]
    return balance_from_powers(by_pole[:, : len(POWERS)], total)
