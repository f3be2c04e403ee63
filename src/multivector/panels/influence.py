"""``add_influence``: an FBIC-style index of each partner's capacity to influence the country.

Model: the Formal Bilateral Influence Capacity index (FBIC; Moyer, Meisel, Matthews, Bohl and Burrows
2021, *China-US Competition: Measuring Global Influence*, Atlantic Council / Frederick S. Pardee Center)
multiplies **bandwidth** (how much the two interact) by **dependence** (how much the country relies on the
partner). Here, per dyad-year, from the components the panel has, each shown as its own column:

Bandwidth components (``infl_bw_*``), each in [0, 1]:

* ``trade``: trade_total as a share of the country's trade with all the frame's partners that year;
* ``arms``: arms_tiv_5y as a share of the country's 5-year arms imports from the frame's partners;
* ``igos``: igo_shared as a share of the sum over the frame's partners;
* ``alliance``: atop_any (0/1);
* ``unga``: unga_agreement (Voeten agreement, 0-1).

Dependence components (``infl_dep_*``), each in [0, 1]:

* ``trade``: trade_dependence (the partner's share of the country's world trade);
* ``arms``: arms_supplier_share_5y (the partner's share of all the country's arms imports);
* ``alliance``: atop_defense (a defence pledge: reliance for security).

``influence_bandwidth`` and ``influence_dependence`` are the weighted means of the available (non-NA)
components of each group, the weights renormalised over them; ``influence_index`` = bandwidth x
dependence (in [0, 1]); ``influence_share`` = the partner's index over the sum across the frame's partners
in that country-year; ``influence_coverage`` = the share of the total weight whose components are
available (1 = every component measured; below 1 read the index with care, e.g. after 2014 without trade).

Normalisation: volumes become shares across the partners in the frame (so the index compares the powers in
the frame; FBIC normalises by the sums over all countries); shares, 0/1 pledges and agreement are used as
they are. Weights: :data:`DEFAULT_WEIGHTS` (1 each); pass ``weights={"bw_trade": 2.0, ...}`` to change
them (keys ``bw_<component>`` and ``dep_<component>``; a missing key keeps its default; negative,
non-finite or unknown weights, or a group whose weights are all 0, raise :class:`InputError`).

Differences from FBIC: FBIC uses about 15 indicators in three areas (economic: trade, aid, FDI; security:
arms, alliances, military personnel; political: diplomatic representation, IGO co-membership, embassy
levels, high-level visits) over all countries with a weighting derived from their distributions. We have
no diplomatic representation, aid or FDI series, we measure political bandwidth by UN vote agreement, and
we normalise over the frame's partners. The index ranks partners' capacity within a country-year; it is
not comparable with published FBIC values.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from multivector.errors import InputError
from multivector.panels.frames import check_frame, finish, require_columns

__all__ = ["BANDWIDTH", "DEFAULT_WEIGHTS", "DEPENDENCE", "INFLUENCE_COLUMNS", "add_influence"]

#: Bandwidth components: name -> (panel column, normalise as share across partners?)
BANDWIDTH: dict[str, tuple[str, bool]] = {
    "trade": ("trade_total", True),
    "arms": ("arms_tiv_5y", True),
    "igos": ("igo_shared", True),
    "alliance": ("atop_any", False),
    "unga": ("unga_agreement", False),
}
#: Dependence components: name -> panel column (already shares or 0/1).
DEPENDENCE: dict[str, str] = {
    "trade": "trade_dependence",
    "arms": "arms_supplier_share_5y",
    "alliance": "atop_defense",
}
#: Equal weights within each group.
DEFAULT_WEIGHTS: dict[str, float] = {
    **{f"bw_{k}": 1.0 for k in BANDWIDTH},
    **{f"dep_{k}": 1.0 for k in DEPENDENCE},
}
INFLUENCE_COLUMNS: tuple[str, ...] = (
    *(f"infl_bw_{k}" for k in BANDWIDTH),
    *(f"infl_dep_{k}" for k in DEPENDENCE),
    "influence_bandwidth",
    "influence_dependence",
    "influence_index",
    "influence_share",
    "influence_coverage",
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


def _weighted(parts: dict[str, np.ndarray], weights: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    num = np.zeros(len(next(iter(parts.values()))))
    den = np.zeros_like(num)
    for key, x in parts.items():
        ok = ~np.isnan(x)
        num += np.where(ok, x, 0.0) * weights[key]
        den += ok * weights[key]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan), den


def add_influence(df: pd.DataFrame, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Add the FBIC-style influence columns (:data:`INFLUENCE_COLUMNS`) to a dyad-year frame.

    Needs the columns of ``add_trade`` and ``add_unga`` (:class:`PipelineError` names the missing step);
    uses those of ``add_arms``, ``add_igos`` and ``add_alliances`` when present (their components are NA
    otherwise, which lowers ``influence_coverage``). Keeps rows and keys.
    """
    check_frame(df, "add_influence")
    w = _weights(weights)
    require_columns(df, "add_influence", {"add_trade": ["trade_total", "trade_dependence"]})
    require_columns(df, "add_influence", {"add_unga": ["unga_agreement"]})
    group = [df["iso3"].astype("string"), df["year"].astype("int64")]
    values = pd.DataFrame(index=df.index)
    bw: dict[str, np.ndarray] = {}
    for name, (col, share) in BANDWIDTH.items():
        if col not in df.columns:
            x = np.full(len(df), np.nan)
        else:
            s = pd.to_numeric(df[col], errors="coerce").astype("float64")
            if share:
                tot = s.groupby(group).transform("sum").to_numpy("float64")
                x = np.where(tot > 0, s.to_numpy() / np.where(tot > 0, tot, 1.0), 0.0)
                x = np.where(s.isna().to_numpy(), np.nan, x)
            else:
                x = s.to_numpy("float64")
        values[f"infl_bw_{name}"] = x
        bw[f"bw_{name}"] = x
    dep: dict[str, np.ndarray] = {}
    for name, col in DEPENDENCE.items():
        x = (
            pd.to_numeric(df[col], errors="coerce").astype("float64").to_numpy()
            if col in df.columns
            else np.full(len(df), np.nan)
        )
        values[f"infl_dep_{name}"] = x
        dep[f"dep_{name}"] = x
    bandwidth, bw_den = _weighted(bw, w)
    dependence, dep_den = _weighted(dep, w)
    index = bandwidth * dependence
    values["influence_bandwidth"] = bandwidth
    values["influence_dependence"] = dependence
    values["influence_index"] = index
    tot = pd.Series(index, index=df.index).groupby(group).transform("sum").to_numpy("float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        values["influence_share"] = np.where(tot > 0, index / np.where(tot > 0, tot, 1.0), np.nan)
    values["influence_coverage"] = (bw_den + dep_den) / sum(w.values())
    return finish(df, values, "add_influence", None)
