from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy

from uprtc.core import uploads


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("IATI activity file (XML)"))

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        try:
            uploads.check_xml(upload)
        except uploads.UploadRejected as exc:
            raise uploads.form_error(exc) from exc
        upload.seek(0)
        return upload
