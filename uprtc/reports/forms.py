from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


def last_year() -> tuple[dt.date, dt.date]:
    year = dt.date.today().year - 1
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


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
