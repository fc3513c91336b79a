import pytest
from django.core import mail
from django.utils import timezone

from uprtc.core.tasks import enqueue
from uprtc.notifications.models import Notification
from uprtc.notifications.services import send_digests

pytestmark = pytest.mark.django_db


def note(user, subject, read=False):
    return Notification.objects.create(
        recipient=user,
        kind="review-decided",
        subject=subject,
        body="…",
        read_at=timezone.now() if read else None,
    )


def test_each_person_with_unread_notifications_gets_one_summary(
    personas, django_capture_on_commit_callbacks
):
    personas.focal_point.preferred_language = "fr"
    personas.focal_point.save()
    note(personas.submitter, "Activity approved: Training of judges")
    note(personas.submitter, "Activity returned: Prison monitoring")
    note(personas.submitter, "Already seen", read=True)
    note(personas.focal_point, "Consentement demandé : Formation")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests() == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {personas.submitter.email, personas.focal_point.email}
    mine = by_address[personas.submitter.email]
    assert mine.subject == "2 notifications await you"
    assert "Training of judges" in mine.body and "Prison monitoring" in mine.body
    assert "Already seen" not in mine.body and "/en/dashboard/" in mine.body
    assert "/fr/dashboard/" in by_address[personas.focal_point.email].body


def test_a_notification_is_recalled_once(personas, django_capture_on_commit_callbacks):
    note(personas.submitter, "Activity approved: Training of judges")
    with django_capture_on_commit_callbacks(execute=True):
        send_digests()
        assert send_digests() == 0
    assert len(mail.outbox) == 1
    note(personas.submitter, "Activity returned: Prison monitoring")
    with django_capture_on_commit_callbacks(execute=True):
        enqueue("notifications.send_digests")  # as beat asks for it
    assert len(mail.outbox) == 2 and "Training" not in mail.outbox[1].body
