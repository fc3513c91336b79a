"""A State's report section on technical cooperation and capacity-building
(res. 54/28, para 8): a draft the State's focal point downloads, in a UN
language, as a Word document to edit and a web page to read. Built from
``state_figures`` (published data only) like the annual update."""

from __future__ import annotations

import io
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone, translation
from docx import Document
from docx.shared import Cm

from uprtc.actors.models import User
from uprtc.countries.models import Country
from uprtc.reports import (
    render_docx,
    render_html,
    services,
    state_document,
    state_figures,
)
from uprtc.reports.blocks import Heading, Para, Report, Table
from uprtc.reports.services import language

FORMATS = ("html", "docx")


def formats(value: str | list[str]) -> list[str]:
    return services.formats(value, FORMATS)


def may_see(user: User, country: Country) -> bool:
    """Moderators, and the focal points of that State only."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_moderator:
        return True
    return user.focal_point_countries().filter(pk=country.pk).exists()


def render_html_file(report: Report) -> str:
    return render_to_string(
        "reports/state.html",
        {
            "report": report,
            "fonts": render_html.FONTS.get(report.lang, render_html.DEFAULT_FONTS),
            "annex_rows": render_html.annex_rows(report),
            "annex_note": "",
        },
    )


def _front(doc, report: Report) -> None:
    w = render_docx._write
    w(doc, report, report.symbol, bold=True, end=True)
    w(doc, report, report.session, bold=True)
    w(doc, report, report.date, end=True)
    render_docx._rtl(doc.add_heading(report.title, level=1), report)


def render_docx_file(report: Report) -> bytes:
    """The annual update's Word layout (styles, right to left, numbered
    paragraphs and tables, annex) under the section's own heading."""
    doc = Document()
    render_docx._styles(doc, report)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    if report.rtl:
        render_docx._put(section._sectPr, "w:bidi", render_docx.AFTER_SECT_BIDI)
    _front(doc, report)
    for block in report.blocks:
        if isinstance(block, Heading):
            heading = doc.add_heading(f"{block.numeral} {block.text}", level=2)
            render_docx._rtl(heading, report)
        elif isinstance(block, Para):
            render_docx._write(doc, report, f"{block.number}.\t{block.text}")
        elif isinstance(block, Table):
            render_docx._table(doc, report, block)
    render_docx._annex(doc, report)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


RENDERERS = {
    "html": lambda r: render_html_file(r).encode(),
    "docx": render_docx_file,
}


def file_name(iso3: str, cycle: int, lang: str, fmt: str) -> str:
    return f"{iso3}-upr-cycle-{cycle}-cooperation-{lang}.{fmt}"


def prepare(iso3: str, cycle: int, lang: str) -> tuple[Country, str]:
    """The State and the language, or a DomainError naming the argument."""
    lang = language(lang)
    country = state_figures.state(iso3)
    state_figures.check_cycle(country, cycle)
    return country, lang


def build_report(country: Country, cycle: int, lang: str) -> Report:
    with translation.override(lang):
        data = state_figures.gather(country, cycle)
        return state_document.build(data, timezone.localdate())


def render(report: Report, fmt: str) -> bytes:
    with translation.override(report.lang):
        return RENDERERS[fmt](report)


def build_state_report(
    iso3: str, cycle: int, lang: str, fmts: str | list[str], out_dir: Path
) -> dict[str, Path]:
    """Write the section in each format into ``out_dir`` (created if missing)
    and return the path of each file."""
    country, lang = prepare(iso3, cycle, lang)
    fmts = formats(fmts)
    report = build_report(country, cycle, lang)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for fmt in fmts:
        path = out_dir / file_name(country.iso3, cycle, lang, fmt)
        path.write_bytes(render(report, fmt))
        written[fmt] = path
    return written
