from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from uprtc.activities.models import Activity
from uprtc.actors.models import Organization


def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(Organization.objects.select_related("country"), pk=pk)
    activities = (
        Activity.objects.public()
        .filter(participants__organization=org)
        .distinct()
        .prefetch_related("consents__country")
        .order_by("-published_at")[:100]
    )
    return render(
        request, "actors/organization.html", {"org": org, "activities": activities}
    )
