"""The activity endpoints of the public contract (CONTRACTS.md). Each one
authorises, calls the same service as the web interface, and maps errors."""

from __future__ import annotations

import base64
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status

from uprtc.activities import consent, services
from uprtc.activities.choices import Provenance
from uprtc.activities.inputs import activity_data
from uprtc.activities.models import Activity
from uprtc.activities.permissions import (
    get_activity_for_consent,
    get_activity_for_user,
    submitting_orgs,
)
from uprtc.activities.serialize import PREFETCH, activity_dict
from uprtc.api.auth import OptionalTokenAuth, TokenAuth
from uprtc.api.schemas import (
    ActivityIn,
    ActivityList,
    ActivityOut,
    ConsentIn,
    ConsentOut,
    CreatedOut,
    ReviewIn,
)
from uprtc.core.errors import DomainError, NotAllowed
from uprtc.countries.models import Country

router = Router(tags=["activities"])
PAGE = 50
REVIEW = {
    "approve": services.approve_submission,
    "return": services.return_submission,
    "reject": services.reject_submission,
}


def _cursor(value: int) -> str:
    return base64.urlsafe_b64encode(str(value).encode()).decode()


def _after(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        return int(base64.urlsafe_b64decode(cursor.encode()).decode())
    except ValueError:
        raise DomainError(_("This cursor is not valid."), field="cursor") from None


@router.post("/activities", response={201: CreatedOut}, auth=TokenAuth())
def submit(request: HttpRequest, payload: ActivityIn) -> Status[dict[str, Any]]:
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
    raw = payload.dict()
    if payload.participants is not None:
        raw["participants"] = [p.dict() for p in payload.participants]
    activity = services.create_activity(
        user, orgs[0], activity_data(raw), provenance=Provenance.API
    )
    if not payload.draft:
        activity = services.submit_activity(user, activity)
    return Status(201, {"id": activity.pk, "status": activity.stage})


@router.post("/activities/{activity_id}/review", response=CreatedOut, auth=TokenAuth())
def review(request: HttpRequest, activity_id: int, payload: ReviewIn) -> dict[str, Any]:
    activity = get_activity_for_user(request.auth, activity_id)
    if payload.decision not in REVIEW:
        raise DomainError(_("Decide approve, return or reject."), field="decision")
    activity = REVIEW[payload.decision](request.auth, activity, payload.comment)
    return {"id": activity.pk, "status": activity.stage}


@router.post("/activities/{activity_id}/consent", response=ConsentOut, auth=TokenAuth())
def decide_consent(
    request: HttpRequest, activity_id: int, payload: ConsentIn
) -> dict[str, Any]:
    activity = get_activity_for_consent(request.auth, activity_id)
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
    request: HttpRequest, q: str = "", country: str = "", cursor: str | None = None
) -> dict[str, Any]:
    """Published activities only, newest first; ``next`` continues the list."""
    qs = Activity.objects.public()
    if q:
        for word in q.split()[:8]:
            qs = qs.filter(Q(title__icontains=word) | Q(description__icontains=word))
    if country:
        qs = qs.filter(consents__country__iso3=country.upper())
    count = qs.count()
    after = _after(cursor)
    page_qs = qs.order_by("-pk")
    if after is not None:
        page_qs = page_qs.filter(pk__lt=after)
    items = list(page_qs.prefetch_related(*PREFETCH)[: PAGE + 1])
    more = len(items) > PAGE
    items = items[:PAGE]
    next_url = None
    if more:
        query = request.GET.copy()
        query["cursor"] = _cursor(items[-1].pk)
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {
        "count": count,
        "items": [activity_dict(a) for a in items],
        "next": next_url,
    }


@router.get("/activities/{activity_id}", response=ActivityOut, auth=OptionalTokenAuth())
def get_activity(request: HttpRequest, activity_id: int) -> dict[str, Any]:
    user = request.auth if getattr(request.auth, "is_authenticated", False) else None
    try:
        activity = get_object_or_404(
            Activity.objects.visible_to(user).prefetch_related(*PREFETCH),
            pk=activity_id,
        )
    except Activity.MultipleObjectsReturned:  # pragma: no cover - distinct() guards it
        raise Http404 from None
    return activity_dict(activity)
