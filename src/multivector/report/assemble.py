"""Assembly: an assessment (and, for a country with a casebook, the case) -> :class:`ReportData`.

The report is a rendering of :func:`multivector.assess` for one country: the summary table is the
assessment's dimensions, the composite is its composite, the "Over time" section is
:func:`multivector.assess_series`; the casebook's ties, timeline, infrastructure and claims join when the
country has a case. Every figure keeps its source ids; :func:`_resolve_citations` numbers the sources once,
in the order the report uses them. Rendering (HTML, Markdown, JSON) is :mod:`.render`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import multivector
from multivector import casebook as cb
from multivector.assessment import Assessment, assess, open_store, resolve_casebook
from multivector.assessment.model import FLAGS, DimensionAssessment
from multivector.casebook.schema import Case
from multivector.citations import Citation, anchor_of, casebook_fields
from multivector.errors import InputError
from multivector.panels.frames import codes_of
from multivector.powers import OTHER, POLES, POWERS, pole_of
from multivector.report.casebook_rows import claim_rows, infrastructure_rows, timeline_entries
from multivector.report.claims_section import claims_section
from multivector.report.model import (
    CompositeRow,
    Figure,
    PoleShareRow,
    ReportData,
    SeriesPoint,
    SummaryRow,
    TieRow,
    format_index,
    format_number,
    format_share,
    make_figure,
)
from multivector.report.movement import NO_DATA_NOTE, over_time
from multivector.report.scenario_section import scenario_section
from multivector.report.trade_bases_section import trade_bases_section
from multivector.store.db import Store

__all__ = ["build_report_data", "how_to_read", "resolve_target"]


# ---------------------------------------------------------------------------------------- the target
def resolve_target(
    target: Case | str | Path = "KAZ", casebook: str | Path | None = None
) -> tuple[str, Case | bool | None]:
    """The country a report is about and the casebook argument for :func:`multivector.assess`.

    ``target`` is an ISO3 code or country name (any country), a built-in case id (``kazakhstan``), a case
    file or a :class:`Case`; ``casebook`` (a case file) joins the country's assessment.
    """
    if casebook is not None:
        case = cb.load_case(Path(casebook))
        return case.country, case
    if isinstance(target, Case):
        return target.country, target
    if isinstance(target, Path) or str(target).endswith((".yaml", ".yml")):
        case = cb.load_case(Path(target))
        return case.country, case
    name = str(target).strip()
    if name.lower() in cb.list_cases():
        case = cb.load_case(name.lower())
        return case.country, case
    return codes_of([name], (), allow_bloc=False)[0], None


# ---------------------------------------------------------------------------------------- rows
def _figure(
    section: str,
    e: DimensionAssessment,
    name: str,
    label: str,
    value: float | None,
    text: str,
    unit: str | None = None,
) -> Figure:
    when = f" ({e.year})" if e.year is not None else ""
    return make_figure(
        f"{section}.{e.dimension}.{name}",
        section,
        f"{label}, {e.dimension}{when}",
        value,
        text,
        e.sources,
        unit=unit,
        year=e.year,
    )


#: How evidence is counted, singular and plural, where the name of the kind
#: (:class:`multivector.dimensions.Evidence`) needs more words; any other kind is its name (``"7 events"``).
_EVIDENCE_NOUNS: dict[str, tuple[str, str]] = {
    "powers": ("power quantified", "powers quantified"),
    "votes": ("joint vote", "joint votes"),
}


def _evidence_text(e: DimensionAssessment) -> str | None:
    """``"3 powers quantified (minimum 2)"``: the count, its kind and the dimension's minimum."""
    if e.evidence is None:
        return None
    kind = e.evidence.kind
    one, many = _EVIDENCE_NOUNS.get(kind, (kind.removesuffix("s"), kind))
    noun = one if e.evidence.count == 1 else many
    return f"{e.evidence.count} {noun} (minimum {e.evidence.minimum})"


def _of_total(e: DimensionAssessment) -> str:
    """What a share is a share of: the world total, or only the partners the source lists."""
    if e.total_basis == "mixed":
        return " (a mean over world totals and listed partners)"
    return " of listed partners" if e.total_basis == "listed" else ""


def summary_row(e: DimensionAssessment, section: str = "summary") -> SummaryRow:
    """One dimension of the assessment as a report row: every number a :class:`Figure` citing the
    dimension's sources."""
    idx = lambda n, lab, v: _figure(section, e, n, lab, v, format_index(v))  # noqa: E731
    share = lambda n, lab, v: _figure(section, e, n, lab, v, format_share(v), "share")  # noqa: E731
    return SummaryRow(
        dimension=e.dimension,
        label=e.label,
        year=e.year,
        origin=e.origin,
        age=e.age,
        evidence=_evidence_text(e),
        basis=e.basis,
        total_basis=e.total_basis,
        flags=list(e.flags),
        unit=e.unit,
        balance=idx("balance", "Balance between the four powers", e.balance),
        tilt_rus=idx("tilt_rus", "Tilt coordinate Russia", e.tilt.rus),
        tilt_chn=idx("tilt_chn", "Tilt coordinate China", e.tilt.chn),
        tilt_west=idx("tilt_west", "Tilt coordinate West", e.tilt.west),
        tilt_strength=idx("tilt_strength", "Tilt strength", e.tilt.strength),
        tilt_lean=e.tilt.lean,
        largest_power=e.largest_power,
        largest_exposure=share(
            "largest_exposure", "Largest single-power exposure" + _of_total(e), e.largest_exposure
        ),
        power_share=share(
            "power_share",
            "Share of the four powers in the total" + _of_total(e),
            e.power_share,
        ),
        n_partners=None,
        sources=list(e.sources),
        n_powers_quantified=e.n_powers_quantified,
        coverage_ok="single_power" not in e.flags if e.origin else None,
        in_composite=e.in_composite,
    )


def composite_row(a: Assessment) -> CompositeRow:
    """The assessment's composite as a report row, citing the sources of the dimensions it uses."""
    c = a.composite
    used = [e for e in a.dimensions if e.in_composite]
    sources = list(dict.fromkeys(s for e in used for s in e.sources))
    bases = {e.total_basis for e in used if e.power_share is not None}
    fake = DimensionAssessment(
        dimension="composite",
        label="composite",
        unit=None,
        construction="share-of-flows",
        comparable=True,
        weight=1.0,
        horizon=0,
        year=a.year,
        balance=c.balance,
        tilt=c.tilt,
        largest_power=c.largest_power,
        largest_exposure=c.largest_exposure,
        power_share=c.power_share,
        total_basis=(bases.pop() if len(bases) == 1 else "mixed") if bases else None,
        sources=sources,
    )
    row = summary_row(fake, "composite")
    return CompositeRow(
        **row.model_dump(exclude={"flags", "in_composite", "coverage_ok"}),
        as_of=",".join(f"{d}={y}" for d, y in c.years.items()),
        weights=dict(a.weights),
        coverage=c.coverage,
        dimensions_used=list(c.dimensions_used),
        dimensions_excluded=list(c.excluded),
        excluded=dict(c.excluded),
    )


def pole_share_rows(a: Assessment, case: Case | None) -> list[PoleShareRow]:
    """Dimension x power shares of each dimension's figure. A casebook figure that states no tie with a
    power shows "not stated" (cited), not 0."""
    ties = {t.id: t for t in case.ties} if case is not None else {}
    rows: list[PoleShareRow] = []
    for e in a.dimensions:
        if e.origin is None or not e.shares or all(v is None for v in e.shares.values()):
            continue
        stated = set(POWERS)
        if e.origin == "casebook":
            stated = {pole_of(ties[t].to) for t in e.entries if t in ties}
        shares = {}
        for pole in POLES:
            label = f"Share of {pole}, {e.dimension} ({e.year})"
            fid = f"pole_shares.{e.dimension}.{pole}"
            if pole != OTHER and pole not in stated:
                shares[pole] = make_figure(
                    fid, "pole_shares", label, None, "not stated", e.sources, year=e.year
                )
                continue
            v = e.shares.get(pole)
            shares[pole] = make_figure(
                fid, "pole_shares", label, v, format_share(v), e.sources, unit="share", year=e.year
            )
        basis = e.total_basis or (
            "world" if e.shares.get(OTHER) is not None and e.power_share is not None else "listed"
        )
        rows.append(
            PoleShareRow(dimension=e.dimension, year=e.year, unit=e.unit, total_basis=basis, shares=shares)
        )
    return rows


def tie_rows(a: Assessment, case: Case | None, names: Mapping[str, str]) -> list[TieRow]:
    """The casebook ties behind the casebook figures the assessment uses or lists."""
    if case is None:
        return []
    by_id = {t.id: t for t in case.ties}
    wanted = [t for e in a.dimensions if e.origin == "casebook" for t in e.entries]
    out: list[TieRow] = []
    for tid in dict.fromkeys(wanted):
        t = by_id.get(tid)
        if t is None or t.value is None:
            continue
        year = cb.tie_year(t)
        label = f"{t.dimension} tie to {names.get(t.to, t.to)}" + (f" ({year})" if year is not None else "")
        fig = make_figure(
            f"ties.{t.id}",
            "ties",
            label,
            t.value,
            format_number(t.value),
            list(t.sources),
            unit=t.unit,
            year=year,
        )
        out.append(
            TieRow(
                tie_id=t.id,
                dimension=t.dimension,
                partner=t.to,
                partner_name=names.get(t.to, t.to),
                year=year,
                kind=t.kind,
                basis=t.basis,
                value=fig,
            )
        )
    return out


def current_points(a: Assessment) -> list[SeriesPoint]:
    """Each dimension's tilt (the figure it uses) as a point of the ternary chart."""
    out = []
    for e in a.dimensions:
        if e.tilt.rus is None or e.tilt.chn is None or e.tilt.west is None:
            continue
        out.append(
            SeriesPoint(
                dimension=e.dimension,
                year=e.year,
                tilt_rus=e.tilt.rus,
                tilt_chn=e.tilt.chn,
                tilt_west=e.tilt.west,
                balance=e.balance,
                sources=list(e.sources),
            )
        )
    return out


def how_to_read(a: Assessment) -> list[str]:
    """The "How to read this" paragraphs: balance, tilt, which figure, the composite and its flags."""
    w = ", ".join(f"{k} {v:g}" for k, v in a.weights.items() if v != 1.0)
    flags = "; ".join(f"{k.replace('_', ' ')}: {v}" for k, v in FLAGS.items())
    return [
        "Balance is the normalised Shannon entropy of the country's ties with the four great powers "
        "(Russia, China, the USA and the EU27 as one bloc): balance = -sum q_k ln q_k / ln 4, where q_k is "
        "each power's share of what goes to the four. It is 1 when the four weigh the same and 0 when "
        "everything goes to one power. The largest exposure is the largest single power's share of the "
        "whole total.",
        "Tilt places the country in the Russia-China-West triangle (West = USA + EU27): its three "
        "coordinates are the shares of Russia, China and the West among the four powers and sum to 1. The "
        "lean names the corner it is nearest to (balanced when every coordinate is within 0.05 of 1/3); the "
        "strength is the distance from the centre, 0 at the centre and 1 at a corner.",
        f"Each dimension shows one figure, as of {a.year}: {a.rules['figure']}. "
        f"{a.rules['merge'][:1].upper()}{a.rules['merge'][1:]}. "
        "Every number links to its sources in brackets.",
        f"The composite is the {a.rules['composite']} (weights 1 each"
        + (f", except {w}" if w else "")
        + f"). A dimension stays out of it when it is flagged: {flags}.",
    ]


# ---------------------------------------------------------------------------------------- the builder
def build_report_data(
    target: Case | str | Path = "KAZ",
    *,
    year: int | None = None,
    casebook: str | Path | None = None,
    weights: Mapping[str, float] | None = None,
    store: Store | str | Path | None = None,
    scenarios: Sequence[str] | None = None,
    series: bool = True,
) -> ReportData:
    """Every figure of the report on ``target`` (an ISO3 code or name, a built-in case id, a case file or a
    :class:`Case`), with its citations resolved.

    The figures are :func:`multivector.assess` of the country (``year``, ``weights``, ``store`` as there;
    the built-in casebook of the country joins, or ``casebook``); ``series`` adds the "Over time" section
    (:func:`multivector.assess_series` and the UN agreement with each power). ``scenarios`` (preset names or
    files) adds the scenario section. Raises :class:`~multivector.errors.StoreError` naming what to import
    for a country with nothing known.
    """
    iso3, book = resolve_target(target, casebook)
    case = resolve_casebook(iso3, book)
    joined: Case | bool = case if case is not None else False
    with open_store(store) as st:
        a = assess(iso3, year, casebook=joined, weights=weights, store=st)
        found, cites, notes = over_time(a, joined, weights, st) if series else (None, {}, [])
        trade, trade_cites = trade_bases_section(a, st)
        no_store = st is None
        checked = claims_section(case, st) if case is not None else None
    names = {x.id: x.name for x in case.actors} if case is not None else {}
    summary = [summary_row(e) for e in a.dimensions]
    data = ReportData(
        generated_with=f"multivector {multivector.__version__}",
        case_id=a.case,
        case_name=a.name,
        country=a.country,
        year=a.year,
        assessment=a.to_dict(),
        title=case.title if case is not None else None,
        description=case.description if case is not None else None,
        how_to_read=how_to_read(a),
        summary=summary,
        composite=composite_row(a),
        summary_notes=[n for n in (single_power_note(summary),) if n],
        pole_shares=pole_share_rows(a, case),
        series=current_points(a),
        ties=tie_rows(a, case, names),
        timeline=timeline_entries(case, names) if case is not None else [],
        infrastructure=infrastructure_rows(case, names) if case is not None else [],
        claims=claim_rows(case, names) if case is not None else [],
        sources=[],
        over_time=found,
        data_note=" ".join([NO_DATA_NOTE, *notes]) if series and (found is None or no_store) else None,
        claims_checked=checked,
    )
    extra = {c.id: c.model_dump(exclude={"id", "number", "anchor"}) for c in a.sources}
    extra.update(cites)
    data.trade_bases = trade
    extra.update({k: v for k, v in trade_cites.items() if k not in extra})
    if scenarios:
        if case is None:
            raise InputError(
                f"scenarios need a casebook: {iso3} has none (give --casebook FILE or --no-scenarios)"
            )
        section, more = scenario_section(case.id, list(scenarios), {s.id for s in case.sources})
        data.scenarios = section
        extra.update(more)
    _resolve_citations(data, case, extra)
    return data


def single_power_note(rows: Sequence[SummaryRow]) -> str | None:
    """The footnote of the single-power mark, naming the marked dimensions; None when none is marked."""
    from multivector.report.model import SINGLE_POWER_MARK

    marked = [r.dimension for r in rows if r.single_power]
    if not marked:
        return None
    return (
        f"{SINGLE_POWER_MARK} one power quantified ({', '.join(marked)}): balance 0 by construction, not by "
        "measurement, so the composite leaves it out."
    )


def _resolve_citations(data: ReportData, case: Case | None, extra: Mapping[str, Mapping[str, Any]]) -> None:
    """Number the cited sources in the order the report uses them and attach them to every figure, series
    line, casebook entry and scenario."""
    order: list[str] = []
    for row in [*data.summary, *([data.composite] if data.composite else [])]:
        order.extend(row.sources)
    for fig in data.figures():
        order.extend(fig.sources)
    for entries in (data.timeline, data.infrastructure, data.claims):
        for entry in entries:
            order.extend(entry.sources)
    if data.over_time is not None:
        for line in [
            *data.over_time.composite,
            *data.over_time.tilt,
            *data.over_time.balance,
            *data.over_time.alignment,
        ]:
            order.extend(line.sources)
    if data.scenarios is not None:
        for sc in data.scenarios.scenarios:
            order.extend(sc.sources)
    for trade_fig in data.trade_bases.entries() if data.trade_bases is not None else ():
        order.extend(trade_fig.sources)
    fields: dict[str, Mapping[str, Any]] = dict(extra)
    if case is not None:
        fields.update({s.id: casebook_fields(s) for s in case.sources})
    cites: dict[str, Citation] = {}
    for sid in dict.fromkeys(order):
        known = fields.get(sid)
        if known is None and case is not None:
            known = casebook_fields(cb.source_of(case, sid))
        if known is None:
            continue
        cites[sid] = Citation(id=sid, number=len(cites) + 1, anchor=anchor_of(sid), **known)
    data.sources = list(cites.values())

    def resolved(ids: list[str]) -> list[Citation]:
        return sorted((cites[s] for s in dict.fromkeys(ids) if s in cites), key=lambda c: c.number)

    for fig in data.figures():
        fig.citations = resolved(fig.sources)
    for entries in (data.timeline, data.infrastructure, data.claims):
        for entry in entries:
            entry.citations = resolved(entry.sources)
    if data.over_time is not None:
        for line in [
            *data.over_time.composite,
            *data.over_time.tilt,
            *data.over_time.balance,
            *data.over_time.alignment,
        ]:
            line.citations = resolved(line.sources)
    if data.scenarios is not None:
        for sc in data.scenarios.scenarios:
            sc.citations = resolved(sc.sources)
    for trade_fig in data.trade_bases.entries() if data.trade_bases is not None else ():
        trade_fig.citations = resolved(trade_fig.sources)
