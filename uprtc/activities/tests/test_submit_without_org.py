"""An activity with no submitting organization (as an IATI import may leave
it) cannot be submitted by a moderator on nobody's behalf: a clear refusal,
not a server error (found by the type checker, issue 19)."""

import pytest

from uprtc.activities import services
from uprtc.activities.choices import Review
from uprtc.activities.models import Activity
from uprtc.activities.tests import builders
from uprtc.core.errors import NotAllowed

pytestmark = pytest.mark.django_db


def test_a_moderator_is_refused_submitting_an_activity_of_no_organization(personas):
    activity = builders.draft(personas)
    Activity.objects.filter(pk=activity.pk).update(submitter_org=None)
    with pytest.raises(NotAllowed):
        services.submit_activity(personas.reviewer, activity)
    activity.refresh_from_db()
    assert activity.review == Review.DRAFT
