from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy

from uprtc.core import uploads


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("IATI activity file (XML)"))
    strict = forms.BooleanField(
        label=gettext_lazy("Strict: reject any activity with a schema error"),
        help_text=gettext_lazy(
            "Without it, an activity whose errors are only in parts uprtc does not "
            "read becomes a draft showing them, and a regional or global activity "
            "becomes a draft awaiting its concerned States."
        ),
        required=False,
    )

    def clean_file(self) -> UploadedFile:
        return uploads.for_form(self.cleaned_data["file"], uploads.check_xml)
