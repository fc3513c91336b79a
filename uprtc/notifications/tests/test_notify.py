import pytest
from django.core import mail

from uprtc.activities.tests import builders
from uprtc.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_focal_points_are_told_in_their_language(
    personas, django_capture_on_commit_callbacks
):
    personas.focal_point.preferred_language = "fr"
    personas.focal_point.save()
    with django_capture_on_commit_callbacks(execute=True):
        activity = builders.approved(personas, title="Formation & suivi")
    note = Notification.objects.get(recipient=personas.focal_point)
    assert note.subject.startswith("Consentement demandé")
    assert "Formation & suivi" in note.subject  # plain text, not HTML-escaped
    assert note.url.endswith(f"/activities/{activity.pk}/")
    sent = [m for m in mail.outbox if personas.focal_point.email in m.to]
    assert len(sent) == 1 and sent[0].subject == note.subject


def test_nothing_is_sent_when_the_change_fails(
    personas, django_capture_on_commit_callbacks
):
    from uprtc.activities import services
    from uprtc.core.errors import DomainError

    activity = builders.submitted(personas)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError):
        services.return_submission(personas.reviewer, activity, "")
    assert not Notification.objects.filter(kind="review-decided").exists()
