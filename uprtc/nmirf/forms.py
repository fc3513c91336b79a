from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from uprtc.core import uploads


class PlanUploadForm(forms.Form):
    file = forms.FileField(label=_("Implementation plan (CSV or XLSX)"))

    def clean_file(self) -> UploadedFile:
        return uploads.table_for_form(self.cleaned_data["file"])
