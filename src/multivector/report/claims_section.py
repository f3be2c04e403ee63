"""The report's "Claims checked" section: the case's claims ledger (:func:`multivector.claims.ledger`).

Every figure and claim of the casebook is listed with its verdict (supported, contradicted, basis_differs,
not_checkable), the claimed and the measured value, the period and basis of the measured value, its sources
(dataset name and version from the store's provenance, or the cited page) and the reason. Contradictions
and basis differences come first, then supported, then not checkable. :func:`claims_section` builds the
section (with or without a store: without one, every check that needs data says so),
:func:`claims_markdown` renders it as Markdown; the HTML page includes ``templates/claims_checked.html.j2``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from multivector.casebook.schema import Case
from multivector.claims import VERDICTS, CheckResult, ledger, ledger_summary
from multivector.claims.verdict import format_value
from multivector.report.escape import md_code, md_text, safe_url
from multivector.store.db import Store

__all__ = ["ClaimsChecked", "LedgerRow", "LedgerSource", "claims_markdown", "claims_section"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LedgerSource(_Model):
    """A source of a measured value: ``kind`` dataset (``name`` = store table, ``version`` from its
    provenance), page (a hand-copied table row: ``title`` = who reported it, ``url`` = the page) or casebook
    (a casebook source)."""

    kind: str
    name: str
    title: str
    version: str | None = None
    url: str | None = None


class LedgerRow(_Model):
    """One casebook figure or claim with its verdict. ``entry`` is the casebook entry
    (``ties.<id>``, ``infrastructure.<id>.capacity``, ``claims.<id>``)."""

    entry: str | None
    text: str
    verdict: str
    measure: str | None
    claimed: str | None
    measured: str | None
    period: str | None
    basis: str | None
    reason: str
    sources: list[LedgerSource] = Field(default_factory=list)


class ClaimsChecked(_Model):
    """The "Claims checked" section: the verdict counts and one row per checked entry."""

    summary: dict[str, int]
    rows: list[LedgerRow]
    note: str


def _row(r: CheckResult) -> LedgerRow:
    if r.measured is None:
        measured = None
    elif isinstance(r.measured, str):
        measured = r.measured
    else:
        measured = f"{format_value(float(r.measured))} {r.unit or ''}".strip()
    return LedgerRow(
        entry=r.entry,
        text=r.text,
        verdict=r.verdict,
        measure=r.measure,
        claimed=r.claimed,
        measured=measured,
        period=r.period,
        basis=r.basis,
        reason=r.reason,
        sources=[
            LedgerSource(kind=s.kind, name=s.name, title=s.title, version=s.version, url=s.url)
            for s in r.sources
        ],
    )


def claims_section(case: Case, store: Store | None, current_year: int | None = None) -> ClaimsChecked:
    """The section for ``case``, checked against ``store`` (an open store, or None)."""
    results = ledger(case, store, current_year=current_year)
    order = {v: i for i, v in enumerate(VERDICTS)}
    rows = [_row(r) for r in sorted(results, key=lambda r: order.get(r.verdict, len(order)))]
    note = (
        "Every figure and claim of the casebook, checked against the imported data (a figure is never "
        "checked against its own source). Tolerances: an exact figure within 5%, 'about' within 5% or "
        "2 points, 'most' over 50%; see docs/claims.md."
    )
    if store is None:
        note += " No dataset imported: checks that need data are not checkable."
    return ClaimsChecked(summary=ledger_summary(results), rows=rows, note=note)


def _sources_md(row: LedgerRow) -> str:
    parts = []
    for s in row.sources:
        label = md_text(f"{s.title}" + (f", {s.version}" if s.version else ""))
        url = safe_url(s.url)
        parts.append(f"[{label}]({url})" if url else label)
    return "; ".join(parts)


def claims_markdown(section: ClaimsChecked | None) -> list[str]:
    """The section as Markdown lines (none when there is no section)."""
    if section is None:
        return []
    counts = ", ".join(f"{n} {v}" for v, n in section.summary.items())
    out = [
        '<a id="claims-checked"></a>',
        "",
        "## Claims checked",
        "",
        f"{md_text(section.note)} ({counts}.)",
        "",
    ]
    out.append("| Verdict | Figure or claim | Claimed | Measured | Period | Basis | Reason | Sources |")
    out.append("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in section.rows:
        cells = [
            f"**{md_text(r.verdict)}**",
            f"{md_text(r.text)} ({md_code(r.entry)})" if r.entry else md_text(r.text),
            md_text(r.claimed or ""),
            md_text(r.measured or ""),
            md_text(r.period or ""),
            md_text(r.basis or ""),
            md_text(r.reason),
            _sources_md(r),
        ]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    return out
