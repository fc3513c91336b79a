"""The moderators' IATI upload page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uprtc.activities import permissions
from uprtc.actors.signed_in import SignedInRequest
from uprtc.core.errors import DomainError
from uprtc.core.permissions import moderator_required
from uprtc.countries.models import Country
from uprtc.iati import regional
from uprtc.iati.forms import ImportForm
from uprtc.iati.services import import_iati
from uprtc.iati.xml import IatiFileError


@moderator_required
def import_file(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    report, error = None, ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = import_iati(
                upload.read(),
                actor=request.user,
                file_name=upload.name,
                strict=form.cleaned_data["strict"],
            )
        except IatiFileError as exc:
            error = str(exc)
    return render(
        request,
        "iati/import.html",
        {"form": form, "report": report, "error": error},
    )


@login_required
@require_POST
def choose_states(request: SignedInRequest, pk: int) -> HttpResponse:
    activity = permissions.get_activity_for_user(request.user, pk)
    countries = list(Country.objects.filter(iso3__in=request.POST.getlist("states")))
    try:
        regional.choose_states(request.user, activity, countries)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("States named: their consent is asked once the moderators approve."),
        )
    return redirect("activities-detail", pk)
