"""Build the report: a case -> :class:`ReportData` -> an HTML, Markdown or JSON file.

The builder calls only the public APIs of :mod:`multivector.casebook` (the case, its headline ties) and
:mod:`multivector.indicators` (:func:`balance_profile`, :func:`balance`, :func:`composite_balance`); every
figure keeps the source ids of the casebook entries behind it, and the sources are resolved into one
numbered list at the end.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import pandas as pd

import multivector
from multivector import casebook as cb
from multivector.casebook.schema import Case, Source
from multivector.errors import InputError
from multivector.indicators import balance, balance_profile, composite_balance
from multivector.indicators.composite import DEFAULT_WEIGHTS
from multivector.report.claims_section import claims_section
from multivector.report.model import (
    Citation,
    CompositeRow,
    OverTime,
    ReportData,
    SummaryRow,
    claim_rows,
    infrastructure_rows,
    timeline_entries,
)
from multivector.report.scenario_section import scenario_section
from multivector.report.sections import (
    how_to_read,
    pole_share_rows,
    series_points,
    single_power_note,
    summary_row,
    tie_rows,
)
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


# ------------------------------------------------------------------------------------------- the builder
def build_report_data(
    case: Case | str | Path = "kazakhstan",
    *,
    weights: Mapping[str, float] | None = None,
    series: pd.DataFrame | None = None,
    casebook: str | Path | None = None,
    store: Store | str | Path | None = None,
    scenarios: Sequence[str] | None = None,
    include_single_power: bool = False,
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

    A dimension with one power quantified (``coverage_ok`` False: its balance is 0 by construction) is
    shown with :data:`~multivector.report.model.SINGLE_POWER_MARK` and a footnote and left out of the
    composite (named in ``composite.dimensions_excluded``) unless ``include_single_power=True``.
    """
    the_case = resolve_case(case, casebook)
    names = {a.id: a.name for a in the_case.actors}
    ties = cb.headline_ties(the_case)
    if ties.empty:
        raise InputError(f"case {the_case.id!r} has no ties with values: there is nothing to profile")
    ties = ties[ties["country"] == the_case.country] if (ties["country"] == the_case.country).any() else ties
    ties = _with_all_sources(ties, the_case)
    country = str(ties["country"].iloc[0])
    profile = balance_profile(ties, weights=weights, include_single_power=include_single_power)
    profile = profile[profile["country"] == country]
    bal = balance(ties)
    bal = bal[bal["country"] == country]
    comp = composite_balance(bal, weights=weights, include_single_power=include_single_power)

    per_dim = profile[profile["dimension"] != "composite"]
    summary = [SummaryRow(**summary_row(r, "summary")) for _, r in per_dim.iterrows()]
    composite = None
    comp_rows = profile[profile["dimension"] == "composite"]
    if not comp_rows.empty:
        c = comp.iloc[0]
        used = [d for d in str(c["dimensions_used"]).split(",") if d]
        composite = CompositeRow(
            **summary_row(comp_rows.iloc[0], "composite"),
            as_of=str(c["as_of"]),
            weights=dict(weights) if weights is not None else dict(DEFAULT_WEIGHTS),
            coverage=as_float(c["coverage"]),
            dimensions_used=used,
            dimensions_excluded=[d for d in str(c["dimensions_excluded"]).split(",") if d],
            include_single_power=include_single_power,
        )
    note = single_power_note(summary, include_single_power)

    data = ReportData(
        generated_with=f"multivector {multivector.__version__}",
        case_id=the_case.id,
        case_name=the_case.name,
        country=the_case.country,
        title=the_case.title,
        description=the_case.description,
        how_to_read=how_to_read(weights if weights is not None else DEFAULT_WEIGHTS, include_single_power),
        summary=summary,
        composite=composite,
        summary_notes=[note] if note else [],
        pole_shares=pole_share_rows(bal, per_dim, ties),
        series=series_points(series if series is not None else bal, ties, country),
        ties=tie_rows(ties, per_dim, names),
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
        data.claims_checked = claims_section(the_case, st)
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
    include_single_power: bool = False,
) -> Path:
    """Write the report of ``case`` (see :func:`build_report_data`) to ``path`` and return the path.

    ``format`` is ``"html"`` (one self-contained page, offline), ``"md"`` or ``"json"``; by default it
    follows the extension of ``path`` (``.html``/``.htm``, ``.md``/``.markdown``, ``.json``). ``store`` and
    ``scenarios`` add the series and the scenario section, ``include_single_power`` keeps single-power
    dimensions in the composite (see :func:`build_report_data`).
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
        else build_report_data(
            case,
            casebook=casebook,
            weights=weights,
            store=store,
            scenarios=scenarios,
            include_single_power=include_single_power,
        )
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
