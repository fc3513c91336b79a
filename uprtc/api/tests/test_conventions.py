"""What every endpoint shares: ETags, rate limits, problems, the description."""

import pytest
from django.core.cache import cache
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_a_read_carries_an_etag_and_revalidates_with_304(client):
    first = client.get("/api/v1/countries?limit=5")
    etag = first["ETag"]
    again = client.get("/api/v1/countries?limit=5", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    other = client.get("/api/v1/countries?limit=6", HTTP_IF_NONE_MATCH=etag)
    assert other.status_code == 200
    assert "Authorization" in first["Vary"]


def test_an_answer_to_a_token_is_never_stored_by_shared_caches(personas, call):
    r = call("get", "/api/v1/activities?mine=true", personas.submitter)
    assert "private" in r["Cache-Control"]


@pytest.fixture
def tight_limits():
    cache.clear()
    with override_settings(API_RATE_ADDRESS="3/min", API_RATE_TOKEN="2/min"):
        yield
    cache.clear()


def test_an_address_over_its_limit_gets_429_with_retry_after(client, tight_limits):
    # distinct addresses: an answer from the page cache costs nothing and
    # is not counted (test_page_cache)
    codes = [
        client.get(f"/api/v1/vocabularies/themes?n={i}").status_code for i in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    r = client.get("/api/v1/vocabularies/themes?n=5")
    assert r["Content-Type"] == "application/problem+json"
    assert int(r["Retry-After"]) > 0 and r.json()["status"] == 429
    elsewhere = client.get("/api/v1/vocabularies/themes", REMOTE_ADDR="10.0.0.9")
    assert elsewhere.status_code == 200


def test_a_token_over_its_limit_gets_429_from_any_address(
    personas, client, tight_limits
):
    from uprtc.actors.services import issue_api_token

    auth = {"HTTP_AUTHORIZATION": f"Bearer {issue_api_token(personas.submitter)}"}
    codes = [
        client.get(
            "/api/v1/vocabularies/themes", REMOTE_ADDR=f"10.0.0.{i}", **auth
        ).status_code
        for i in range(3)
    ]
    assert codes == [200, 200, 429]


@override_settings(NINJA_NUM_PROXIES=0)
def test_a_forged_forwarded_for_header_does_not_escape_the_limit(client, tight_limits):
    codes = [
        client.get(
            f"/api/v1/vocabularies/themes?n={i}", HTTP_X_FORWARDED_FOR=f"1.2.3.{i}"
        ).status_code
        for i in range(4)
    ]
    assert codes[-1] == 429


def test_the_description_documents_every_problem_and_every_endpoint(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "Problem" in schema["components"]["schemas"]
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert {"403", "404", "422", "429"} <= set(operation["responses"]), (
                method,
                path,
            )
    for path in (
        "/api/v1/activities/{activity_id}/submit",
        "/api/v1/recommendations",
        "/api/v1/organizations",
        "/api/v1/countries",
        "/api/v1/requests",
        "/api/v1/offers",
        "/api/v1/statistics",
        "/api/v1/coverage",
        "/api/v1/plans",
    ):
        assert path in schema["paths"]


def test_the_docs_page_is_served_from_our_own_static_files(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in page
    assert "cdn." not in page and "unpkg" not in page
