"""The annual update as blocks, in the active language: every sentence is a
translatable string with the figures put in by name, never typed."""

from __future__ import annotations

import datetime as dt

from django.contrib.humanize.templatetags.humanize import ordinal
from django.utils import translation
from django.utils.translation import gettext as _

from uprtc.reports import charts
from uprtc.reports.blocks import (
    Figure,
    Heading,
    Numbering,
    Para,
    Report,
    Table,
    date,
    number,
)
from uprtc.reports.figures import AnnualFigures, Row
from uprtc.reports.sections import SECTIONS


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


def build(session: int, figures: AnnualFigures, today: dt.date) -> Report:
    """The report for ``session`` in the active language."""
    lang = translation.get_language() or "en"
    report = Report(
        lang=lang,
        rtl=translation.get_language_bidi(),
        symbol=_("A/HRC/%(session)s/xx") % {"session": session},
        session=_("%(ordinal)s session") % {"ordinal": ordinal(session)},
        date=date(today),
        title=_(
            "Repository of technical cooperation and capacity-building activities "
            "for the implementation of recommendations of the universal periodic "
            "review: annual update"
        ),
    )
    w = Writer(report)
    for section in SECTIONS:
        section(w, figures)
    report.annex_title = _("Activities published or updated during the period")
    report.annex_columns = [
        _("Activity"),
        _("States"),
        _("Organizations"),
        _("Dates"),
        _("Status"),
    ]
    report.annex = figures.annex
    return report
