"""Pages of onboarding: thin, the rules are in ``uprtc.actors.onboarding``."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uprtc.actors import onboarding
from uprtc.actors.forms import AnonymityForm, JoinForm, RegisterForm, VetForm
from uprtc.actors.models import Organization, OrgType
from uprtc.actors.signed_in import SignedInRequest
from uprtc.core.errors import DomainError, NotAllowed
from uprtc.core.http import posted
from uprtc.core.permissions import moderator_required


def _fail(request: HttpRequest, form: object, exc: DomainError) -> None:
    fields = getattr(form, "fields", {})
    if exc.field in fields:
        form.add_error(exc.field, exc.message)  # type: ignore[attr-defined]
    else:
        messages.error(request, exc.message)


@login_required
def start(request: SignedInRequest) -> HttpResponse:
    """Where a person with no role begins, and their requests waiting."""
    user = request.user
    return render(
        request,
        "actors/onboarding.html",
        {
            "pending": onboarding.pending_requests(user),
            "memberships": user.approved_memberships().select_related(
                "organization__country"
            ),
            "verified": onboarding.has_verified_email(user),
            "limit": settings.ONBOARDING_MAX_PENDING_REQUESTS,
            "to_decide": onboarding.memberships_to_decide(user).exists(),
        },
    )


@login_required
def join(request: SignedInRequest) -> HttpResponse:
    user = request.user
    q = request.GET.get("q", "").strip()[:100]
    orgs = onboarding.joinable_organizations(user)
    if q:
        # by name only where the name may be read (never an anonymous CSO's)
        orgs = orgs.filter(name__icontains=q)
    form = JoinForm(posted(request), organizations=orgs.order_by("name"))
    if request.method == "POST" and form.is_valid():
        try:
            onboarding.request_to_join(
                user,
                form.cleaned_data["organization"],
                form.cleaned_data["role"],
            )
        except DomainError as exc:
            _fail(request, form, exc)
        else:
            messages.success(
                request,
                _("Your request is sent. The organization's administrators decide."),
            )
            return redirect("actors-onboarding")
    return render(request, "actors/join.html", {"form": form, "q": q})


@login_required
def register(request: SignedInRequest) -> HttpResponse:
    form = RegisterForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            onboarding.register_organization(request.user, **data)
        except DomainError as exc:
            _fail(request, form, exc)
        else:
            messages.success(
                request,
                _(
                    "Your organization is registered. A moderator will vet it; "
                    "we will tell you by e-mail."
                ),
            )
            return redirect("actors-onboarding")
    return render(request, "actors/register.html", {"form": form})


@login_required
def memberships(request: SignedInRequest) -> HttpResponse:
    """Join requests the person may decide (administrators, moderators)."""
    rows = onboarding.memberships_to_decide(request.user).order_by("created_at")
    return render(request, "actors/memberships.html", {"rows": rows[:200]})


@login_required
@require_POST
def decide(request: SignedInRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        onboarding.memberships_to_decide(request.user),
        pk=pk,
    )
    approve = request.POST.get("decision") == "approve"
    try:
        onboarding.decide_join_request(request.user, membership, approve=approve)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Approved.") if approve else _("Rejected."))
    return redirect("actors-memberships")


@moderator_required
def vetting(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "actors/vetting.html",
        {"rows": onboarding.vetting_queue()[:200], "form": VetForm()},
    )


@moderator_required
@require_POST
def vet(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(Organization, pk=pk)
    form = VetForm(request.POST)
    approve = request.POST.get("decision") == "approve"
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        onboarding.vet_organization(request.user, org, approve=approve, reason=reason)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, f"{org.name}: {exc.message}")
    else:
        messages.success(
            request,
            (_("%(org)s is vetted.") if approve else _("%(org)s is rejected."))
            % {"org": org.name},
        )
    return redirect("actors-vetting")


@login_required
def anonymity(request: SignedInRequest, pk: int) -> HttpResponse:
    """How the organization is shown publicly: its administrator or a moderator."""
    org = get_object_or_404(Organization, pk=pk, org_type=OrgType.CSO)
    if not onboarding.can_set_anonymity(request.user, org):
        raise PermissionDenied
    form = AnonymityForm(
        posted(request), initial={"public_anonymous": org.public_anonymous}
    )
    if request.method == "POST" and form.is_valid():
        value = form.cleaned_data["public_anonymous"]
        try:
            onboarding.set_public_anonymous(request.user, org, value)
        except (DomainError, NotAllowed) as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved: public pages now show it this way."))
            return redirect("organizations-detail", org.pk)
    return render(request, "actors/anonymity.html", {"org": org, "form": form})
