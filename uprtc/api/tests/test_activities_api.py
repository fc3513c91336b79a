"""The activity endpoints of the public contract."""

import pytest

from uprtc.activities.models import Activity
from uprtc.activities.tests import builders

pytestmark = pytest.mark.django_db


def test_the_whole_workflow_through_the_api(personas, call):
    p = personas
    r = call(
        "post",
        "/api/v1/activities",
        p.submitter,
        {
            "title": "Judicial training",
            "description": "Workshops for judges.",
            "concerned_states": ["SVN"],
        },
    )
    assert r.status_code == 201
    pk = r.json()["id"]
    assert r.json()["status"] == "submitted"
    r = call(
        "post",
        f"/api/v1/activities/{pk}/review",
        p.reviewer,
        {"decision": "approve", "comment": ""},
    )
    assert r.json() == {"id": pk, "status": "awaiting-consent"}
    assert call("get", f"/api/v1/activities/{pk}").status_code == 404
    r = call(
        "post",
        f"/api/v1/activities/{pk}/consent",
        p.other_state,
        {"state": "SVN", "decision": "grant"},
    )
    # France may not see an unpublished activity: the same 404 as for no
    # activity at all, so nothing tells it which State it concerns
    assert r.status_code == 404
    assert r["Content-Type"] == "application/problem+json"
    assert "Slovenia" not in r.json()["detail"]
    r = call(
        "post",
        f"/api/v1/activities/{pk}/consent",
        p.focal_point,
        {"state": "SVN", "decision": "grant"},
    )
    assert r.json() == {"state": "SVN", "status": "granted"}
    r = call("get", f"/api/v1/activities/{pk}")
    assert r.status_code == 200 and r.json()["status"] == "published"
    listing = call("get", "/api/v1/activities?country=SVN").json()
    assert listing["count"] == 1 and listing["items"][0]["id"] == pk
    assert listing["next"] is None
    r = call(
        "post",
        f"/api/v1/activities/{pk}/consent",
        p.focal_point,
        {"state": "SVN", "decision": "withdraw"},
    )
    assert r.json()["status"] == "withdrawn"
    assert call("get", f"/api/v1/activities/{pk}").status_code == 404
    assert call("get", "/api/v1/activities").json()["count"] == 0


def test_errors_name_the_field(personas, call):
    r = call(
        "post",
        "/api/v1/activities",
        personas.submitter,
        {"title": "x", "description": "y", "concerned_states": ["XXX"]},
    )
    assert r.status_code == 400
    assert r.json()["field"] == "concerned_states" and "XXX" in r.json()["detail"]
    r = call("post", "/api/v1/activities", personas.submitter, {"title": "x"})
    assert r.status_code == 422 and r["Content-Type"] == "application/problem+json"
    assert r.json()["field"] in {"description", "concerned_states"}
    r = call(
        "post",
        "/api/v1/activities",
        personas.submitter,
        {
            "title": "x",
            "description": "y",
            "concerned_states": ["SVN"],
            "modality": "magic",
        },
    )
    assert r.status_code == 400 and r.json()["field"] == "modality"


def test_writing_needs_a_valid_token(personas, call, client):
    body = {"title": "x", "description": "y", "concerned_states": ["SVN"]}
    assert call("post", "/api/v1/activities", None, body).status_code == 401
    r = client.post(
        "/api/v1/activities",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer nope",
    )
    assert r.status_code == 401
    assert (
        call("post", "/api/v1/activities", personas.outsider, body).status_code == 403
    )


def test_wrong_role_is_403_and_unknown_is_404(personas, call):
    activity = builders.submitted(personas)
    r = call(
        "post",
        f"/api/v1/activities/{activity.pk}/review",
        personas.submitter,
        {"decision": "approve"},
    )
    assert r.status_code == 403
    r = call(
        "post",
        "/api/v1/activities/999999/review",
        personas.reviewer,
        {"decision": "approve"},
    )
    assert r.status_code == 404
    # another organization cannot even see a submission
    r = call(
        "post",
        f"/api/v1/activities/{activity.pk}/consent",
        personas.other_state,
        {"state": "SVN", "decision": "grant"},
    )
    assert r.status_code == 404


def test_the_list_is_paginated_with_a_cursor(personas, call):
    for i in range(52):
        builders.published(personas, title=f"Activity {i}")
    first = call("get", "/api/v1/activities").json()
    assert first["count"] == 52 and len(first["items"]) == 50
    second = call("get", first["next"].split("testserver")[1]).json()
    assert len(second["items"]) == 2
    ids = {i["id"] for i in first["items"]} | {i["id"] for i in second["items"]}
    assert len(ids) == 52 == Activity.objects.public().count()


def test_openapi_describes_the_contract(call):
    spec = call("get", "/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    for path in (
        "/api/v1/activities",
        "/api/v1/activities/{activity_id}/review",
        "/api/v1/activities/{activity_id}/consent",
    ):
        assert path in spec["paths"]
