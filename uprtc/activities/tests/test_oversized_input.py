"""10 MB pasted into a text field: the form comes back naming the field and
its limit, with everything else kept; past the body limit, a 413 page in the
reader's language instead of a bare 400 (or a traceback)."""

import pytest
from django.test import override_settings

from uprtc.activities.models import Activity
from uprtc.matching.models import AssistanceRequest

pytestmark = pytest.mark.django_db

TEN_MB = "x" * (10 * 1024 * 1024)


def test_ten_megabytes_in_the_description_come_back_with_the_limit(
    client, personas, cso_form
):
    response = cso_form(
        "/en/activities/new/",
        {
            "title": "Training of judges kept as typed",
            "description": TEN_MB,
            "language": "en",
            "concerned_states": ["SVN"],
            "save": "1",
        },
    )
    assert response.status_code == 200 and not Activity.objects.exists()
    form = response.context["form"]
    assert form.errors["description"] == [
        "At most 20,000 characters (this has 10,485,760)."
    ]
    page = response.content.decode()
    assert 'value="Training of judges kept as typed"' in page
    assert '<a href="#id_description">' in page


def test_a_request_need_past_the_limit_names_the_field(client, personas):
    client.force_login(personas.focal_point)
    response = client.post(
        "/en/matching/requests/new/",
        {
            "need": "y" * 20_001,
            "language": "en",
            "languages": ["en"],
            "visibility": "public",
            "budget_situation": "unfunded",
        },
    )
    assert "At most 20,000 characters" in response.context["form"].errors["need"][0]
    assert not AssistanceRequest.objects.exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024 * 1024, DEBUG=True)
def test_a_body_past_the_limit_gets_a_413_page_in_the_reader_s_language(
    client, personas
):
    client.force_login(personas.submitter)
    response = client.post(
        "/fr/activities/new/", {"title": "t", "description": "z" * (2 * 1024 * 1024)}
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert 'lang="fr"' in page and "Traceback" not in page
    assert "1 Mo" in page or "1 MB" in page


def test_the_api_answers_413_as_a_problem(client):
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024):
        response = client.post(
            "/api/v1/recommendations/link",
            {"text": "z" * 4096},
        )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/problem+json")
