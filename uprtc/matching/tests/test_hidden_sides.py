"""Attacks on matchmaking: a hidden offer or request never shows through a
match, and whoever cannot see a match or request is told nothing about it,
not even its State."""

import pytest

from uprtc.matching import services
from uprtc.matching.models import Match, Visibility
from uprtc.notifications.models import Notification

pytestmark = pytest.mark.django_db


def hidden_offer_and_public_request(p):
    offer = services.create_offer(
        p.submitter,
        p.cso,
        {
            "expertise": "Blorvex forensic training",
            "languages": ["en"],
            "visibility": Visibility.MODERATORS,
        },
        {},
    )
    req = services.create_request(
        p.focal_point, {"need": "Forensic training", "languages": ["en"]}, {}
    )
    match, _ = Match.objects.get_or_create(
        request=req, offer=offer, defaults={"score": 0.8, "explanation": []}
    )
    return offer, req, match


def test_a_public_requests_page_never_names_a_hidden_offer(client, personas, call):
    p = personas
    offer, req, match = hidden_offer_and_public_request(p)
    client.force_login(p.focal_point)
    page = client.get(f"/en/matching/requests/{req.pk}/").content.decode()
    assert "Blorvex" not in page and p.cso.name not in page
    items = call("get", f"/api/v1/requests/{req.pk}/matches", p.focal_point).json()
    assert offer.pk not in [i["offer_id"] for i in items["items"]]
    # the moderator and the offering organization see the match
    items = call("get", f"/api/v1/requests/{req.pk}/matches", p.reviewer).json()
    assert offer.pk in [i["offer_id"] for i in items["items"]]


def test_responding_to_a_match_one_cannot_see_is_not_found(client, personas, call):
    p = personas
    _offer, _req, match = hidden_offer_and_public_request(p)
    r = call(
        "post",
        f"/api/v1/matches/{match.pk}/respond",
        p.other_state,
        {"decision": "accept"},
    )
    assert r.status_code == 404 and "Slovenia" not in r.content.decode()
    r = call(
        "post",
        f"/api/v1/matches/{match.pk}/respond",
        p.focal_point,
        {"decision": "accept"},
    )
    assert r.status_code == 404  # Slovenia's own request, but the offer is hidden
    client.force_login(p.other_state)
    response = client.post(
        f"/en/matching/matches/{match.pk}/respond/", {"decision": "accept"}
    )
    assert response.status_code == 404
    match.refresh_from_db()
    assert match.status == "proposed"


def test_a_hidden_request_is_not_found_before_any_role_check(personas, call):
    p = personas
    req = services.create_request(
        p.focal_point,
        {"need": "x", "languages": ["en"], "visibility": Visibility.MODERATORS},
        {},
    )
    r = call(
        "post", f"/api/v1/requests/{req.pk}/status", p.other_state, {"status": "closed"}
    )
    assert r.status_code == 404 and "Slovenia" not in r.content.decode()


def test_notifications_reach_only_who_sees_the_match(personas):
    p = personas
    _offer, _req, match = hidden_offer_and_public_request(p)
    services.respond_to_match(p.submitter, match, "interested")
    # the State's focal point does not see the hidden offer: not told of it
    assert not Notification.objects.filter(recipient=p.focal_point).exists()
