"""Bulk upload of activities from a CSV or XLSX file (template downloadable).

Every row is validated on its own: valid rows become drafts of the uploading
organization, invalid ones are reported with their row and column, and nothing
is dropped silently. The template's columns are the API's field names."""

from __future__ import annotations

import csv
import datetime as dt
import io
import secrets
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from uprtc.activities import services
from uprtc.activities.choices import Provenance
from uprtc.activities.fields import BULK, names
from uprtc.activities.forms import offer_organizations
from uprtc.activities.inputs import activity_data
from uprtc.activities.models import Activity
from uprtc.actors.models import Organization, User
from uprtc.core import uploads
from uprtc.core.errors import DomainError
from uprtc.recommendations.importers.base import ImportFormatError, decode_text

COLUMNS = list(names(BULK))
REQUIRED = names(f for f in BULK if f.required)
LISTS = set(names(f for f in BULK if f.type in ("codes", "texts", "integers")))
DATES = set(names(f for f in BULK if f.type == "date"))
BOOLEANS = set(names(f for f in BULK if f.type == "boolean"))
AMOUNTS = set(names(f for f in BULK if f.type == "decimal"))
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


class Lookalikes:
    """What to do with rows that look like activities already in the
    repository (a re-upload, or our own export uploaded back)."""

    ASK = "ask"  # create nothing, report them, let the person choose
    SKIP = "skip"
    CREATE = "create"
    CHOICES = (SKIP, CREATE)


@dataclass
class Lookalike:
    row: int
    title: str
    existing: list[int]


@dataclass
class UploadReport:
    rows: int = 0
    created: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lookalikes: list[Lookalike] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # row numbers
    pending: bool = False  # waiting for the person's choice on lookalikes


class UploadForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=gettext_lazy("Submitting organization"),
        queryset=Organization.objects.none(),
    )
    file = forms.FileField(label=gettext_lazy("CSV or XLSX file"))

    def __init__(self, *args: Any, orgs: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_organizations(self, orgs)

    def clean_file(self) -> UploadedFile:
        return uploads.table_for_form(self.cleaned_data["file"])


class LookalikeChoiceForm(forms.Form):
    """The second step when rows look like existing activities. Nothing is
    preselected: the person decides."""

    upload = forms.CharField(widget=forms.HiddenInput)
    lookalikes = forms.ChoiceField(
        label=gettext_lazy("Rows that look like existing activities"),
        widget=forms.RadioSelect,
        choices=[
            (Lookalikes.SKIP, gettext_lazy("Skip them: create only the other rows")),
            (
                Lookalikes.CREATE,
                gettext_lazy("Create them too, as new drafts"),
            ),
        ],
    )


# An upload waiting for the person's choice is kept in the shared cache (all
# web machines see it) for an hour, under a key only its uploader can name.
STASH_SECONDS = 3600


def _stash_key(user: User, token: str) -> str:
    return f"bulk-upload:{user.pk}:{token}"


def stash(user: User, org: Organization, data: bytes, extension: str, name: str) -> str:
    token = secrets.token_urlsafe(16)
    cache.set(
        _stash_key(user, token),
        {"org": org.pk, "data": data, "extension": extension, "name": name},
        STASH_SECONDS,
    )
    return token


def peek(user: User, token: str) -> dict[str, Any] | None:
    """The stashed upload (its organization resolved), left in place."""
    value = cache.get(_stash_key(user, token)) if token else None
    if value is None:
        return None
    org = Organization.objects.filter(pk=value["org"]).first()
    return None if org is None else {**value, "org": org}


def unstash(user: User, token: str) -> dict[str, Any] | None:
    """The stashed upload, taken: a second confirmation finds nothing."""
    value = peek(user, token)
    cache.delete(_stash_key(user, token))
    return value


def read_table(data: bytes, is_xlsx: bool) -> list[list[Any]]:
    """The first sheet of an XLSX file, or a CSV file whose encoding and
    delimiter (comma, semicolon or tab) are detected, as rows of cells.
    Shared with the other spreadsheet imports (e.g. NMIRF plans)."""
    if is_xlsx:
        # imported here: openpyxl takes long to import (6 s measured on a busy
        # host), and most requests that load this module read no spreadsheet
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
    return list(csv.reader(io.StringIO(text, newline=""), dialect_of(text)))


class _Dialect(csv.excel):
    """RFC 4180 as Excel and our own export write it: fields quoted with
    ``"`` and a quote inside a field doubled. Only the delimiter varies."""


def dialect_of(text: str) -> type[csv.Dialect]:
    """The delimiter is read from the header line alone. ``csv.Sniffer`` on
    the first kilobytes guesses the quoting too, and on quoted multi-line
    texts it guessed ``doublequote=False``: every ``""`` inside a field then
    became a stray quote and shifted the columns after it."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    return type("Dialect", (_Dialect,), {"delimiter": delimiter})


def _rows(data: bytes, is_xlsx: bool) -> list[tuple[int, dict[str, str]]]:
    values = read_table(data, is_xlsx)
    if not values:
        raise ImportFormatError(_("the file is empty"), line=1)
    header = [str(h).strip().lower() for h in values[0]]
    missing = [c for c in REQUIRED if c not in header]
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
        elif name in AMOUNTS:
            try:
                raw[name] = Decimal(value.replace(" ", "")) if value else None
            except InvalidOperation:
                raise DomainError(
                    _("%(value)r is not an amount") % {"value": value}, field=name
                ) from None
        else:
            raw[name] = value
    return raw


def import_file(
    user: User,
    org: Organization,
    upload: UploadedFile,
    lookalikes: str = Lookalikes.ASK,
) -> UploadReport:
    report = UploadReport()
    try:
        checked = uploads.check_table(upload)
    except uploads.UploadRejected as exc:
        report.errors.append(exc.message)
        return report
    return import_data(
        user, org, checked.data, checked.extension, upload.name or "", lookalikes
    )


def import_data(
    user: User,
    org: Organization,
    data: bytes,
    extension: str,
    name: str,
    lookalikes: str = Lookalikes.ASK,
) -> UploadReport:
    """Rows → drafts of ``org``. With ``Lookalikes.ASK`` nothing is created
    while any row looks like an existing activity: the report lists them
    (``pending``) and the caller asks the person to skip or create them."""
    report = UploadReport()
    try:
        rows = _rows(data, extension == "xlsx")
    except ImportFormatError as exc:
        report.errors.append(str(exc))
        return report
    report.lookalikes = find_lookalikes(user, rows)
    if report.lookalikes and lookalikes == Lookalikes.ASK:
        report.pending, report.rows = True, len(rows)
        return report
    skip = (
        {x.row for x in report.lookalikes} if lookalikes == Lookalikes.SKIP else set()
    )
    for number, row in rows:
        report.rows += 1
        if number in skip:
            report.skipped.append(number)
            continue
        try:
            # each row on its own: a bad row never takes good ones down with it
            with transaction.atomic():
                activity = services.create_activity(
                    user,
                    org,
                    activity_data(_raw(row)),
                    provenance=Provenance.BULK,
                    provenance_detail=f"{name} row {number}",
                )
            report.created.append(activity.pk)
        except DomainError as exc:
            where = _("row %(row)s") % {"row": number}
            if exc.field:
                where += ", " + _("column %(column)s") % {"column": exc.field}
            report.errors.append(f"{where}: {exc.message}")
    return report


def preview(user: User, data: bytes, extension: str) -> UploadReport:
    """The rows and their lookalikes, for the person to choose: creates nothing."""
    report = UploadReport(pending=True)
    try:
        rows = _rows(data, extension == "xlsx")
    except ImportFormatError as exc:
        report.errors.append(str(exc))
        return report
    report.rows = len(rows)
    report.lookalikes = find_lookalikes(user, rows)
    return report


def _same_title(title: str) -> str:
    return " ".join(title.casefold().split())


def find_lookalikes(
    user: User, rows: list[tuple[int, dict[str, str]]]
) -> list[Lookalike]:
    """Rows whose title (case and spacing aside) is that of an activity the
    uploader can see about one of the row's States. Only what the uploader
    may see is compared: the answer must not reveal a confidential
    activity's title."""
    titles = {_same_title(row.get("title", "")) for _n, row in rows} - {""}
    if not titles:
        return []
    seen: dict[tuple[str, str], list[int]] = {}
    candidates = (
        Activity.objects.visible_to(user)
        .filter(merged_into__isnull=True)
        .values_list("pk", "title", "consents__country__iso3")
    )
    for pk, title, iso3 in candidates.iterator():
        key = _same_title(title)
        if key in titles and iso3:
            seen.setdefault((key, iso3), []).append(pk)
    found = []
    for number, row in rows:
        key = _same_title(row.get("title", ""))
        states = [
            s.strip().upper()
            for s in row.get("concerned_states", "").replace(",", ";").split(";")
        ]
        existing = sorted({pk for s in states for pk in seen.get((key, s), [])})
        if existing:
            found.append(Lookalike(number, row.get("title", ""), existing))
    return found


def template_response(fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        import openpyxl  # slow to import: see read_table

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
