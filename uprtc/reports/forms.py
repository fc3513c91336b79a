from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

# Resolution 54/28 (para. 14) asks for the update every year "from its 56th
# session": the Council's June session of 2024. It holds three regular
# sessions a year, so the update is due at every third one.
FIRST_SESSION, FIRST_YEAR, SESSIONS_A_YEAR = 56, 2024, 3


def next_update(today: dt.date) -> tuple[int, dt.date, dt.date]:
    """The June session at which the next annual update is due, and the year
    it reports on (the calendar year before that session)."""
    year = today.year if today.month <= 6 else today.year + 1
    session = FIRST_SESSION + SESSIONS_A_YEAR * (year - FIRST_YEAR)
    return session, dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31)


class AnnualReportForm(forms.Form):
    session = forms.IntegerField(
        label=_("Session of the Council"), min_value=1, max_value=32767
    )
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The period ends after it starts."))
        return data
