"""The annual update as blocks, in the active language: every sentence is a
translatable string with the figures put in by name, never typed."""

from __future__ import annotations

import datetime as dt

from django.contrib.humanize.templatetags.humanize import ordinal
from django.utils import translation
from django.utils.translation import gettext as _

from uprtc.reports.blocks import Report, annex_columns, date
from uprtc.reports.data import AnnualFigures
from uprtc.reports.sections import SECTIONS
from uprtc.reports.writer import Writer


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
    report.annex_columns = annex_columns()
    report.annex = figures.annex
    return report
