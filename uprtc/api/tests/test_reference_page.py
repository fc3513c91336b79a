"""The API reference page: every endpoint of the OpenAPI description, as light
HTML, without linking to the heavy Swagger console or to raw JSON."""

import re

import pytest

from uprtc.api.guide import build, first_paragraph, type_label

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    return client.get("/api/v1/openapi.json").json()


def test_the_page_lists_every_path_of_the_openapi_description(client, schema):
    page = client.get("/en/api/").content.decode().replace("<wbr>", "")
    for path, item in schema["paths"].items():
        assert f'<code dir="ltr">{path}</code>' in page, path
        for method in item:
            assert f'>{method.upper()}</span> <code dir="ltr">{path}<' in page


def test_operations_come_grouped_by_tag_and_sorted_by_path(schema):
    groups = build(schema)
    names = [g.name for g in groups]
    assert names == sorted(names)
    for group in groups:
        paths = [op.path for op in group.operations]
        assert paths == sorted(paths)
    count = sum(len(g.operations) for g in groups)
    assert count == sum(len(item) for item in schema["paths"].values())


def test_the_activities_list_shows_its_parameters(client):
    page = client.get("/en/api/").content.decode()
    start = page.index('id="get-api-v1-activities"')
    card = page[start : page.index("</article>", start)]
    assert 'aria-label="Parameters of GET /api/v1/activities"' in card
    for name in ("q", "country", "theme", "sdg_goal", "published_from", "cursor"):
        assert f"<td><code>{name}</code></td>" in card
    assert "integer (int64)" in card
    assert "string (date)" in card
    assert 'tabindex="0" role="region"' in card
    assert "<caption>" in card


def test_writes_say_they_need_a_token_and_name_their_body(client):
    page = client.get("/en/api/").content.decode()
    start = page.index('id="post-api-v1-activities"')
    card = page[start : page.index("</article>", start)]
    assert "badge-warn" in card
    assert "Token required" in card
    assert "ActivityIn" in card


def test_signed_in_people_get_a_link_to_their_tokens(client, django_user_model):
    from django.urls import reverse

    assert reverse("actors-tokens") not in client.get("/en/api/").content.decode()
    user = django_user_model.objects.create_user("reader@example.org")
    client.force_login(user)
    response = client.get("/en/api/")
    assert response.status_code == 200
    assert f'href="{reverse("actors-tokens")}"' in response.content.decode()


def test_the_page_works_in_arabic_right_to_left(client, schema):
    page = client.get("/ar/api/").content.decode().replace("<wbr>", "")
    assert '<html lang="ar" dir="rtl">' in page
    assert '<code dir="ltr">/api/v1/activities</code>' in page
    assert len(re.findall(r"<article ", page)) == sum(
        len(item) for item in schema["paths"].values()
    )


def test_no_link_to_the_swagger_console_or_the_raw_json(client):
    page = client.get("/en/api/").content.decode()
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert not [h for h in hrefs if "/api/v1/docs" in h or "openapi.json" in h]
    # named as text, for people who want them
    assert "/api/v1/docs</code>" in page
    assert "/api/v1/openapi.json</code>" in page


def test_the_footer_links_here_rather_than_to_swagger(client):
    page = client.get("/en/").content.decode()
    assert 'href="/en/api/"' in page
    assert 'href="/api/v1/docs"' not in page


def test_the_page_weighs_under_100_kb(client):
    response = client.get("/en/api/")
    assert len(response.content) < 100_000


def test_descriptions_keep_their_first_paragraph_and_mark_code():
    segments = first_paragraph("Use ``next`` to\ncontinue.\n\nSecond paragraph.")
    assert [(s.text, s.code) for s in segments] == [
        ("Use ", False),
        ("next", True),
        (" to continue.", False),
    ]
    assert first_paragraph(None) == ()


def test_types_read_plainly():
    assert type_label({"anyOf": [{"type": "integer"}, {"type": "null"}]}) == "integer"
    assert type_label({"type": "array", "items": {"type": "string"}}) == (
        "array of string"
    )
    assert type_label({"enum": ["a", "b"], "type": "string"}) == "one of: a | b"
    assert type_label({"$ref": "#/components/schemas/ActivityIn"}) == "ActivityIn"
