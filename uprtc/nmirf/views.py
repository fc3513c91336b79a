from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from uprtc.actors.signed_in import SignedInRequest
from uprtc.core.errors import DomainError
from uprtc.core.permissions import Refused
from uprtc.countries.models import Country
from uprtc.nmirf.exports import FORMATS
from uprtc.nmirf.forms import PlanUploadForm
from uprtc.nmirf.services import can_import, import_implementation_plan


def export(request: HttpRequest) -> HttpResponse:
    """The State chooser of the open data page, which works without script."""
    iso3 = request.GET.get("state", "").upper()
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS or not Country.objects.filter(iso3=iso3).exists():
        raise Http404
    return HttpResponseRedirect(f"/api/v1/export/nmirf/{iso3}.{fmt}")


@login_required
def upload(request: SignedInRequest, iso3: str) -> HttpResponse:
    country = get_object_or_404(Country, iso3=iso3.upper())
    if not can_import(request.user, country):
        raise Refused(
            _(
                "Only the focal point of %(state)s or a moderator may import its "
                "implementation plan."
            )
            % {"state": country.name}
        )
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = import_implementation_plan(
                request.user, country, form.cleaned_data["file"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(
        request,
        "nmirf/upload.html",
        {"country": country, "form": form, "report": report},
    )
