"""A small world dated in 2024 and 2025, and the 2025 report period."""

import datetime as dt

import pytest
import time_machine

from uprtc.activities import consent, revisions, services
from uprtc.activities.choices import OrgRole
from uprtc.activities.models import Activity
from uprtc.activities.services import ActivityData
from uprtc.countries.models import Country
from uprtc.search import memindex
from uprtc.taxonomies.models import SdgGoal, Theme

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


@pytest.fixture(autouse=True)
def fresh_memory_index():
    memindex.reset()
    yield
    memindex.reset()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def payload(p, title, states=("SVN",), theme=0, goal=16, **scalars):
    return ActivityData(
        title=title,
        description=f"{title}: workshops and advice.",
        concerned_states=list(Country.objects.filter(iso3__in=states)),
        scalars={"modality": "training", "cooperation_type": "bilateral", **scalars},
        m2m={
            "themes": list(Theme.objects.order_by("slug")[theme : theme + 1]),
            "sdg_goals": list(SdgGoal.objects.filter(number=goal)),
        },
        participants=[{"organization": p.cso, "role": OrgRole.IMPLEMENTER}],
    )


def approved(p, title, **kw):
    activity = services.create_activity(p.submitter, p.cso, payload(p, title, **kw))
    activity = services.submit_activity(p.submitter, activity)
    return services.approve_submission(p.reviewer, activity)


def grant_all(p, activity):
    deciders = {"SVN": p.focal_point, "FRA": p.other_state}
    for c in activity.consents.select_related("country"):
        consent.grant_consent(deciders[c.country.iso3], activity, c.country)
    return Activity.objects.get(pk=activity.pk)


def published(p, title, **kw):
    return grant_all(p, approved(p, title, **kw))


@pytest.fixture
def world(personas):
    """Published in 2024 then edited in 2025 (updated), three published in
    2025 (new), one published in 2026 (after the period)."""
    p = personas
    with time_machine.travel(dt.datetime(2024, 5, 2, 10, tzinfo=dt.UTC), tick=False):
        old = published(p, "Prison monitoring handbook", theme=1, goal=5)
    with time_machine.travel(dt.datetime(2025, 2, 3, 10, tzinfo=dt.UTC), tick=False):
        services.update_activity(
            p.submitter, old, payload(p, "Prison monitoring handbook, 2nd edition")
        )
        # the change reaches the public once a moderator approves it
        revisions.approve_revision(p.reviewer, old.revisions.get())
        published(
            p,
            "Training of judges on the Istanbul Protocol",
            states=("SVN", "FRA"),
            funding_source="vf-upr-implementation",
            good_practice=True,
        )
    with time_machine.travel(dt.datetime(2025, 6, 9, 10, tzinfo=dt.UTC), tick=False):
        published(
            p,
            "Legislative review of the press law",
            theme=2,
            goal=10,
            modality="legislative-review",
            funding_source="bilateral",
        )
        published(p, "Peer exchange on NHRI accreditation", states=("FRA",), goal=10)
    with time_machine.travel(dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC), tick=False):
        published(p, "Next year's seminar")
    return p
