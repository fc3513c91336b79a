"""A NUL character in a URL, a form or a JSON body is refused with 400 naming
the parameter. Found by the fuzz tests: on PostgreSQL these were server errors
(``DataError: PostgreSQL text fields cannot contain NUL (0x00) bytes``)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path, name",
    [
        ("/en/search/?q=a%00b", "q"),
        ("/en/countries/a%00b/", "path"),
        ("/en/coverage/a%00b/", "path"),
        ("/en/activities/?country=a%00b", "country"),
    ],
)
def test_a_page_asked_with_a_nul_character_says_which_parameter(client, path, name):
    response = client.get(path)
    assert response.status_code == 400
    assert response.content.decode().startswith(f"{name} contains a NUL character")


def test_the_api_answers_a_problem_naming_the_parameter(call):
    response = call("get", "/api/v1/activities?q=a%00b")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["field"] == "q"


def test_a_json_body_with_a_nul_character_is_refused(call, personas):
    response = call(
        "post",
        "/api/v1/activities",
        user=personas.submitter,
        json={"title": "a\x00b", "description": "d", "concerned_states": ["SVN"]},
    )
    assert response.status_code == 400
    assert response.json()["field"] == "body"


def test_the_activity_finder_with_a_nul_character_is_refused(client, personas):
    client.force_login(personas.submitter)
    response = client.post(
        "/en/activities/new/", {"title": "T", "find_text": "a\x00b", "find": "1"}
    )
    assert response.status_code == 400
    assert b"find_text contains a NUL character" in response.content
