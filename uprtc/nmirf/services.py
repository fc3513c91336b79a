"""Importing an implementation plan back from the export layout.

Rule: valid rows are committed together, in one transaction; each invalid row
is skipped and reported with its row number, column and reason, so the
person importing can fix those rows and import the same file again (rows
already imported then count as unchanged). A file that cannot be read as a
whole (not CSV/XLSX, no "Recommendation ID" column) imports nothing."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any, cast

from django.db import transaction
from django.db.models import Field
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from uprtc.activities.bulk import cell_text, read_table
from uprtc.actors.models import User
from uprtc.core import audit, uploads
from uprtc.core.errors import DomainError, NotAllowed
from uprtc.countries.models import Country
from uprtc.linking.services import link_recommendations
from uprtc.nmirf.layout import EDITABLE, ID, KNOWN, normalize
from uprtc.nmirf.models import NationalTracking, TrackingStatus
from uprtc.opendata.writers import FORMULA_START
from uprtc.recommendations.importers.base import ImportCounts, ImportFormatError
from uprtc.recommendations.models import Recommendation

FIELDS = list(EDITABLE.values())
TEXT = "Recommendation"  # the column of the recommendation's text


@dataclass
class ImportReport(ImportCounts):
    ignored_columns: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            **super().as_dict(),
            "skipped_rows": self.skipped,
            "ignored_columns": self.ignored_columns,
        }


class RowError(Exception):
    def __init__(self, message: str, column: str | None = None) -> None:
        super().__init__(message)
        self.message, self.column = message, column


def can_import(user: Any, country: Country) -> bool:
    """The State's own focal point, or a moderator."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_moderator:
        return True
    return bool(user.focal_point_countries().filter(pk=country.pk).exists())


def _status_names() -> dict[str, str]:
    """Normalised spellings → value: the code, the English label and the
    label in the active language."""
    names = {}
    for choice in TrackingStatus:
        names[normalize(choice.value)] = choice.value
        names[normalize(str(choice.label))] = choice.value
        with translation.override("en"):
            names[normalize(str(choice.label))] = choice.value
    return names


def _status(value: str, names: dict[str, str]) -> str:
    if not value:
        return ""
    try:
        return names[normalize(value)]
    except KeyError:
        raise RowError(
            _("%(value)r is not a status; use one of: %(allowed)s")
            % {"value": value, "allowed": ", ".join(TrackingStatus.values)},
            "Implementation status",
        ) from None


def _date(raw: Any) -> dt.date | None:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    value = cell_text(raw)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise RowError(
            _("%(value)r is not a date (YYYY-MM-DD)") % {"value": value}, "Deadline"
        ) from None


def _text(raw: Any, column: str) -> str:
    value = cell_text(raw)
    # the CSV export protects formula-like text with an apostrophe
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        value = value[1:]
    field = NationalTracking._meta.get_field(EDITABLE[column])
    # the editable columns are all concrete fields, never relations
    limit = cast("Field[Any, Any]", field).max_length
    if limit and len(value) > limit:
        raise RowError(_("longer than %(n)s characters") % {"n": limit}, column)
    return value


def _recommendation_id(raw: Any) -> int:
    value = cell_text(raw)
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not value or not number.is_integer():
        raise RowError(_("%(value)r is not a recommendation id") % {"value": value}, ID)
    return int(number)


@dataclass
class _Table:
    positions: dict[str, int]  # known column → its index in the file
    rows: list[tuple[int, list[Any]]]  # (row number in the file, cells)


def _table(data: bytes, report: ImportReport) -> _Table:
    try:
        values = read_table(data, zipfile.is_zipfile(io.BytesIO(data)))
    except ImportFormatError as exc:
        raise DomainError(str(exc), field="file") from exc
    if not values:
        raise DomainError(_("the file is empty"), field="file")
    canonical = {normalize(name): name for name in KNOWN}
    positions: dict[str, int] = {}
    for index, cell in enumerate(values[0]):
        name = canonical.get(normalize(cell))
        if name is None:
            if cell_text(cell):
                report.ignored_columns.append(cell_text(cell))
        else:
            positions.setdefault(name, index)
    if ID not in positions:
        raise DomainError(
            _("row 1: no “%(column)s” column; nothing was imported") % {"column": ID},
            field="file",
        )
    rows = [
        (number, list(row))
        for number, row in enumerate(values[1:], start=2)
        if any(cell_text(v) for v in row)
    ]
    return _Table(positions, rows)


def _parse(
    row: list[Any], table: _Table, names: dict[str, str]
) -> tuple[int, dict[str, Any]]:
    def cell(column: str) -> Any:
        index = table.positions[column]
        return row[index] if index < len(row) else ""

    rec_id = _recommendation_id(cell(ID))
    values: dict[str, Any] = {}
    for column, name in EDITABLE.items():
        if column not in table.positions:
            continue  # a column left out is left as it is
        if name == "deadline":
            values[name] = _date(cell(column))
        elif name == "status":
            values[name] = _status(cell_text(cell(column)), names)
        else:
            values[name] = _text(cell(column), column)
    return rec_id, values


def _where(number: int, column: str | None) -> str:
    where = _("row %(row)s") % {"row": number}
    if column:
        where += ", " + _("column %(column)s") % {"column": column}
    return where + ": "


def _hint(row: list[Any], table: _Table, country: Country) -> str:
    """A row whose id is missing or wrong but whose text is there: which of
    the State's recommendations the text is (the linking service), so the
    person can put the right id in and import again. Never applied silently."""
    index = table.positions.get(TEXT)
    text = cell_text(row[index]) if index is not None and index < len(row) else ""
    if not text:
        return ""
    links = link_recommendations(text, states=[country.iso3], responses=None, limit=1)
    if not links:
        return ""
    rec = Recommendation.objects.get(pk=links[0].recommendation_id)
    return " " + _(
        "The text looks like recommendation %(id)s (%(paragraph)s, cycle %(cycle)s):"
        " put that id in the column if it is the one."
    ) % {"id": rec.pk, "paragraph": rec.paragraph or "—", "cycle": rec.cycle}


def _validate(
    table: _Table, country: Country, report: ImportReport
) -> list[tuple[int, Recommendation, dict[str, Any]]]:
    names = _status_names()
    skipped: list[tuple[int, str]] = []
    parsed = []
    for number, row in table.rows:
        report.read += 1
        try:
            parsed.append((number, *_parse(row, table, names)))
        except RowError as exc:
            message = _where(number, exc.column) + exc.message
            if exc.column == ID:
                message += _hint(row, table, country)
            skipped.append((number, message))
    recs = Recommendation.objects.select_related(
        "tracking", "state_under_review"
    ).in_bulk({rec_id for _n, rec_id, _v in parsed})
    first_row: dict[int, int] = {}
    valid = []
    for number, rec_id, values in parsed:
        rec = recs.get(rec_id)
        if rec is None:
            problem = _("no recommendation %(id)s in uprtc") % {"id": rec_id}
        elif rec.state_under_review_id != country.pk:
            problem = _(
                "recommendation %(id)s was made to %(other)s, not %(state)s"
            ) % {
                "id": rec_id,
                "other": rec.state_under_review.iso3,
                "state": country.iso3,
            }
        elif rec_id in first_row:
            problem = _("recommendation %(id)s is already in row %(row)s") % {
                "id": rec_id,
                "row": first_row[rec_id],
            }
        else:
            first_row[rec_id] = number
            valid.append((number, rec, values))
            continue
        row = dict(table.rows)[number]
        skipped.append(
            (number, _where(number, ID) + problem + _hint(row, table, country))
        )
    report.skipped = [message for _n, message in sorted(skipped)]
    return valid


def _apply(
    user: User,
    rec: Recommendation,
    values: dict[str, Any],
    where: dict[str, Any],
    report: ImportReport,
) -> None:
    tracking = getattr(rec, "tracking", None)
    created = tracking is None
    if tracking is None:
        tracking = NationalTracking(recommendation=rec)
    changed = [
        name for name, value in values.items() if getattr(tracking, name) != value
    ]
    if not changed:
        report.unchanged += 1
        return
    before = None if created else audit.snapshot(tracking, FIELDS)
    for name in changed:
        setattr(tracking, name, values[name])
    tracking.updated_at = timezone.now()
    tracking.updated_by = user
    tracking.save()
    audit.record(
        "nmirf.tracking.created" if created else "nmirf.tracking.updated",
        actor=user,
        obj=tracking,
        before=before,
        after=audit.snapshot(tracking, FIELDS),
        data={**where, "changed": changed},
    )
    if created:
        report.created += 1
    else:
        report.updated += 1


def import_implementation_plan(
    user: User, country: Country, file: IO[bytes]
) -> ImportReport:
    """Read a plan in the export layout (CSV or XLSX) and update the State's
    tracking of its recommendations. Raises NotAllowed for anyone but the
    State's focal point or a moderator, DomainError for an unreadable file."""
    if not can_import(user, country):
        raise NotAllowed(
            _(
                "Only the focal point of %(state)s or a moderator may import its "
                "implementation plan."
            )
            % {"state": country.name}
        )
    data = uploads.check_table(file).data
    report = ImportReport()
    valid = _validate(_table(data, report), country, report)
    file_name = getattr(file, "name", "") or ""
    with transaction.atomic():
        for number, rec, values in valid:
            where = {
                "file": str(file_name)[-200:],
                "row": number,
                "state": country.iso3,
            }
            _apply(user, rec, values, where, report)
    return report
