from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from uprtc.activities.models import Activity
from uprtc.activities.statistics import breakdowns
from uprtc.core.i18n import localized_field
from uprtc.core.publication import cached
from uprtc.countries.models import Country, Region, RegionalGroup
from uprtc.countries.profile import actions_waiting, country_profile
from uprtc.recommendations.models import Response


def country_list(request: HttpRequest) -> HttpResponse:
    group = request.GET.get("group", "")
    region = request.GET.get("region", "")
    regions = Region.objects.filter(level=Region.Level.REGION).order_by(
        localized_field("name")
    )
    countries = (
        Country.objects.states()
        .select_related("region")
        .annotate(
            received=Count("recommendations_received"),
            accepted=Count(
                "recommendations_received",
                filter=Q(recommendations_received__response=Response.SUPPORTED),
            ),
        )
        .order_by(localized_field("name"))
    )
    if group in RegionalGroup.values:
        countries = countries.filter(regional_group=group)
    if region and any(r.m49 == region for r in regions):
        countries = countries.filter(region__m49=region)
    else:
        region = ""
    # published activities per State, from the statistics' public-only count
    activities = cached("country-activity-counts", _activity_counts)
    rows = [(c, activities.get(c.iso3, 0)) for c in countries]
    return render(
        request,
        "countries/list.html",
        {
            "countries": [c for c, _ in rows],
            "rows": rows,
            "groups": RegionalGroup.choices,
            "group": group,
            "regions": regions,
            "region": region,
        },
    )


def _activity_counts() -> dict[str, int]:
    return breakdowns(Activity.objects.public(), ["by_state"])["by_state"]


def country_detail(request: HttpRequest, iso3: str) -> HttpResponse:
    country = get_object_or_404(
        Country.objects.select_related("region", "subregion"), iso3=iso3.upper()
    )
    # the public blocks are the same for everyone: cached under the
    # publication version; what waits for the focal point is per person
    profile = cached("country-profile", lambda: country_profile(country), country.iso3)
    return render(
        request,
        "countries/detail.html",
        {
            "country": country,
            "profile": profile,
            "waiting": actions_waiting(request.user, country),
        },
    )
