"""OHCHR's "thematic list of recommendations" (Word): one table of four columns
(recommendation, position, full list of themes, assessment) under "Theme: …"
heading rows, with the State, cycle and session in the page header."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from django.utils.translation import gettext as _

from uprtc.core import uploads
from uprtc.recommendations.importers.base import (
    ImportFormatError,
    ParsedFile,
    ParsedRecommendation,
    split_labels,
)
from uprtc.recommendations.models import Response

HEADER = re.compile(
    r"UPR of (?P<state>.+?)\s*\((?P<cycle>\d+)\w*\s+Cycle\s*[-–—]\s*"
    r"(?P<session>\d+)\w*\s+Session\)",
    re.IGNORECASE,
)
PARAGRAPH = re.compile(r"^\s*(?P<para>\d+\.\d+)\s+")
SOURCE = re.compile(
    r"Source of position\s*:\s*(?P<src>.+)$", re.IGNORECASE | re.MULTILINE
)
POSITIONS = {"supported": Response.SUPPORTED, "noted": Response.NOTED}
CODED_THEME = re.compile(r"^[A-Z]\d{1,2}\s")


def _trailing_groups(sentence: str) -> list[str]:
    """Names in the parentheses that end a recommendation: "(France) (Spain, Peru)."."""
    s = sentence.rstrip().rstrip(";.").rstrip()
    names: list[str] = []
    while s.endswith(")"):
        depth, i = 0, len(s) - 1
        while i >= 0:
            depth += {")": 1, "(": -1}.get(s[i], 0)
            if depth == 0:
                break
            i -= 1
        if i < 0:
            break
        inner, s = s[i + 1 : -1], s[:i].rstrip()
        parts, depth, current = [], 0, ""
        for ch in inner:
            depth += {"(": 1, ")": -1}.get(ch, 0)
            if ch == "," and depth == 0:
                parts.append(current)
                current = ""
            else:
                current += ch
        parts.append(current)
        # "(No. 29)" after a convention's name is not a State
        names[:0] = [p.strip() for p in parts if p.strip() and not re.search(r"\d", p)]
    return names


def _themes_cell(cell: str) -> tuple[list[str], list[str], list[str]]:
    themes: list[str] = []
    affected: list[str] = []
    sdgs: list[str] = []
    target = themes
    for raw in cell.splitlines():
        line = raw.strip()
        low = line.lower().rstrip(":").strip()
        if low in ("affected persons", "groups of persons"):
            target = affected
        elif low in ("sdgs", "sdg"):
            target = sdgs
        elif line:
            target.extend(split_labels(line, separators="\n"))
    return themes, affected, sdgs


def _header_text(document: object) -> str:
    texts = []
    for section in document.sections:  # type: ignore[attr-defined]
        for part in (section.header, section.first_page_header):
            texts.extend(p.text for p in part.paragraphs)
    texts.extend(p.text for p in document.paragraphs[:10])  # type: ignore[attr-defined]
    return "\n".join(texts)


def parse(path: Path) -> ParsedFile:
    import docx  # lazily: only this importer needs python-docx

    if not zipfile.is_zipfile(path):
        raise ImportFormatError(_("not a Word .docx file (it is not a ZIP container)"))
    try:
        uploads.check_docx(path)  # before python-docx expands anything
    except uploads.UploadRejected as exc:
        raise ImportFormatError(exc.message) from exc
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds for broken packages
        raise ImportFormatError(
            _("not a readable .docx file: %(e)s") % {"e": exc}
        ) from exc
    header = HEADER.search(_header_text(document))
    if header is None:
        raise ImportFormatError(
            _(
                "no page header of the form "
                "'UPR of <State> (<n>th Cycle – <n>th Session)'"
            )
        )
    table = next(
        (
            t
            for t in document.tables
            if len(t.columns) >= 3
            and t.rows
            and t.rows[0].cells[0].text.strip().lower().startswith("recommendation")
        ),
        None,
    )
    if table is None:
        raise ImportFormatError(
            _(
                "no table of recommendations (a table whose first column is headed "
                "'Recommendation')"
            )
        )
    records: list[ParsedRecommendation] = []
    for number, row in enumerate(table.rows[1:], start=2):
        cells = [c.text for c in row.cells]
        first = cells[0].strip()
        if not first or first.lower().startswith("theme:"):
            continue
        para = PARAGRAPH.match(first)
        if para is None:
            raise ImportFormatError(
                _(
                    "the recommendation does not start with its paragraph number "
                    "(e.g. '115.1')"
                ),
                line=number,
                column=_("Recommendation"),
            )
        source = SOURCE.search(first)
        body = SOURCE.sub("", first[para.end() :]).strip()
        position = cells[1].strip().lower() if len(cells) > 1 else ""
        if position not in POSITIONS:
            raise ImportFormatError(
                _("unknown position %(value)r (Supported or Noted)")
                % {"value": cells[1]},
                line=number,
                column=_("Position"),
            )
        themes, affected, sdgs = _themes_cell(cells[2] if len(cells) > 2 else "")
        response_source = source.group("src").strip() if source else ""
        records.append(
            ParsedRecommendation(
                line=number,
                state=header.group("state").strip(),
                text=body,
                recommending=_trailing_groups(body),
                session=int(header.group("session")),
                cycle=int(header.group("cycle")),
                response=POSITIONS[position],
                document_symbol=re.sub(
                    r"/Add\.\d+.*$", "", response_source.split(" ")[0]
                ),
                paragraph=para.group("para"),
                response_source=response_source,
                theme_labels=themes,
                theme_generation="2014"
                if any(CODED_THEME.match(t) for t in themes)
                else "current",
                affected_labels=affected,
                sdg_labels=sdgs,
            )
        )
    if not records:
        raise ImportFormatError(_("the table holds no recommendations"))
    return ParsedFile(records=records, rows=len(records))
