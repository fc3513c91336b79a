"""While the database is out of reach every page and API read answers 503 with
Retry-After, in the language of the address, never 500; and the site recovers
by itself once the database answers again.

The database is made unreachable the way a restart makes it: the default
connection is swapped for a PostgreSQL one aimed at a closed port on
127.0.0.1, so that connecting is refused at once (no server needed, nothing
else disturbed)."""

import socket
from contextlib import contextmanager

import pytest
from django.db import connections
from django.db.utils import load_backend
from django.test import Client, RequestFactory

pytestmark = pytest.mark.django_db

PAGES = [
    ("/fr/activities/", "fr", "Service indisponible"),
    ("/ar/search/?q=torture", "ar", "الخدمة غير متاحة"),
    ("/en/countries/SVN/", "en", "Service unavailable"),
    ("/es/coverage/", "es", None),
    ("/ru/statistics/", "ru", None),
    ("/zh-hans/", "zh-hans", None),
]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(autouse=True)
def production_pages(settings):
    settings.DEBUG = False  # DEBUG answers a failing middleware with a traceback


@contextmanager
def database_unreachable():
    """The default connection refused, as while PostgreSQL restarts."""
    real = connections["default"]
    settings_dict = {
        **real.settings_dict,
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "uprtc",
        "USER": "uprtc",
        "PASSWORD": "",
        "HOST": "127.0.0.1",
        "PORT": str(closed_port()),
        "OPTIONS": {"connect_timeout": 2},
        "CONN_MAX_AGE": 0,
    }
    backend = load_backend(settings_dict["ENGINE"])
    connections["default"] = backend.DatabaseWrapper(settings_dict, "default")
    try:
        yield
    finally:
        connections["default"].close()
        connections["default"] = real


@pytest.fixture
def database_down():
    with database_unreachable():
        yield


def client_seeing_500s() -> Client:
    # the test client would otherwise re-raise what handler500 answered
    return Client(raise_request_exception=False)


def assert_unavailable_page(response, language: str, title: str | None) -> None:
    page = response.content.decode()
    assert response.status_code == 503, page[:300]
    assert response["Retry-After"] == "30"
    assert f'lang="{language}"' in page
    if title:
        assert f"<h1>{title}</h1>" in page


@pytest.mark.parametrize("path,language,title", PAGES)
def test_public_pages_answer_503_in_the_language_of_the_address(
    database_down, path, language, title
):
    response = client_seeing_500s().get(path)
    assert_unavailable_page(response, language, title)


@pytest.mark.parametrize("who", ["submitter", "reviewer", "focal_point"])
def test_signed_in_pages_answer_503_not_500(personas, who):
    # the session, hence the user, is read in a middleware (the second-factor
    # check), before any view: Django turns that failure into a 500 at once
    client = client_seeing_500s()
    client.force_login(getattr(personas, who))
    with database_unreachable():
        home = client.get("/fr/")
        desk = client.get("/ar/dashboard/")
    assert_unavailable_page(home, "fr", "Service indisponible")
    assert_unavailable_page(desk, "ar", "الخدمة غير متاحة")


@pytest.mark.parametrize(
    "path", ["/api/v1/activities", "/api/v1/search?q=justice", "/api/v1/countries"]
)
def test_the_api_answers_a_503_problem(database_down, path):
    response = client_seeing_500s().get(path)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "30"
    assert response.json()["title"] == "Service unavailable"


def test_the_api_answers_a_503_problem_to_a_token_too(database_down):
    response = client_seeing_500s().get(
        "/api/v1/activities", HTTP_AUTHORIZATION="Bearer some-token"
    )
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"


def test_health_says_the_database_is_down(database_down):
    response = client_seeing_500s().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"].startswith("error")


def test_pages_come_back_by_themselves_when_the_database_answers(personas):
    client = client_seeing_500s()
    client.force_login(personas.submitter)
    with database_unreachable():
        assert client.get("/en/activities/").status_code == 503
    assert client.get("/en/activities/").status_code == 200
    assert client.get("/api/v1/activities").status_code == 200


def test_a_view_out_of_database_answers_503_with_debug_on_too(settings, database_down):
    # views' failures go through the middleware, which DEBUG does not bypass
    settings.DEBUG = True
    response = client_seeing_500s().get("/fr/activities/")
    assert_unavailable_page(response, "fr", "Service indisponible")


def test_other_server_errors_stay_500_in_the_language_of_the_address():
    from uprtc.core.middleware import server_error

    request = RequestFactory().get("/ar/activities/")
    try:
        raise ValueError("a bug, not an outage")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
    assert 'lang="ar"' in response.content.decode()
