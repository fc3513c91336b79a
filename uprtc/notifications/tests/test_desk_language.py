"""A notification is e-mailed once, in the recipient's language, but the desk
shows it in the language the desk is read in (issue 20, item 8)."""

import re

import pytest
from django.core import mail
from django.utils import translation

from uprtc.activities import services as activity_services
from uprtc.activities.choices import Review
from uprtc.activities.models import Activity
from uprtc.activities.tests import builders
from uprtc.notifications import params

pytestmark = pytest.mark.django_db


def notes_on_desk(client, user, language):
    client.force_login(user)
    html = client.get(f"/{language}/dashboard/").content.decode()
    return re.findall(r'<tr(?: class="unread")?><td class="num">.*?</tr>', html)


def zh(text):
    with translation.override("zh-hans"):
        return str(translation.gettext(text))


def test_the_chinese_desk_shows_an_english_notification_in_chinese(
    client, personas, settings
):
    personas.submitter.preferred_language = "en"
    personas.submitter.save(update_fields=["preferred_language"])
    activity = builders.submitted(personas, title="Training of Slovenian judges")
    activity_services.approve_submission(personas.reviewer, activity)
    note = personas.submitter.notifications.get(kind="review-decided")
    assert note.subject == "Approved: Training of Slovenian judges"  # as e-mailed

    rows = notes_on_desk(client, personas.submitter, "zh-hans")
    row = next(r for r in rows if "Training of Slovenian judges" in r)
    approved = zh("Approved")
    assert approved != "Approved" and approved in row
    assert "Approved:" not in row
    # the link follows the desk's language too
    assert f'href="/zh-hans/activities/{activity.pk}/' in row
    # and the English desk still reads English
    row_en = next(
        r
        for r in notes_on_desk(client, personas.submitter, "en")
        if "Training of Slovenian judges" in r
    )
    assert "Approved: Training of Slovenian judges" in row_en


def test_a_renamed_activity_shows_its_current_title(client, personas):
    activity = builders.submitted(personas, title="First title")
    activity_services.approve_submission(personas.reviewer, activity)
    Activity.objects.filter(pk=activity.pk).update(title="Second title")
    rows = notes_on_desk(client, personas.submitter, "fr")
    assert any("Second title" in r for r in rows)


def test_a_notification_whose_object_is_gone_keeps_its_words(client, personas):
    activity = builders.submitted(personas, title="Soon gone")
    activity_services.approve_submission(personas.reviewer, activity)
    note = personas.submitter.notifications.get(kind="review-decided")
    note.params = {
        **note.params,
        "activity": {"$model": "activities.activity", "pk": 0},
    }
    note.save(update_fields=["params"])
    rows = notes_on_desk(client, personas.submitter, "ar")
    assert any(note.subject in r for r in rows)


def test_labels_are_kept_as_source_text_and_objects_by_reference(personas):
    with translation.override("fr"):
        kept = params.encode(
            {"label": Review("approved").label, "org": personas.cso, "n": 3}
        )
    assert kept["label"] == {"$lazy": "gettext", "args": ["Approved"]}
    assert kept["org"] == {
        "$model": personas.cso._meta.label_lower,
        "pk": personas.cso.pk,
    }
    [back] = params.decode_many([kept])
    with translation.override("es"):
        assert str(back["label"]) == translation.gettext("Approved") != "Approved"
    assert back["org"] == personas.cso and back["n"] == 3


def test_the_email_still_goes_out_in_the_recipients_language(personas, settings):
    personas.submitter.preferred_language = "fr"
    personas.submitter.save(update_fields=["preferred_language"])
    activity = builders.submitted(personas, title="Formation des juges")
    mail.outbox.clear()
    activity_services.approve_submission(personas.reviewer, activity)
    note = personas.submitter.notifications.get(kind="review-decided")
    with translation.override("fr"):
        assert note.subject.startswith(translation.gettext("Approved"))
