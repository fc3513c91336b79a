from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uprtc.activities.views import with_suggestions
from uprtc.core.errors import DomainError
from uprtc.core.http import posted
from uprtc.matching import services, suggestions
from uprtc.matching.forms import OfferForm, RequestForm
from uprtc.matching.models import (
    AssistanceRequest,
    Match,
    Offer,
    PlanRun,
    RequestStatus,
)

GOAL_FIELDS = (("themes", "uhri-themes"), ("sdg_goals", "sdg-goals"))


def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "matching/index.html",
        {
            "requests": AssistanceRequest.objects.visible_to(
                request.user
            ).select_related("state")[:50],
            "offers": Offer.objects.visible_to(request.user)
            .filter(active=True)
            .select_related("organization")[:50],
        },
    )


def _matches(matches: list[Match]) -> list[dict]:
    return [
        {"match": m, "why": services.explanation_text(m.explanation)} for m in matches
    ]


def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = get_object_or_404(
        AssistanceRequest.objects.visible_to(request.user).select_related("state"),
        pk=pk,
    )
    user = request.user
    matches = list(
        Match.objects.visible_to(user)
        .filter(request=req)
        .select_related("offer__organization")
        .order_by("-score")
    )
    return render(
        request,
        "matching/request.html",
        {
            "req": req,
            "matches": _matches(matches),
            "is_state": user.is_authenticated
            and user.focal_point_countries().filter(pk=req.state_id).exists(),
            "moves": [
                (s, RequestStatus(s).label)
                for s in services.REQUEST_MOVES.get(req.status, ())
            ],
            "providers": suggestions.for_request(req)
            if not any(m.score >= 0.5 for m in matches)
            else [],
        },
    )


def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(
        Offer.objects.visible_to(request.user).select_related("organization"), pk=pk
    )
    user = request.user
    matches = list(
        Match.objects.visible_to(user)
        .filter(offer=offer)
        .select_related("request__state")
        .order_by("-score")
    )
    return render(
        request,
        "matching/offer.html",
        {
            "offer": offer,
            "matches": _matches(matches),
            "is_provider": user.is_authenticated
            and user.approved_memberships()
            .filter(organization=offer.organization_id)
            .exists(),
        },
    )


@login_required
def request_create(request: HttpRequest) -> HttpResponse:
    state = request.user.focal_point_countries().first()
    if state is None:
        return render(request, "activities/no_membership.html", status=403)
    data = posted(request)
    if data is not None and "suggest" in data:
        data = with_suggestions(data, ("need",), GOAL_FIELDS)
    form = RequestForm(data, state=state)
    if request.method == "POST" and "suggest" not in request.POST and form.is_valid():
        values, m2m = form.split(("recommendations", "themes", "sdg_goals"))
        try:
            req = services.create_request(request.user, values, m2m)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("matching-request", req.pk)
    return render(request, "matching/form.html", {"form": form, "kind": "request"})


@login_required
def offer_create(request: HttpRequest) -> HttpResponse:
    orgs = [
        m.organization
        for m in request.user.approved_memberships().select_related("organization")
    ]
    if not orgs:
        return render(request, "activities/no_membership.html", status=403)
    data = posted(request)
    if data is not None and "suggest" in data:
        data = with_suggestions(data, ("expertise",), GOAL_FIELDS)
    form = OfferForm(data, orgs=orgs)
    if request.method == "POST" and "suggest" not in request.POST and form.is_valid():
        values, m2m = form.split(("countries", "themes", "sdg_goals"))
        org = values.pop("organization")
        values["regions"] = [r.m49 for r in values["regions"]]
        try:
            offer = services.create_offer(request.user, org, values, m2m)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("matching-offer", offer.pk)
    return render(request, "matching/form.html", {"form": form, "kind": "offer"})


@login_required
@require_POST
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    match = get_object_or_404(Match.objects.visible_to(request.user), pk=pk)
    try:
        services.respond_to_match(
            request.user,
            match,
            request.POST.get("decision", ""),
            request.POST.get("reason", ""),
        )
        messages.success(request, _("Recorded."))
    except DomainError as exc:
        messages.error(request, exc.message)
    target = request.POST.get("back") or "request"
    if target == "offer":
        return redirect("matching-offer", match.offer_id)
    return redirect("matching-request", match.request_id)


@login_required
def plan_view(request: HttpRequest) -> HttpResponse:
    if not request.user.is_moderator:
        return render(request, "activities/no_membership.html", status=403)
    if request.method == "POST" and "send" in request.POST:
        sent = services.send_plan(request.user)
        messages.success(request, _("%(n)s proposals sent.") % {"n": sent})
        return redirect("matching-plan")
    if request.method == "POST":
        try:
            run = services.request_plan(request.user, k=int(request.POST.get("k", "3")))
            messages.success(
                request,
                _("Plan %(status)s: %(n)s proposals.")
                % {"status": run.get_status_display(), "n": run.proposals},
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        except ValueError:
            messages.error(request, _("Between 1 and 10 proposals per request."))
        return redirect("matching-plan")
    proposals = (
        Match.objects.filter(in_plan=True)
        .select_related("request__state", "offer__organization")
        .order_by("request__state__name_en", "-score")
    )
    return render(
        request,
        "matching/plan.html",
        {"proposals": proposals, "runs": PlanRun.objects.all()[:5]},
    )


@login_required
@require_POST
def request_status(request: HttpRequest, pk: int) -> HttpResponse:
    req = get_object_or_404(AssistanceRequest.objects.visible_to(request.user), pk=pk)
    try:
        services.set_request_status(request.user, req, request.POST.get("status", ""))
        messages.success(request, _("Recorded."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("matching-request", pk)


@login_required
@require_POST
def offer_active(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer.objects.visible_to(request.user), pk=pk)
    try:
        services.set_offer_active(
            request.user, offer, request.POST.get("active") == "1"
        )
        messages.success(request, _("Recorded."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("matching-offer", pk)
