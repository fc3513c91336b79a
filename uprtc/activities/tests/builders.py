"""Builders of activities in each workflow stage, for tests."""

from __future__ import annotations

from uprtc.activities import consent, services
from uprtc.activities.models import Activity
from uprtc.activities.services import ActivityData
from uprtc.countries.models import Country


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


def draft(p, **kw) -> Activity:  # type: ignore[no-untyped-def]
    return services.create_activity(p.submitter, p.cso, data(**kw))


def submitted(p, **kw) -> Activity:  # type: ignore[no-untyped-def]
    return services.submit_activity(p.submitter, draft(p, **kw))


def approved(p, **kw) -> Activity:  # type: ignore[no-untyped-def]
    return services.approve_submission(p.reviewer, submitted(p, **kw))


def published(p, **kw) -> Activity:  # type: ignore[no-untyped-def]
    activity = approved(p, **kw)
    consent.grant_consent(p.focal_point, activity, Country.objects.get(iso3="SVN"))
    return Activity.objects.get(pk=activity.pk)
