"""Bulk upload of activities from a CSV or XLSX file (template downloadable).

Every row is validated on its own: valid rows become drafts of the uploading
organization, invalid ones are reported with their row and column, and nothing
is dropped silently. The template's columns are the API's field names."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from uprtc.activities import services
from uprtc.activities.choices import Provenance
from uprtc.activities.inputs import activity_data
from uprtc.actors.models import Organization, User
from uprtc.core import uploads
from uprtc.core.errors import DomainError
from uprtc.recommendations.importers.base import ImportFormatError, decode_text

COLUMNS = [
    "title",
    "description",
    "concerned_states",
    "language",
    "modality",
    "cooperation_type",
    "implementation_status",
    "start_date",
    "end_date",
    "budget",
    "currency",
    "funding_source",
    "results",
    "lessons",
    "good_practice",
    "links",
    "languages",
    "recommendations",
    "themes",
    "sdg_targets",
    "confidential",
    "contact_name",
    "contact_email",
]
LISTS = {
    "concerned_states",
    "links",
    "languages",
    "recommendations",
    "themes",
    "sdg_targets",
}
DATES = {"start_date", "end_date"}
BOOLEANS = {"good_practice", "confidential"}
EXAMPLE = {
    "title": "Training of judges on the Istanbul Protocol",
    "description": "Three regional workshops for judges and prosecutors.",
    "concerned_states": "SVN",
    "language": "en",
    "modality": "training",
    "cooperation_type": "bilateral",
    "implementation_status": "implementation",
    "start_date": "2026-01-15",
    "end_date": "2026-12-31",
    "budget": "45000",
    "currency": "EUR",
    "funding_source": "bilateral",
    "good_practice": "no",
    "languages": "en; sl",
    "themes": "administration-of-justice-and-fair-trial",
    "sdg_targets": "16.3",
    "confidential": "no",
}


@dataclass
class UploadReport:
    rows: int = 0
    created: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class UploadForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=gettext_lazy("Submitting organization"),
        queryset=Organization.objects.none(),
    )
    file = forms.FileField(label=gettext_lazy("CSV or XLSX file"))

    def __init__(self, *args: Any, orgs: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            pk__in=[o.pk for o in orgs]
        )
        if len(orgs) == 1:
            self.fields["organization"].initial = orgs[0].pk

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        try:
            uploads.check_table(upload)
        except uploads.UploadRejected as exc:
            raise uploads.form_error(exc) from exc
        upload.seek(0)
        return upload


def read_table(data: bytes, is_xlsx: bool) -> list[list[Any]]:
    """The first sheet of an XLSX file, or a CSV file whose encoding and
    delimiter (comma, semicolon or tab) are detected, as rows of cells.
    Shared with the other spreadsheet imports (e.g. NMIRF plans)."""
    if is_xlsx:
        import openpyxl

        try:
            # measured before openpyxl expands anything: zip bombs stop here
            uploads.check_xlsx(data)
        except uploads.UploadRejected as exc:
            raise ImportFormatError(exc.message) from exc
        try:
            book = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=True
            )
        except Exception as exc:  # openpyxl raises many kinds for broken files
            raise ImportFormatError(
                _("not a readable XLSX file: %(e)s") % {"e": exc}
            ) from exc
        return [
            ["" if c is None else c for c in row]
            for row in book.worksheets[0].iter_rows(values_only=True)
        ]
    text, _encoding = decode_text(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    return list(csv.reader(io.StringIO(text, newline=""), dialect))


def _rows(data: bytes, is_xlsx: bool) -> list[tuple[int, dict[str, str]]]:
    values = read_table(data, is_xlsx)
    if not values:
        raise ImportFormatError(_("the file is empty"), line=1)
    header = [str(h).strip().lower() for h in values[0]]
    missing = [
        c for c in ("title", "description", "concerned_states") if c not in header
    ]
    if missing:
        raise ImportFormatError(
            _("missing column(s) %(cols)s") % {"cols": ", ".join(missing)}, line=1
        )
    return [
        (
            number,
            {
                h: cell_text(v)
                for h, v in zip(header, row, strict=False)
                if h in COLUMNS
            },
        )
        for number, row in enumerate(values[1:], start=2)
        if any(str(v).strip() for v in row)
    ]


def cell_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _raw(row: dict[str, str]) -> dict[str, Any]:
    """One row as API-shaped input; raises DomainError naming the column."""
    raw: dict[str, Any] = {}
    for name, value in row.items():
        if name in LISTS:
            raw[name] = [
                v.strip() for v in value.replace(",", ";").split(";") if v.strip()
            ]
        elif name in DATES:
            try:
                raw[name] = dt.date.fromisoformat(value) if value else None
            except ValueError:
                raise DomainError(
                    _("%(value)r is not a date (YYYY-MM-DD)") % {"value": value},
                    field=name,
                ) from None
        elif name in BOOLEANS:
            raw[name] = value.lower() in {"yes", "true", "1", "x", "oui", "sí", "si"}
        elif name == "budget":
            try:
                raw[name] = Decimal(value.replace(" ", "")) if value else None
            except InvalidOperation:
                raise DomainError(
                    _("%(value)r is not an amount") % {"value": value}, field=name
                ) from None
        else:
            raw[name] = value
    return raw


def import_file(user: User, org: Organization, upload: UploadedFile) -> UploadReport:
    report = UploadReport()
    try:
        checked = uploads.check_table(upload)
        rows = _rows(checked.data, checked.extension == "xlsx")
    except uploads.UploadRejected as exc:
        report.errors.append(exc.message)
        return report
    except ImportFormatError as exc:
        report.errors.append(str(exc))
        return report
    for number, row in rows:
        report.rows += 1
        try:
            # each row on its own: a bad row never takes good ones down with it
            with transaction.atomic():
                activity = services.create_activity(
                    user,
                    org,
                    activity_data(_raw(row)),
                    provenance=Provenance.BULK,
                    provenance_detail=f"{upload.name} row {number}",
                )
            report.created.append(activity.pk)
        except DomainError as exc:
            where = _("row %(row)s") % {"row": number}
            if exc.field:
                where += ", " + _("column %(column)s") % {"column": exc.field}
            report.errors.append(f"{where}: {exc.message}")
    return report


def template_response(fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "activities"
        sheet.append(COLUMNS)
        sheet.append([EXAMPLE.get(c, "") for c in COLUMNS])
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        buffer_text = io.StringIO()
        writer = csv.writer(buffer_text)
        writer.writerow(COLUMNS)
        writer.writerow([EXAMPLE.get(c, "") for c in COLUMNS])
        response = HttpResponse(
            buffer_text.getvalue(), content_type="text/csv; charset=utf-8"
        )
        fmt = "csv"
    response["Content-Disposition"] = f'attachment; filename="uprtc-activities.{fmt}"'
    return response
