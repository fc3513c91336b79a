from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _


class ImportFormatError(Exception):
    """The file cannot be read as a whole. Nothing was imported."""

    def __init__(
        self, message: str, *, line: int | None = None, column: str | None = None
    ) -> None:
        self.message, self.line, self.column = message, line, column
        where = []
        if line is not None:
            where.append(_("line %(line)s") % {"line": line})
        if column:
            where.append(_("column %(column)s") % {"column": column})
        self.text = (", ".join(where) + ": " if where else "") + message
        super().__init__(self.text)


@dataclass
class ImportCounts:
    """What an import did with the rows it read (``skipped``: why each row
    that was left out was)."""

    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": len(self.skipped),
        }


@dataclass
class ParsedRecommendation:
    line: int  # where the record starts in the file (row number for tables)
    state: str
    text: str
    recommending: list[str] = field(default_factory=list)
    session: int | None = None
    cycle: int | None = None
    response: str = ""  # a Response value or ""
    document_symbol: str = ""
    paragraph: str = ""
    response_source: str = ""
    action_category: int | None = None
    theme_labels: list[str] = field(default_factory=list)
    theme_generation: str = "current"  # "current", "2019" or "2014"
    affected_labels: list[str] = field(default_factory=list)
    sdg_labels: list[str] = field(default_factory=list)
    source_labels: dict[str, list[str]] = field(default_factory=dict)
    source_id: str = ""
    language: str = "en"


@dataclass
class ParsedFile:
    """What a parser read: the records, the number of rows or records in the
    file, and notes on rows left out or read with a caveat."""

    records: list[ParsedRecommendation]
    rows: int
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# Characters that real Latin-script text contains; used to choose between
# single-byte encodings that both decode any byte.
_PUNCTUATION_OK = set("’‘“”–—…«»°€·")


def _plausibility(text: str) -> int:
    score = 0
    for i, ch in enumerate(text):
        if ord(ch) < 128:
            continue
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if ch in _PUNCTUATION_OK:
            score += 1
        elif ch.isalpha():
            between_lower = prev.islower() or nxt.islower()
            score += 2 if (ch.islower() or not between_lower) else -2
        elif unicodedata.category(ch).startswith("C") or ch == "\ufffd":
            score -= 5
        else:
            score -= 1
    return score


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text file whose encoding nobody told us. Returns (text, encoding).

    UTF-8 (with or without BOM) and UTF-16 with BOM are recognised for sure;
    otherwise the single-byte encoding (Windows-1252 or Mac Roman, the ones
    spreadsheet exports use) whose letters look most like real words wins."""
    if data.startswith(b"PK\x03\x04"):
        raise ImportFormatError(
            _("this is a ZIP container (XLSX or DOCX?), not a text file"), line=1
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise ImportFormatError(
            _(
                "the file is not text (binary data, or UTF-16 without a "
                "byte order mark)"
            ),
            line=1,
        )
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for encoding in ("cp1252", "mac_roman"):
        text = data.decode(encoding, errors="replace")
        candidates.append((_plausibility(text), encoding, text))
    candidates.sort(key=lambda c: c[0], reverse=True)
    _score, encoding, text = candidates[0]
    return text, encoding


def read_text(path: Path) -> tuple[str, str]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFormatError(str(exc)) from exc
    if not data.strip():
        raise ImportFormatError(_("the file is empty"), line=1)
    return decode_text(data)


def split_labels(value: str, separators: str = "\n;|") -> list[str]:
    """Split a multi-valued cell; leading list dashes and blanks are dropped."""
    items = [value]
    for sep in separators:
        items = [part for item in items for part in item.split(sep)]
    return [
        i.strip().lstrip("-•").strip() for i in items if i.strip().lstrip("-•").strip()
    ]
