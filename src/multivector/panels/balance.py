"""Balance over time, per dimension, from the dyad panel for the four powers; comparisons and rankings.

Chain: :func:`create_dyad_years` (the country x RUS, CHN, USA, EU27) -> the ``add_*`` steps ->
:func:`ties_from_panel` (a tidy ties table) -> :func:`multivector.indicators.balance` (balance index =
normalised entropy over the four powers, tilt in the Russia-China-West triangle, largest exposure), except
for UN votes (below).

Dimensions, the value of a tie to each power (``WLD`` = the country's total, so the rest is OTHER) and the
``construction`` of their balance (:data:`CONSTRUCTION`):

* ``trade`` (COW, 1870-2014), ``share-of-flows``: trade_total (imports + exports, million USD), EU27
  summed over the members; WLD = the country's world trade (national file), so largest_exposure is a share
  of all trade (where COW's national total falls below the sum of the dyadic flows, e.g. TKM 1992, it is
  raised to that sum). Where the world total is unknown inside COW's coverage (the former Soviet republics'
  1992-93 totals, :mod:`multivector.panels.trade`) and the four power flows are all reported (AZE, MDA
  1992-93; BLR, EST, LTU, LVA 1993), ``balance`` and the tilt stay (they use only the four flows) but
  ``power_share``, ``largest_exposure`` and ``total_basis`` are NA, with a ``note``; they are not computed
  over the four powers alone;
* ``arms`` (SIPRI TIV, 1950-2021), ``share-of-flows``: arms_tiv_5y, deliveries over t-4..t (SIPRI's
  5-year convention); WLD = all the country's arms imports over the same 5 years;
* ``alliances`` (ATOP, 1815-2018), ``defence-pledge-presence``: 1 when the country has an ATOP *defence*
  pledge with the power (EU27: with any member), else 0; no WLD. The balance of a 0/1 vector is
  ln m / ln 4 for m powers with a pledge: 0 = defence commitments to one power only, 0.5 to two, 1 to all
  four. Not a share of flows but a count of commitments, so it keeps the flows' reading and enters the
  composite. (Counting pledge *types* (defence, offence, neutrality, non-aggression, consultation, 0-5),
  as before, made the index high by construction: ATOP codes non-aggression or consultation pledges with
  nearly every power, so Kazakhstan, whose only defence pledge is with Russia, scored 0.92.) A year with no
  defence pledge to any power has no balance (NaN, with a note), not a balance of 0;
* ``unga`` (UNGA votes, 1946-2024), ``vote-equidistance``: the ties are the Voeten agreement (0-1) with
  each power, but agreement is not a flow, and renormalised to shares it looks balanced whatever the
  alignment (Kazakhstan 0.91-0.99 in every year). The balance is instead
  :func:`multivector.indicators.equidistance.vote_equidistance`: 1 - sum_{i<j} |a_i - a_j| /
  sum_{i<j} (1 - a_ij) over the six pairs of powers, with the powers' own agreement a_ij as the benchmark
  (1 = equally close to all four, 0 = at one end of every pair). It is not a share, so its tilt,
  largest_exposure and power_share are undefined (NaN), ``largest_power`` is the power it agrees with most,
  and it is ``comparable=False``: reported, but out of the composite unless asked for. Years in which the
  country shares fewer than :data:`UNGA_MIN_VOTES` roll calls with a power (2024: six roll calls,
  January-June) have no UNGA row: an agreement over a handful of votes is noise;
* ``events`` (GDELT sample days only), ``share-of-flows``: cooperative events (QuadClass 1-2, either
  direction) with each power; WLD = all the country's cooperative events with foreign actors. A year with
  fewer than :data:`EVENTS_MIN_COOP` cooperative events with the four powers together has
  ``coverage_ok`` False (reported, out of the composite).

``n_powers_quantified`` and ``coverage_ok`` are those of :func:`multivector.indicators.balance` (for
``unga``: the powers with an agreement, and whether the equidistance is defined), corrected as above;
``note`` says why a row is partial.

``source`` names the dataset of each row. Years without data for a dimension have no row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from multivector.errors import InputError
from multivector.indicators import balance as _balance
from multivector.indicators import composite_balance
from multivector.indicators.equidistance import POWER_PAIRS, vote_equidistance
from multivector.panels.alliances import add_alliances
from multivector.panels.arms import add_arms
from multivector.panels.events import add_events
from multivector.panels.frames import (
    Years,
    check_frame,
    codes_of,
    create_dyad_years,
    finish,
    opened,
    parse_years,
    require_columns,
)
from multivector.panels.trade import add_trade
from multivector.panels.unga import add_unga
from multivector.powers import POWERS, WORLD
from multivector.store.db import Store

__all__ = [
    "BALANCE_COLUMNS",
    "CENTRAL_ASIA",
    "COMPARABLE",
    "CONSTRUCTION",
    "DIMENSIONS",
    "EVENTS_MIN_COOP",
    "UNGA_MIN_VOTES",
    "add_balance",
    "balance_over_time",
    "compare",
    "rank",
    "ties_from_panel",
]

#: The dimensions measured from the panel, in output order.
DIMENSIONS: tuple[str, ...] = ("trade", "arms", "alliances", "unga", "events")
#: Central Asia's five states, the default of :func:`compare` and :func:`rank`.
CENTRAL_ASIA: tuple[str, ...] = ("KAZ", "UZB", "KGZ", "TJK", "TKM")
#: Columns of :func:`balance_over_time`.
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
    "total_basis",
    "n_powers_quantified",
    "coverage_ok",
    "note",
    "unit",
    "source",
    "construction",
    "comparable",
)
DEFAULT_YEARS = (1992, 2025)
#: How each dimension's balance is built (see the module docstring): ``share-of-flows`` (entropy of the
#: four powers' shares of an additive flow), ``defence-pledge-presence`` (entropy of 0/1 defence pledges)
#: or ``vote-equidistance`` (a distance-based evenness in UN votes, not a share).
CONSTRUCTION: dict[str, str] = {
    "trade": "share-of-flows",
    "arms": "share-of-flows",
    "alliances": "defence-pledge-presence",
    "unga": "vote-equidistance",
    "events": "share-of-flows",
}
#: Dimensions whose balance is the entropy of shares of an additive quantity (flows, or counts of
#: commitments), on one scale: they make the composite. The others are reported with ``comparable=False``.
COMPARABLE: frozenset[str] = frozenset(d for d, c in CONSTRUCTION.items() if c != "vote-equidistance")
#: Fewest joint roll calls (with every power) for a UNGA year: the mean of n per-vote scores in [0, 1] has
#: a standard error of at most 0.5 / sqrt(n), 0.09 at n = 30; the 2024 file (6 roll calls) falls below.
UNGA_MIN_VOTES = 30
#: Fewest cooperative events with the four powers together for an ``events`` year to be covered
#: (``coverage_ok``): shares of a handful of events are noise (TKM 2025: 2 events, so the balance rests on
#: whether the next event is Russian or Chinese). Such rows are reported but stay out of the composite.
EVENTS_MIN_COOP = 10

# dimension -> (step, power value column, world column or None, unit, source)
_SPEC: dict[str, tuple[str, str, str | None, str, str]] = {
    "trade": ("add_trade", "trade_total", "trade_country_total", "million USD", "cow_trade"),
    "arms": ("add_arms", "arms_tiv_5y", "arms_tiv_all_5y", "TIV millions, 5-year total", "sipri_tiv"),
    "alliances": ("add_alliances", "atop_defense", None, "defence pledge (0/1)", "atop"),
    "unga": ("add_unga", "unga_agreement", None, "vote agreement (0-1)", "unga_votes"),
    "events": ("add_events", "events_coop_both", "events_coop_all", "cooperative events", "gdelt_events"),
}
_STEPS = {"add_trade": add_trade, "add_arms": add_arms, "add_alliances": add_alliances, "add_unga": add_unga}


def _dims(dimensions: Iterable[str] | str | None) -> list[str]:
    if dimensions is None:
        return list(DIMENSIONS)
    if isinstance(dimensions, str):
        dimensions = [d for d in dimensions.split(",") if d.strip()]
    out = [d.strip().lower() for d in dimensions]
    bad = [d for d in out if d not in DIMENSIONS]
    if bad or not out:
        raise InputError(f"unknown dimension(s) {bad}; choose from {list(DIMENSIONS)}")
    return out


def ties_from_panel(
    panel: pd.DataFrame,
    dimensions: Iterable[str] | str | None = None,
    unga_min_votes: int | None = None,
) -> pd.DataFrame:
    """A tidy ties table (country, partner, dimension, year, value, unit, source) from a dyad panel whose
    partners are the powers, for :func:`multivector.indicators.balance` (see the module docstring).

    ``alliances`` ties are the ATOP defence pledge (0/1); ``unga`` ties are the Voeten agreement, kept only
    in years with at least ``unga_min_votes`` joint roll calls (default :data:`UNGA_MIN_VOTES`). Note that
    :func:`multivector.indicators.balance` on the ``unga`` ties gives the *relative-agreement* balance,
    near 1 by construction; :func:`balance_over_time` gives the vote equidistance instead.

    Raises :class:`PipelineError` naming the ``add_*`` step whose columns a dimension needs.
    """
    check_frame(panel, "ties_from_panel")
    min_votes = UNGA_MIN_VOTES if unga_min_votes is None else int(unga_min_votes)
    parts = []
    for dim in _dims(dimensions):
        step, col, world, unit, source = _SPEC[dim]
        needed = [col, "unga_n_votes"] if dim == "unga" else [col]
        require_columns(panel, "ties_from_panel", {step: needed + ([world] if world else [])})
        frame = panel[panel["partner_iso3"].isin(POWERS)]
        value = frame[col]
        if dim == "unga":
            votes = pd.to_numeric(frame["unga_n_votes"], errors="coerce").astype("float64")
            value = value.where(votes >= min_votes)
        rows = pd.DataFrame(
            {
                "country": frame["iso3"].astype(str),
                "partner": frame["partner_iso3"].astype(str),
                "year": frame["year"].astype("int64"),
                "value": pd.to_numeric(value, errors="coerce").astype("float64"),
            }
        )
        if world is not None:
            wld = frame[["iso3", "year", world]].drop_duplicates(["iso3", "year"])
            rows = pd.concat(
                [
                    rows,
                    pd.DataFrame(
                        {
                            "country": wld["iso3"].astype(str),
                            "partner": WORLD,
                            "year": wld["year"].astype("int64"),
                            "value": pd.to_numeric(wld[world], errors="coerce").astype("float64"),
                        }
                    ),
                ]
            )
        rows = rows.dropna(subset=["value"])
        if world is not None:
            # COW's national total is sometimes below the sum of its dyadic flows (e.g. TKM 1992): the
            # total is then raised to that sum (OTHER = 0) rather than rejecting the year.
            is_w = rows["partner"] == WORLD
            listed = rows[~is_w].groupby(["country", "year"])["value"].transform("sum")
            floor = rows[~is_w].assign(_s=listed).groupby(["country", "year"])["_s"].first()
            key = pd.MultiIndex.from_frame(rows.loc[is_w, ["country", "year"]])
            rows.loc[is_w, "value"] = np.fmax(
                rows.loc[is_w, "value"].to_numpy(), floor.reindex(key).to_numpy()
            )
        # a country-year needs every power measured (a missing power would bias the balance)
        n = rows[rows["partner"].isin(POWERS)].groupby(["country", "year"])["partner"].transform("nunique")
        complete = rows.loc[n[n == len(POWERS)].index, ["country", "year"]].drop_duplicates()
        rows = rows.merge(complete, on=["country", "year"])
        rows["dimension"], rows["unit"], rows["source"] = dim, unit, source
        parts.append(rows)
    ties = pd.concat(parts, ignore_index=True)
    return ties[["country", "partner", "dimension", "year", "value", "unit", "source"]]


def _panel(countries: Sequence[str], dims: list[str], years: Years, store: Store) -> pd.DataFrame:
    ys = parse_years(years)
    lo = ys[0]
    panel = create_dyad_years(countries, POWERS, (lo, ys[-1]))
    for dim in dims:
        step = _SPEC[dim][0]
        if step == "add_events":
            panel = add_events(panel, store)
        elif step not in panel.attrs.get("multivector_steps", []):
            panel = _STEPS[step](panel, store)
    return panel[panel["year"].isin(ys)]


def _power_agreement(years: list[int], store: Store) -> pd.DataFrame:
    """The powers' agreement with each other per year: one column per pair of
    :data:`~multivector.indicators.equidistance.POWER_PAIRS` (``"RUS-CHN"`` ...), indexed by year; NaN in
    years with fewer than :data:`UNGA_MIN_VOTES` joint roll calls. EU27 as in :func:`add_unga`."""
    first = [p for p in POWERS if p != POWERS[-1]]
    panel = add_unga(create_dyad_years(first, POWERS, years), store)
    votes = pd.to_numeric(panel["unga_n_votes"], errors="coerce").astype("float64")
    agree = panel["unga_agreement"].astype("float64").where(votes >= UNGA_MIN_VOTES)
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


def _unga_table(ties: pd.DataFrame, store: Store) -> pd.DataFrame:
    """Balance-table rows for ``unga``: the vote equidistance (see the module docstring)."""
    wide = ties.pivot_table(index=["country", "year"], columns="partner", values="value", aggfunc="first")
    wide = wide.reindex(columns=list(POWERS))
    years = wide.index.get_level_values("year").astype("int64")
    bench = _power_agreement(sorted(set(years)), store).reindex(years)
    agreement = wide.to_numpy(dtype="float64")
    bal = vote_equidistance(agreement, bench.to_numpy(dtype="float64"))
    closest = np.array(POWERS, dtype=object)[np.argmax(np.nan_to_num(agreement, nan=-1.0), axis=1)]
    n = len(wide)
    nan = np.full(n, np.nan)
    quantified = wide.notna().sum(axis=1).to_numpy(dtype="int64")
    note = np.where(
        np.isnan(bal), "the powers' own agreement is missing in this year: no benchmark for equidistance", ""
    )
    return pd.DataFrame(
        {
            "country": wide.index.get_level_values("country").astype(str),
            "dimension": "unga",
            "year": years.to_numpy(),
            "unit": "vote equidistance (0-1)",
            "balance": bal,
            "power_share": nan,
            "largest_power": closest,
            "largest_exposure": nan,
            "tilt_rus": nan,
            "tilt_chn": nan,
            "tilt_west": nan,
            "tilt_lean": pd.Series([None] * n, dtype=object).to_numpy(),
            "tilt_strength": nan,
            "total_basis": pd.Series([None] * n, dtype=object).to_numpy(),
            "n_powers_quantified": quantified,
            "coverage_ok": (quantified == len(POWERS)) & ~np.isnan(bal),
            "note": note.astype(object),
        }
    )


_SHARE_COLUMNS = ("share_rus", "share_chn", "share_usa", "share_eu27", "share_other")


def _add_note(table: pd.DataFrame, mask: np.ndarray, text: str) -> None:
    old = table["note"].fillna("").astype(str).to_numpy()
    table["note"] = np.where(mask, np.where(old == "", text, old + "; " + text), old).astype(object)


def _flag_rows(table: pd.DataFrame, ties: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`multivector.indicators.balance` corrected where the panel knows more:

    * a world total unknown inside the source's coverage (COW's 1992-93 totals of the former Soviet
      republics, see :mod:`multivector.panels.trade`): ``power_share``, ``largest_exposure``, the
      ``share_*`` and ``total`` are NA and ``total_basis`` NA, not computed over the four powers alone
      (which made ``power_share`` 1 by construction). ``balance`` and the tilt use only the four powers'
      flows, all measured (:func:`ties_from_panel` keeps only such years), so they stay;
    * ``events`` years with fewer than :data:`EVENTS_MIN_COOP` cooperative events with the four powers:
      ``coverage_ok`` False (out of the composite), with a note.
    """
    out = table.copy()
    key = ["country", "dimension", "year"]
    with_world = {d for d in out["dimension"].unique() if _SPEC[str(d)][2] is not None}
    has_world = ties.loc[ties["partner"] == WORLD, key].drop_duplicates()
    flags = (out[key].merge(has_world, on=key, how="left", indicator=True)["_merge"] == "both").to_numpy()
    unknown = out["dimension"].isin(with_world).to_numpy(dtype=bool) & ~flags
    if unknown.any():
        cols = ["power_share", "largest_exposure", "total", *[c for c in _SHARE_COLUMNS if c in out]]
        out.loc[unknown, cols] = np.nan
        out["total_basis"] = out["total_basis"].astype(object)
        out.loc[unknown, "total_basis"] = None
        _add_note(out, unknown, "world total unknown: power_share and largest_exposure undefined")
    is_events = (out["dimension"] == "events").to_numpy(dtype=bool)
    if is_events.any():
        powers = ties[(ties["dimension"] == "events") & ties["partner"].isin(POWERS)]
        n_events = powers.groupby(["country", "year"], as_index=False)["value"].sum()
        got = out[["country", "year"]].merge(n_events, on=["country", "year"], how="left")["value"]
        few = is_events & (got.fillna(0.0).to_numpy(dtype="float64") < EVENTS_MIN_COOP)
        out.loc[few, "coverage_ok"] = False
        _add_note(out, few, f"fewer than {EVENTS_MIN_COOP} cooperative events with the four powers")
    return out


def _balance_table(countries: Sequence[str], dims: list[str], years: Years, store: Store) -> pd.DataFrame:
    panel = _panel(countries, dims, years, store)
    ties = ties_from_panel(panel, dims)
    is_unga = ties["dimension"] == "unga"
    parts = []
    if (~is_unga).any():
        parts.append(_flag_rows(_balance(ties[~is_unga]), ties[~is_unga]))
    if is_unga.any():
        parts.append(_unga_table(ties[is_unga], store))
    if not parts:
        return pd.DataFrame(columns=list(BALANCE_COLUMNS))
    table = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    src = {d: _SPEC[d][4] for d in dims}
    table["source"] = table["dimension"].map(src)
    table["construction"] = table["dimension"].map(CONSTRUCTION)
    table["comparable"] = table["dimension"].isin(COMPARABLE)
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    table = table.sort_values(
        ["country", "dimension", "year"], key=lambda s: s.map(order) if s.name == "dimension" else s
    )
    return table.reset_index(drop=True)


def balance_over_time(
    country: str,
    dimensions: Iterable[str] | str | None = None,
    years: Years | None = None,
    store: Store | str | Path | None = None,
) -> pd.DataFrame:
    """The balance index and tilt of ``country`` per dimension and year (:data:`BALANCE_COLUMNS`).

    ``dimensions``: a subset of :data:`DIMENSIONS` (default all); ``years``: default 1992-2025 (each
    dimension has rows only for the years its source covers). See the module docstring for each series.
    ``construction`` says how each row's balance is built (:data:`CONSTRUCTION`) and ``comparable`` whether
    it is the entropy of shares of an additive quantity (True) or another scale (``unga``: False, with the
    tilt, largest_exposure and power_share NaN).
    """
    dims = _dims(dimensions)
    with opened(store) as st:
        table = _balance_table([country], dims, years or DEFAULT_YEARS, st)
    return table[list(BALANCE_COLUMNS)]


def add_balance(
    df: pd.DataFrame,
    store: Store | str | Path | None = None,
    dimensions: Iterable[str] | str | None = None,
    include_noncomparable: bool = False,
) -> pd.DataFrame:
    """Add per-dimension balance columns to a country-year frame (from :func:`balance_over_time`).

    For each dimension d: ``balance_<d>``, ``tilt_rus_<d>``, ``tilt_chn_<d>``, ``tilt_west_<d>``,
    ``largest_power_<d>``, ``largest_exposure_<d>``; and ``balance_mean`` = the mean balance over the
    :data:`COMPARABLE` dimensions measured that year (all of them with ``include_noncomparable=True``; the
    UN-vote equidistance is on another scale) whose row has ``coverage_ok`` (an ``events`` year with fewer
    than :data:`EVENTS_MIN_COOP` cooperative events is left out), with ``balance_dimensions`` = how many.
    NA where a
    dimension's source does not cover the year. Keeps rows and keys; needs a frame made by
    ``create_country_years``.
    """
    check_frame(df, "add_balance", units=("country_year",))
    dims = _dims(dimensions)
    countries = sorted(set(df["iso3"].dropna().astype(str)))
    years = sorted({int(y) for y in df["year"]})
    with opened(store) as st:
        table = _balance_table(countries, dims, (years[0], years[-1]), st)
    key = df[["iso3", "year"]].astype({"iso3": str, "year": "int64"}).reset_index(drop=True)
    values = pd.DataFrame(index=df.index)
    measures = ("balance", "tilt_rus", "tilt_chn", "tilt_west", "largest_power", "largest_exposure")
    covered = pd.DataFrame(index=df.index)
    for dim in dims:
        sub = table[table["dimension"] == dim].rename(columns={"country": "iso3"})
        sub = sub.astype({"iso3": str, "year": "int64"})[["iso3", "year", *measures, "coverage_ok"]]
        got = key.merge(sub, on=["iso3", "year"], how="left")
        for m in measures:
            col = got[m].astype("string") if m == "largest_power" else got[m].astype("float64")
            values[f"{m}_{dim}"] = col.to_numpy()
        covered[dim] = got["coverage_ok"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    in_mean = [d for d in dims if include_noncomparable or d in COMPARABLE]
    bal = values[[f"balance_{d}" for d in in_mean]].astype("float64")
    bal = bal.where(covered[in_mean].set_axis(bal.columns, axis=1))
    values["balance_mean"] = bal.mean(axis=1).to_numpy()
    values["balance_dimensions"] = bal.notna().sum(axis=1).astype("int64").to_numpy()
    return finish(df, values, "add_balance", dims)


def compare(
    countries: Iterable[str] = CENTRAL_ASIA,
    year: int | None = None,
    store: Store | str | Path | None = None,
    dimensions: Iterable[str] | str | None = None,
    weights: Mapping[str, float] | None = None,
    include_noncomparable: bool = False,
) -> pd.DataFrame:
    """One row per country: the composite balance over the dimensions and each dimension's balance.

    For each dimension the latest year with a defined balance up to ``year`` (default: the latest) is
    used; for ``alliances`` the latest ATOP year, and a country without a defence pledge to any power then
    has no alliances balance (NaN) rather than one from an older year. The
    composite is :func:`multivector.indicators.composite_balance` with equal weights over the
    :data:`COMPARABLE` dimensions (``weights`` maps dimension -> weight). ``unga`` (the vote
    equidistance, not a share of flows: see the module docstring) is reported in ``balance_unga`` but left
    out of the composite unless ``include_noncomparable=True``.

    Columns: country, balance, power_share, largest_power, largest_exposure, tilt_rus, tilt_chn,
    tilt_west, tilt_lean, tilt_strength, dimensions_used, coverage, as_of, dimensions_excluded (measured
    for the country but not in its composite, comma-joined), share_rus ... share_eu27, then
    ``balance_<dimension>`` per dimension, and ``constructions`` (``"trade=share-of-flows,...,unga=
    vote-equidistance"``: how each ``balance_<dimension>`` is built, :data:`CONSTRUCTION`), and ``note``.
    Countries keep the order given; ``balance_<dimension>`` columns follow ``dimensions``.

    Weights (default or given) cover only the dimensions with a usable year up to ``year``; a requested
    dimension without one (events before 2013) is named in ``note`` ("events: no data up to 2010"). Rows
    with ``coverage_ok`` False (few events) are skipped and the dimension falls back to its latest covered
    year. When only non-comparable dimensions are requested (and ``include_noncomparable`` is False) the
    composite is NaN with coverage 0, and ``note`` says so.
    """
    codes = list(countries)
    if not codes:
        raise InputError("compare() needs at least one country")
    dims = _dims(dimensions)
    last = year if year is not None else DEFAULT_YEARS[1]
    with opened(store) as st:
        panel_countries = codes_of(codes, CENTRAL_ASIA, allow_bloc=False)
        table = _balance_table(panel_countries, dims, (DEFAULT_YEARS[0] - 5, last), st)
    # A year without a defence pledge to any power is a finding (ATOP lists every alliance): alliances
    # then drop out rather than fall back to an older year (TKM's last pledge, 2002, would stand for 2018).
    # Other dimensions fall back to their latest year with a defined balance and coverage_ok (events: at
    # least EVENTS_MIN_COOP cooperative events with the powers).
    table = table[
        table["balance"].notna() & table["coverage_ok"].astype(bool) | (table["dimension"] == "alliances")
    ]
    table = table[table["year"] <= last]
    present = set(table["dimension"])
    # Weights only for the dimensions with data up to ``year`` (events start in 2013, arms in 1950 ...):
    # the others are named in ``note``; a weight for a panel dimension without data is dropped likewise.
    if weights is not None:
        w = {k: float(v) for k, v in weights.items() if str(k).lower() not in set(DIMENSIONS) - present}
    else:
        w = {d: 1.0 for d in dims if d in present and (include_noncomparable or d in COMPARABLE)}
    if w and not table.empty:
        comp = composite_balance(
            table, weights=w, by=("country",), as_of=year, include_noncomparable=include_noncomparable
        )
    else:
        comp = pd.DataFrame({"country": panel_countries}).reindex(columns=["country", *_EMPTY_COMPOSITE])
        comp = comp.assign(dimensions_used="", coverage=0.0, as_of="", dimensions_excluded="")
    latest = table.sort_values("year").groupby(["country", "dimension"]).tail(1)
    wide = latest.pivot(index="country", columns="dimension", values="balance")
    wide.columns = [f"balance_{c}" for c in wide.columns]
    out = pd.DataFrame({"country": panel_countries}).merge(comp, on="country", how="left")
    out = out.merge(wide.reset_index(), on="country", how="left")
    per_dim = [f"balance_{d}" for d in dims]  # in the order of ``dimensions``, whatever has data
    for col in per_dim:
        if col not in out.columns:
            out[col] = np.nan
    out = out[[c for c in out.columns if c not in per_dim] + per_dim]
    used = out["dimensions_used"].fillna("").str.split(",")
    out["dimensions_excluded"] = [
        ",".join(d for d in dims if pd.notna(row[f"balance_{d}"]) and d not in u)
        for u, (_, row) in zip(used, out.iterrows(), strict=True)
    ]
    out["constructions"] = ",".join(f"{d}={CONSTRUCTION[d]}" for d in dims)
    out["note"] = _compare_notes(out["country"], table, dims, include_noncomparable, last)
    return out


#: Columns of :func:`multivector.indicators.composite_balance` after ``country`` (for a composite of nothing).
_EMPTY_COMPOSITE = (
    "balance", "power_share", "largest_power", "largest_exposure", "tilt_rus", "tilt_chn", "tilt_west",
    "tilt_lean", "tilt_strength", "dimensions_used", "coverage", "as_of", "dimensions_excluded",
    "share_rus", "share_chn", "share_usa", "share_eu27",
)  # fmt: skip


def _compare_notes(
    countries: pd.Series, table: pd.DataFrame, dims: list[str], include_noncomparable: bool, last: int
) -> list[str]:
    """Per country of :func:`compare`: the requested dimensions without a usable year up to ``last``, and
    why the composite is NaN when only non-comparable dimensions were requested."""
    only_noncomparable = not include_noncomparable and not any(d in COMPARABLE for d in dims)
    notes = []
    for country in countries:
        have = set(table.loc[table["country"] == country, "dimension"])
        parts = [f"{d}: no data up to {last}" for d in dims if d not in have]
        if only_noncomparable:
            parts.append(
                f"only non-comparable dimensions requested ({', '.join(dims)}): no composite; "
                "include_noncomparable=True combines them"
            )
        notes.append("; ".join(parts))
    return notes


def rank(
    countries: Iterable[str] = CENTRAL_ASIA,
    year: int | None = None,
    store: Store | str | Path | None = None,
    by: str = "balance",
    dimensions: Iterable[str] | str | None = None,
    include_noncomparable: bool = False,
) -> pd.DataFrame:
    """:func:`compare` sorted by ``by`` (default the composite balance, most balanced first) with a
    ``rank`` column (1 = highest; ties share the lower rank; NaN last)."""
    table = compare(
        countries, year=year, store=store, dimensions=dimensions, include_noncomparable=include_noncomparable
    )
    if by not in table.columns:
        raise InputError(f"cannot rank by {by!r}; columns: {list(table.columns)}")
    table = table.sort_values(by, ascending=False, na_position="last", kind="stable").reset_index(drop=True)
    table.insert(0, "rank", table[by].rank(ascending=False, method="min").astype("Int64"))
    return table
