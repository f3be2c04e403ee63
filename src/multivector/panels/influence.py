"""``add_influence``: an FBIC-style index of each partner's capacity to influence the country.

Model: the Formal Bilateral Influence Capacity index (FBIC; Moyer, Meisel, Matthews, Bohl and Burrows
2021, *China-US Competition: Measuring Global Influence*, Atlantic Council / Frederick S. Pardee Center;
first in Moyer, Sweijs, Burrows and Van Manen 2018, *Power and Influence in a Globalized World*) multiplies
**bandwidth** (how much the two interact) by **dependence** (how much the country relies on the partner),
each built from economic, political and security domains weighted equally, the indicators of a domain
equally within it. Here, per dyad-year, from the components the panels measure (:data:`COMPONENTS`), each
its own column:

* bandwidth (weights in brackets): economic: ``infl_bw_trade`` = trade_total as a share of the country's
  trade with the frame's partners (1/3); political: ``infl_bw_igos`` = igo_shared as a share over the
  partners (1/6) and ``infl_bw_unga`` = unga_agreement (1/6); security: ``infl_bw_arms`` = arms_tiv_5y as a
  share over the partners (1/6) and ``infl_bw_alliance`` = atop_any, 0/1 (1/6);
* dependence: economic: ``infl_dep_trade`` = trade_dependence (1/2); security: ``infl_dep_arms`` =
  arms_supplier_share_5y (1/4) and ``infl_dep_alliance`` = atop_defense, 0/1 (1/4).

``influence_bandwidth`` and ``influence_dependence`` are the weighted means of their components,
``influence_index`` = bandwidth x dependence (in [0, 1]), ``influence_share`` = the partner's index over
the sum across the frame's partners in that country-year. ``influence_trade_basis`` is the ``trade_basis``
of the trade figures the row uses (after carrying forward) and ``influence_basis_break`` marks the years it
changes: the index continues across a change of trade statistics, and a chart should mark the year.

One basis over the whole series (no jump caused only by a source ending):

* The weights are fixed for the frame: a component whose panel column is absent from the frame (its step
  not run) is left out of every row, and the weights are renormalised once over those present
  (``influence_components`` names them). A component present but unmeasured in a row is never dropped
  from that row alone: the row's index is NA and ``influence_missing`` says why. Renormalising the weights
  row by row instead (``missing="renormalise"``) makes the index jump when a source ends: China's index
  over Kazakhstan falls from 0.037 in 2014 to 0.000 in 2015, the year COW trade ends.
* A component unmeasured in a year is carried forward from the last year of the frame in which it was
  measured for *every* partner of the country (so that shares among partners stay on one year's figures),
  for at most its dimension's staleness horizon (:mod:`multivector.dimensions`: trade 3 years, arms 5,
  alliances 10, IGOs 10 as diplomacy, UN votes 2). ``influence_carried`` lists what was carried and from
  which year ("igos from 2014"). COW's IGO data end in 2014 and ATOP in 2018, so IGOs are carried to 2024
  and alliances to 2028; Kazakhstan's exports to the USA and the EU27 are missing from the WITS extract for
  2015-2017 and 2024, so the trade components of those years are carried from 2014 and 2023 (all four
  partners together).

Normalisation: volumes become shares across the partners in the frame (so the index compares the powers in
the frame; FBIC normalises by the sums over all countries); shares, 0/1 pledges and agreement are used as
they are. Weights: :data:`DEFAULT_WEIGHTS`; pass ``weights={"bw_trade": 2.0, ...}`` to change them (keys
``bw_<component>`` and ``dep_<component>``; a missing key keeps its default; negative, non-finite or unknown
weights, or a group whose weights are all 0, raise :class:`InputError`).

What FBIC has and this index lacks (no series in the store): economic bandwidth from foreign aid and FDI
(only a cited FDI table for Kazakhstan), political bandwidth from diplomatic representation (embassies and
their level), treaties and high-level visits, security bandwidth from military personnel and training,
and the dependence components on aid and investment and on economic size. UN vote agreement stands in
for the political bandwidth FBIC measures by diplomatic exchange. The index ranks partners' capacity
within a country-year; it is not comparable with published FBIC values.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from multivector.dimensions import DIMENSIONS
from multivector.errors import InputError
from multivector.panels.frames import check_frame, finish, require_columns

__all__ = [
    "BANDWIDTH",
    "COMPONENTS",
    "DEFAULT_WEIGHTS",
    "DEPENDENCE",
    "INFLUENCE_COLUMNS",
    "Component",
    "add_influence",
]


@dataclass(frozen=True)
class Component:
    """One component: its key (``bw_trade``), panel column, whether it becomes a share across the frame's
    partners, its weight (FBIC's: module docstring) and its carry-forward horizon (years)."""

    key: str
    column: str
    share: bool
    weight: float
    horizon: int


def _horizon(column: str) -> int:
    """The staleness horizon of the dimension a panel column measures (:mod:`multivector.dimensions`):
    the dimension whose value column it is, or for shared IGO memberships the one built from
    shared-membership counts."""
    for spec in DIMENSIONS.values():
        if spec.value_column == column or (
            column == "igo_shared" and spec.construction == "shared-membership-count"
        ):
            return spec.horizon
    raise KeyError(column)  # pragma: no cover - a component without a dimension is a registry bug


#: Every component, in output order (module docstring): economic, political and security bandwidth,
#: then economic and security dependence.
COMPONENTS: tuple[Component, ...] = (
    Component("bw_trade", "trade_total", True, 1 / 3, _horizon("trade_total")),
    Component("bw_igos", "igo_shared", True, 1 / 6, _horizon("igo_shared")),
    Component("bw_unga", "unga_agreement", False, 1 / 6, _horizon("unga_agreement")),
    Component("bw_arms", "arms_tiv_5y", True, 1 / 6, _horizon("arms_tiv_5y")),
    Component("bw_alliance", "atop_any", False, 1 / 6, _horizon("atop_defense")),
    Component("dep_trade", "trade_dependence", False, 1 / 2, _horizon("trade_total")),
    Component("dep_arms", "arms_supplier_share_5y", False, 1 / 4, _horizon("arms_tiv_5y")),
    Component("dep_alliance", "atop_defense", False, 1 / 4, _horizon("atop_defense")),
)
#: Bandwidth components: name -> (panel column, normalise as share across partners?)
BANDWIDTH: dict[str, tuple[str, bool]] = {
    c.key[3:]: (c.column, c.share) for c in COMPONENTS if c.key.startswith("bw_")
}
#: Dependence components: name -> panel column (already shares or 0/1).
DEPENDENCE: dict[str, str] = {c.key[4:]: c.column for c in COMPONENTS if c.key.startswith("dep_")}
#: FBIC's weights: domains equal within each group, indicators equal within a domain.
DEFAULT_WEIGHTS: dict[str, float] = {c.key: c.weight for c in COMPONENTS}
INFLUENCE_COLUMNS: tuple[str, ...] = (
    *(f"infl_{c.key}" for c in COMPONENTS),
    "influence_bandwidth",
    "influence_dependence",
    "influence_index",
    "influence_share",
    "influence_coverage",
    "influence_components",
    "influence_carried",
    "influence_missing",
    "influence_trade_basis",
    "influence_basis_break",
)


def _weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    out = dict(DEFAULT_WEIGHTS)
    for key, value in (weights or {}).items():
        if key not in DEFAULT_WEIGHTS:
            raise InputError(f"unknown influence weight {key!r}; known: {sorted(DEFAULT_WEIGHTS)}")
        try:
            w = float(value)
        except (TypeError, ValueError):
            raise InputError(f"influence weight {key!r} must be a number, got {value!r}") from None
        if not math.isfinite(w) or w < 0:
            raise InputError(f"influence weight {key!r} must be finite and >= 0, got {value!r}")
        out[key] = w
    for prefix, label in (("bw_", "bandwidth"), ("dep_", "dependence")):
        if sum(w for k, w in out.items() if k.startswith(prefix)) <= 0:
            raise InputError(f"the {label} weights are all 0: give at least one {prefix}* weight > 0")
    return out


def _raw(df: pd.DataFrame, comp: Component, group: list[pd.Series]) -> np.ndarray:
    """The component's values; a share component is a share of the country-year's sum over partners, NA
    for every partner when one partner's value is unknown (the sum would leave it out). Arms dependence
    is 0 when the country received no arms at all in the five years (nothing to depend on)."""
    s = pd.to_numeric(df[comp.column], errors="coerce").astype("float64")
    if comp.key == "dep_arms" and "arms_tiv_all_5y" in df.columns:
        none = pd.to_numeric(df["arms_tiv_all_5y"], errors="coerce") == 0
        s = s.mask(none.fillna(False).to_numpy(dtype=bool), 0.0)
    if not comp.share:
        return s.to_numpy()
    tot = s.groupby(group).transform("sum").to_numpy("float64")
    unknown = s.isna().groupby(group).transform("any").to_numpy(dtype=bool)
    x = np.where(tot > 0, s.to_numpy() / np.where(tot > 0, tot, 1.0), 0.0)
    return np.where(unknown, np.nan, x)


def _carry(df: pd.DataFrame, x: np.ndarray, horizon: int) -> tuple[np.ndarray, np.ndarray]:
    """``x`` with each country-year where some partner lacks it filled from the country's last year
    (within ``horizon``) where every partner has it; also the year each value comes from."""
    frame = pd.DataFrame(
        {
            "iso3": df["iso3"].astype(str).to_numpy(),
            "partner": df["partner_iso3"].astype(str).to_numpy(),
            "year": df["year"].astype("int64").to_numpy(),
            "x": x,
        }
    )
    complete = (
        frame["x"].notna().groupby([frame["iso3"], frame["year"]]).transform("all").to_numpy(dtype=bool)
    )
    source_year = np.where(complete, frame["year"].to_numpy(), -1)
    out = x.copy()
    by_key = {
        (c, p, y): v
        for c, p, y, v in frame[complete][["iso3", "partner", "year", "x"]].itertuples(index=False)
    }
    full_years: dict[str, list[int]] = {}
    for c, y in frame.loc[complete, ["iso3", "year"]].drop_duplicates().itertuples(index=False):
        full_years.setdefault(str(c), []).append(int(y))
    isos, partners, years = (frame[c].to_numpy() for c in ("iso3", "partner", "year"))
    for pos in np.flatnonzero(~complete):
        c, p, y = str(isos[pos]), str(partners[pos]), int(years[pos])
        earlier = [z for z in full_years.get(c, []) if y - horizon <= z < y]
        if earlier:
            out[pos] = by_key.get((c, p, max(earlier)), np.nan)
            source_year[pos] = max(earlier)
        else:
            out[pos] = np.nan
    return out, source_year


def _trade_basis(df: pd.DataFrame, source_year: np.ndarray) -> tuple[pd.Series, pd.Series]:
    """The ``trade_basis`` of the year the trade components come from, and True where it differs from the
    country's previous year (a break a chart should mark)."""
    if "trade_basis" not in df.columns:
        empty = pd.Series(pd.NA, index=df.index, dtype="string")
        return empty, pd.Series(pd.NA, index=df.index, dtype="boolean")
    lookup = {
        (str(c), str(p), int(y)): b
        for c, p, y, b in df[["iso3", "partner_iso3", "year", "trade_basis"]].itertuples(index=False)
    }
    keys = zip(df["iso3"].astype(str), df["partner_iso3"].astype(str), source_year, strict=True)
    basis = pd.Series([lookup.get((c, p, int(y))) if y >= 0 else None for c, p, y in keys], index=df.index)
    basis = basis.astype("string")
    per_year = pd.DataFrame({"iso3": df["iso3"].astype(str), "year": df["year"].astype("int64"), "b": basis})
    first = per_year.dropna().drop_duplicates(["iso3", "year"]).sort_values(["iso3", "year"])
    first["prev"] = first.groupby("iso3")["b"].shift()
    marks = set(
        first.loc[first["prev"].notna() & (first["prev"] != first["b"]), ["iso3", "year"]].itertuples(
            index=False
        )
    )
    brk = [(c, int(y)) in marks for c, y in zip(per_year["iso3"], per_year["year"], strict=True)]
    return basis, pd.Series(brk, index=df.index, dtype="boolean")


def _weighted(parts: dict[str, np.ndarray], weights: dict[str, float], strict: bool) -> np.ndarray:
    """Weighted mean of ``parts``; ``strict``: NA where any part is NA (fixed basis), else renormalised
    over the parts present in each row."""
    num = np.zeros(len(next(iter(parts.values()))))
    den = np.zeros_like(num)
    bad = np.zeros(len(num), dtype=bool)
    for key, x in parts.items():
        ok = ~np.isnan(x)
        num += np.where(ok, x, 0.0) * weights[key]
        den += ok * weights[key]
        bad |= ~ok & (weights[key] > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
    return np.where(bad, np.nan, mean) if strict else mean


def add_influence(
    df: pd.DataFrame,
    weights: Mapping[str, float] | None = None,
    missing: Literal["na", "renormalise"] = "na",
) -> pd.DataFrame:
    """Add the FBIC-style influence columns (:data:`INFLUENCE_COLUMNS`, module docstring) to a dyad-year
    frame.

    Needs the columns of ``add_trade`` and ``add_unga`` (:class:`PipelineError` names the missing step);
    uses those of ``add_arms``, ``add_igos`` and ``add_alliances`` when present (otherwise those
    components are left out of every row). ``missing="na"`` (default): a row with an unmeasured component
    (after carrying forward) has no index; ``"renormalise"``: weights renormalised over the components
    measured in each row (the index then jumps when a source ends). Keeps rows and keys.
    """
    check_frame(df, "add_influence")
    if missing not in ("na", "renormalise"):
        raise InputError(f"missing must be 'na' or 'renormalise', got {missing!r}")
    w = _weights(weights)
    require_columns(df, "add_influence", {"add_trade": ["trade_total", "trade_dependence"]})
    require_columns(df, "add_influence", {"add_unga": ["unga_agreement"]})
    group: list[pd.Series] = [df["iso3"].astype("string"), df["year"].astype("int64")]
    present = [c for c in COMPONENTS if c.column in df.columns]
    values = pd.DataFrame(index=df.index)
    parts: dict[str, np.ndarray] = {}
    carried: list[list[str]] = [[] for _ in range(len(df))]
    trade_year = np.full(len(df), -1)
    for comp in COMPONENTS:
        if comp not in present:
            values[f"infl_{comp.key}"] = np.nan
            continue
        x, year = _carry(df, _raw(df, comp, group), comp.horizon)
        if comp.key == "dep_trade":
            trade_year = np.where(np.isnan(x), -1, year)
        for pos in np.flatnonzero((year >= 0) & (year != df["year"].to_numpy()) & ~np.isnan(x)):
            carried[pos].append(f"{comp.key} from {year[pos]}")
        values[f"infl_{comp.key}"] = x
        parts[comp.key] = x
    strict = missing == "na"
    bw = _weighted({k: v for k, v in parts.items() if k.startswith("bw_")}, w, strict) if parts else np.nan
    dep = _weighted({k: v for k, v in parts.items() if k.startswith("dep_")}, w, strict) if parts else np.nan
    index = np.asarray(bw * dep, dtype="float64") * np.ones(len(df))
    values["influence_bandwidth"] = bw
    values["influence_dependence"] = dep
    values["influence_index"] = index
    series = pd.Series(index, index=df.index)
    tot = series.groupby(group).transform("sum").to_numpy("float64")
    any_na = series.isna().groupby(group).transform("any").to_numpy(dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(tot > 0, index / np.where(tot > 0, tot, 1.0), np.nan)
    values["influence_share"] = np.where(any_na & strict, np.nan, share)
    measured = sum((~np.isnan(parts[c.key])) * w[c.key] for c in present) if parts else np.zeros(len(df))
    values["influence_coverage"] = np.asarray(measured, dtype="float64") / sum(w.values())
    values["influence_components"] = pd.Series(
        ", ".join(c.key for c in present if w[c.key] > 0), index=df.index, dtype="string"
    )
    values["influence_carried"] = pd.Series(
        ["; ".join(c) or None for c in carried], index=df.index, dtype="string"
    )
    missing_names = [
        ", ".join(c.key for c in present if w[c.key] > 0 and np.isnan(parts[c.key][pos])) or None
        for pos in range(len(df))
    ]
    values["influence_missing"] = pd.Series(missing_names, index=df.index, dtype="string")
    values["influence_trade_basis"], values["influence_basis_break"] = _trade_basis(df, trade_year)
    return finish(df, values, "add_influence", None)
