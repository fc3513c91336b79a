"""The Word version, block by block, with the images of the web version."""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from uprtc.reports.blocks import Figure, Heading, Para, Report, Table, dates

# Word picks the font by script: ascii/hAnsi for Latin and Cyrillic,
# eastAsia for Chinese, cs ("complex script") for Arabic.
FONTS = {
    "ascii": "Noto Serif",
    "hAnsi": "Noto Serif",
    "eastAsia": "Noto Serif CJK SC",
    "cs": "Noto Naskh Arabic",
}
LANG_TAGS = {"ar": "ar-SA", "zh-hans": "zh-CN", "en": "en-GB"}
# characters XML 1.0 forbids; imported titles sometimes carry them
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
ANNEX_WIDTHS = (3300, 1700, 2100, 1250, 900)  # twentieths of a point
# Word rejects elements out of schema order: each is put before the first
# of the elements that must follow it.
AFTER_BIDI = ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
              "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
              "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
              "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
              "w:pPrChange")  # fmt: skip
AFTER_RTL = ("w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
AFTER_SECT_BIDI = ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")
AFTER_TBL_BIDI = ("w:tblStyleRowBandSize", "w:tblStyleColBandSize", "w:tblW",
                  "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
                  "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                  "w:tblDescription", "w:tblPrChange")  # fmt: skip


def _put(parent, tag: str, successors: tuple[str, ...]):
    if parent.find(qn(tag)) is None:
        parent.insert_element_before(OxmlElement(tag), *successors)


def _fonts(rpr, report: Report) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr, name in FONTS.items():
        fonts.set(qn(f"w:{attr}"), name)
    _put(rpr, "w:lang", AFTER_LANG)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), LANG_TAGS.get(report.lang, report.lang))
    lang.set(qn("w:eastAsia"), LANG_TAGS["zh-hans"])
    lang.set(qn("w:bidi"), LANG_TAGS["ar"])


def _styles(doc: DocxDocument, report: Report) -> None:
    for name in ("Normal", "Heading 1", "Heading 2", "Title", "Caption"):
        style = doc.styles[name]
        _fonts(style.element.get_or_add_rPr(), report)
        if report.rtl:
            _put(style.element.get_or_add_pPr(), "w:bidi", AFTER_BIDI)
            _put(style.element.get_or_add_rPr(), "w:rtl", AFTER_RTL)
    doc.styles["Normal"].font.size = Pt(10)
    # a caption never ends a page: Word keeps it with the table or chart below
    doc.styles["Caption"].paragraph_format.keep_with_next = True
    annex = doc.styles.add_style("Annex", WD_STYLE_TYPE.PARAGRAPH)
    annex.base_style = doc.styles["Normal"]
    annex.font.size = Pt(7.5)
    annex.paragraph_format.space_after = Pt(0)


def _rtl(paragraph: Paragraph, report: Report) -> Paragraph:
    """Arabic paragraphs are right to left in their own properties too, so a
    paragraph pasted elsewhere keeps its direction."""
    if report.rtl:
        _put(paragraph._p.get_or_add_pPr(), "w:bidi", AFTER_BIDI)
        for run in paragraph.runs:
            _put(run._r.get_or_add_rPr(), "w:rtl", AFTER_RTL)
    return paragraph


def _write(doc: DocxDocument, report: Report, text: str, **kw) -> Paragraph:
    p = doc.add_paragraph(style=kw.get("style"))
    run = p.add_run(text)
    run.bold = kw.get("bold")
    if kw.get("end"):
        # "right" is the end of the line: Word mirrors it in a bidi paragraph
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return _rtl(p, report)


def _front(doc: DocxDocument, report: Report) -> None:
    _write(doc, report, report.symbol, bold=True, end=True)
    _write(doc, report, _("United Nations"), bold=True)
    _write(doc, report, _("General Assembly"), bold=True)
    _write(doc, report, f"{_('Distr.: General')} — {report.date}", end=True)
    _write(doc, report, _("Human Rights Council"), bold=True)
    _write(doc, report, report.session)
    _write(doc, report, _("Agenda item 10"))
    _write(doc, report, _("Technical assistance and capacity-building"), bold=True)
    _rtl(doc.add_heading(report.title, level=1), report)
    _write(
        doc,
        report,
        _(
            "Report of the Office of the United Nations High Commissioner for "
            "Human Rights"
        ),
        bold=True,
    )


def _table(doc: DocxDocument, report: Report, block: Table) -> None:
    _write(doc, report, f"{block.label}. {block.caption}", style="Caption")
    table = doc.add_table(rows=1, cols=len(block.columns), style="Table Grid")
    if report.rtl:
        _put(table._tbl.tblPr, "w:bidiVisual", AFTER_TBL_BIDI)
    for cell, text in zip(table.rows[0].cells, block.columns, strict=True):
        cell.text = text
        for p in cell.paragraphs:
            for run in _rtl(p, report).runs:
                run.bold = True
    for row in block.rows:
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, row, strict=True)):
            cell.text = CONTROL.sub(" ", text)
            p = _rtl(cell.paragraphs[0], report)
            if i in block.numeric:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _cell(text: str) -> str:
    return (
        '<w:tc><w:p><w:pPr><w:pStyle w:val="Annex"/></w:pPr><w:r>'
        f'<w:t xml:space="preserve">{escape(CONTROL.sub(" ", text))}</w:t>'
        "</w:r></w:p></w:tc>"
    )


def _annex(doc: DocxDocument, report: Report) -> None:
    """The annex table written as XML in one piece: python-docx adds rows one
    cell at a time, minutes for a year of 50,000 activities."""
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _rtl(doc.add_heading(_("Annex"), level=2), report)
    _rtl(doc.add_heading(report.annex_title, level=2), report)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in ANNEX_WIDTHS)
    head = "".join(_cell(c) for c in report.annex_columns)
    body = "".join(
        "<w:tr>"
        + _cell(r.title)
        + _cell(r.states)
        + _cell(r.organizations)
        + _cell(dates(r.start, r.end))
        + _cell(r.status)
        + "</w:tr>"
        for r in report.annex
    )
    bidi = "<w:bidiVisual/>" if report.rtl else ""
    xml = (
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        f'<w:tblStyle w:val="TableGrid"/>{bidi}<w:tblW w:w="0" w:type="auto"/>'
        f'<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
        f"<w:tr><w:trPr><w:tblHeader/></w:trPr>{head}</w:tr>{body}</w:tbl>"
    )
    doc.element.body.sectPr.addprevious(parse_xml(xml))


def render(report: Report) -> bytes:
    doc = Document()
    _styles(doc, report)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    if report.rtl:
        _put(section._sectPr, "w:bidi", AFTER_SECT_BIDI)
    _front(doc, report)
    for block in report.blocks:
        if isinstance(block, Heading):
            _rtl(doc.add_heading(f"{block.numeral} {block.text}", level=2), report)
        elif isinstance(block, Para):
            _write(doc, report, f"{block.number}.\t{block.text}")
        elif isinstance(block, Table):
            _table(doc, report, block)
        elif isinstance(block, Figure):
            _write(doc, report, f"{block.label}. {block.caption}", style="Caption")
            doc.add_picture(io.BytesIO(block.png), width=Cm(16))
            _rtl(doc.paragraphs[-1], report)
    _annex(doc, report)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
