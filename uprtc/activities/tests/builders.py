"""Builders of activities in each workflow stage, for tests."""

from __future__ import annotations

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
