"""The report's sections from a case's ties: the summary rows (balance, tilt, coverage flags), the
dimension x power shares, the tilt series, the ties behind the profile and the "how to read" text.

Helpers of :mod:`multivector.report.build`; each figure keeps the source ids of the ties behind it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from multivector.powers import OTHER, POLES, WORLD, pole_of
from multivector.report.model import (
    SINGLE_POWER_MARK,
    Figure,
    PoleShareRow,
    SeriesPoint,
    SummaryRow,
    TieRow,
    format_index,
    format_number,
    format_share,
    make_figure,
)
from multivector.report.series import as_float

__all__ = ["how_to_read", "pole_share_rows", "series_points", "single_power_note", "summary_row", "tie_rows"]


def _ids(value: object) -> list[str]:
    """Source ids from a cell: a comma-joined string, a list, or missing."""
    if value is None:
        return []
    if isinstance(value, str):
        return [s.strip() for s in value.split(",") if s.strip()]
    if isinstance(value, Iterable):
        out: list[str] = []
        for v in value:
            out.extend(_ids(v))
        return out
    if isinstance(value, float) and math.isnan(value):
        return []
    return [str(value)]


def _unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _int(value: object) -> int | None:
    x = as_float(value)
    return None if x is None else int(x)


def _str(value: object) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def summary_row(row: pd.Series, section: str) -> dict[str, Any]:
    dim = str(row["dimension"])
    year = _int(row["year"])
    sources = _ids(row["sources"])
    when = f" ({year})" if year is not None else ""

    def fig(name: str, label: str, is_share: bool) -> Figure:
        v = as_float(row[name])
        text = format_share(v) if is_share else format_index(v)
        extra: dict[str, Any] = {"unit": "share"} if is_share else {}
        return make_figure(
            f"{section}.{dim}.{name}", section, f"{label}, {dim}{when}", v, text, sources, year=year, **extra
        )

    def idx(name: str, label: str) -> Figure:
        return fig(name, label, is_share=False)

    def share(name: str, label: str) -> Figure:
        return fig(name, label, is_share=True)

    return {
        "dimension": dim,
        "year": year,
        "unit": _str(row["unit"]),
        "balance": idx("balance", "Balance between the four powers"),
        "tilt_rus": idx("tilt_rus", "Tilt coordinate Russia"),
        "tilt_chn": idx("tilt_chn", "Tilt coordinate China"),
        "tilt_west": idx("tilt_west", "Tilt coordinate West"),
        "tilt_strength": idx("tilt_strength", "Tilt strength"),
        "tilt_lean": _str(row["tilt_lean"]),
        "largest_power": _str(row["largest_power"]),
        "largest_exposure": share("largest_exposure", "Largest single-power exposure"),
        "power_share": share("power_share", "Share of the four powers in the total"),
        "n_partners": _int(row["n_partners"]),
        "sources": sources,
        "n_powers_quantified": _int(row.get("n_powers_quantified")),
        "coverage_ok": _bool(row.get("coverage_ok")),
        "in_composite": _bool(row.get("in_composite")),
    }


def _bool(value: object) -> bool | None:
    """A flag cell as a bool; None when missing (the composite row's ``coverage_ok``)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return bool(value)


def single_power_note(
    rows: Sequence[SummaryRow], include_single_power: bool = False, option: str = "include_single_power"
) -> str | None:
    """The footnote of :data:`SINGLE_POWER_MARK`, naming the marked dimensions; None when none is marked.
    ``option`` is how the reader asks for them back (``--include-single-power`` on the command line)."""
    marked = [r.dimension for r in rows if r.single_power]
    if not marked:
        return None
    head = f"{SINGLE_POWER_MARK} one power quantified ({', '.join(marked)}): balance 0 by construction"
    if include_single_power:
        return f"{head}, not by measurement; kept in the composite because {option} was asked for."
    return f"{head}, left out of the composite ({option} puts it back)."


def _group_sources(ties: pd.DataFrame) -> dict[str, list[str]]:
    """Source ids per pole of one (dimension, year) group; the WLD row's sources go to every pole."""
    world = [s for v in ties.loc[ties["partner"] == WORLD, "source"] for s in _ids(v)]
    everything = [s for v in ties["source"] for s in _ids(v)]
    out: dict[str, list[str]] = {}
    for pole in POLES:
        rows = ties[(ties["partner"] != WORLD) & (ties["partner"].map(pole_of) == pole)]
        ids = _unique([s for v in rows["source"] for s in _ids(v)] + world)
        out[pole] = ids or _unique(everything)
    return out


def pole_share_rows(bal: pd.DataFrame, latest: pd.DataFrame, ties: pd.DataFrame) -> list[PoleShareRow]:
    rows: list[PoleShareRow] = []
    for _, prow in latest.iterrows():
        dim, year = str(prow["dimension"]), _int(prow["year"])
        match = (
            bal[(bal["dimension"] == dim) & (bal["year"].astype("Int64") == year)]
            if year is not None
            else bal[(bal["dimension"] == dim) & bal["year"].isna()]
        )
        if match.empty:
            continue
        b = match.iloc[0]
        group = (
            ties[(ties["dimension"] == dim) & (ties["year"].astype("Int64") == year)]
            if year is not None
            else ties[(ties["dimension"] == dim) & ties["year"].isna()]
        )
        srcs = _group_sources(group)
        stated = set(group.loc[group["partner"] != WORLD, "partner"].map(pole_of))
        when = f" ({year})" if year is not None else ""
        shares = {}
        for pole in POLES:
            v = as_float(b[f"share_{pole.lower()}"])
            label = f"Share of {pole}, {dim}{when}"
            if pole != OTHER and pole not in stated:
                # no tie with this power is stated in the dimension's sources (cited): the balance counts it
                # as 0, the table does not claim 0
                shares[pole] = make_figure(
                    f"pole_shares.{dim}.{pole}",
                    "pole_shares",
                    label,
                    None,
                    "not stated",
                    srcs[pole],
                    year=year,
                )
                continue
            fid = f"pole_shares.{dim}.{pole}"
            text = format_share(v)
            shares[pole] = make_figure(
                fid, "pole_shares", label, v, text, srcs[pole], unit="share", year=year
            )
        rows.append(
            PoleShareRow(
                dimension=dim,
                year=year,
                unit=_str(b["unit"]),
                total_basis=_str(b.get("total_basis")),
                shares=shares,
            )
        )
    return rows


def series_points(table: pd.DataFrame, ties: pd.DataFrame | None, country: str) -> list[SeriesPoint]:
    if "country" in table.columns:
        table = table[table["country"] == country]
    points: list[SeriesPoint] = []
    for _, row in table.iterrows():
        rus, chn, west = (as_float(row[c]) for c in ("tilt_rus", "tilt_chn", "tilt_west"))
        if rus is None or chn is None or west is None:
            continue
        dim, year = str(row["dimension"]), _int(row.get("year"))
        if "sources" in table.columns:
            sources = _ids(row["sources"])
        elif ties is not None and year is not None:
            group = ties[(ties["dimension"] == dim) & (ties["year"].astype("Int64") == year)]
            sources = _unique(s for v in group["source"] for s in _ids(v))
        else:
            sources = []
        points.append(
            SeriesPoint(
                dimension=dim,
                year=year,
                tilt_rus=rus,
                tilt_chn=chn,
                tilt_west=west,
                balance=as_float(row.get("balance")),
                sources=sources,
            )
        )
    points.sort(key=lambda p: (p.dimension, p.year if p.year is not None else -1))
    return points


def tie_rows(ties: pd.DataFrame, latest: pd.DataFrame, names: Mapping[str, str]) -> list[TieRow]:
    rows: list[TieRow] = []
    for _, prow in latest.iterrows():
        dim, year = str(prow["dimension"]), _int(prow["year"])
        group = (
            ties[(ties["dimension"] == dim) & (ties["year"].astype("Int64") == year)]
            if year is not None
            else ties[(ties["dimension"] == dim) & ties["year"].isna()]
        )
        for i, (_, t) in enumerate(group.iterrows()):
            partner = str(t["partner"])
            tid = _str(t.get("tie_id"))
            v = as_float(t["value"])
            unit = _str(t["unit"])
            label = f"{dim} tie to {names.get(partner, partner)}" + (f" ({year})" if year is not None else "")
            fig = make_figure(
                f"ties.{tid or f'{dim}-{year}-{i}'}",
                "ties",
                label,
                v,
                format_number(v),
                _ids(t.get("source")),
                unit=unit,
                year=year,
            )
            rows.append(
                TieRow(
                    tie_id=tid,
                    dimension=dim,
                    partner=partner,
                    partner_name=names.get(partner, partner),
                    year=year,
                    kind=_str(t.get("kind")),
                    basis=_str(t.get("basis")),
                    value=fig,
                )
            )
    return rows


def how_to_read(weights: Mapping[str, float], include_single_power: bool = False) -> list[str]:
    """The "How to read this" paragraphs: balance, tilt, the composite and single-power dimensions."""
    w = ", ".join(f"{k} {v:.3g}" for k, v in weights.items())
    return [
        "Balance is the normalised Shannon entropy of the country's ties with the four great powers "
        "(Russia, China, the USA and the EU27 as one bloc): balance = -sum q_k ln q_k / ln 4, where q_k is "
        "each power's share of what goes to the four. It is 1 when the four weigh the same and 0 when "
        "everything goes to one power. Other partners are left out of the balance; the power share says how "
        "much of the total goes to the four at all, and the largest exposure is the largest single power's "
        "share of the whole total.",
        "Tilt places the country in the Russia-China-West triangle (West = USA + EU27): its three "
        "coordinates are the shares of Russia, China and the West among the four powers and sum to 1. The "
        "lean names the corner it is nearest to (balanced when every coordinate is within 0.05 of 1/3); the "
        "strength is the distance from the centre, 0 at the centre and 1 at a corner.",
        "Each dimension is shown for its latest year with comparable figures (one unit and statistical "
        f"basis); the composite is the weighted mean over the dimensions (weights: {w}). Every number links "
        "to its sources in brackets. Claims are statements as reported, each with a status: a claim is not "
        "a fact.",
        f"A dimension in which only one power's tie is quantified (marked {SINGLE_POWER_MARK}) has a balance "
        "of 0 by construction, not by measurement, "
        + (
            "and is kept in this composite only because include_single_power was asked for."
            if include_single_power
            else "so the composite leaves it out (include_single_power puts it back) unless the stated "
            "total leaves the other three powers too little to lift its balance above 0.25."
        ),
    ]
