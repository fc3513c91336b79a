from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from uprtc.core import uploads


class PlanUploadForm(forms.Form):
    file = forms.FileField(label=_("Implementation plan (CSV or XLSX)"))

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        try:
            uploads.check_table(upload)
        except uploads.UploadRejected as exc:
            raise uploads.form_error(exc) from exc
        upload.seek(0)
        return upload
