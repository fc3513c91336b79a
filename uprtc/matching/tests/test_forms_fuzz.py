"""The matchmaking forms with random field values: never a server error; a
refused post creates nothing and says what is wrong."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uprtc.core.tests.fuzz import JUNK, explained, few, form_data
from uprtc.matching import services
from uprtc.matching.forms import OfferForm, RequestForm
from uprtc.matching.models import AssistanceRequest, Match, Offer
from uprtc.matching.tests.posts import OFFER, REQUEST

pytestmark = pytest.mark.django_db


@few(15)
@given(data=form_data(REQUEST, list(RequestForm.base_fields)))
def test_the_request_form_never_fails_and_explains_a_refusal(client, personas, data):
    client.force_login(personas.focal_point)
    before = AssistanceRequest.objects.count()
    response = client.post("/en/matching/requests/new/", data)
    if response.status_code == 302:
        assert AssistanceRequest.objects.count() == before + 1
        return
    assert AssistanceRequest.objects.count() == before
    assert explained(response)


@few(15)
@given(data=form_data(OFFER, list(OfferForm.base_fields)))
def test_the_offer_form_never_fails_and_explains_a_refusal(client, personas, data):
    client.force_login(personas.submitter)
    data = {"organization": personas.cso.pk, **data}
    before = Offer.objects.count()
    response = client.post("/en/matching/offers/new/", data)
    if response.status_code == 302:
        assert Offer.objects.count() == before + 1
        return
    assert Offer.objects.count() == before
    assert explained(response)


@few(8)
@given(
    decision=st.sampled_from(["interested", "accept", "decline"]) | JUNK,
    reason=JUNK,
    back=JUNK,
    status=st.sampled_from(["open", "closed"]) | JUNK,
    k=JUNK,
    who=st.sampled_from(["focal_point", "submitter", "other_state", "reviewer"]),
)
def test_the_match_buttons_never_fail(
    client, personas, decision, reason, back, status, k, who
):
    offer = services.create_offer(
        personas.submitter,
        personas.cso,
        {"expertise": "Training of judges", "languages": ["en"], "capacity": 1},
        {},
    )
    req = services.create_request(
        personas.focal_point,
        {"need": "Training for judges", "languages": ["en"]},
        {},
    )
    match = Match.objects.get(request=req, offer=offer)
    client.force_login(getattr(personas, who))
    posts = [
        (
            f"/en/matching/matches/{match.pk}/respond/",
            {"decision": decision, "reason": reason, "back": back},
        ),
        (f"/en/matching/requests/{req.pk}/status/", {"status": status}),
        (f"/en/matching/offers/{offer.pk}/active/", {"active": k}),
        ("/en/matching/plan/", {"k": k}),
    ]
    for path, payload in posts:
        response = client.post(path, payload, follow=True)
        assert response.status_code == 403 or explained(response), path
