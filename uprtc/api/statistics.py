"""Statistics over public data only (published activities, public requests
and offers); see ``uprtc.activities.statistics``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router

from uprtc.activities.statistics import activity_statistics, public_activities
from uprtc.api.auth import OptionalTokenAuth
from uprtc.countries.models import Country
from uprtc.statistics.figures import matchmaking

router = Router(tags=["statistics"])


@router.get("/statistics", auth=OptionalTokenAuth())
def statistics(
    request: HttpRequest,
    state: str = "",
    published_from: dt.date | None = None,
    published_to: dt.date | None = None,
) -> dict[str, Any]:
    """Counts of published activities by State, region, UN regional group,
    theme, SDG goal, actor type, modality, cooperation type, funding source,
    status and year, and of public requests, offers and accepted matches."""
    country = get_object_or_404(Country, iso3=state.upper()) if state else None
    qs = public_activities(since=published_from, until=published_to, state=country)
    return {
        "filters": {
            "state": country.iso3 if country else None,
            "published_from": published_from,
            "published_to": published_to,
        },
        **activity_statistics(qs),
        "matchmaking": matchmaking(country),
    }
