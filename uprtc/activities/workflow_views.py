"""The POST endpoints of the workflow buttons: authorise, call the service,
report the outcome, go back to the activity."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uprtc.activities import consent as consent_services
from uprtc.activities import permissions, revisions, services
from uprtc.activities.forms import ConsentForm, MergeForm, ReviewForm
from uprtc.activities.models import Activity, ActivityRevision, RevisionStatus
from uprtc.actors.signed_in import SignedInRequest
from uprtc.core.errors import DomainError
from uprtc.countries.models import Country

REVIEW = {
    "approve": services.approve_submission,
    "return": services.return_submission,
    "reject": services.reject_submission,
}


def _done(
    request: HttpRequest, pk: int, error: DomainError | None, success: str
) -> HttpResponse:
    if error is not None:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("activities-detail", pk)


@login_required
@require_POST
def submit(request: SignedInRequest, pk: int) -> HttpResponse:
    activity = permissions.get_activity_for_user(request.user, pk)
    try:
        services.submit_activity(request.user, activity)
    except DomainError as exc:
        return _done(request, pk, exc, "")
    return _done(request, pk, None, _("Submitted. The moderators will review it."))


@login_required
@require_POST
def review(request: SignedInRequest, pk: int) -> HttpResponse:
    activity = permissions.get_activity_for_user(request.user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _done(request, pk, DomainError(_("Choose a decision.")), "")
    try:
        REVIEW[form.cleaned_data["decision"]](
            request.user, activity, form.cleaned_data["comment"]
        )
    except DomainError as exc:
        return _done(request, pk, exc, "")
    return _done(request, pk, None, _("Decision recorded."))


@login_required
@require_POST
def consent(request: SignedInRequest, pk: int) -> HttpResponse:
    activity = permissions.get_activity_for_user(request.user, pk)
    form = ConsentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _done(request, pk, DomainError(_("Choose a decision.")), "")
    country = Country.objects.filter(iso3=form.cleaned_data["state"]).first()
    try:
        if country is None:
            raise DomainError(_("Unknown State."))
        consent_services.decide_consent(
            request.user,
            activity,
            country,
            form.cleaned_data["decision"],
            evidence=form.cleaned_data["evidence"],
            evidence_note=form.cleaned_data["evidence_note"],
            comment=form.cleaned_data["comment"],
        )
    except DomainError as exc:
        return _done(request, pk, exc, "")
    return _done(request, pk, None, _("Consent decision recorded."))


@login_required
@require_POST
def merge(request: SignedInRequest, pk: int) -> HttpResponse:
    keep = permissions.get_activity_for_user(request.user, pk)
    form = MergeForm(request.POST)
    duplicate = None
    if form.is_valid():
        duplicate = Activity.objects.filter(pk=form.cleaned_data["duplicate"]).first()
    try:
        if duplicate is None:
            raise DomainError(_("No such activity."))
        services.merge_activities(request.user, keep, duplicate)
    except DomainError as exc:
        return _done(request, pk, exc, "")
    return _done(request, pk, None, _("Merged."))


@login_required
@require_POST
def revision(request: SignedInRequest, pk: int, rid: int) -> HttpResponse:
    activity = permissions.get_activity_for_user(request.user, pk)
    change = ActivityRevision.objects.filter(
        pk=rid, activity=activity, status=RevisionStatus.PENDING
    ).first()
    decision, comment = request.POST.get("decision"), request.POST.get("comment", "")
    try:
        if change is None:
            raise DomainError(_("This change is no longer awaiting review."))
        if decision == "approve":
            revisions.approve_revision(request.user, change, comment)
        elif decision == "reject":
            revisions.reject_revision(request.user, change, comment)
        else:
            raise DomainError(_("Choose a decision."))
    except DomainError as exc:
        return _done(request, pk, exc, "")
    return _done(request, pk, None, _("Decision recorded."))
