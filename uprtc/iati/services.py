"""Importing an IATI activity file. The command and the moderators' upload
page both call :func:`import_iati`; activities go through the normal
services (``create_activity`` / ``update_activity``), so they start as drafts
and need moderation and the consent of each concerned State."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from lxml import etree

from uprtc.activities import services
from uprtc.activities.choices import Provenance
from uprtc.activities.models import Activity
from uprtc.activities.services import M2M, ActivityData
from uprtc.actors.models import Membership, Organization, Role, User
from uprtc.core import audit
from uprtc.core.errors import DomainError
from uprtc.iati import importer, provenance, xml
from uprtc.iati.models import IatiSource

# Drafts are created in an organization's name by this account, never by a
# person: it has no password and belongs only to organizations that reported
# to IATI. Who ran the import is in the audit log ("iati.activity.*").
IMPORTER_EMAIL = "iati-import@uprtc.invalid"


@dataclass
class ImportReport:
    read: int = 0
    imported: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # imported or updated (counted there too) despite schema errors in parts
    # uprtc does not read; imported or updated without a concerned State
    with_warnings: list[int] = field(default_factory=list)
    needs_states: list[int] = field(default_factory=list)
    # activities a harvest's filter left out: not read, so not in ``read``
    filtered_out: int = 0

    def counts(self) -> dict[str, int]:
        """The four contract keys first (CONTRACTS.md), then the others;
        read = imported + updated + unchanged + rejected."""
        return {
            "read": self.read,
            "imported": len(self.imported),
            "updated": len(self.updated),
            "rejected": len(self.rejected),
            "unchanged": len(self.unchanged),
            "imported_with_warnings": len(self.with_warnings),
            "needs_states": len(self.needs_states),
            "filtered_out": self.filtered_out,
        }


def importer_user(org: Organization) -> User:
    user = User.objects.filter(email=IMPORTER_EMAIL).first()
    if user is None:
        # no password given: an unusable one, nobody can sign in as it
        user = User.objects.create_user(IMPORTER_EMAIL, full_name="IATI import")
    Membership.objects.get_or_create(
        user=user,
        organization=org,
        role=Role.CONTRIBUTOR,
        defaults={"status": Membership.Status.APPROVED},
    )
    return user


@dataclass
class Options:
    """How an import runs: ``strict`` keeps the rule from before lenient
    imports (any schema error rejects, and so does a missing recipient
    country); ``keep`` is a harvest's filter; ``progress`` is called with the
    number of activities done and the total."""

    strict: bool = False
    source: IatiSource | None = None
    keep: Callable[[etree._Element], bool] | None = None
    progress: Callable[[int, int], None] | None = None


def import_iati(
    data: xml.Source,
    *,
    actor: Any,
    file_name: str,
    strict: bool = False,
    options: Options | None = None,
) -> ImportReport:
    """Each activity on its own, atomically, streaming (``data`` is the
    file's bytes or its path); raises ``IatiFileError`` (and writes nothing)
    when the file as a whole cannot be read: the file is read through once
    before anything is written. ``actor`` is the moderator or a label such as
    ``"command:import-iati"``. Lenient by default (see ``lenient.py``)."""
    options = options or Options(strict=strict)
    total = xml.check_file(data)
    report = ImportReport()
    done = 0
    for entry in importer.entries(data, strict=options.strict, keep=options.keep):
        done += 1
        if options.progress:
            options.progress(done, total)
        if entry.filtered_out:
            report.filtered_out += 1
            continue
        report.read += 1
        _import_entry(
            entry, report, actor, file_name, options.source, not options.strict
        )
    return report


def _import_entry(
    entry: importer.Entry,
    report: ImportReport,
    actor: Any,
    file_name: str,
    source: IatiSource | None,
    lenient: bool,
) -> None:
    where = _("line %(line)s, %(id)s") % {
        "line": entry.line,
        "id": entry.identifier or _("(no identifier)"),
    }
    if entry.problems:
        report.rejected.append(f"{where}: {entry.reason()}")
        return
    warnings: list[str] = []
    try:
        with transaction.atomic():
            outcome, pk = _import_one(entry, actor, file_name, warnings, lenient)
            states_needed = provenance.record(entry, pk, file_name, source)
    except DomainError as exc:
        field_name = f" ({exc.field})" if exc.field else ""
        report.rejected.append(f"{where}{field_name}: {exc.message}")
        return
    getattr(report, outcome).append(pk)
    if outcome != "unchanged":
        if entry.warnings:
            report.with_warnings.append(pk)
        if states_needed:
            report.needs_states.append(pk)
    report.warnings += [f"{where}: {w}" for w in warnings]
    report.warnings += [
        f"{where}: " + _("schema (not used by uprtc): %(m)s") % {"m": p.message}
        for p in entry.warnings[: importer.SHOWN_PROBLEMS]
    ]


def _import_one(
    entry: importer.Entry,
    actor: Any,
    file_name: str,
    warnings: list[str],
    lenient: bool,
) -> tuple[str, int]:
    assert entry.seed is not None
    data = importer.activity_data(entry.seed, warnings)
    # lenient: an activity whose recipients are regions, or countries uprtc
    # does not know, waits as a draft for a moderator to name its States
    data.states_later = lenient
    org = importer.submitting_org(entry)
    user = importer_user(org)
    existing = (
        Activity.objects.filter(
            iati_identifier=data.scalars["iati_identifier"], merged_into__isnull=True
        )
        .order_by("pk")
        .first()
    )
    if not data.concerned_states and existing is not None:
        # States a moderator named for a regional activity stay named
        data.concerned_states = [c.country for c in existing.consents.all()]
    detail = f"{file_name} line {entry.line}"
    if existing is None:
        activity = services.create_activity(
            user, org, data, provenance=Provenance.IATI, provenance_detail=detail
        )
        outcome = "imported"
    elif _unchanged(existing, data):
        return "unchanged", existing.pk
    else:
        if existing.submitter_org_id != org.pk:
            raise DomainError(
                _(
                    "activity #%(pk)s with this identifier belongs to another "
                    "organization"
                )
                % {"pk": existing.pk},
                field="iati-identifier",
            )
        activity = services.update_activity(user, existing, data)
        outcome = "updated"
    audit.record(
        f"iati.activity.{outcome}",
        actor=actor,
        obj=activity,
        data={
            "iati_identifier": entry.identifier,
            "file": file_name,
            "line": entry.line,
        },
    )
    return outcome, activity.pk


def _unchanged(activity: Activity, data: ActivityData) -> bool:
    """Would the update change nothing of what the file carries?"""
    if (activity.title, activity.description) != (
        data.title.strip(),
        data.description.strip(),
    ):
        return False
    if any(getattr(activity, k) != v for k, v in data.scalars.items()):
        return False
    for name, values in data.m2m.items():
        if name in M2M and set(getattr(activity, name).all()) != set(values):
            return False
    states = {c.country_id for c in activity.consents.all()}
    if states != {c.pk for c in data.concerned_states}:
        return False
    if data.participants is None:
        return True
    have = [(p.display_name, p.role, p.iati_ref) for p in activity.participants.all()]
    want = [
        (p["name"][:300], p["role"], p["iati_ref"][:200]) for p in data.participants
    ]
    return have == want
