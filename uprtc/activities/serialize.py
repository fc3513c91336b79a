"""One activity as plain data: the API, feeds and exports share this shape."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from uprtc.activities.models import Activity
from uprtc.activities.services import activity_url

PREFETCH = (
    "consents__country",
    "participants__organization",
    "themes",
    "sdg_goals",
    "sdg_targets",
    "recommendations",
)


def activity_dict(activity: Activity, viewer: Any = None) -> dict[str, Any]:
    """``viewer``: who asks, for the stage as they may know it."""
    return {
        "id": activity.pk,
        "title": activity.title,
        "description": activity.description,
        "language": activity.language,
        "status": activity.stage_for(viewer),
        "concerned_states": [c.country.iso3 for c in activity.consents.all()],
        "participants": [
            {"name": p.display_name, "role": p.role}
            for p in activity.participants.all()
        ],
        "recommendations": [r.pk for r in activity.recommendations.all()],
        "themes": [t.slug for t in activity.themes.all()],
        "sdg_goals": [g.number for g in activity.sdg_goals.all()],
        "sdg_targets": [t.code for t in activity.sdg_targets.all()],
        "modality": activity.modality,
        "cooperation_type": activity.cooperation_type,
        "implementation_status": activity.implementation_status,
        "start_date": activity.start_date,
        "end_date": activity.end_date,
        "budget": activity.budget,
        "currency": activity.currency,
        "funding_source": activity.funding_source,
        "results": activity.results,
        "lessons": activity.lessons,
        "good_practice": activity.good_practice,
        "links": activity.links,
        "languages": activity.languages,
        "provenance": activity.provenance,
        "iati_identifier": activity.iati_identifier,
        "published_at": activity.published_at,
        "url": settings.SITE_URL + activity_url(activity),
    }
