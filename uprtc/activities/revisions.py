"""Changes to an approved activity (pretix-style): a contributor proposes,
a moderator approves or rejects; meanwhile every public channel keeps the
approved content, since the activity itself does not change until then."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uprtc.activities import services
from uprtc.activities.choices import Review
from uprtc.activities.content import (
    data_from_json,
)
from uprtc.activities.models import (
    Activity,
    ActivityOrganization,
    ActivityRevision,
    RevisionStatus,
)
from uprtc.activities.proposals import revision_changes
from uprtc.activities.recipients import activity_url, org_members
from uprtc.actors.models import Organization, User
from uprtc.core import audit
from uprtc.core.errors import DomainError, NotAllowed
from uprtc.notifications.services import notify
from uprtc.recommendations.models import Recommendation
from uprtc.taxonomies.models import SdgGoal, SdgTarget, Theme


def pending_revision(activity: Activity) -> ActivityRevision | None:
    return activity.revisions.filter(status=RevisionStatus.PENDING).first()


def _decidable(actor: User, revision: ActivityRevision) -> ActivityRevision:
    if not actor.is_moderator:
        raise NotAllowed(_("Only a moderator reviews a proposed change."))
    revision = ActivityRevision.objects.select_for_update().get(pk=revision.pk)
    if revision.status != RevisionStatus.PENDING:
        raise DomainError(_("This change is no longer awaiting review."))
    return revision


@transaction.atomic
def approve_revision(
    actor: User, revision: ActivityRevision, comment: str = ""
) -> Activity:
    """The change is applied: the public now sees it (a State it adds is
    asked for consent first, as for any new State)."""
    revision = _decidable(actor, revision)
    activity = Activity.objects.select_for_update().get(pk=revision.activity_id)
    if activity.merged_into_id or activity.review != Review.APPROVED:
        raise DomainError(
            _("The activity is no longer approved: this change cannot be applied.")
        )
    fields = [c["field"] for c in revision_changes(revision)]
    activity = services._apply_edit(actor, activity, data_from_json(revision.data))
    _decide(actor, revision, RevisionStatus.APPROVED, comment, fields)
    return activity


@transaction.atomic
def reject_revision(
    actor: User, revision: ActivityRevision, comment: str
) -> ActivityRevision:
    """The change is dropped; the approved content stays as it was."""
    revision = _decidable(actor, revision)
    if not comment.strip():
        raise DomainError(
            _("Say why, so the submitter can act on it."), field="comment"
        )
    _decide(actor, revision, RevisionStatus.REJECTED, comment, [])
    return revision


def _decide(
    actor: User,
    revision: ActivityRevision,
    status: str,
    comment: str,
    fields: list[str],
) -> None:
    revision.status = status
    revision.decided_by, revision.decided_at = actor, timezone.now()
    revision.comment = comment
    revision.save(update_fields=["status", "decided_by", "decided_at", "comment"])
    audit.record(
        f"activities.revision.{status}",
        actor=actor,
        obj=revision.activity,
        before={"status": RevisionStatus.PENDING},
        after={"status": status},
        data={"revision": revision.pk, "comment": comment, "fields": fields},
    )
    notify(
        org_members(revision.activity.submitter_org),
        "revision-decided",
        {
            "activity": revision.activity,
            "comment": comment,
            "decision_label": RevisionStatus(status).label,
        },
        activity_url(revision.activity),
    )


def described_changes(revision: ActivityRevision) -> list[dict[str, str]]:
    """The proposed change in words, for the review table: field names in the
    reader's language, organizations and labels by name rather than by id."""
    by_pk = {
        "recommendations": lambda pks: [
            f"{r.state_under_review.iso3} {r.paragraph}"
            for r in Recommendation.objects.filter(pk__in=pks).select_related(
                "state_under_review"
            )
        ],
        "themes": lambda pks: [t.name for t in Theme.objects.filter(pk__in=pks)],
        "sdg_goals": lambda pks: [str(g) for g in SdgGoal.objects.filter(pk__in=pks)],
        "sdg_targets": lambda pks: [
            t.code for t in SdgTarget.objects.filter(pk__in=pks)
        ],
    }

    def participants(rows: list[dict[str, Any]] | None) -> list[str]:
        # public_name: whoever may read this diff may link any organization
        orgs = Organization.objects.select_related("country").in_bulk(
            [r["organization"] for r in rows or [] if r["organization"]]
        )
        roles = dict(ActivityOrganization._meta.get_field("role").choices)
        named = [(orgs.get(r["organization"]), r) for r in rows or []]
        return [
            f"{org.public_name if org else r['name']} "
            f"({roles.get(r['role'], r['role'])})"
            for org, r in named
        ]

    def words(field: str, value: Any) -> str:
        if field in by_pk:
            return "; ".join(sorted(by_pk[field](value or [])))
        if field == "participants":
            return "; ".join(participants(value))
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        choices = _choices(field)
        if value in choices:
            return str(choices[value])
        if value is None or value == "":
            return "—"
        return str(value)

    def label(field: str) -> str:
        if field == "participants":
            return str(_("Organizations"))
        return str(Activity._meta.get_field(field).verbose_name).capitalize()

    return [
        {
            "field": c["field"],
            "label": label(c["field"]),
            "before": words(c["field"], c["before"]),
            "after": words(c["field"], c["after"]),
        }
        for c in revision_changes(revision)
    ]


def _choices(field: str) -> dict[Any, Any]:
    try:
        return dict(Activity._meta.get_field(field).choices or ())
    except FieldDoesNotExist:  # e.g. participants
        return {}
