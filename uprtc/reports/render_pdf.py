"""The PDF: WeasyPrint lays out the web version (Pango shapes Arabic and
sets it right to left; fontconfig finds the Noto fonts)."""

from __future__ import annotations

import logging

from django.conf import settings

from uprtc.reports import render_html
from uprtc.reports.blocks import Report

# WeasyPrint logs every page at INFO: hundreds of lines per report
logging.getLogger("weasyprint").setLevel(logging.WARNING)


def render(report: Report) -> bytes:
    import weasyprint  # imported here: it loads Pango, which pages never need

    # WeasyPrint lays out a table row in about a millisecond: a year of
    # 50,000 activities would take minutes, so the PDF's annex is capped and
    # says where the complete list is.
    limit = getattr(settings, "REPORT_PDF_ANNEX_ROWS", 500)
    html = render_html.render(report, annex_limit=limit)
    return bytes(weasyprint.HTML(string=html).write_pdf())
