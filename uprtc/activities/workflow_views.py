"""The POST endpoints of the workflow buttons: authorise, call the service,
report the outcome, go back to the activity."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
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

Step = Callable[..., None]


def button(done: Any) -> Callable[[Step], Callable[..., HttpResponse]]:
    """One workflow button: the step runs on an activity the signed-in user
    may see (else 404) and raises a DomainError to refuse; either way the
    user is sent back to the activity with what happened (``done`` or the
    refusal's message)."""

    def wrap(step: Step) -> Callable[..., HttpResponse]:
        @login_required
        @require_POST
        @wraps(step)
        def view(request: SignedInRequest, pk: int, **kwargs: Any) -> HttpResponse:
            activity = permissions.get_activity_for_user(request.user, pk)
            try:
                step(request, activity, **kwargs)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, str(done))
            return redirect("activities-detail", pk)

        return view

    return wrap


def _decision(form: Any) -> dict[str, Any]:
    if not form.is_valid():
        raise DomainError(_("Choose a decision."))
    return dict(form.cleaned_data)


@button(gettext_lazy("Submitted. The moderators will review it."))
def submit(request: SignedInRequest, activity: Activity) -> None:
    services.submit_activity(request.user, activity)


@button(gettext_lazy("Decision recorded."))
def review(request: SignedInRequest, activity: Activity) -> None:
    data = _decision(ReviewForm(request.POST))
    REVIEW[data["decision"]](request.user, activity, data["comment"])


@button(gettext_lazy("Consent decision recorded."))
def consent(request: SignedInRequest, activity: Activity) -> None:
    data = _decision(ConsentForm(request.POST, request.FILES))
    country = Country.objects.filter(iso3=data["state"]).first()
    if country is None:
        raise DomainError(_("Unknown State."))
    consent_services.decide_consent(
        request.user,
        activity,
        country,
        data["decision"],
        evidence=data["evidence"],
        evidence_note=data["evidence_note"],
        comment=data["comment"],
    )


@button(gettext_lazy("Merged."))
def merge(request: SignedInRequest, keep: Activity) -> None:
    form = MergeForm(request.POST)
    duplicate = None
    if form.is_valid():
        duplicate = Activity.objects.filter(pk=form.cleaned_data["duplicate"]).first()
    if duplicate is None:
        raise DomainError(_("No such activity."))
    services.merge_activities(request.user, keep, duplicate)


@button(gettext_lazy("Decision recorded."))
def revision(request: SignedInRequest, activity: Activity, rid: int) -> None:
    change = ActivityRevision.objects.filter(
        pk=rid, activity=activity, status=RevisionStatus.PENDING
    ).first()
    decision, comment = request.POST.get("decision"), request.POST.get("comment", "")
    if change is None:
        raise DomainError(_("This change is no longer awaiting review."))
    if decision == "approve":
        revisions.approve_revision(request.user, change, comment)
    elif decision == "reject":
        revisions.reject_revision(request.user, change, comment)
    else:
        raise DomainError(_("Choose a decision."))
