"""Reading a downloaded export back, as its users would."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import openpyxl


def body(response: Any) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def table(response: Any, fmt: str) -> tuple[list[str], list[dict[str, Any]]]:
    """(header, rows) of a CSV, XLSX or JSON download."""
    data = body(response)
    if fmt == "csv":
        assert data.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    elif fmt == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        rows = [
            ["" if v is None else v for v in row]
            for row in book.worksheets[0].iter_rows(values_only=True)
        ]
    else:
        items = json.loads(data)["items"]
        header = list(items[0]) if items else []
        return header, items
    header = [str(h) for h in rows[0]]
    return header, [dict(zip(header, row, strict=True)) for row in rows[1:]]
