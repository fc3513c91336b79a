"""A contributor's change to an approved activity waits for a moderator as
an ``ActivityRevision``: proposing it is a step of the edit
(``services.update_activity``); deciding it applies the edit
(``revisions.py``, above the workflow)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from uprtc.activities.content import changes, completed, data_of, data_to_json
from uprtc.activities.data import ActivityData
from uprtc.activities.models import Activity, ActivityRevision, RevisionStatus
from uprtc.activities.recipients import activity_url, moderators
from uprtc.actors.models import User
from uprtc.core import audit
from uprtc.notifications.services import notify


def propose_revision(
    actor: User, activity: Activity, data: ActivityData
) -> ActivityRevision:
    """Called by ``services.update_activity`` (inside its transaction) for an
    approved activity: the change waits for a moderator; a change already
    waiting is replaced by this one."""
    proposed = data_to_json(data)
    pending = activity.revisions.filter(status=RevisionStatus.PENDING).first()
    if pending is not None and pending.data == proposed:
        return pending  # the same change again (e.g. a re-imported file)
    if pending is not None:
        pending.status = RevisionStatus.SUPERSEDED
        pending.decided_at = timezone.now()
        pending.save(update_fields=["status", "decided_at"])
    revision = ActivityRevision.objects.create(
        activity=activity, data=proposed, proposed_by=actor
    )
    audit.record(
        "activities.revision.proposed",
        actor=actor,
        obj=activity,
        after={"revision": revision.pk},
        data={
            "fields": [c["field"] for c in revision_changes(revision)],
            "replaces": pending.pk if pending else None,
        },
    )
    notify(
        moderators(),
        "revision-proposed",
        {"activity": activity},
        activity_url(activity),
    )
    return revision


def revision_changes(revision: ActivityRevision) -> list[dict[str, Any]]:
    """What the proposed change alters, against the activity as it is now."""
    current = data_to_json(data_of(revision.activity))
    return changes(current, completed(current, revision.data))
