"""Builders of activities in each workflow stage, for tests."""

from __future__ import annotations

from typing import Any

from uprtc.activities import consent, services
from uprtc.activities.models import Activity
from uprtc.activities.services import ActivityData
from uprtc.countries.models import Country

# the least the new-activity form accepts (with an organization and a button)
FORM = {
    "title": "Training of judges",
    "description": "Workshops for judges on the Istanbul Protocol.",
    "language": "en",
    "concerned_states": ["SVN"],
}


def data(
    title: str = "Training of judges on the Istanbul Protocol",
    states: tuple[str, ...] = ("SVN",),
    **scalars: object,
) -> ActivityData:
    return ActivityData(
        title=title,
        description=f"{title}: three workshops for judges and prosecutors.",
        concerned_states=list(Country.objects.filter(iso3__in=states)),
        scalars=dict(scalars),
    )


def draft(p, **kw) -> Activity:
    return services.create_activity(p.submitter, p.cso, data(**kw))


def submitted(p, **kw) -> Activity:
    return services.submit_activity(p.submitter, draft(p, **kw))


def approved(p, **kw) -> Activity:
    return services.approve_submission(p.reviewer, submitted(p, **kw))


def published(p, **kw) -> Activity:
    activity = approved(p, **kw)
    consent.grant_consent(p.focal_point, activity, Country.objects.get(iso3="SVN"))
    return Activity.objects.get(pk=activity.pk)


# how each relation of an activity is compared across an export and a re-import
# (by natural key, never by the database id of the copy)
RELATIONS = {
    "concerned_states": lambda a: sorted(c.country.iso3 for c in a.consents.all()),
    "themes": lambda a: sorted(t.slug for t in a.themes.all()),
    "sdg_goals": lambda a: sorted(g.number for g in a.sdg_goals.all()),
    "sdg_targets": lambda a: sorted(t.code for t in a.sdg_targets.all()),
    "recommendations": lambda a: sorted(r.pk for r in a.recommendations.all()),
    "participants": lambda a: sorted(
        (p.display_name, p.role) for p in a.participants.all()
    ),
}


def carried(activity: Activity, fields: str) -> dict[str, Any]:
    """The named fields (space-separated) of ``activity``, comparable."""
    return {
        name: RELATIONS[name](activity)
        if name in RELATIONS
        else getattr(activity, name)
        for name in fields.split()
    }
