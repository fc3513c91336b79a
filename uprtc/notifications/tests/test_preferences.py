"""Each person chooses, per kind, an e-mail at once, a daily digest or none,
and every e-mail carries a link that stops it."""

import re

import pytest
from django.core import mail
from django.test import Client

from uprtc.activities.tests import builders
from uprtc.notifications.models import Delivery, Notification, Preference
from uprtc.notifications.services import (
    preferences_of,
    send_digests,
    set_preferences,
    unsubscribe_token,
)

pytestmark = pytest.mark.django_db


def choose(client, user, **choices):
    client.force_login(user)
    data = {kind.replace("_", "-"): value for kind, value in choices.items()}
    response = client.post("/en/notifications/preferences/", data, follow=True)
    assert response.status_code == 200
    assert "Your e-mail choices are saved." in response.content.decode()
    return response


def unsubscribe_path(message):
    return re.search(r"/[a-z-]+/notifications/unsubscribe/[^/\s]+/", message.body)[0]


def test_a_kind_switched_to_daily_sends_no_mail_at_once_and_one_digest_in_french(
    client, personas, django_capture_on_commit_callbacks
):
    focal_point = personas.focal_point
    focal_point.preferred_language = "fr"
    focal_point.save()
    choose(client, focal_point, consent_requested="daily")
    with django_capture_on_commit_callbacks(execute=True):
        builders.approved(personas, title="Formation des juges")
    assert not [m for m in mail.outbox if focal_point.email in m.to]
    assert Notification.objects.get(recipient=focal_point).delivery == "daily"

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_digests()
        assert send_digests() == 0  # a second run the same day
    (digest,) = [m for m in mail.outbox if focal_point.email in m.to]
    assert digest.subject == "1 notification vous attend"
    assert "Formation des juges" in digest.body
    assert "/fr/activities/" in digest.body and "/fr/dashboard/" in digest.body
    assert "/fr/notifications/unsubscribe/" in digest.extra_headers["List-Unsubscribe"]
    assert Notification.objects.get(recipient=focal_point).emailed_at is not None


def test_a_kind_switched_off_sends_no_mail_at_all_but_stays_on_the_desk(
    client, personas, django_capture_on_commit_callbacks
):
    choose(client, personas.focal_point, consent_requested="off")
    with django_capture_on_commit_callbacks(execute=True):
        builders.approved(personas)
        send_digests()
    assert not [m for m in mail.outbox if personas.focal_point.email in m.to]
    assert Notification.objects.filter(recipient=personas.focal_point).count() == 1


def test_the_other_kinds_keep_their_choice(client, personas):
    choose(client, personas.submitter, review_decided="daily")
    choose(client, personas.submitter, match_updated="off")
    choices = preferences_of(personas.submitter)
    assert choices["review-decided"] == "daily" and choices["match-updated"] == "off"
    assert choices["consent-decided"] == "immediate"


def test_switching_to_daily_moves_a_failed_mail_into_the_digest(personas):
    note = Notification.objects.create(
        recipient=personas.submitter, kind="review-decided", subject="Approved: X"
    )
    set_preferences(personas.submitter, {"review-decided": "daily"})
    note.refresh_from_db()
    assert note.delivery == "daily"


def test_the_preferences_page_in_arabic_reads_right_to_left(client, personas):
    set_preferences(personas.submitter, {"match-updated": "off"})
    client.force_login(personas.submitter)
    html = client.get("/ar/notifications/preferences/").content.decode()
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    assert "<script" not in html and "style=" not in html
    from uprtc.notifications.kinds import KINDS

    assert html.count('type="radio"') == 3 * len(KINDS)
    checked = re.findall(r'name="([a-z-]+)" value="([a-z]+)" checked', html)
    assert len(checked) == len(KINDS)  # one per kind: saved, else immediately
    assert ("match-updated", "off") in checked
    assert ("review-decided", "immediate") in checked


def test_the_preferences_page_needs_a_sign_in(client):
    response = client.get("/en/notifications/preferences/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_preferences_page_refuses_a_post_without_csrf_token(personas):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas.submitter)
    response = browser.post("/en/notifications/preferences/", {"review-decided": "off"})
    assert response.status_code == 403
    assert not Preference.objects.exists()


def test_the_unsubscribe_link_asks_first_and_a_post_switches_the_kind_off(
    client, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        builders.submitted(personas)
    (message,) = mail.outbox
    path = unsubscribe_path(message)
    anonymous = Client()
    page = anonymous.get(path)  # what a link prefetcher does
    assert page.status_code == 200
    assert "New submissions to moderate" in page.content.decode()
    assert preferences_of(personas.reviewer)["submission-received"] == "immediate"

    done = anonymous.post(path, {"scope": "these"})
    assert done.status_code == 200
    choices = preferences_of(personas.reviewer)
    assert choices["submission-received"] == "off"
    assert choices["revision-proposed"] == "immediate"


def test_the_unsubscribe_page_can_stop_every_kind(client, personas):
    token = unsubscribe_token(personas.reviewer, ["submission-received"])
    client.post(f"/en/notifications/unsubscribe/{token}/", {"scope": "all"})
    assert set(preferences_of(personas.reviewer).values()) == {Delivery.OFF}


def test_the_unsubscribe_form_needs_its_csrf_token(personas):
    token = unsubscribe_token(personas.reviewer, ["submission-received"])
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(f"/en/notifications/unsubscribe/{token}/", {})
    assert response.status_code == 403
    assert preferences_of(personas.reviewer)["submission-received"] == "immediate"


def test_a_mail_clients_one_click_unsubscribe_needs_no_csrf_token(personas):
    token = unsubscribe_token(personas.reviewer, ["submission-received"])
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        f"/en/notifications/unsubscribe/{token}/",
        {"List-Unsubscribe": "One-Click"},
    )
    assert response.status_code == 200
    assert preferences_of(personas.reviewer)["submission-received"] == "off"


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_unsubscribe_token_is_refused(client, personas, method):
    token = unsubscribe_token(personas.reviewer, ["submission-received"])
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    for bad in (forged, "eyJ1IjoxLCJrIjpbInN1Ym1pc3Npb24tcmVjZWl2ZWQiXX0"):
        response = getattr(client, method)(f"/en/notifications/unsubscribe/{bad}/")
        assert response.status_code == 400
        assert "cannot be used" in response.content.decode()
    assert not Preference.objects.exists()


def test_every_kind_of_notification_can_be_chosen_on_the_page():
    from pathlib import Path

    from django.conf import settings

    from uprtc.notifications.kinds import KINDS

    folder = Path(settings.BASE_DIR, "uprtc", "templates", "notifications")
    written = {
        p.name.removesuffix(".subject.txt") for p in folder.glob("*.subject.txt")
    }
    assert written - {"digest"} == set(KINDS)
