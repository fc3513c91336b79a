"""The moderators' IATI upload page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from uprtc.iati.forms import ImportForm
from uprtc.iati.services import import_iati
from uprtc.iati.xml import IatiFileError


@login_required
def import_file(request: HttpRequest) -> HttpResponse:
    if not request.user.is_moderator:
        return render(request, "activities/no_membership.html", status=403)
    form = ImportForm(request.POST or None, request.FILES or None)
    report, error = None, ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = import_iati(
                upload.read(), actor=request.user, file_name=upload.name
            )
        except IatiFileError as exc:
            error = str(exc)
    return render(
        request,
        "iati/import.html",
        {"form": form, "report": report, "error": error},
    )
