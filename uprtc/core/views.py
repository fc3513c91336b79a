from __future__ import annotations

from django.db import connection
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from uprtc.countries.models import Country
from uprtc.recommendations.models import Recommendation, Response
from uprtc.taxonomies.models import Theme


def home(request: HttpRequest) -> HttpResponse:
    counts = Recommendation.objects.aggregate(
        total=Count("id"),
        supported=Count("id", filter=Q(response=Response.SUPPORTED)),
        states=Count("state_under_review", distinct=True),
    )
    context = {
        "counts": counts,
        "country_count": Country.objects.states().count(),
        "theme_count": Theme.objects.count(),
    }
    return render(request, "core/home.html", context)


def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok", "database": "ok"})
    except Exception as exc:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": str(exc)}, status=503)
