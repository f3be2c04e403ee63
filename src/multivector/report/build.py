"""Build the report: a case -> :class:`ReportData` -> an HTML, Markdown or JSON file.

The builder calls only the public APIs of :mod:`multivector.casebook` (the case, its headline ties) and
:mod:`multivector.indicators` (:func:`balance_profile`, :func:`balance`, :func:`composite_balance`); every
figure keeps the source ids of the casebook entries behind it, and the sources are resolved into one
numbered list at the end.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import pandas as pd

import multivector
from multivector import casebook as cb
from multivector.casebook.schema import Case, Source
from multivector.errors import InputError
from multivector.indicators import balance, balance_profile, composite_balance
from multivector.indicators.composite import DEFAULT_WEIGHTS
from multivector.powers import POLES, WORLD, pole_of
from multivector.report.model import (
    Citation,
    CompositeRow,
    Figure,
    OverTime,
    PoleShareRow,
    ReportData,
    SeriesPoint,
    SummaryRow,
    TieRow,
    claim_rows,
    format_index,
    format_number,
    format_share,
    infrastructure_rows,
    make_figure,
    timeline_entries,
)
from multivector.report.scenario_section import scenario_section
from multivector.report.series import NO_DATA_NOTE, as_float, open_store, over_time
from multivector.store.db import Store

__all__ = ["FORMATS", "build_report_data", "report_json", "resolve_case", "write_report"]

Format = Literal["html", "md", "json"]
#: Output formats and the file extensions that select them.
FORMATS: dict[str, Format] = {
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
}


# ---------------------------------------------------------------------------------------------- the case
def _case_ids() -> list[str]:
    """Ids of the built-in cases, whatever shape :func:`multivector.casebook.list_cases` returns."""
    listed: Any = cb.list_cases()
    if isinstance(listed, pd.DataFrame):
        return [str(x) for x in listed["id"]] if "id" in listed.columns else [str(x) for x in listed.index]
    ids: list[str] = []
    for item in listed:
        if isinstance(item, str):
            ids.append(item)
        elif isinstance(item, Mapping):
            ids.append(str(item["id"]))
        else:
            ids.append(str(getattr(item, "id", item)))
    return ids


def resolve_case(case: Case | str | Path = "kazakhstan", casebook: str | Path | None = None) -> Case:
    """The case to report on.

    ``casebook`` (a YAML file) wins when given; otherwise ``case`` is a :class:`Case`, a built-in case id
    (``kazakhstan``), the ISO3 code of a built-in case's country (``KAZ``) or a path to a case file.
    Raises :class:`~multivector.errors.CasebookError` for a malformed file and
    :class:`~multivector.errors.InputError` for a name no built-in case answers to.
    """
    if isinstance(case, Case):
        return case
    if casebook is not None:
        return cb.load_case(Path(casebook))
    if isinstance(case, Path) or str(case).endswith((".yaml", ".yml")):
        return cb.load_case(Path(case))
    name = str(case).strip()
    ids = _case_ids()
    if name.lower() in ids:
        return cb.load_case(name.lower())
    if len(name) == 3 and name.isalpha():
        for cid in ids:
            loaded = cb.load_case(cid)
            if loaded.country == name.upper():
                return loaded
    raise InputError(
        f"no built-in case for {name!r}: give a case id ({', '.join(ids)}), the ISO3 code of its country, "
        "or your own case file with --casebook FILE"
    )


# ------------------------------------------------------------------------------------------- helpers
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


def _citation_text(src: Source) -> str:
    prefix = ""
    if src.kind == "footnote" and src.number is not None:
        prefix = f"Article footnote {src.number}: "
    elif src.kind == "reference" and src.number is not None:
        prefix = f"Article reference {src.number}: "
    parts = [prefix + src.title]
    detail = ", ".join(x for x in (src.publisher, src.date) if x)
    if detail:
        parts.append(detail)
    return ". ".join(p.rstrip(".") for p in parts) + "."


def _anchor(source_id: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in source_id)
    return f"src-{safe}"


def _with_all_sources(ties: pd.DataFrame, case: Case) -> pd.DataFrame:
    """Replace the ``source`` column (a tie's first source) by all the tie's source ids, comma-joined."""
    by_id = {t.id: t.sources for t in case.ties}
    if "tie_id" not in ties.columns:
        return ties
    out = ties.copy()
    full = [
        ",".join(by_id[tid]) if isinstance(tid, str) and tid in by_id else src
        for tid, src in zip(out["tie_id"], out["source"], strict=True)
    ]
    out["source"] = pd.Series(full, index=out.index, dtype=object)
    return out


# ------------------------------------------------------------------------------------------- sections
def _summary_row(row: pd.Series, section: str) -> dict[str, Any]:
    dim = str(row["dimension"])
    year = _int(row["year"])
    sources = _ids(row["sources"])
    when = f" ({year})" if year is not None else ""

    def idx(name: str, label: str) -> Figure:
        v = as_float(row[name])
        return make_figure(
            f"{section}.{dim}.{name}",
            section,
            f"{label}, {dim}{when}",
            v,
            format_index(v),
            sources,
            year=year,
        )

    def share(name: str, label: str) -> Figure:
        v = as_float(row[name])
        return make_figure(
            f"{section}.{dim}.{name}",
            section,
            f"{label}, {dim}{when}",
            v,
            format_share(v),
            sources,
            unit="share",
            year=year,
        )

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
    }


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


def _pole_shares(bal: pd.DataFrame, latest: pd.DataFrame, ties: pd.DataFrame) -> list[PoleShareRow]:
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
        when = f" ({year})" if year is not None else ""
        shares = {}
        for pole in POLES:
            v = as_float(b[f"share_{pole.lower()}"])
            shares[pole] = make_figure(
                f"pole_shares.{dim}.{pole}",
                "pole_shares",
                f"Share of {pole}, {dim}{when}",
                v,
                format_share(v),
                srcs[pole],
                unit="share",
                year=year,
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


def _series(table: pd.DataFrame, ties: pd.DataFrame | None, country: str) -> list[SeriesPoint]:
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


def _tie_rows(ties: pd.DataFrame, latest: pd.DataFrame, names: Mapping[str, str]) -> list[TieRow]:
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


def _how_to_read(weights: Mapping[str, float]) -> list[str]:
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
    ]


# ------------------------------------------------------------------------------------------- the builder
def build_report_data(
    case: Case | str | Path = "kazakhstan",
    *,
    weights: Mapping[str, float] | None = None,
    series: pd.DataFrame | None = None,
    casebook: str | Path | None = None,
    store: Store | str | Path | None = None,
    scenarios: Sequence[str] | None = None,
) -> ReportData:
    """Compute every figure of the report for ``case`` and resolve its citations.

    ``case`` is a :class:`~multivector.casebook.schema.Case`, a built-in case id or ISO3 code, or a case
    file; ``casebook`` (a YAML file) overrides it. ``weights`` are the composite weights (dimension ->
    weight; default :data:`multivector.indicators.DEFAULT_WEIGHTS`). ``series`` is an optional balance
    table over several years (the output of :func:`multivector.indicators.balance`, optionally with a
    ``sources`` column) whose tilt coordinates are drawn as paths on the ternary chart; by default the
    casebook's own headline series is used, so a path appears wherever a dimension has several years.

    ``store`` (a :class:`~multivector.store.Store` or the path of one) adds the "Over time" section: the
    balance per dimension 1992-latest, the tilt path on a ternary chart and the UN General Assembly
    alignment with Russia, China and the USA, each citing its dataset (``data-<source>``). Without a
    store (the default) :attr:`ReportData.data_note` says how to import data. ``scenarios`` (preset names
    or scenario files) adds the scenario section: each run at its defaults, and the energy frontier.
    """
    the_case = resolve_case(case, casebook)
    names = {a.id: a.name for a in the_case.actors}
    ties = cb.headline_ties(the_case)
    if ties.empty:
        raise InputError(f"case {the_case.id!r} has no ties with values: there is nothing to profile")
    ties = ties[ties["country"] == the_case.country] if (ties["country"] == the_case.country).any() else ties
    ties = _with_all_sources(ties, the_case)
    country = str(ties["country"].iloc[0])
    profile = balance_profile(ties, weights=weights)
    profile = profile[profile["country"] == country]
    bal = balance(ties)
    bal = bal[bal["country"] == country]
    comp = composite_balance(bal, weights=weights)

    per_dim = profile[profile["dimension"] != "composite"]
    summary = [SummaryRow(**_summary_row(r, "summary")) for _, r in per_dim.iterrows()]
    composite = None
    comp_rows = profile[profile["dimension"] == "composite"]
    if not comp_rows.empty:
        c = comp.iloc[0]
        used = [d for d in str(c["dimensions_used"]).split(",") if d]
        composite = CompositeRow(
            **_summary_row(comp_rows.iloc[0], "composite"),
            as_of=str(c["as_of"]),
            weights=dict(weights) if weights is not None else dict(DEFAULT_WEIGHTS),
            coverage=as_float(c["coverage"]),
            dimensions_used=used,
        )

    data = ReportData(
        generated_with=f"multivector {multivector.__version__}",
        case_id=the_case.id,
        case_name=the_case.name,
        country=the_case.country,
        title=the_case.title,
        description=the_case.description,
        how_to_read=_how_to_read(weights if weights is not None else DEFAULT_WEIGHTS),
        summary=summary,
        composite=composite,
        pole_shares=_pole_shares(bal, per_dim, ties),
        series=_series(series if series is not None else bal, ties, country),
        ties=_tie_rows(ties, per_dim, names),
        timeline=timeline_entries(the_case, names),
        infrastructure=infrastructure_rows(the_case, names),
        claims=claim_rows(the_case, names),
        sources=[],
    )
    extra: dict[str, dict[str, Any]] = {}
    with open_store(store) as st:
        if st is None:
            data.data_note = NO_DATA_NOTE
        else:
            found, cites, _ = over_time(country, st)
            data.over_time = found
            extra.update(cites)
            if found is None:
                data.data_note = "The store holds no series for this country. " + NO_DATA_NOTE
    if scenarios:
        section, more = scenario_section(the_case.id, list(scenarios), {s.id for s in the_case.sources})
        data.scenarios = section
        extra.update(more)
    _resolve_citations(data, the_case, extra)
    return data


def _series_lines(over: OverTime | None) -> list[Any]:
    return [] if over is None else [*over.balance, *over.alignment]


def _resolve_citations(
    data: ReportData, case: Case, extra: Mapping[str, Mapping[str, Any]] | None = None
) -> None:
    """Number the cited sources in casebook order (datasets and sources only scenarios list after them)
    and attach the resolved citations to every figure, series line and scenario."""
    extra = extra or {}
    used: set[str] = set()
    for line in _series_lines(data.over_time):
        used.update(line.sources)
    if data.scenarios is not None:
        for sc in data.scenarios.scenarios:
            used.update(sc.sources)
    for fig in data.figures():
        used.update(fig.sources)
    for entries in (data.timeline, data.infrastructure, data.claims):
        for entry in entries:
            used.update(entry.sources)
    for row in [*data.summary, *([data.composite] if data.composite else [])]:
        used.update(row.sources)
    known = {s.id: s for s in case.sources}
    others = used - set(known)
    order = (
        [s.id for s in case.sources if s.id in used]
        + sorted(others - set(extra))
        + [sid for sid in extra if sid in others]
    )
    cites: dict[str, Citation] = {}
    for n, sid in enumerate(order, start=1):
        if sid not in known and sid in extra:
            cites[sid] = Citation(id=sid, number=n, anchor=_anchor(sid), **extra[sid])
            continue
        src = known.get(sid)
        if src is None:
            src = cb.source_of(case, sid)
        cites[sid] = Citation(
            id=sid,
            number=n,
            anchor=_anchor(sid),
            kind=src.kind,
            title=src.title,
            url=src.url,
            publisher=src.publisher,
            date=src.date,
            note=src.note,
            text=_citation_text(src),
        )
    data.sources = list(cites.values())

    def resolved(ids: list[str]) -> list[Citation]:
        return sorted((cites[s] for s in ids), key=lambda c: c.number)

    for fig in data.figures():
        fig.citations = resolved(fig.sources)
    for entries in (data.timeline, data.infrastructure, data.claims):
        for entry in entries:
            entry.citations = resolved(entry.sources)
    for line in _series_lines(data.over_time):
        line.citations = resolved(line.sources)
    if data.scenarios is not None:
        for sc in data.scenarios.scenarios:
            sc.citations = resolved(sc.sources)


# ------------------------------------------------------------------------------------------- writing
def write_report(
    case: Case | ReportData | str | Path,
    path: str | Path,
    format: Format | None = None,
    casebook: str | Path | None = None,
    weights: Mapping[str, float] | None = None,
    store: Store | str | Path | None = None,
    scenarios: Sequence[str] | None = None,
) -> Path:
    """Write the report of ``case`` (see :func:`build_report_data`) to ``path`` and return the path.

    ``format`` is ``"html"`` (one self-contained page, offline), ``"md"`` or ``"json"``; by default it
    follows the extension of ``path`` (``.html``/``.htm``, ``.md``/``.markdown``, ``.json``). ``store`` and
    ``scenarios`` add the series and the scenario section (see :func:`build_report_data`).
    """
    from multivector.report.html import render_html
    from multivector.report.markdown import render_markdown

    out = Path(path)
    fmt = format or FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise InputError(
            f"cannot tell the report format from {out.name!r}: use a .html, .md or .json extension "
            "or --format"
        )
    if fmt not in ("html", "md", "json"):
        raise InputError(f"unknown report format {fmt!r}: use html, md or json")
    data = (
        case
        if isinstance(case, ReportData)
        else build_report_data(case, casebook=casebook, weights=weights, store=store, scenarios=scenarios)
    )
    if fmt == "html":
        text = render_html(data)
    elif fmt == "md":
        text = render_markdown(data)
    else:
        text = report_json(data)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write the report to {out}: {exc.strerror or exc}") from None
    return out


def report_json(data: ReportData, indent: int | None = 2) -> str:
    """The report as JSON: every figure with its source ids and resolved citations (``docs/report.md``)."""
    return data.model_dump_json(indent=indent) + "\n"
