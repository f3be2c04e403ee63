"""The report: one country's assessment -> an offline HTML page, Markdown or JSON.

::

    from multivector.report import build_report_data, write_report
    write_report("KAZ", "kazakhstan.html")              # any country; format from the extension
    data = build_report_data("UZB", store=...)          # every figure, with its sources
    data.summary[0].balance.text, data.summary[0].balance.citations[0].url

Assembly (:mod:`.assemble`: the assessment, its movement and, for a country with a casebook, the case's
entries -> :class:`ReportData`) is kept apart from rendering (:mod:`.render`, :mod:`.html`,
:mod:`.markdown`). The JSON layout is documented in ``docs/report.md``.
"""

from __future__ import annotations

from multivector.citations import Citation
from multivector.report.assemble import build_report_data, resolve_target
from multivector.report.model import Figure, ReportData
from multivector.report.render import FORMATS, render, report_json, write_report

__all__ = [
    "FORMATS",
    "Citation",
    "Figure",
    "ReportData",
    "build_report_data",
    "render",
    "report_json",
    "resolve_target",
    "write_report",
]
