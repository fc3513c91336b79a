"""Reading a labelled CSV or XLSX (encoding, line ends and delimiter detected)."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from uprtc.core import uploads
from uprtc.recommendations.importers.base import ImportFormatError, decode_text


def read_labelled(
    path: Path, text_column: str, labels_column: str, separator: str = ","
) -> tuple[list[str], list[list[str]]]:
    """(texts, label lists) in file order; rows repeating a text are merged."""
    if zipfile.is_zipfile(path):
        # openpyxl takes about a second to import: only for a spreadsheet
        import openpyxl

        try:
            uploads.check_xlsx(path)  # before openpyxl expands anything
        except uploads.UploadRejected as exc:
            raise ImportFormatError(exc.message) from exc

        sheet = openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets[
            0
        ]
        values = [
            ["" if c is None else str(c) for c in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    else:
        text, _encoding = decode_text(path.read_bytes())
        values = list(
            csv.reader(io.StringIO(text, newline=""), delimiter=header_delimiter(text))
        )
    if not values:
        raise ImportFormatError("the file is empty", line=1)
    header = [h.strip() for h in values[0]]
    for column in (text_column, labels_column):
        if column not in header:
            raise ImportFormatError(
                f"no column {column!r}; found {', '.join(header)}", line=1
            )
    t, lab = header.index(text_column), header.index(labels_column)
    merged: dict[str, set[str]] = {}
    for row in values[1:]:
        if len(row) <= max(t, lab) or not row[t].strip():
            continue
        labels = {
            x.strip()
            for x in row[lab].replace("\n", separator).split(separator)
            if x.strip()
        }
        merged.setdefault(row[t].strip(), set()).update(labels)
    texts = [text for text, labels in merged.items() if labels]
    return texts, [sorted(merged[text]) for text in texts]


def header_delimiter(text: str) -> str:
    """The delimiter of the header row: texts hold commas, headers rarely do."""
    first = text.splitlines()[0] if text else ""
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","
