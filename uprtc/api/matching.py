"""Requests, offers and matches: the matchmaking part of the contract."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from uprtc.activities.inputs import lookup, number
from uprtc.api import pagination
from uprtc.api.auth import OptionalTokenAuth, TokenAuth
from uprtc.api.params import Id, Int
from uprtc.api.schemas import OfferList, OfferOut, RequestList, RequestOut
from uprtc.core.errors import DomainError, NotAllowed
from uprtc.countries.models import Country
from uprtc.matching import services
from uprtc.matching.models import (
    AssistanceRequest,
    Match,
    Offer,
    PlanRun,
    Posting,
    Visibility,
    VisibleQuerySet,
)
from uprtc.matching.serialize import (
    OFFER_PREFETCH,
    REQUEST_PREFETCH,
    offer_dict,
    request_dict,
)
from uprtc.matching.suggestions import for_recommendation, for_request
from uprtc.recommendations.models import Recommendation
from uprtc.taxonomies.models import SdgGoal, Theme

router = Router(tags=["matchmaking"])


class RequestIn(Schema):
    need: str = Field(min_length=1)
    languages: list[str] = Field(min_length=1, description="ISO 639-1")
    recommendations: list[Int] = []
    themes: list[str] = []
    sdg_goals: list[Int] = []
    modalities: list[str] = []
    visibility: str = "public"
    start_date: Any = None
    end_date: Any = None
    budget_situation: str = "unfunded"


class OfferIn(Schema):
    expertise: str = Field(min_length=1)
    languages: list[str] = Field(min_length=1, description="ISO 639-1")
    countries: list[str] = Field([], description="ISO3; none and no regions: anywhere")
    regions: list[str] = Field([], description="M49 region or sub-region codes")
    capacity: Int = 1
    themes: list[str] = []
    sdg_goals: list[Int] = []
    modalities: list[str] = []
    visibility: str = "public"
    funding_available: bool = False
    organization_id: Int | None = None
    valid_from: Any = None
    valid_to: Any = None


class RespondIn(Schema):
    decision: str = Field(description="interested | accept | decline")
    reason: str = ""


def _visibility(value: str) -> str:
    if value not in Visibility.values:
        raise DomainError(
            f"visibility is one of {', '.join(Visibility.values)}", field="visibility"
        )
    return value


def _labels(payload: RequestIn | OfferIn) -> dict[str, list[Any]]:
    return {
        "themes": lookup(Theme, "slug", payload.themes, "themes"),
        "sdg_goals": lookup(SdgGoal, "number", payload.sdg_goals, "sdg_goals", number),
    }


# what a list and a record read along with each object, and how it is written
READS: dict[type[Posting], tuple[tuple[str, ...], tuple[str, ...], Callable]] = {
    AssistanceRequest: (("state", "organization"), REQUEST_PREFETCH, request_dict),
    Offer: (("organization",), OFFER_PREFETCH, offer_dict),
}


def _visible(model: type[Posting], auth: Any) -> VisibleQuerySet:
    return model.objects.visible_to(auth).select_related(*READS[model][0])


def _listed(
    request: HttpRequest,
    model: type[Posting],
    params: dict[str, Any],
    cursor: str | None,
    limit: int,
) -> dict[str, Any]:
    _related, prefetch, write = READS[model]
    qs = _visible(model, request.auth).filtered(params)
    return pagination.page(
        request, qs, write, cursor=cursor, limit=limit, prefetch=prefetch
    )


def _record(request: HttpRequest, model: type[Posting], pk: int) -> dict[str, Any]:
    _related, prefetch, write = READS[model]
    qs = _visible(model, request.auth).prefetch_related(*prefetch)
    return write(get_object_or_404(qs, pk=pk))


def _matches_of(
    request: HttpRequest, model: type[Posting], pk: int, other: str
) -> dict[str, Any]:
    """The matches the caller sees of a request or offer the caller sees."""
    obj = get_object_or_404(model.objects.visible_to(request.auth), pk=pk)
    matches = list(
        Match.objects.visible_to(request.auth)
        .filter(**{model.KIND: obj})
        .order_by("-score")
    )
    return {"count": len(matches), "items": _items(matches, other), "next": None}


@router.post("/requests", response={201: dict}, auth=TokenAuth())
def post_request(request: HttpRequest, payload: RequestIn) -> Status[dict[str, Any]]:
    values = payload.dict(exclude={"recommendations", "themes", "sdg_goals"})
    values["visibility"] = _visibility(payload.visibility)
    m2m = {
        "recommendations": lookup(
            Recommendation, "pk", payload.recommendations, "recommendations", number
        ),
        **_labels(payload),
    }
    req = services.create_request(request.auth, values, m2m)
    matches = Match.objects.visible_to(request.auth).filter(request=req).count()
    return Status(
        201,
        {
            "id": req.pk,
            "state": req.state.iso3,
            "status": req.status,
            "matches": matches,
        },
    )


@router.post("/offers", response={201: dict}, auth=TokenAuth())
def post_offer(request: HttpRequest, payload: OfferIn) -> Status[dict[str, Any]]:
    user = request.auth
    orgs = [
        m.organization
        for m in user.approved_memberships().select_related("organization")
    ]
    if payload.organization_id:
        orgs = [o for o in orgs if o.pk == payload.organization_id]
    if not orgs:
        raise NotAllowed("You are not an approved member of an organization.")
    values = payload.dict(
        exclude={"countries", "themes", "sdg_goals", "organization_id"}
    )
    values["visibility"] = _visibility(payload.visibility)
    m2m = {
        "countries": lookup(
            Country, "iso3", [c.upper() for c in payload.countries], "countries"
        ),
        **_labels(payload),
    }
    offer = services.create_offer(user, orgs[0], values, m2m)
    return Status(
        201,
        {
            "id": offer.pk,
            "organization": offer.organization.public_name,
            "matches": Match.objects.visible_to(user).filter(offer=offer).count(),
        },
    )


def _items(matches: list[Match], other: str) -> list[dict[str, Any]]:
    return [
        {
            "id": m.pk,
            other: getattr(m, f"{other}"),
            "score": round(m.score, 4),
            "status": m.status,
            "in_plan": m.in_plan,
            "explanation": m.explanation,
            "explanation_text": services.explanation_text(m.explanation),
        }
        for m in matches
    ]


@router.get("/requests/{request_id}/matches", auth=OptionalTokenAuth())
def request_matches(request: HttpRequest, request_id: Id) -> dict[str, Any]:
    return _matches_of(request, AssistanceRequest, request_id, "offer_id")


@router.get("/offers/{offer_id}/matches", auth=OptionalTokenAuth())
def offer_matches(request: HttpRequest, offer_id: Id) -> dict[str, Any]:
    return _matches_of(request, Offer, offer_id, "request_id")


@router.post("/matches/{match_id}/respond", auth=TokenAuth())
def respond(request: HttpRequest, match_id: Id, payload: RespondIn) -> dict[str, Any]:
    match = get_object_or_404(Match.objects.visible_to(request.auth), pk=match_id)
    match = services.respond_to_match(
        request.auth, match, payload.decision, payload.reason
    )
    return {"id": match.pk, "status": match.status, "activity_id": match.activity_id}


@router.get("/requests/{request_id}/suggested-providers", auth=OptionalTokenAuth())
def request_providers(request: HttpRequest, request_id: Id) -> dict[str, Any]:
    req = get_object_or_404(
        AssistanceRequest.objects.visible_to(request.auth), pk=request_id
    )
    items = for_request(req)
    return {"count": len(items), "items": items, "next": None}


@router.get("/recommendations/{recommendation_id}/suggested-providers")
def recommendation_providers(
    request: HttpRequest, recommendation_id: Id
) -> dict[str, Any]:
    items = for_recommendation(get_object_or_404(Recommendation, pk=recommendation_id))
    return {"count": len(items), "items": items, "next": None}


class StatusIn(Schema):
    status: str = Field(description="open | matched | in-progress | fulfilled | closed")


class ActiveIn(Schema):
    active: bool


@router.post("/requests/{request_id}/status", auth=TokenAuth())
def request_status(
    request: HttpRequest, request_id: Id, payload: StatusIn
) -> dict[str, Any]:
    req = get_object_or_404(
        AssistanceRequest.objects.visible_to(request.auth), pk=request_id
    )
    req = services.set_request_status(request.auth, req, payload.status)
    return {"id": req.pk, "status": req.status}


@router.post("/offers/{offer_id}/status", auth=TokenAuth())
def offer_status(
    request: HttpRequest, offer_id: Id, payload: ActiveIn
) -> dict[str, Any]:
    offer = get_object_or_404(Offer.objects.visible_to(request.auth), pk=offer_id)
    offer = services.set_offer_active(request.auth, offer, payload.active)
    return {"id": offer.pk, "active": offer.active}


@router.get("/requests", response=RequestList, auth=OptionalTokenAuth())
def list_requests(
    request: HttpRequest,
    state: str = "",
    status: str = "",
    theme: str = "",
    sdg_goal: Int | None = None,
    recommendation: Int | None = None,
    cursor: str | None = None,
    limit: Int = pagination.DEFAULT_LIMIT,
) -> dict[str, Any]:
    """Requests for assistance you may see: public ones without a token."""
    params = {
        "state": state,
        "status": status,
        "theme": theme,
        "sdg_goal": sdg_goal,
        "recommendation": recommendation,
    }
    return _listed(request, AssistanceRequest, params, cursor, limit)


@router.get("/requests/{request_id}", response=RequestOut, auth=OptionalTokenAuth())
def get_request(request: HttpRequest, request_id: Id) -> dict[str, Any]:
    return _record(request, AssistanceRequest, request_id)


@router.get("/offers", response=OfferList, auth=OptionalTokenAuth())
def list_offers(
    request: HttpRequest,
    organization: Int | None = None,
    country: str = "",
    theme: str = "",
    sdg_goal: Int | None = None,
    active: bool | None = None,
    cursor: str | None = None,
    limit: Int = pagination.DEFAULT_LIMIT,
) -> dict[str, Any]:
    """Offers you may see; ``country`` keeps those that serve that State
    (named, or anywhere)."""
    params = {
        "organization": organization,
        "serves": country,
        "theme": theme,
        "sdg_goal": sdg_goal,
        "active": active,
    }
    return _listed(request, Offer, params, cursor, limit)


@router.get("/offers/{offer_id}", response=OfferOut, auth=OptionalTokenAuth())
def get_offer(request: HttpRequest, offer_id: Id) -> dict[str, Any]:
    return _record(request, Offer, offer_id)


class PlanIn(Schema):
    k: Int = Field(3, description="proposals per request at most (1-10)")


def _plan_dict(run: PlanRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "status": run.status,
        "k": run.k,
        "proposals": run.proposals,
        "progress": run.progress,
        "attempts": run.attempts,
        "message": run.message,
        "created_at": run.created_at,
        "finished_at": run.finished_at,
    }


@router.post("/plans", response={202: dict}, auth=TokenAuth())
def post_plan(request: HttpRequest, payload: PlanIn) -> Status[dict[str, Any]]:
    """Moderators: compute the coordinated plan (in the background where a
    worker runs; follow it with GET /plans/{id})."""
    return Status(202, _plan_dict(services.request_plan(request.auth, k=payload.k)))


@router.post("/plans/send", auth=TokenAuth())
def post_plan_send(request: HttpRequest) -> dict[str, Any]:
    """Moderators, after review: tell providers and States of the proposals."""
    return {"sent": services.send_plan(request.auth)}


@router.get("/plans/{plan_id}", auth=TokenAuth())
def get_plan(request: HttpRequest, plan_id: Id) -> dict[str, Any]:
    if not request.auth.is_moderator:
        raise NotAllowed(_("Only a moderator runs the coordinated plan."))
    return _plan_dict(get_object_or_404(PlanRun, pk=plan_id))
