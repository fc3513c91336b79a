"""E-mails leave through the task queue, never from the request, and are
tried again when the mail server fails."""

import logging
import smtplib
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.utils import timezone

from uprtc.activities.tests import builders
from uprtc.core import tasks
from uprtc.core.models import OutboxTask
from uprtc.notifications.models import Notification
from uprtc.notifications.services import MAX_ATTEMPTS, retry_emails, send_email

pytestmark = pytest.mark.django_db


class FailingFirst(LocmemBackend):
    """A mail server that refuses the first ``failures`` messages, then
    delivers to Django's test outbox."""

    failures = 1

    def send_messages(self, messages):
        if FailingFirst.failures > 0:
            FailingFirst.failures -= 1
            raise smtplib.SMTPServerDisconnected("connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def flaky_smtp(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingFirst"
    FailingFirst.failures = 1
    return FailingFirst


def test_the_request_that_notifies_sends_no_mail_itself(
    client, personas, settings, django_capture_on_commit_callbacks
):
    # a deployment with a queue: the task waits in the outbox for a worker
    settings.TASKS_INLINE = False
    settings.CELERY_BROKER_URL = ""
    activity = builders.draft(personas, title="Training of judges")
    client.force_login(personas.submitter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/activities/{activity.pk}/submit/")
    assert response.status_code == 302
    note = Notification.objects.get(recipient=personas.reviewer)
    assert mail.outbox == [] and note.emailed_at is None
    assert OutboxTask.objects.filter(name="notifications.send_email").count() == 1

    assert tasks.run_pending() >= 1  # what a worker or `uprtc run-tasks` does
    assert [m.to for m in mail.outbox] == [[personas.reviewer.email]]
    note.refresh_from_db()
    assert note.emailed_at is not None and note.email_attempts == 1


def test_a_repeated_task_sends_the_mail_once(
    personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        builders.submitted(personas)
    note = Notification.objects.get(recipient=personas.reviewer)
    assert len(mail.outbox) == 1
    assert send_email(note.pk) is False  # the queue delivered the task twice
    assert len(mail.outbox) == 1


def test_a_failing_mail_server_is_tried_again_later_and_then_succeeds(
    personas, flaky_smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        builders.submitted(personas, title="Prison monitoring")
    note = Notification.objects.get(recipient=personas.reviewer)
    assert mail.outbox == [] and note.emailed_at is None
    assert note.email_attempts == 1 and "SMTPServerDisconnected" in note.email_error

    assert retry_emails() == 0  # too early: the first retry waits two minutes
    with time_machine.travel(timezone.now() + timedelta(minutes=3)):
        assert retry_emails() == 1
        assert retry_emails() == 0
    note.refresh_from_db()
    assert note.emailed_at is not None and note.email_attempts == 2
    assert note.email_error == ""
    assert [m.to for m in mail.outbox] == [[personas.reviewer.email]]
    assert "Prison monitoring" in mail.outbox[0].subject


def test_a_mail_that_keeps_failing_is_given_up_with_a_log_line(
    personas, flaky_smtp, caplog, django_capture_on_commit_callbacks
):
    flaky_smtp.failures = 100
    with django_capture_on_commit_callbacks(execute=True):
        builders.submitted(personas)
    note = Notification.objects.get(recipient=personas.reviewer)
    later = timezone.now()
    with caplog.at_level(logging.ERROR, logger="uprtc.notifications.services"):
        for _ in range(MAX_ATTEMPTS + 2):
            later += timedelta(hours=2)
            with time_machine.travel(later):
                retry_emails()
    note.refresh_from_db()
    assert note.email_attempts == MAX_ATTEMPTS and note.emailed_at is None
    assert [r.message for r in caplog.records if "gave up" in r.message]
    assert mail.outbox == []


def test_a_task_that_never_ran_is_taken_up_by_the_sweep(personas, settings):
    # the queue lost the task: nothing ran it, the sweep finds the row
    settings.TASKS_INLINE = False
    settings.CELERY_BROKER_URL = ""
    builders.submitted(personas)
    OutboxTask.objects.all().delete()
    assert retry_emails() == 0  # its task may still be on its way
    out = StringIO()
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        call_command("send-notifications", stdout=out)  # cron, without beat
    assert out.getvalue().startswith("1 ")
    assert [m.to for m in mail.outbox] == [[personas.reviewer.email]]


def test_links_in_the_mail_use_the_site_address_and_the_recipients_language(
    personas, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://upr.example.org"
    personas.reviewer.preferred_language = "es"
    personas.reviewer.save()
    with django_capture_on_commit_callbacks(execute=True):
        activity = builders.submitted(personas)  # the submitter acts in English
    (message,) = mail.outbox
    assert f"https://upr.example.org/es/activities/{activity.pk}/" in message.body
    assert "https://upr.example.org/es/notifications/unsubscribe/" in message.body
    assert "https://upr.example.org/es/notifications/preferences/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<https://upr.example.org/es/notifications/unsubscribe/"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
