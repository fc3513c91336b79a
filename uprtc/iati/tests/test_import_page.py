import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from uprtc.activities.models import Activity
from uprtc.iati.tests.test_import_iati import FOODSECURITY

pytestmark = pytest.mark.django_db
URL = "/en/iati/import/"


def upload(name="activities.xml", data=None, strict=False):
    form = {"file": SimpleUploadedFile(name, data or FOODSECURITY.read_bytes())}
    return {**form, "strict": "on"} if strict else form


def test_it_is_refused_to_anyone_but_a_moderator(client, personas):
    assert client.get(URL).status_code == 302  # to the sign-in page
    for person in (personas.submitter, personas.focal_point, personas.outsider):
        client.force_login(person)
        assert client.get(URL).status_code == 403
        assert client.post(URL, upload()).status_code == 403
    assert not Activity.objects.exists()


def test_a_moderator_imports_a_file_and_sees_the_report(client, personas):
    client.force_login(personas.reviewer)
    page = client.get(URL)
    assert page.status_code == 200 and b"csrfmiddlewaretoken" in page.content
    response = client.post(URL, upload(strict=True))
    body = response.content.decode()
    assert response.status_code == 200
    assert "7 activities read: 4 new drafts" in body
    assert "no recipient country" in body
    assert Activity.objects.count() == 4


def test_by_default_regional_activities_become_drafts_awaiting_states(client, personas):
    client.force_login(personas.reviewer)
    body = client.post(URL, upload()).content.decode()
    assert "7 activities read: 7 new drafts" in body
    assert "3 await their concerned States" in body
    assert Activity.objects.count() == 7
    assert not Activity.objects.public().exists()


def test_a_broken_file_is_reported_and_nothing_written(client, personas):
    client.force_login(personas.reviewer)
    response = client.post(URL, upload(data=b"<iati-activities>\n<oops"))
    assert "Nothing was imported" in response.content.decode()
    assert "line 2" in response.content.decode()
    assert not Activity.objects.exists()


def test_a_file_over_the_limit_is_refused(client, personas, settings):
    client.force_login(personas.reviewer)
    settings.UPLOAD_MAX_XML = 100
    response = client.post(URL, upload())
    assert "larger than" in response.content.decode()
    assert not Activity.objects.exists()
