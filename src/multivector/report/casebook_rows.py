"""The casebook's sections of the report as rows: the timeline of agreements, the infrastructure (capacity,
owners, latest stated flow) and the claims as made, each amount a :class:`~multivector.report.model.Figure`
citing the casebook's sources (resolved later by :mod:`multivector.report.assemble`)."""

from __future__ import annotations

from collections.abc import Mapping

from multivector.casebook.schema import Amount, Case, Infrastructure
from multivector.report.model import (
    ClaimRow,
    Figure,
    InfrastructureRow,
    TimelineEntry,
    format_number,
    make_figure,
)

__all__ = ["amount_figure", "claim_rows", "infrastructure_rows", "timeline_entries"]


def amount_figure(
    fid: str, section: str, amount: Amount, sources: list[str], year: int | None = None
) -> Figure:
    """A casebook amount as a figure (its qualifier, e.g. "about", printed with it)."""
    return make_figure(
        fid,
        section,
        amount.what,
        amount.value,
        format_number(amount.value, amount.qualifier),
        sources,
        unit=amount.unit,
        year=year,
    )


def timeline_entries(case: Case, names: Mapping[str, str]) -> list[TimelineEntry]:
    """The case's agreements by date, at the precision the casebook gives (day, month or year)."""
    out: list[TimelineEntry] = []
    for ag in sorted(case.agreements, key=lambda a: (a.date, a.id)):
        date = {"day": ag.date.isoformat(), "month": ag.date.strftime("%Y-%m"), "year": str(ag.date.year)}[
            ag.date_precision
        ]
        amounts = [
            amount_figure(f"timeline.{ag.id}.{i}", "timeline", a, list(ag.sources), year=ag.date.year)
            for i, a in enumerate(ag.amounts)
        ]
        out.append(
            TimelineEntry(
                id=ag.id,
                date=date,
                kind=ag.kind,
                title=ag.title,
                parties=[names.get(p, p) for p in ag.parties],
                dimensions=list(ag.dimensions),
                place=ag.place,
                description=ag.description,
                amounts=amounts,
                sources=list(ag.sources),
                citations=[],
            )
        )
    return out


def _latest_flow(infra: Infrastructure) -> Figure | None:
    if not infra.flows:
        return None
    flow = max(infra.flows, key=lambda f: (f.year if f.year is not None else -1, f.period or ""))
    when = str(flow.year) if flow.year is not None else (flow.period or "")
    return make_figure(
        f"infrastructure.{infra.id}.flow",
        "infrastructure",
        f"{infra.name}: {flow.metric} ({when})",
        flow.value,
        format_number(flow.value, flow.qualifier),
        list(flow.sources),
        unit=flow.unit,
        year=flow.year,
    )


def infrastructure_rows(case: Case, names: Mapping[str, str]) -> list[InfrastructureRow]:
    """The case's pipelines, routes, ports and cosmodromes with capacity, owners and latest flow."""
    out: list[InfrastructureRow] = []
    for inf in case.infrastructure:
        cap = None
        if inf.capacity is not None:
            cap = amount_figure(
                f"infrastructure.{inf.id}.capacity", "infrastructure", inf.capacity, list(inf.sources)
            )
            cap.label = f"{inf.name}: capacity ({inf.capacity.what})"
        owners = "; ".join(
            names.get(o.owner, o.owner)
            + (f" {format_number(o.share_percent)}%" if o.share_percent is not None else "")
            for o in inf.owners
        )
        flow = _latest_flow(inf)
        sources = list(dict.fromkeys([*inf.sources, *(flow.sources if flow else [])]))
        out.append(
            InfrastructureRow(
                id=inf.id,
                name=inf.name,
                kind=inf.kind,
                dimension=inf.dimension,
                capacity=cap,
                operator=names.get(inf.operator, inf.operator) if inf.operator else None,
                owners=owners,
                crosses=list(inf.crosses),
                pole=inf.pole,
                latest_flow=flow,
                sources=sources,
                citations=[],
            )
        )
    return out


def claim_rows(case: Case, names: Mapping[str, str]) -> list[ClaimRow]:
    """The case's claims as made (a claim is not a fact: its status says how far it is borne out)."""
    out: list[ClaimRow] = []
    for cl in case.claims:
        year = cl.date.year if cl.date else None
        amounts = [
            amount_figure(f"claims.{cl.id}.{i}", "claims", a, list(cl.sources), year=year)
            for i, a in enumerate(cl.amounts)
        ]
        out.append(
            ClaimRow(
                id=cl.id,
                statement=cl.statement,
                speaker=names.get(cl.speaker, cl.speaker) if cl.speaker else None,
                date=cl.date.isoformat() if cl.date else None,
                status=cl.status,
                status_note=cl.status_note,
                amounts=amounts,
                sources=list(cl.sources),
                citations=[],
            )
        )
    return out
