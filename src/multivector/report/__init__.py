"""The "Between Giants" report: one case -> one offline HTML page, Markdown or JSON.

::

    from multivector.report import build_report_data, write_report
    write_report("KAZ", "kazakhstan.html")                 # the built-in case, format from the extension
    data = build_report_data("kazakhstan")                 # every figure, with its sources
    data.summary[0].balance.text, data.summary[0].balance.citations[0].url

:func:`build_report_data` computes a :class:`ReportData` (the single source of truth: every figure shown,
each with its source ids and resolved citations); :func:`render_html`, :func:`render_markdown` and
:func:`report_json` render it; :func:`write_report` does both steps and writes the file. The JSON layout
is documented in ``docs/report.md``.
"""

from __future__ import annotations

from multivector.report.build import build_report_data, report_json, resolve_case, write_report
from multivector.report.html import render_html
from multivector.report.markdown import render_markdown
from multivector.report.model import Citation, Figure, ReportData

__all__ = [
    "Citation",
    "Figure",
    "ReportData",
    "build_report_data",
    "render_html",
    "render_markdown",
    "report_json",
    "resolve_case",
    "write_report",
]
