"""The report as a list of blocks, written once and rendered three times
(HTML, .docx, PDF via HTML), so the three carry the same sentences, numbers,
tables and images, numbered alike."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field

from django.utils import formats, translation
from django.utils.translation import gettext as _

from uprtc.reports.data import AnnexRow


@dataclass
class Heading:
    text: str
    numeral: str = ""
    kind: str = "heading"


@dataclass
class Para:
    number: int
    text: str
    kind: str = "para"


@dataclass
class Table:
    number: int
    caption: str
    columns: list[str]
    rows: list[list[str]]
    # columns holding numbers are aligned to the end of the line
    numeric: frozenset[int] = frozenset()
    kind: str = "table"

    @property
    def label(self) -> str:
        return _("Table %(number)s") % {"number": self.number}


@dataclass
class Figure:
    number: int
    caption: str
    png: bytes
    kind: str = "figure"

    @property
    def label(self) -> str:
        return _("Figure %(number)s") % {"number": self.number}

    @property
    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode()


@dataclass
class Report:
    lang: str
    rtl: bool
    symbol: str
    session: str
    date: str
    title: str
    blocks: list[Heading | Para | Table | Figure] = field(default_factory=list)
    annex_title: str = ""
    annex_columns: list[str] = field(default_factory=list)
    annex: list[AnnexRow] = field(default_factory=list)
    # how many annex rows the PDF shows (None: all of them), and the sentence
    # saying where the others are
    annex_note: str = ""

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def figures(self) -> list[Figure]:
        return [b for b in self.blocks if isinstance(b, Figure)]


def annex_columns() -> list[str]:
    """The headings of an annex's columns (one per field of ``AnnexRow``), in
    the language being rendered."""
    return [_("Activity"), _("States"), _("Organizations"), _("Dates"), _("Status")]


def number(value: int | float, decimals: int = 0) -> str:
    """No thousands separator: figures stay one token in every language."""
    return formats.number_format(value, decimals, use_l10n=True)


def percent(share: float) -> str:
    return _("%(number)s%%") % {"number": number(share * 100, 1)}


def date(value: dt.date | None) -> str:
    if value is None:
        return ""
    lang = translation.get_language() or "en"
    if lang.startswith("zh"):
        return formats.date_format(value, "DATE_FORMAT")
    return formats.date_format(value, "j F Y")


def dates(start: dt.date | None, end: dt.date | None) -> str:
    # ISO dates keep the annex narrow and unambiguous in all six languages
    first = start.isoformat() if start else ""
    last = end.isoformat() if end else ""
    return f"{first} – {last}" if first or last else ""


class Numbering:
    """Counters of paragraphs, tables and figures, in document order."""

    def __init__(self) -> None:
        self.para = self.table = self.figure = 0

    def next(self, what: str) -> int:
        setattr(self, what, getattr(self, what) + 1)
        return int(getattr(self, what))
