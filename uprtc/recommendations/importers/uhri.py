"""The Universal Human Rights Index (UHRI) export, as JSON or XLSX.

The two forms differ: the JSON has keys such as ``UprRecommendingCountry``
with real lists; the XLSX has headers with OHCHR's misspellings
(``UPR Reccomending States``) and multi-valued cells written as ``- a\\n- b``.
Both become the same records. Only UPR recommendations are imported; the
export's treaty-body and special-procedure annotations are reported as skipped.
See ``tests/data/UHRI-FORMAT.md`` for the evidence on the format.
"""

from __future__ import annotations

import html
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from uprtc.core import uploads
from uprtc.recommendations.importers.base import (
    ImportFormatError,
    ParsedFile,
    ParsedRecommendation,
    decode_text,
    split_labels,
)
from uprtc.recommendations.models import Response, cycle_of_session

# canonical field → (JSON key, XLSX header); headers are compared case-insensitively
# and with "reccomending" read as "recommending", in case OHCHR fixes the spelling.
FIELDS = {
    "text": ("Text", "Text"),
    "countries": ("Countries", "Countries Concerned"),
    "body": ("Body", "Reccomending Body"),
    "symbol": ("Symbol", "Document Symbol"),
    "themes": ("Themes", "Themes"),
    "affected": ("AffectedPersons", "Affected Persons"),
    "sdgs": ("Sdgs", "Sdgs"),
    "recommending": ("UprRecommendingCountry", "UPR Reccomending States"),
    "positions": ("UprPositions", "UPR Position"),
    "annotation_id": ("AnnotationId", "OHCHR Annotation Id"),
    "session": ("UprSession", "UPR Session"),
    "cycle": ("UprCycle", "UPR Cycle"),
}
REQUIRED = ("text", "countries", "body", "annotation_id")
POSITIONS = {
    "supported": Response.SUPPORTED,
    "noted": Response.NOTED,
    "supported/noted": Response.PARTIAL,
}
PARAGRAPH = re.compile(r"^\s*(?P<para>\d+\.\d+)\s+")
NUMBER = re.compile(r"\d+")


def _header_key(name: str) -> str:
    return " ".join(name.lower().replace("reccomending", "recommending").split())


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [
            str(v).strip().removeprefix("- ").strip() for v in value if str(v).strip()
        ]
    # "- France\n- Timor-Leste": split on lines only, never on a bare dash
    return split_labels(str(value), separators="\n")


def _as_text(value: Any) -> str:
    items = _as_list(value)
    return items[0] if items else ""


def _json_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    text, _encoding = decode_text(path.read_bytes())
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(
            exc.msg, line=exc.lineno, column=str(exc.colno)
        ) from exc
    if isinstance(data, dict):  # tolerate {"items": [...]} wrappers
        data = next((v for v in data.values() if isinstance(v, list)), None)
    if not isinstance(data, list):
        raise ImportFormatError(_("expected a JSON array of records"), line=1)
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise ImportFormatError(_("record %(n)s is not an object") % {"n": number})
        yield number, {name: item.get(keys[0]) for name, keys in FIELDS.items()}


def _xlsx_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    import openpyxl  # lazily: only this importer needs it

    try:
        uploads.check_xlsx(path)  # before openpyxl expands anything
    except uploads.UploadRejected as exc:
        raise ImportFormatError(exc.message) from exc
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise ImportFormatError(
            _("not a readable XLSX file: %(e)s") % {"e": exc}
        ) from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_header_key(str(h or "")) for h in next(rows, [])]
    columns = {}
    for name, (_json_key, title) in FIELDS.items():
        if _header_key(title) in header:
            columns[name] = header.index(_header_key(title))
    missing = [FIELDS[n][1] for n in REQUIRED if n not in columns]
    if missing:
        raise ImportFormatError(
            _("missing column(s) %(cols)s") % {"cols": ", ".join(missing)}, line=1
        )
    for number, row in enumerate(rows, start=2):
        if not any(cell not in (None, "") for cell in row):
            continue
        yield (
            number,
            {name: row[i] if i < len(row) else None for name, i in columns.items()},
        )
    book.close()


def _record(
    number: int, row: dict[str, Any], result: ParsedFile
) -> ParsedRecommendation | None:
    body = _as_text(row["body"]).upper()
    if body != "UPR":
        result.skipped.append(
            _("record %(n)s: not a UPR recommendation (body %(body)s)")
            % {"n": number, "body": body or "?"}
        )
        return None
    countries = _as_list(row["countries"])
    text = html.unescape(str(row["text"] or "")).replace("\xa0", " ").strip()
    if not countries or not text:
        result.skipped.append(
            _("record %(n)s: no State under review or no text") % {"n": number}
        )
        return None
    if len(countries) > 1:
        result.warnings.append(
            _(
                "record %(n)s: several States under review (%(names)s); the "
                "first is used"
            )
            % {"n": number, "names": ", ".join(countries)}
        )
    positions = [p.lower() for p in _as_list(row["positions"])]
    response = POSITIONS.get(positions[0], "") if positions else ""
    session_match = NUMBER.search(_as_text(row.get("session")))
    session = int(session_match.group()) if session_match else None
    cycle_match = NUMBER.search(_as_text(row.get("cycle")))
    cycle = (
        int(cycle_match.group())
        if cycle_match
        else (cycle_of_session(session) if session else None)
    )
    para = PARAGRAPH.match(text)
    return ParsedRecommendation(
        line=number,
        state=countries[0],
        text=text[para.end() :] if para else text,
        recommending=_as_list(row["recommending"]),
        session=session,
        cycle=cycle,
        response=response,
        document_symbol=_as_text(row["symbol"]),
        paragraph=para.group("para") if para else "",
        theme_labels=_as_list(row["themes"]),
        affected_labels=_as_list(row["affected"]),
        sdg_labels=_as_list(row["sdgs"]),
        source_id=_as_text(row["annotation_id"]),
        source_labels={"uhri-position": positions}
        if positions and not response
        else {},
    )


def parse(path: Path) -> ParsedFile:
    rows = _xlsx_rows(path) if zipfile.is_zipfile(path) else _json_rows(path)
    result = ParsedFile(records=[], rows=0)
    for number, row in rows:
        result.rows += 1
        record = _record(number, row, result)
        if record is not None:
            if not record.source_id:
                raise ImportFormatError(
                    _("no annotation id"),
                    line=number,
                    column=FIELDS["annotation_id"][1],
                )
            if record.cycle is None:
                raise ImportFormatError(
                    _("no UPR session or cycle"),
                    line=number,
                    column=FIELDS["session"][1],
                )
            result.records.append(record)
    if not result.records:
        raise ImportFormatError(_("the file holds no UPR recommendations"))
    return result
