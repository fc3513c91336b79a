"""Friendly error pages, in the reader's language and direction: 404 (also
what one may not see), 403, an expired form, 500, and 503 when the database
is out of reach."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection
from django.test import Client, RequestFactory
from django.utils import translation
from django.views import defaults

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def production_pages(settings):
    settings.DEBUG = False  # DEBUG shows Django's technical pages instead


def test_a_missing_page_says_so_in_the_readers_language(client, personas):
    response = client.get("/fr/activities/987654/")
    page = response.content.decode()
    assert response.status_code == 404
    assert 'lang="fr"' in page and "<h1>Introuvable</h1>" in page
    response = client.get("/ar/activities/987654/")
    assert response.status_code == 404 and 'dir="rtl"' in response.content.decode()


def test_a_hidden_activity_gets_the_very_same_page_as_a_missing_one(client, personas):
    from uprtc.activities.tests import builders

    hidden = builders.approved(personas)  # awaiting consent
    missing = client.get("/en/activities/987654/")
    shown = client.get(f"/en/activities/{hidden.pk}/")
    assert shown.status_code == missing.status_code == 404
    # the same page but for the address echoed in the language links
    shown_page = shown.content.decode().replace(f"/{hidden.pk}/", "/ID/")
    assert shown_page == missing.content.decode().replace("/987654/", "/ID/")


def test_forbidden_and_server_error_pages_follow_the_language():
    request = RequestFactory().get("/ar/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    with translation.override("ar"):
        forbidden = defaults.permission_denied(request, PermissionDenied())
        broken = defaults.server_error(request)
    assert forbidden.status_code == 403 and 'dir="rtl"' in forbidden.content.decode()
    assert broken.status_code == 500
    page = broken.content.decode()
    assert 'lang="ar"' in page and 'dir="rtl"' in page


def test_an_expired_form_is_explained(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.submitter)
    response = client.post("/es/activities/new/", {"title": "x"})
    assert response.status_code == 403
    assert 'lang="es"' in response.content.decode()


def test_a_database_out_of_reach_answers_503_with_retry_after(client):
    def unreachable(execute, sql, params, many, context):
        raise OperationalError("could not connect to server: Connection refused")

    with connection.execute_wrapper(unreachable):
        page = client.get("/fr/activities/")
        api = client.get("/api/v1/activities")
    assert page.status_code == 503 and page["Retry-After"] == "30"
    assert 'lang="fr"' in page.content.decode()
    assert api.status_code == 503 and api["Content-Type"] == "application/problem+json"
