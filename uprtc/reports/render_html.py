"""The web version: one self-contained HTML file (images inline), which is
also what WeasyPrint lays out as the PDF."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from uprtc.reports.blocks import Report, dates

FONTS = {
    # Noto covers the six languages (Debian: fonts-noto-core, fonts-noto-cjk);
    # the language's own script comes first so its punctuation matches.
    "ar": '"Noto Naskh Arabic", "Noto Serif", "Noto Serif CJK SC", serif',
    "zh-hans": '"Noto Serif CJK SC", "Noto Sans CJK SC", "Noto Serif", serif',
}
DEFAULT_FONTS = '"Noto Serif", "Noto Naskh Arabic", "Noto Serif CJK SC", serif'


def annex_rows(report: Report, limit: int | None = None) -> SafeString:
    """The annex body, built as one string: tens of thousands of rows through
    the template engine would take longer than the rest of the report."""
    rows = report.annex if limit is None else report.annex[:limit]
    out = [
        f"<tr><td>{escape(r.title)}</td><td>{escape(r.states)}</td>"
        f"<td>{escape(r.organizations)}</td>"
        f'<td class="nowrap">{escape(dates(r.start, r.end))}</td>'
        f"<td>{escape(r.status)}</td></tr>"
        for r in rows
    ]
    return mark_safe("\n".join(out))  # noqa: S308 — every value escaped above


def render(report: Report, *, annex_limit: int | None = None) -> str:
    """``annex_limit`` shortens the annex (the PDF's), saying so in the file."""
    note = ""
    if annex_limit is not None and len(report.annex) > annex_limit:
        note = _(
            "This version lists the first %(shown)s of the %(total)s activities; "
            "the Word and web versions of this report list all of them."
        ) % {"shown": annex_limit, "total": len(report.annex)}
    return render_to_string(
        "reports/annual.html",
        {
            "report": report,
            "fonts": FONTS.get(report.lang, DEFAULT_FONTS),
            "annex_rows": annex_rows(report, annex_limit),
            "annex_note": note,
        },
    )
