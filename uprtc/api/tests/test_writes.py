"""Write endpoints for the workflow steps the web interface offers."""

import pytest

from uprtc.activities.models import Activity
from uprtc.activities.tests import builders
from uprtc.matching.models import PlanRun

pytestmark = pytest.mark.django_db

BODY = {
    "title": "Judicial training",
    "description": "Workshops for judges.",
    "concerned_states": ["SVN"],
}


def test_a_contributor_saves_a_draft_edits_it_then_submits(personas, call):
    p = personas
    r = call("post", "/api/v1/activities", p.submitter, {**BODY, "draft": True})
    pk = r.json()["id"]
    assert r.json()["status"] == "draft"
    r = call(
        "put",
        f"/api/v1/activities/{pk}",
        p.submitter,
        {**BODY, "title": "Judicial training, revised", "draft": True},
    )
    assert r.json() == {"id": pk, "status": "draft", "pending_change": None}
    assert Activity.objects.get(pk=pk).title == "Judicial training, revised"
    r = call("put", f"/api/v1/activities/{pk}", p.outsider, {**BODY, "draft": True})
    assert r.status_code == 404  # what one may not see does not exist for them
    r = call("post", f"/api/v1/activities/{pk}/submit", p.submitter)
    assert r.json()["status"] == "submitted"
    r = call("post", f"/api/v1/activities/{pk}/submit", p.submitter)
    assert r.status_code == 400 and r["Content-Type"] == "application/problem+json"


def test_editing_a_published_activity_keeps_its_earlier_version(personas, call):
    activity = builders.published(personas)
    r = call(
        "put",
        f"/api/v1/activities/{activity.pk}",
        personas.submitter,
        {**BODY, "title": "Judicial training, phase 2"},
    )
    assert r.status_code == 200, r.content
    change = r.json()["pending_change"]
    activity.refresh_from_db()
    assert activity.version == 1 and activity.versions.count() == 0
    url = f"/api/v1/activities/{activity.pk}/changes/{change}/review"
    r = call("post", url, personas.reviewer, {"decision": "approve"})
    assert r.status_code == 200, r.content
    activity.refresh_from_db()
    assert activity.version == 2 and activity.versions.count() == 1


def test_only_a_moderator_merges_duplicates(personas, call):
    keep = builders.published(personas)
    duplicate = builders.published(personas, title="Same training, again")
    url = f"/api/v1/activities/{keep.pk}/merge"
    r = call("post", url, personas.submitter, {"duplicate": duplicate.pk})
    assert r.status_code == 403
    r = call("post", url, personas.reviewer, {"duplicate": duplicate.pk})
    assert r.status_code == 200
    assert call("get", f"/api/v1/activities/{duplicate.pk}").status_code == 404


def test_a_moderator_runs_and_sends_the_plan(
    personas, call, django_capture_on_commit_callbacks
):
    r = call("post", "/api/v1/plans", personas.submitter, {"k": 3})
    assert r.status_code == 403
    r = call("post", "/api/v1/plans", personas.reviewer, {"k": 11})
    assert r.status_code == 400 and r.json()["field"] == "k"
    # with no queue the plan runs in this process once the run is committed
    with django_capture_on_commit_callbacks(execute=True):
        r = call("post", "/api/v1/plans", personas.reviewer, {"k": 2})
    assert r.status_code == 202
    plan = call("get", f"/api/v1/plans/{r.json()['id']}", personas.reviewer).json()
    assert plan["status"] == PlanRun.objects.get().status == "done"
    assert call("post", "/api/v1/plans/send", personas.reviewer).json() == {"sent": 0}


def test_requests_and_offers_are_listed_as_their_visibility_allows(personas, call):
    p = personas
    public = call(
        "post",
        "/api/v1/offers",
        p.submitter,
        {"expertise": "Training of judges", "languages": ["en"]},
    ).json()["id"]
    hidden = call(
        "post",
        "/api/v1/offers",
        p.submitter,
        {
            "expertise": "Prison monitoring",
            "languages": ["en"],
            "visibility": "moderators",
        },
    ).json()["id"]
    anonymous = {o["id"] for o in call("get", "/api/v1/offers").json()["items"]}
    assert anonymous == {public}
    assert call("get", f"/api/v1/offers/{hidden}").status_code == 404
    moderator = call("get", "/api/v1/offers", p.reviewer).json()["items"]
    assert {o["id"] for o in moderator} == {public, hidden}
    req = call(
        "post",
        "/api/v1/requests",
        p.focal_point,
        {"need": "Training of judges", "languages": ["en"]},
    ).json()["id"]
    body = call("get", f"/api/v1/requests/{req}").json()
    assert body["state"] == "SVN" and body["status"] in ("open", "matched")
    listed = call("get", "/api/v1/requests?state=SVN").json()
    assert [r["id"] for r in listed["items"]] == [req]


def test_suggestions_rank_labels_and_a_moderator_confirms_them(personas, call):
    r = call(
        "post",
        "/api/v1/classification/suggest",
        json={"taxonomy": "sdg-goals", "text": "Access to justice and fair trials"},
    )
    items = r.json()["items"]
    assert items and 0 <= items[0]["confidence"] <= 1
    bad = call(
        "post", "/api/v1/classification/suggest", json={"taxonomy": "x", "text": "y"}
    )
    assert bad.status_code == 400 and bad.json()["field"] == "taxonomy"
