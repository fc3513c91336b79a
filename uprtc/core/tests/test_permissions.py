"""One 403 page: every refused page says, in the reader's language, what role
it takes and who grants roles; only our own words are shown on it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from uprtc.core.permissions import Refused, forbidden, moderator_required

pytestmark = pytest.mark.django_db

WHO_GRANTS = "Roles are granted by the organization"


@pytest.mark.parametrize(
    "path",
    [
        "/fr/reports/",
        "/fr/iati/import/",
        "/fr/classification/review/",
        "/fr/matching/plan/",
        "/fr/accounts/vetting/",
    ],
)
def test_a_moderators_page_says_so_in_the_readers_language(client, personas, path):
    client.force_login(personas.submitter)
    response = client.get(path)
    page = response.content.decode()
    assert response.status_code == 403
    assert 'lang="fr"' in page and "attribués par" in page  # who grants roles


def test_the_page_names_the_role_it_takes_and_who_grants_it(client, personas):
    client.force_login(personas.outsider)
    page = client.get("/en/activities/new/").content.decode()
    assert "Only approved members of an organization submit" in page
    assert WHO_GRANTS in page
    page = client.get("/en/matching/requests/new/").content.decode()
    assert "focal point posts requests for assistance" in page


def test_a_signed_out_reader_is_asked_to_sign_in_first(client):
    response = client.get("/en/reports/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_moderators_pass(personas):
    view = moderator_required(lambda request: HttpResponse("ok"))
    request = RequestFactory().get("/en/reports/")
    request.user = personas.reviewer
    assert view(request).content == b"ok"


def test_other_refusals_keep_their_technical_words_off_the_page():
    request = RequestFactory().get("/en/")
    request.user = AnonymousUser()
    theirs = forbidden(request, PermissionDenied("Forbidden user agent"))
    ours = forbidden(request, Refused("This page is for moderators."))
    assert theirs.status_code == ours.status_code == 403
    assert "Forbidden user agent" not in theirs.content.decode()
    assert WHO_GRANTS in theirs.content.decode()
    assert "This page is for moderators." in ours.content.decode()
