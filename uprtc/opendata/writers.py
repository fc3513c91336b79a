"""Writing a table of rows as CSV, JSON or XLSX, streamed.

CSV is UTF-8 *with* a byte order mark and comma-separated: Excel, which most
readers of these files open them with, only reads UTF-8 correctly when the
mark is there, and every CSV library skips it. JSON is an object whose
``items`` array is written one row at a time. XLSX comes from openpyxl's
write-only workbook, saved to a temporary file that is then streamed."""

from __future__ import annotations

import csv
import datetime as dt
import json
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from uprtc.opendata.columns import Column, flat, text

LICENCE = "CC-BY-4.0"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"
# Spreadsheet programs run a cell that starts with these as a formula (the
# OWASP "CSV injection" list); a leading apostrophe keeps it text. The NMIRF
# import strips it again.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like object whose write returns the line, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_cell(value: Any) -> str:
    """One CSV cell, text that could start a formula prefixed with ``'``.

    Only text is protected: a number (``-12.50``, a negative budget) is
    written as is, so that spreadsheets still read it as a number, and no
    number can hold a formula. Text is protected whatever its column, since a
    "-" list item or "-1+2" typed in a text field runs as well as "=1+2"."""
    value = flat(value)
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_START) else value
    return text(value)


def csv_lines(columns: list[Column], rows: Iterable[Any]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow([c.name for c in columns])
    for row in rows:
        yield writer.writerow([csv_cell(c.getter(row)) for c in columns])


def json_chunks(
    columns: list[Column], rows: Iterable[Any], meta: dict[str, Any]
) -> Iterator[str]:
    head = json.dumps(meta, cls=DjangoJSONEncoder, ensure_ascii=False)
    yield head[:-1] + ', "items": ['
    for number, row in enumerate(rows):
        item = {c.name: c.getter(row) for c in columns}
        yield (
            ("," if number else "")
            + "\n"
            + json.dumps(item, cls=DjangoJSONEncoder, ensure_ascii=False)
        )
    yield "\n]}\n"


def xlsx_file(title: str, columns: list[Column], rows: Iterable[Any]) -> Any:
    """A temporary file (deleted when closed) holding the workbook."""
    # imported here: openpyxl is slow to import (see activities.bulk.read_table)
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append([c.name for c in columns])
    for row in rows:
        cells = []
        for column in columns:
            value = flat(column.getter(row))
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
                # openpyxl takes a string starting with "=" for a formula
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    # FileResponse closes it, which deletes it
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    book.save(out)
    out.seek(0)
    return out


def filename(stem: str, fmt: str) -> str:
    return f"uprtc-{stem}-{dt.date.today().isoformat()}.{fmt}"


def respond(
    stem: str, fmt: str, columns: list[Column], rows: Iterable[Any]
) -> StreamingHttpResponse:
    name = filename(stem, fmt)
    if fmt == "xlsx":
        return FileResponse(
            xlsx_file(stem, columns, rows),
            as_attachment=True,
            filename=name,
            content_type=XLSX,
        )
    if fmt == "json":
        meta = {
            "dataset": stem,
            "licence": LICENCE,
            "generated_at": timezone.now().replace(microsecond=0),
        }
        response = StreamingHttpResponse(
            json_chunks(columns, rows, meta),
            content_type="application/json; charset=utf-8",
        )
    else:
        response = StreamingHttpResponse(
            csv_lines(columns, rows), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
