"""The command writes the three files; the .docx reads back with its
headings, numbered tables and charts; the PDF's text carries the headline
figures in each of the six languages; Arabic is right to left."""

import re
import subprocess

import pytest
from django.core.management import call_command
from docx import Document

from uprtc.reports.tests.conftest import END, START

pytestmark = pytest.mark.django_db
ARGS = ["--session", "61", "--from", START.isoformat(), "--to", END.isoformat()]


def build(tmp_path, lang, fmt="docx,pdf,html"):
    call_command("report", "annual", *ARGS, "--lang", lang, "--format", fmt,
                 "--out", str(tmp_path / lang))  # fmt: skip
    return {p.suffix[1:]: p for p in (tmp_path / lang).iterdir()}


def test_the_command_writes_the_three_files(world, tmp_path, capsys):
    files = build(tmp_path, "en")
    assert sorted(files) == ["docx", "html", "pdf"]
    printed = capsys.readouterr().out.split()
    assert sorted(printed) == sorted(str(p) for p in files.values())
    html = files["html"].read_text()
    assert "A/HRC/61/xx" in html and "Agenda item 10" in html
    assert 'dir="ltr"' in html


def test_the_docx_has_headings_numbered_tables_and_figures(world, tmp_path):
    doc = Document(build(tmp_path, "en", "docx")["docx"])
    text = [p.text for p in doc.paragraphs]
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    for h in ["I. Introduction", "IV. Coverage of accepted recommendations", "Annex"]:
        assert h in headings
    tables = [t for t in text if re.match(r"Table \d+\. ", t)]
    figures = [t for t in text if re.match(r"Figure \d+\. ", t)]
    # numbered in order, one Word table per numbered table, plus the annex
    assert [t.split(".")[0] for t in tables] == [
        f"Table {n}" for n in range(1, len(tables) + 1)
    ]
    assert len(doc.tables) == len(tables) + 1
    assert len(doc.inline_shapes) == len(figures) == 5
    assert len(doc.tables[-1].rows) == 1 + 4  # header + the period's activities
    assert any(t.startswith("1.\tThe present report") for t in text)


def test_the_arabic_docx_is_right_to_left(world, tmp_path):
    doc = Document(build(tmp_path, "ar", "docx")["docx"])
    body = [p for p in doc.paragraphs if p.text]
    assert all(p._p.pPr is not None and p._p.pPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bidi")
        is not None for p in body)  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar", "zh", "ru"])
def test_the_pdf_carries_the_headline_figures_in_each_language(world, tmp_path, lang):
    files = build(tmp_path, lang, "pdf,html")
    text = subprocess.run(
        ["pdftotext", "-layout", str(files["pdf"]), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    html = files["html"].read_text()
    assert "A/HRC/61/xx" in text
    # Table 1, headline figures: published at the end, new, updated, States
    numbers = re.findall(r"<td class=\"n\">(\d+)</td>", html)[:4]
    assert numbers == ["4", "3", "1", "2"]
    for n in numbers:
        assert re.search(rf"(?<!\d){n}(?!\d)", text)
    assert "Prison monitoring handbook, 2nd edition" in text.replace("\n", " ") or (
        lang == "ar"  # pdftotext gives Latin words of RTL lines in visual order
    )
    if lang == "ar":
        assert 'dir="rtl"' in html and "Noto Naskh Arabic" in html
    if lang == "zh":
        assert 'lang="zh-hans"' in html and "Noto Serif CJK SC" in html
        fonts = subprocess.run(["pdffonts", str(files["pdf"])], capture_output=True,
                               text=True, check=True).stdout  # fmt: skip
        assert "CJK" in fonts


def test_a_caption_never_ends_a_page(world, tmp_path):
    files = build(tmp_path, "en")
    html = files["html"].read_text()
    # the caption and its table break together in the PDF (WeasyPrint puts a
    # caption outside the table box that break-inside protects)
    tables = html.count("<caption>")
    assert tables and html.count('<div class="table-block"><table') == tables
    assert ".table-block { break-inside: avoid; }" in html
    doc = Document(files["docx"])
    captions = [p for p in doc.paragraphs if re.match(r"(Table|Figure) \d+\. ", p.text)]
    assert captions and all(p.style.paragraph_format.keep_with_next for p in captions)
    pages = subprocess.run(
        ["pdftotext", "-layout", str(files["pdf"]), "-"],
        capture_output=True, text=True, check=True,
    ).stdout.split("\f")  # fmt: skip
    for page in pages:
        lines = [x.strip() for x in page.splitlines() if x.strip()]
        body = [x for x in lines if not x.isdigit()]  # the page number
        assert not body or not re.match(r"(Table|Figure) \d+\. ", body[-1]), body[-3:]
