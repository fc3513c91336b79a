"""The Atom feed of newly published activities, read as a feed reader would."""

import xml.etree.ElementTree as ET

import pytest

from uprtc.activities.models import Activity
from uprtc.activities.tests import builders

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
# plain text as people type it: markup characters, an entity-like word, a newline
TITLE = "Judges & prosecutors <b>not bold</b>"
DESCRIPTION = "Workshops on <script>alert(1)</script> &amp; more\nSecond line"


def entries(client):
    response = client.get("/feeds/activities.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def test_it_declares_plain_text_as_text_and_keeps_it_verbatim(client, personas):
    activity = builders.published(personas, title=TITLE)
    Activity.objects.filter(pk=activity.pk).update(description=DESCRIPTION)
    (entry,) = entries(client)
    title = entry.find(f"{ATOM}title")
    summary = entry.find(f"{ATOM}summary")
    # Atom's default type is "text"; "html" would make readers run the markup
    assert title.get("type", "text") == "text" and title.text == TITLE
    assert summary.get("type") == "text"
    assert summary.text == DESCRIPTION


def test_the_summary_is_cut_at_1000_characters(client, personas):
    activity = builders.published(personas)
    Activity.objects.filter(pk=activity.pk).update(description="x" * 1500)
    (entry,) = entries(client)
    assert entry.find(f"{ATOM}summary").text == "x" * 1000


def test_only_published_activities_are_in_the_feed(client, personas):
    builders.published(personas, title="Published workshop")
    builders.approved(personas, title="Awaiting consent")
    titles = [e.find(f"{ATOM}title").text for e in entries(client)]
    assert titles == ["Published workshop"]
