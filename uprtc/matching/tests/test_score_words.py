"""Scores are shown to people as percentages, never as raw fractions
(issue 20, item 9)."""

import pytest

from uprtc.matching import services
from uprtc.matching.models import Match

pytestmark = pytest.mark.django_db


def test_the_request_page_shows_a_match_as_a_percentage(client, personas):
    p = personas
    offer = services.create_offer(
        p.submitter, p.cso, {"expertise": "Judicial training", "languages": ["en"]}, {}
    )
    req = services.create_request(
        p.focal_point, {"need": "Training of judges", "languages": ["en"]}, {}
    )
    Match.objects.update_or_create(
        request=req, offer=offer, defaults={"score": 0.34, "explanation": []}
    )
    client.force_login(p.reviewer)
    page = client.get(f"/en/matching/requests/{req.pk}/").content.decode()
    assert "match 34 %" in page
    assert "0.34" not in page
