"""Balance per dimension and year, measured from the store for any country.

Chain: :func:`~multivector.panels.build.build_panel` (the country x RUS, CHN, USA, EU27, the steps of the
dimensions asked for) -> :func:`ties_from_panel` (a tidy ties table) -> :func:`multivector.indicators.balance`
(balance index = normalised entropy over the four powers, tilt in the Russia-China-West triangle, largest
exposure), except for UN votes (below). The dimensions, their panel columns, units, constructions and
evidence minimums come from :mod:`multivector.dimensions`.

Constructions (``construction`` column; ``comparable`` says whether the composite may use the row):

* ``share-of-flows`` (trade, security, events): the four powers' shares of an additive flow; the
  dimension's ``world_column`` is the country's total, so the rest is OTHER and ``largest_exposure`` is a
  share of all trade (all arms imports, all cooperative events). Trade: where COW's national total falls
  below the sum of the dyadic flows (TKM 1992) it is raised to that sum; where the world total is unknown
  inside a source's coverage (the former Soviet republics' 1992-93 totals, :mod:`multivector.panels.trade`)
  the balance and tilt stay (they use the four flows only) but ``power_share``, ``largest_exposure`` and
  the shares are NA, with a ``note``. Security: SIPRI TIV over t-4..t (SIPRI's five-year convention).
* ``defence-pledge-presence`` (alliances): 1 when the country has an ATOP *defence* pledge with the power
  (EU27: with any member), else 0; the balance of a 0/1 vector is ln m / ln 4 for m powers with a pledge.
  (Counting pledge *types* made the index high by construction: ATOP codes non-aggression or consultation
  pledges with nearly every power.) A year with no defence pledge to any power has no balance (NaN).
* ``vote-equidistance`` (unga): :func:`multivector.indicators.equidistance.vote_equidistance`, 1 - sum
  |a_i - a_j| / sum (1 - a_ij) over the six pairs of powers, with the powers' own agreement a_ij as the
  benchmark (1 = equally close to all four). Agreement is not a flow (renormalised to shares it looks
  balanced whatever the alignment), so tilt, shares and exposure are undefined and the row is
  ``comparable=False``. ``largest_power`` is the power the country agrees with most.

Evidence (``evidence_kind``, ``evidence``, ``evidence_min``, ``evidence_ok``), from each dimension's
:class:`~multivector.dimensions.Evidence`: ``powers`` = powers quantified; ``votes`` = the fewest roll
calls the country shares with one of the powers; ``events`` = cooperative events with the four powers
together. A row below its minimum is kept and flagged (``evidence_ok`` False), never dropped silently.
``coverage_ok`` is :func:`multivector.indicators.balance`'s single-power check (one power quantified gives
a balance of 0 by construction). Years without data for a dimension have no row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from multivector import dimensions as vocab
from multivector.dimensions import FIRST_YEAR
from multivector.errors import InputError
from multivector.indicators import balance as _balance
from multivector.indicators.equidistance import POWER_PAIRS, vote_equidistance
from multivector.panels.build import build_panel
from multivector.panels.frames import Years, check_frame, opened, parse_years, require_columns
from multivector.panels.trade import basis_tables
from multivector.powers import POWERS, WORLD
from multivector.store.db import Store
from multivector.store.memo import memoized

__all__ = [
    "BALANCE_COLUMNS",
    "balance_over_time",
    "balance_table",
    "ties_from_panel",
]

#: Columns of :func:`balance_over_time` and :func:`balance_table`.
BALANCE_COLUMNS: tuple[str, ...] = (
    "country",
    "dimension",
    "year",
    "balance",
    "tilt_rus",
    "tilt_chn",
    "tilt_west",
    "tilt_lean",
    "tilt_strength",
    "largest_power",
    "largest_exposure",
    "power_share",
    "share_rus",
    "share_chn",
    "share_usa",
    "share_eu27",
    "share_other",
    "total_basis",
    "basis",
    "tables",
    "n_powers_quantified",
    "coverage_ok",
    "evidence_kind",
    "evidence",
    "evidence_min",
    "evidence_ok",
    "note",
    "unit",
    "source",
    "construction",
    "comparable",
)
_SHARE_COLUMNS = ("share_rus", "share_chn", "share_usa", "share_eu27", "share_other")


def _dims(dimensions: Iterable[str] | str | None) -> list[str]:
    """Data dimensions asked for, in registry order; unknown or casebook-only names raise InputError."""
    measured = vocab.data_dimensions()
    if dimensions is None:
        return list(measured)
    if isinstance(dimensions, str):
        dimensions = [d for d in dimensions.split(",") if d.strip()]
    wanted = [vocab.dimension(d).name for d in dimensions]
    bad = [d for d in wanted if d not in measured]
    if bad or not wanted:
        raise InputError(
            f"dimension(s) {bad} are not measured from the store (casebook only); measured: {list(measured)}"
        )
    return [d for d in measured if d in wanted]


def _step_columns(dim: str) -> list[str]:
    spec = vocab.DIMENSIONS[dim]
    cols = [c for c in (spec.value_column, spec.world_column) if c]
    if dim == vocab.UNGA:
        cols.append("unga_n_votes")
    return cols


def ties_from_panel(panel: pd.DataFrame, dimensions: Iterable[str] | str | None = None) -> pd.DataFrame:
    """A tidy ties table (country, partner, dimension, year, value, unit, source) from a dyad panel whose
    partners are the powers, for :func:`multivector.indicators.balance` (see the module docstring).

    Each dimension's ``value_column`` gives the tie to each power and its ``world_column`` (when it has
    one) the ``WLD`` row. A country-year needs every power measured (a missing power would bias the
    balance). Raises :class:`PipelineError` naming the ``add_*`` step whose columns a dimension needs.
    """
    check_frame(panel, "ties_from_panel")
    parts = []
    frame = panel[panel["partner_iso3"].isin(POWERS)]
    for dim in _dims(dimensions):
        spec = vocab.DIMENSIONS[dim]
        assert spec.step is not None and spec.value_column is not None
        require_columns(panel, "ties_from_panel", {spec.step: _step_columns(dim)})
        rows = pd.DataFrame(
            {
                "country": frame["iso3"].astype(str),
                "partner": frame["partner_iso3"].astype(str),
                "year": frame["year"].astype("int64"),
                "value": pd.to_numeric(frame[spec.value_column], errors="coerce").astype("float64"),
            }
        )
        if spec.world_column is not None:
            wld = frame[["iso3", "year", spec.world_column]].drop_duplicates(["iso3", "year"])
            world = pd.DataFrame(
                {
                    "country": wld["iso3"].astype(str),
                    "partner": WORLD,
                    "year": wld["year"].astype("int64"),
                    "value": pd.to_numeric(wld[spec.world_column], errors="coerce").astype("float64"),
                }
            )
            rows = pd.concat([rows, world])
        rows = rows.dropna(subset=["value"])
        if spec.world_column is not None:
            rows = _raise_world_to_flows(rows)
        n = rows[rows["partner"].isin(POWERS)].groupby(["country", "year"])["partner"].transform("nunique")
        complete = rows.loc[n[n == len(POWERS)].index, ["country", "year"]].drop_duplicates()
        rows = rows.merge(complete, on=["country", "year"])
        rows["dimension"], rows["unit"] = dim, spec.unit
        rows["source"] = ",".join(spec.sources)
        parts.append(rows)
    ties = pd.concat(parts, ignore_index=True)
    return ties[["country", "partner", "dimension", "year", "value", "unit", "source"]]


def _raise_world_to_flows(rows: pd.DataFrame) -> pd.DataFrame:
    """COW's national total is sometimes below the sum of its dyadic flows (TKM 1992): the total is then
    raised to that sum (OTHER = 0) rather than rejecting the year."""
    rows = rows.reset_index(drop=True)
    is_w = rows["partner"] == WORLD
    listed = rows[~is_w].groupby(["country", "year"])["value"].sum()
    key = pd.MultiIndex.from_frame(rows.loc[is_w, ["country", "year"]])
    floor = listed.reindex(key).to_numpy()
    rows.loc[is_w, "value"] = np.fmax(rows.loc[is_w, "value"].to_numpy(), floor)
    return rows


def _power_agreement(years: list[int], store: Store) -> pd.DataFrame:
    minimum = vocab.DIMENSIONS[vocab.UNGA].evidence.minimum
    key = ("power_agreement", years[0], years[-1], len(years), minimum)
    return memoized(store, key, lambda: _powers(years, store))


def _powers(years: list[int], store: Store) -> pd.DataFrame:
    """The powers' agreement with each other per year: one column per pair of
    :data:`~multivector.indicators.equidistance.POWER_PAIRS` (``"RUS-CHN"`` ...), indexed by year; NaN in
    years with fewer roll calls than the unga evidence minimum. EU27 as in :func:`add_unga`."""
    minimum = vocab.DIMENSIONS[vocab.UNGA].evidence.minimum
    first = [p for p in POWERS if p != POWERS[-1]]
    panel = build_panel(first, POWERS, (years[0], years[-1]), steps=[vocab.UNGA], store=store)
    votes = pd.to_numeric(panel["unga_n_votes"], errors="coerce").astype("float64")
    agree = panel["unga_agreement"].astype("float64").where(votes >= minimum)
    keyed = pd.Series(
        agree.to_numpy(),
        index=pd.MultiIndex.from_arrays(
            [panel["iso3"].astype(str), panel["partner_iso3"].astype(str), panel["year"].astype("int64")]
        ),
    )
    keyed = keyed[~keyed.index.duplicated()]
    out = pd.DataFrame(index=pd.Index(years, name="year"))
    for i, j in POWER_PAIRS:
        out[f"{i}-{j}"] = keyed.xs((i, j), level=(0, 1)).reindex(years).to_numpy()
    return out


def _unga_table(ties: pd.DataFrame, store: Store, span: list[int]) -> pd.DataFrame:
    """Balance-table rows for ``unga``: the vote equidistance (see the module docstring)."""
    wide = ties.pivot_table(index=["country", "year"], columns="partner", values="value", aggfunc="first")
    wide = wide.reindex(columns=list(POWERS))
    years = wide.index.get_level_values("year").astype("int64")
    # the powers' agreement over the panel's own span: the same votes (and memo entry) as the panel
    bench = _power_agreement(span, store).reindex(years)
    agreement = wide.to_numpy(dtype="float64")
    bal = vote_equidistance(agreement, bench.to_numpy(dtype="float64"))
    closest = np.array(POWERS, dtype=object)[np.argmax(np.nan_to_num(agreement, nan=-1.0), axis=1)]
    n = len(wide)
    nan = np.full(n, np.nan)
    quantified = wide.notna().sum(axis=1).to_numpy(dtype="int64")
    note = np.where(
        np.isnan(bal), "the powers' own agreement is missing in this year: no benchmark for equidistance", ""
    )
    out = pd.DataFrame(
        {
            "country": wide.index.get_level_values("country").astype(str),
            "dimension": vocab.UNGA,
            "year": years.to_numpy(),
            "balance": bal,
            "largest_power": closest,
            "n_powers_quantified": quantified,
            "coverage_ok": (quantified == len(POWERS)) & ~np.isnan(bal),
            "note": note.astype(object),
        }
    )
    for col in (
        "power_share",
        "largest_exposure",
        "tilt_rus",
        "tilt_chn",
        "tilt_west",
        "tilt_strength",
        *_SHARE_COLUMNS,
    ):
        out[col] = nan
    out["tilt_lean"] = pd.Series([None] * n, dtype=object).to_numpy()
    out["total_basis"] = pd.Series([None] * n, dtype=object).to_numpy()
    return out


def _add_note(table: pd.DataFrame, mask: np.ndarray, text: str) -> None:
    old = table["note"].fillna("").astype(str).to_numpy()
    table["note"] = np.where(mask, np.where(old == "", text, old + "; " + text), old).astype(object)


def _unknown_world(table: pd.DataFrame, ties: pd.DataFrame) -> pd.DataFrame:
    """A world total unknown inside the source's coverage (COW's 1992-93 totals of the former Soviet
    republics): ``power_share``, ``largest_exposure`` and the shares are NA, not computed over the four
    powers alone (which made ``power_share`` 1 by construction). Balance and tilt use the four flows only."""
    out = table.copy()
    key = ["country", "dimension", "year"]
    with_world = {d for d in out["dimension"].unique() if vocab.DIMENSIONS[str(d)].world_column}
    has_world = ties.loc[ties["partner"] == WORLD, key].drop_duplicates()
    flags = (out[key].merge(has_world, on=key, how="left", indicator=True)["_merge"] == "both").to_numpy()
    unknown = out["dimension"].isin(with_world).to_numpy(dtype=bool) & ~flags
    if unknown.any():
        out.loc[unknown, ["power_share", "largest_exposure", "total", *_SHARE_COLUMNS]] = np.nan
        out["total_basis"] = out["total_basis"].astype(object)
        out.loc[unknown, "total_basis"] = None
        _add_note(out, unknown, "world total unknown: power_share and largest_exposure undefined")
    return out


def _evidence(table: pd.DataFrame, panel: pd.DataFrame) -> pd.DataFrame:
    """The evidence columns of every row (see the module docstring), with a note where it falls short."""
    out = table.copy()
    powers = panel[panel["partner_iso3"].isin(POWERS)]
    key = ["country", "year"]
    counts: dict[str, pd.Series] = {}
    if "unga_n_votes" in powers.columns:
        votes = pd.to_numeric(powers["unga_n_votes"], errors="coerce").astype("float64")
        counts["votes"] = votes.groupby([powers["iso3"].astype(str), powers["year"]]).min()
    if "events_coop_both" in powers.columns:
        coop = pd.to_numeric(powers["events_coop_both"], errors="coerce").astype("float64")
        counts["events"] = coop.groupby([powers["iso3"].astype(str), powers["year"]]).sum()
    kinds = out["dimension"].map(lambda d: vocab.DIMENSIONS[str(d)].evidence.kind)
    minimum = out["dimension"].map(lambda d: vocab.DIMENSIONS[str(d)].evidence.minimum)
    evidence = out["n_powers_quantified"].astype("float64").to_numpy().copy()
    index = pd.MultiIndex.from_frame(out[key].astype({"country": str, "year": "int64"}))
    for kind, series in counts.items():
        series.index = series.index.set_names(key)
        mask = (kinds == kind).to_numpy()
        evidence[mask] = series.reindex(index).to_numpy()[mask]
    out["evidence_kind"] = kinds.to_numpy(dtype=object)
    out["evidence"] = np.nan_to_num(evidence, nan=0.0).astype("int64")
    out["evidence_min"] = minimum.astype("int64").to_numpy()
    # kind "powers": sufficient when balance() finds the coverage ok (two powers quantified, or one with a
    # world total that bounds the rest); votes and events: the count must reach the minimum
    by_count = out["evidence"] >= out["evidence_min"]
    out["evidence_ok"] = np.where(kinds == "powers", out["coverage_ok"].astype(bool), by_count).astype(bool)
    short = ~by_count.to_numpy(dtype=bool) & (kinds != "powers").to_numpy()
    if short.any():
        text = out["evidence"].astype(str) + " " + out["evidence_kind"] + ", below the minimum of "
        text = text + out["evidence_min"].astype(str)
        old = out["note"].fillna("").astype(str)
        out["note"] = np.where(short, np.where(old == "", text, old + "; " + text), old).astype(object)
    return out


def _provenance(table: pd.DataFrame, panel: pd.DataFrame, stored: set[str]) -> pd.DataFrame:
    """``basis`` (whose figures a row is: the trade basis's publisher, the SIPRI release) and ``tables``
    (the store tables the row's figures were read from, comma-joined) of every row."""
    out = table.copy()
    key = ["country", "year"]
    powers = panel[panel["partner_iso3"].isin(POWERS)].rename(columns={"iso3": "country"})
    basis = pd.Series([None] * len(out), index=out.index, dtype=object)
    tables = (
        out["dimension"]
        .map(lambda d: ",".join(t for t in vocab.DIMENSIONS[str(d)].tables if t in stored))
        .astype(object)
    )
    per_row: dict[str, tuple[str, Callable[[str], str]]] = {
        "trade_basis": ("trade_source", lambda b: ",".join(basis_tables(b))),
        "arms_release": ("arms_release", lambda r: r.split(":", 1)[0]),
    }
    for dim in out["dimension"].unique():
        spec = vocab.DIMENSIONS[str(dim)]
        for column, (label_col, to_tables) in per_row.items():
            if column not in powers.columns or spec.step != _STEP_OF_COLUMN[column]:
                continue
            first = powers.dropna(subset=[column]).drop_duplicates(key).set_index(key)
            rows = out["dimension"] == dim
            index = pd.MultiIndex.from_frame(out.loc[rows, key].astype({"country": str, "year": "int64"}))
            got = first.reindex(index)
            basis.loc[rows] = [v if isinstance(v, str) else None for v in got[label_col].to_numpy()]
            read = [to_tables(str(v)) if isinstance(v, str) else None for v in got[column].to_numpy()]
            tables.loc[rows] = [r if r else t for r, t in zip(read, tables.loc[rows], strict=True)]
    out["basis"] = basis
    out["tables"] = tables
    return out


#: The panel column that names each row's basis, and the step that writes it.
_STEP_OF_COLUMN = {"trade_basis": "add_trade", "arms_release": "add_arms"}


def balance_table(
    countries: Sequence[str],
    dimensions: Iterable[str] | str | None = None,
    years: Years | None = None,
    store: Store | str | Path | None = None,
) -> pd.DataFrame:
    """:data:`BALANCE_COLUMNS` for several countries at once (one panel for all of them): one row per
    country, data dimension and year with data. ``years`` default 1992 to this year."""
    dims = _dims(dimensions)
    ys = parse_years(years) if years is not None else list(range(FIRST_YEAR, pd.Timestamp.now().year + 1))
    with opened(store) as st:
        key = ("balance_table", tuple(countries), tuple(dims), tuple(ys))
        return memoized(st, key, lambda: _compute(list(countries), dims, ys, st))


def _compute(countries: list[str], dims: list[str], ys: list[int], st: Store) -> pd.DataFrame:
    """The balance table of ``countries`` (uncached; see :func:`balance_table`)."""
    steps = [vocab.DIMENSIONS[d].step or "" for d in dims]
    panel = build_panel(list(countries), POWERS, (ys[0], ys[-1]), steps=steps, store=st)
    panel = panel[panel["year"].isin(ys)]
    ties = ties_from_panel(panel, dims)
    is_unga = ties["dimension"] == vocab.UNGA
    parts = []
    if (~is_unga).any():
        parts.append(_unknown_world(_balance(ties[~is_unga]), ties[~is_unga]))
    if is_unga.any():
        parts.append(_unga_table(ties[is_unga], st, ys))
    if not parts:
        return pd.DataFrame(columns=list(BALANCE_COLUMNS))
    table = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    table = _evidence(table, panel)
    table = _provenance(table, panel, set(st.tables()))
    table["unit"] = table["dimension"].map(lambda d: vocab.DIMENSIONS[str(d)].unit)
    table["source"] = table["dimension"].map(lambda d: ",".join(vocab.DIMENSIONS[str(d)].sources))
    table["construction"] = table["dimension"].map(lambda d: vocab.DIMENSIONS[str(d)].construction)
    table["comparable"] = table["dimension"].map(lambda d: vocab.DIMENSIONS[str(d)].comparable).astype(bool)
    order = {d: i for i, d in enumerate(vocab.DIMENSIONS)}
    table = table.sort_values(
        ["country", "dimension", "year"], key=lambda s: s.map(order) if s.name == "dimension" else s
    )
    return table.reset_index(drop=True)[list(BALANCE_COLUMNS)]


def balance_over_time(
    country: str,
    dimensions: Iterable[str] | str | None = None,
    years: Years | None = None,
    store: Store | str | Path | None = None,
) -> pd.DataFrame:
    """The balance index and tilt of ``country`` per data dimension and year (:data:`BALANCE_COLUMNS`).

    ``dimensions``: a subset of :func:`multivector.dimensions.data_dimensions` (default all); ``years``:
    default 1992 to this year (each dimension has rows only for the years its source covers). See the
    module docstring for each construction and the evidence columns.
    """
    return balance_table([country], dimensions, years, store)
