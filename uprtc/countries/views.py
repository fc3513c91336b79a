from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from uprtc.activities.models import Activity
from uprtc.core.i18n import localized_field
from uprtc.countries.models import Country, RegionalGroup
from uprtc.recommendations.models import Recommendation, Response
from uprtc.taxonomies.models import Theme


def country_list(request: HttpRequest) -> HttpResponse:
    countries = (
        Country.objects.states()
        .select_related("region")
        .annotate(received=Count("recommendations_received"))
        .order_by(localized_field("name"))
    )
    group = request.GET.get("group", "")
    if group in RegionalGroup.values:
        countries = countries.filter(regional_group=group)
    return render(
        request,
        "countries/list.html",
        {
            "countries": countries,
            "groups": RegionalGroup.choices,
            "group": group,
        },
    )


def country_detail(request: HttpRequest, iso3: str) -> HttpResponse:
    country = get_object_or_404(
        Country.objects.select_related("region", "subregion"), iso3=iso3.upper()
    )
    received = Recommendation.objects.filter(state_under_review=country)
    by_cycle = (
        received.values("cycle")
        .annotate(
            total=Count("id"),
            supported=Count("id", filter=Q(response=Response.SUPPORTED)),
            noted=Count("id", filter=Q(response=Response.NOTED)),
        )
        .order_by("-cycle")
    )
    themes = (
        Theme.objects.filter(recommendations__state_under_review=country)
        .annotate(n=Count("recommendations"))
        .order_by("-n", "name_en")[:15]
    )
    return render(
        request,
        "countries/detail.html",
        {
            "country": country,
            "by_cycle": by_cycle,
            "themes": themes,
            "made_count": Recommendation.objects.filter(
                recommending_states=country
            ).count(),
            "activities": Activity.objects.public()
            .filter(consents__country=country)
            .order_by("-published_at")[:50],
            "received_count": received.count(),
        },
    )
