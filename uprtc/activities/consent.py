"""Consent of the concerned States: the rule that gates publication.

Only a State's own focal point decides for that State, or a moderator who
records a decision received through official channels, with its evidence.
Whether an activity is public is never stored: ``Activity.objects.public()``
computes it, so a withdrawal takes effect at once everywhere."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from uprtc.activities.choices import ConsentStatus, Review
from uprtc.activities.models import Activity, Consent
from uprtc.activities.publishing import is_public, publish_if_consented, reindex
from uprtc.activities.recipients import activity_url, moderators, org_members
from uprtc.activities.records import record_decision
from uprtc.actors.models import User
from uprtc.core import audit, uploads
from uprtc.core.errors import DomainError, NotAllowed
from uprtc.countries.models import Country
from uprtc.notifications.params import choice_label
from uprtc.notifications.services import notify

# decision → (statuses it may start from, status it leads to)
TRANSITIONS = {
    "grant": (
        {ConsentStatus.REQUESTED, ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN},
        ConsentStatus.GRANTED,
    ),
    "refuse": ({ConsentStatus.REQUESTED}, ConsentStatus.REFUSED),
    "withdraw": ({ConsentStatus.GRANTED}, ConsentStatus.WITHDRAWN),
}


def _authorise(
    actor: User, country: Country, evidence: Any, evidence_note: str
) -> bool:
    """Returns True when the decision is recorded by a moderator on evidence."""
    if actor.focal_point_countries().filter(pk=country.pk).exists():
        return False
    if actor.is_moderator:
        if not evidence and not evidence_note.strip():
            raise DomainError(
                _(
                    "A moderator records a State's decision only with its evidence "
                    "(the official communication, attached or referenced)."
                ),
                field="evidence",
            )
        return True
    raise NotAllowed(
        _(
            "Only the focal point of %(state)s, or a moderator with evidence, decides "
            "consent for %(state)s."
        )
        % {"state": country.name}
    )


@transaction.atomic
def decide_consent(
    actor: User,
    activity: Activity,
    country: Country,
    decision: str,
    *,
    evidence: UploadedFile[bytes] | None = None,
    evidence_note: str = "",
    comment: str = "",
) -> Consent:
    """``decision`` is ``grant``, ``refuse`` or ``withdraw``."""
    if decision not in TRANSITIONS:
        raise DomainError(_("Decide grant, refuse or withdraw."), field="decision")
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if not Activity.objects.visible_to(actor).filter(pk=activity.pk).exists():
        raise Http404  # before any check, so no message names its State
    consent = (
        Consent.objects.select_for_update()
        .filter(activity=activity, country=country)
        .first()
    )
    if consent is None:
        raise DomainError(
            _("%(state)s is not concerned by this activity.") % {"state": country.name},
            field="state",
        )
    on_record = _authorise(actor, country, evidence, evidence_note)
    # checked by content and renamed before anything is written
    stored = uploads.stored_evidence(evidence) if evidence else None
    if activity.review != Review.APPROVED:
        raise DomainError(_("Consent is asked only after the moderators approve."))
    allowed_from, new_status = TRANSITIONS[decision]
    if consent.status not in allowed_from:
        raise DomainError(
            _(
                "The consent of %(state)s is now “%(status)s”: this decision is not "
                "possible from there."
            )
            % {"state": country.name, "status": consent.get_status_display()}
        )
    was_public = is_public(activity)
    consent.activity = activity
    record_decision(
        consent,
        new_status,
        actor,
        how="consent-step",
        on_record=on_record,
        evidence=stored,
        evidence_note=evidence_note,
        comment=comment,
    )
    published = not was_public and publish_if_consented(activity, actor)
    reindex(activity)
    unpublished = was_public and not is_public(activity)
    if unpublished:
        audit.record(
            "activities.activity.unpublished",
            actor=actor,
            obj=activity,
            data={"reason": f"consent {new_status} by {country.iso3}"},
        )
    notify(
        [*org_members(activity.submitter_org), *moderators()],
        "consent-decided",
        {
            "activity": activity,
            "country": country,
            "status_label": choice_label(consent, "status"),
            "published": published,
            "unpublished": unpublished,
        },
        activity_url(activity),
    )
    return consent


def grant_consent(
    actor: User, activity: Activity, country: Country, **kw: Any
) -> Consent:
    return decide_consent(actor, activity, country, "grant", **kw)


def refuse_consent(
    actor: User, activity: Activity, country: Country, **kw: Any
) -> Consent:
    return decide_consent(actor, activity, country, "refuse", **kw)


def withdraw_consent(
    actor: User, activity: Activity, country: Country, **kw: Any
) -> Consent:
    """Takes effect at once: the activity leaves every public channel."""
    return decide_consent(actor, activity, country, "withdraw", **kw)
