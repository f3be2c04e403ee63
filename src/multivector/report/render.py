"""Rendering: :class:`~multivector.report.model.ReportData` -> an HTML page, a Markdown file or JSON.

:func:`write_report` assembles the report (:func:`multivector.report.build_report_data`) unless it is given
one, and writes it in the format its file's extension names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

from multivector.casebook.schema import Case
from multivector.errors import InputError
from multivector.report.model import ReportData
from multivector.store.db import Store

__all__ = ["FORMATS", "Format", "render", "report_json", "write_report"]

Format = Literal["html", "md", "json"]
#: Output formats and the file extensions that select them.
FORMATS: dict[str, Format] = {
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
}


def report_json(data: ReportData, indent: int | None = 2) -> str:
    """The report as JSON: every figure with its source ids and resolved citations, and the assessment
    document (``assessment``); the layout is documented in ``docs/report.md``."""
    return data.model_dump_json(indent=indent) + "\n"


def render(data: ReportData, fmt: Format) -> str:
    """The report as text in ``fmt``."""
    if fmt == "html":
        from multivector.report.html import render_html

        return render_html(data)
    if fmt == "md":
        from multivector.report.markdown import render_markdown

        return render_markdown(data)
    if fmt == "json":
        return report_json(data)
    raise InputError(f"unknown report format {fmt!r}: use html, md or json")


def write_report(
    target: Case | ReportData | str | Path,
    path: str | Path,
    format: Format | None = None,
    *,
    year: int | None = None,
    casebook: str | Path | None = None,
    weights: Mapping[str, float] | None = None,
    store: Store | str | Path | None = None,
    scenarios: Sequence[str] | None = None,
) -> Path:
    """Write the report on ``target`` (a country, a built-in case, a case file, or assembled
    :class:`ReportData`) to ``path`` and return the path. ``format`` follows the extension of ``path`` by
    default (``.html``/``.htm``, ``.md``/``.markdown``, ``.json``)."""
    from multivector.report.assemble import build_report_data

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
        target
        if isinstance(target, ReportData)
        else build_report_data(
            target, year=year, casebook=casebook, weights=weights, store=store, scenarios=scenarios
        )
    )
    text = render(data, fmt)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write the report to {out}: {exc.strerror or exc}") from None
    return out
