"""Appending numbered paragraphs, tables and figures to a report: shared by
the annual update (``document.py``, ``sections.py``) and the State's section
(``state_document.py``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from uprtc.reports import charts
from uprtc.reports.blocks import Figure, Heading, Numbering, Para, Report, Table, number
from uprtc.reports.data import Row


class Writer:
    """Appends numbered blocks to a report."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.count = Numbering()
        self.lang = report.lang

    def heading(self, numeral: str, text: str) -> None:
        self.report.blocks.append(Heading(text, numeral))

    def para(self, text: str) -> None:
        self.report.blocks.append(Para(self.count.next("para"), text))

    def table(
        self, caption: str, columns: list[str], rows: list[list[str]], numeric=()
    ) -> int:
        n = self.count.next("table")
        self.report.blocks.append(Table(n, caption, columns, rows, frozenset(numeric)))
        return n

    def counts(self, caption: str, what: str, rows: list[Row], total: int = 0) -> int:
        body = [[r.label, number(r.count)] for r in rows]
        if total:
            body.append([_("Total"), number(total)])
        return self.table(caption, [what, _("Number")], body, numeric={1})

    def figure(self, caption: str, rows: list[Row], limit: int = 12) -> int:
        shown = [(r.label, r.count) for r in rows[:limit] if r.count]
        n = self.count.next("figure")
        png = charts.bar_chart(shown or [("—", 0)], self.lang, xlabel=_("Activities"))
        self.report.blocks.append(Figure(n, caption, png))
        return n
