"""Requests, offers and matches through the API contract."""

import pytest

from uprtc.activities.choices import ConsentStatus
from uprtc.activities.models import Activity
from uprtc.matching.models import Match

pytestmark = pytest.mark.django_db


def test_request_offer_match_and_activity(personas, call):
    p = personas
    r = call(
        "post",
        "/api/v1/offers",
        p.submitter,
        {
            "expertise": "Training of judges and prosecutors on torture prevention",
            "languages": ["en", "sl"],
            "countries": ["SVN"],
            "capacity": 1,
        },
    )
    assert r.status_code == 201, r.content
    offer_id = r.json()["id"]
    call(
        "post",
        "/api/v1/offers",
        p.submitter,
        {"expertise": "Rural water supply engineering", "languages": ["fr"]},
    )
    r = call(
        "post",
        "/api/v1/requests",
        p.focal_point,
        {
            "need": "Formation des juges à la prévention de la torture",
            "languages": ["en", "fr"],
        },
    )
    assert r.status_code == 201, r.content
    request_id = r.json()["id"]
    body = call("get", f"/api/v1/requests/{request_id}/matches").json()
    assert body["items"][0]["offer_id"] == offer_id  # French need, English offer
    first = body["items"][0]
    assert 0 <= first["score"] <= 1
    assert (
        abs(sum(p["contribution"] for p in first["explanation"]) - first["score"])
        < 0.01
    )
    assert first["explanation_text"]
    # the water offer speaks French only but is far in meaning; never above
    match_id = first["id"]
    assert (
        call(
            "post",
            f"/api/v1/matches/{match_id}/respond",
            p.focal_point,
            {"decision": "accept"},
        ).status_code
        == 400
    )  # not interested yet
    assert (
        call(
            "post",
            f"/api/v1/matches/{match_id}/respond",
            p.other_state,
            {"decision": "interested"},
        ).status_code
        == 403
    )
    r = call(
        "post",
        f"/api/v1/matches/{match_id}/respond",
        p.submitter,
        {"decision": "interested"},
    )
    assert r.json()["status"] == "interested"
    r = call(
        "post",
        f"/api/v1/matches/{match_id}/respond",
        p.other_state,
        {"decision": "accept"},
    )
    assert r.status_code == 403
    r = call(
        "post",
        f"/api/v1/matches/{match_id}/respond",
        p.focal_point,
        {"decision": "accept"},
    )
    assert r.status_code == 200 and r.json()["activity_id"]
    activity = Activity.objects.get(pk=r.json()["activity_id"])
    assert activity.review == "draft" and activity.submitter_org == p.cso
    assert activity.consents.get().status == ConsentStatus.GRANTED
    offers = call("get", f"/api/v1/offers/{offer_id}/matches").json()
    assert offers["items"][0]["request_id"] == request_id


def test_only_focal_points_post_requests_and_input_is_checked(personas, call):
    r = call(
        "post",
        "/api/v1/requests",
        personas.submitter,
        {"need": "x", "languages": ["en"]},
    )
    assert r.status_code == 403
    r = call(
        "post",
        "/api/v1/requests",
        personas.focal_point,
        {"need": "x", "languages": ["english"]},
    )
    assert r.status_code == 400 and r.json()["field"] == "languages"
    r = call(
        "post",
        "/api/v1/offers",
        personas.submitter,
        {"expertise": "x", "languages": ["en"], "countries": ["XXX"]},
    )
    assert r.status_code == 400 and r.json()["field"] == "countries"


def test_declining_needs_a_reason(personas, call):
    call(
        "post",
        "/api/v1/offers",
        personas.submitter,
        {"expertise": "Legislative review on equality", "languages": ["en"]},
    )
    rid = call(
        "post",
        "/api/v1/requests",
        personas.focal_point,
        {"need": "Review of the equality law", "languages": ["en"]},
    ).json()["id"]
    match = Match.objects.get(request_id=rid)
    r = call(
        "post",
        f"/api/v1/matches/{match.pk}/respond",
        personas.focal_point,
        {"decision": "decline"},
    )
    assert r.status_code == 400 and r.json()["field"] == "reason"
    r = call(
        "post",
        f"/api/v1/matches/{match.pk}/respond",
        personas.focal_point,
        {"decision": "decline", "reason": "Already covered by UNDP."},
    )
    assert r.json()["status"] == "declined"
