"""The activity endpoints of the public contract (CONTRACTS.md). Each one
authorises, calls the same service as the web interface, and maps errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from uprtc.activities import consent, permissions, revisions, services
from uprtc.activities.choices import Provenance, Review
from uprtc.activities.inputs import activity_data
from uprtc.activities.models import Activity, RevisionStatus
from uprtc.activities.permissions import (
    get_activity_for_user,
    submitting_orgs,
)
from uprtc.activities.serialize import PREFETCH, activity_dict
from uprtc.actors.models import Organization
from uprtc.api import pagination
from uprtc.api.auth import OptionalTokenAuth, TokenAuth, TokenRequest, user_of
from uprtc.api.params import Id, Int
from uprtc.api.schemas import (
    ActivityIn,
    ActivityList,
    ActivityOut,
    ConsentIn,
    ConsentOut,
    CreatedOut,
    ReviewIn,
    UpdatedOut,
)
from uprtc.core.errors import DomainError, NotAllowed
from uprtc.countries.models import Country

router = Router(tags=["activities"])
REVIEW = {
    "approve": services.approve_submission,
    "return": services.return_submission,
    "reject": services.reject_submission,
}


def _data(payload: ActivityIn) -> Any:
    raw = payload.dict()
    if payload.participants is not None:
        raw["participants"] = [p.dict() for p in payload.participants]
    return activity_data(raw)


@router.post("/activities", response={201: CreatedOut}, auth=TokenAuth())
def submit(request: TokenRequest, payload: ActivityIn) -> Status[dict[str, Any]]:
    user = request.auth
    orgs = submitting_orgs(user)
    if payload.organization_id:
        orgs = [o for o in orgs if o.pk == payload.organization_id]
    if not orgs:
        raise NotAllowed(
            _(
                "You are not an approved member of an organization that "
                "may submit activities."
            )
        )
    if len(orgs) > 1:
        raise DomainError(
            _("You belong to several organizations: give organization_id."),
            field="organization_id",
        )
    activity = services.create_activity(
        user, orgs[0], _data(payload), provenance=Provenance.API
    )
    if not payload.draft:
        activity = services.submit_activity(user, activity)
    return Status(201, {"id": activity.pk, "status": activity.stage})


@router.post("/activities/{activity_id}/review", response=CreatedOut, auth=TokenAuth())
def review(request: TokenRequest, activity_id: Id, payload: ReviewIn) -> dict[str, Any]:
    activity = get_activity_for_user(request.auth, activity_id)
    if payload.decision not in REVIEW:
        raise DomainError(_("Decide approve, return or reject."), field="decision")
    activity = REVIEW[payload.decision](request.auth, activity, payload.comment)
    return {"id": activity.pk, "status": activity.stage}


@router.post("/activities/{activity_id}/consent", response=ConsentOut, auth=TokenAuth())
def decide_consent(
    request: TokenRequest, activity_id: Id, payload: ConsentIn
) -> dict[str, Any]:
    activity = get_activity_for_user(request.auth, activity_id)
    country = Country.objects.filter(iso3=payload.state.upper()).first()
    if country is None:
        raise DomainError(
            _("Unknown State %(code)s.") % {"code": payload.state}, field="state"
        )
    result = consent.decide_consent(
        request.auth,
        activity,
        country,
        payload.decision,
        evidence_note=payload.evidence_note,
        comment=payload.comment,
    )
    return {"state": country.iso3, "status": result.status}


@router.get("/activities", response=ActivityList, auth=OptionalTokenAuth())
def list_activities(
    request: HttpRequest,
    q: str = "",
    country: str = "",
    region: str = "",
    regional_group: str = "",
    theme: str = "",
    sdg_goal: Int | None = None,
    sdg_target: str = "",
    recommendation: Int | None = None,
    organization: Int | None = None,
    implementation_status: str = "",
    modality: str = "",
    cooperation_type: str = "",
    funding_source: str = "",
    good_practice: bool | None = None,
    published_from: dt.date | None = None,
    published_to: dt.date | None = None,
    mine: bool = False,
    cursor: str | None = None,
    limit: Int = pagination.DEFAULT_LIMIT,
) -> dict[str, Any]:
    """Published activities, newest first; ``next`` continues the list. With a
    token and ``mine=true``: everything you may open (your organizations'
    drafts and submissions, what awaits your State's consent)."""
    params = dict(locals())
    user = user_of(request)
    qs = Activity.objects.visible_to(user) if mine else Activity.objects.public()
    qs = qs.filtered(params)
    if organization is not None and not (
        Organization.objects.visible_to(user).filter(pk=organization).exists()
    ):
        # an organization one may not see (anonymous, not vetted) groups no
        # activities: listing them together would help to tell who it is
        qs = qs.none()
    return pagination.page(
        request,
        qs,
        lambda activity: activity_dict(activity, user),
        cursor=cursor,
        limit=limit,
        prefetch=PREFETCH,
    )


@router.get("/activities/{activity_id}", response=ActivityOut, auth=OptionalTokenAuth())
def get_activity(request: HttpRequest, activity_id: Id) -> dict[str, Any]:
    user = user_of(request)
    try:
        activity = get_object_or_404(
            Activity.objects.visible_to(user).prefetch_related(*PREFETCH),
            pk=activity_id,
        )
    except Activity.MultipleObjectsReturned:  # pragma: no cover - distinct() guards it
        raise Http404 from None
    return activity_dict(activity, user)


@router.put("/activities/{activity_id}", response=UpdatedOut, auth=TokenAuth())
def update(request: TokenRequest, activity_id: Id, payload: ActivityIn) -> dict:
    """Replace the activity's content (send every field, as from GET). On an
    approved activity a contributor's change waits for a moderator
    (``pending_change`` gives its id) while the public keeps the approved
    content; a State that decided cannot be dropped; a State added is asked."""
    activity = get_activity_for_user(request.auth, activity_id)
    activity = services.update_activity(request.auth, activity, _data(payload))
    if not payload.draft and activity.review in (Review.DRAFT, Review.RETURNED):
        activity = services.submit_activity(request.auth, activity)
    pending = revisions.pending_revision(activity)
    return {
        "id": activity.pk,
        "status": activity.stage,
        "pending_change": pending.pk if pending else None,
    }


class ChangeReviewIn(Schema):
    decision: str = Field(description="approve | reject")
    comment: str = ""


@router.get("/activities/{activity_id}/changes", auth=TokenAuth())
def list_changes(request: TokenRequest, activity_id: Id) -> dict[str, Any]:
    """The submitting organization and moderators: proposed changes to an
    approved activity, the one awaiting review first, with what each alters."""
    activity = get_activity_for_user(request.auth, activity_id)
    if not permissions.can_edit(request.auth, activity):
        raise NotAllowed(_("Only the submitting organization and the moderators."))
    items = [
        {
            "id": r.pk,
            "status": r.status,
            "proposed_at": r.proposed_at,
            "decided_at": r.decided_at,
            "comment": r.comment,
            "changes": revisions.described_changes(r)
            if r.status == RevisionStatus.PENDING
            else [],
        }
        for r in activity.revisions.order_by("-proposed_at", "-pk")
    ]
    return {"count": len(items), "items": items, "next": None}


@router.post(
    "/activities/{activity_id}/changes/{change_id}/review",
    response=CreatedOut,
    auth=TokenAuth(),
)
def review_change(
    request: TokenRequest, activity_id: Id, change_id: Id, payload: ChangeReviewIn
) -> dict[str, Any]:
    """Moderators: approve (the change goes public) or reject (with a comment)."""
    activity = get_activity_for_user(request.auth, activity_id)
    change = get_object_or_404(activity.revisions, pk=change_id)
    if payload.decision == "approve":
        activity = revisions.approve_revision(request.auth, change, payload.comment)
    elif payload.decision == "reject":
        revisions.reject_revision(request.auth, change, payload.comment)
    else:
        raise DomainError(_("Decide approve or reject."), field="decision")
    activity.refresh_from_db()
    return {"id": activity.pk, "status": activity.stage}


@router.post("/activities/{activity_id}/submit", response=CreatedOut, auth=TokenAuth())
def submit_draft(request: TokenRequest, activity_id: Id) -> dict[str, Any]:
    activity = get_activity_for_user(request.auth, activity_id)
    activity = services.submit_activity(request.auth, activity)
    return {"id": activity.pk, "status": activity.stage}


class MergeIn(Schema):
    duplicate: Int


@router.post("/activities/{activity_id}/merge", response=CreatedOut, auth=TokenAuth())
def merge(request: TokenRequest, activity_id: Id, payload: MergeIn) -> dict[str, Any]:
    """Moderators: the duplicate disappears into this activity."""
    keep = get_activity_for_user(request.auth, activity_id)
    duplicate = get_activity_for_user(request.auth, payload.duplicate)
    keep = services.merge_activities(request.auth, keep, duplicate)
    return {"id": keep.pk, "status": keep.stage}
