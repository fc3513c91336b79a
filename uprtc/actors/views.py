from __future__ import annotations

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uprtc.activities.models import Activity
from uprtc.actors import enrolment
from uprtc.actors.mfa import enrolment_opened, mark_enrolment_opened, needs_enrolment
from uprtc.actors.models import ApiToken, Organization, User
from uprtc.actors.services import revoke_api_token, token_scope, tokens_of
from uprtc.actors.signed_in import SignedInRequest
from uprtc.core.errors import DomainError
from uprtc.matching.models import Offer


def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # a CSO is named only once it appears in something public (or to its own
    # members and moderators): OrganizationQuerySet.visible_to
    org = get_object_or_404(
        Organization.objects.visible_to(request.user).select_related("country"),
        pk=pk,
    )
    activities = (
        Activity.objects.public()
        .filter(participants__organization=org)
        .distinct()
        .prefetch_related("consents__country", "themes", "sdg_goals")
        .order_by("-published_at")[:100]
    )
    offers = (
        Offer.objects.visible_to(request.user)
        .filter(organization=org, active=True)
        .order_by("-pk")[:100]
    )
    return render(
        request,
        "actors/organization.html",
        {"org": org, "activities": activities, "offers": offers},
    )


def _token_of(user: User, pk: int) -> ApiToken:
    """The one access check for a token: its owner's, else 404."""
    return get_object_or_404(ApiToken, pk=pk, user=user)


@login_required
def tokens(request: SignedInRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "actors/tokens.html",
        {"rows": tokens_of(user), "scope": token_scope(user)},
    )


@login_required
@require_POST
def revoke_token(request: SignedInRequest, pk: int) -> HttpResponse:
    record = _token_of(request.user, pk)
    revoke_api_token(record, actor=request.user)
    messages.success(
        request,
        _("The token %(prefix)s… is revoked: it no longer works.")
        % {"prefix": record.prefix},
    )
    return redirect("actors-tokens")


@login_required
def enrolment_page(request: SignedInRequest) -> HttpResponse:
    """ "We e-mailed you a link": where a person who owes a second factor waits."""
    user = request.user
    if not needs_enrolment(user):
        return redirect("dashboard")
    if enrolment_opened(request):
        return redirect("mfa_activate_totp")
    link = enrolment.current_link(user)
    valid_until = link.sent_at + enrolment.link_max_age() if link else None
    return render(
        request, "actors/enrolment.html", {"link": link, "valid_until": valid_until}
    )


@login_required
@require_POST
def enrolment_send(request: SignedInRequest) -> HttpResponse:
    user = request.user
    if not needs_enrolment(user):
        return redirect("dashboard")
    try:
        enrolment.request_enrolment_link(user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("We sent a new link to %(email)s.") % {"email": user.email}
        )
    return redirect("actors-enrolment")


def enrol(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed link. It works in a session signed in as the person it
    was sent to; signed out, it leads to the sign-in page and back here."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if is_mfa_enabled(user):
        messages.info(request, _("Your second factor is already set up."))
        return redirect("dashboard")
    try:
        enrolment.open_enrolment_link(user, token)
    except enrolment.EnrolmentLinkError as exc:
        status = {"invalid": 400, "other-user": 403}.get(exc.reason, 410)
        return render(
            request,
            "actors/enrolment_error.html",
            {"message": exc.message, "may_resend": exc.reason != "other-user"},
            status=status,
        )
    mark_enrolment_opened(request)
    return redirect("mfa_activate_totp")
