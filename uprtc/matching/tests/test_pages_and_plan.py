"""The matchmaking pages, the coordinated plan through its service, and the
suggestions of providers when no offer fits."""

import re

import pytest
from django.core.management import call_command

from uprtc.core.errors import DomainError, NotAllowed
from uprtc.countries.models import Country
from uprtc.matching import services
from uprtc.matching.models import Match, PlanRun
from uprtc.matching.suggestions import suggest_providers
from uprtc.notifications.models import Notification
from uprtc.recommendations.importers import ohchr_docx
from uprtc.recommendations.models import Recommendation
from uprtc.recommendations.services import import_recommendations
from uprtc.recommendations.tests.test_import_ohchr_docx import CYCLE3
from uprtc.search.services import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def market(personas):
    offers = [
        services.create_offer(
            personas.submitter,
            personas.cso,
            {
                "expertise": "Training of judges on torture prevention",
                "languages": ["en"],
                "capacity": 1,
            },
            {},
        ),
        services.create_offer(
            personas.other_state,
            personas.france,
            {
                "expertise": "Support to national human rights institutions",
                "languages": ["en", "fr"],
                "capacity": 2,
            },
            {},
        ),
    ]
    req = services.create_request(
        personas.focal_point,
        {
            "need": "Strengthen the national human rights institution",
            "languages": ["en"],
        },
        {},
    )
    return offers, req


def test_pages_render_for_each_persona(client, personas, market):
    offers, req = market
    for user in (None, personas.focal_point, personas.submitter):
        client.logout()
        if user:
            client.force_login(user)
        for url in (
            "/en/matching/",
            f"/en/matching/requests/{req.pk}/",
            f"/ar/matching/offers/{offers[1].pk}/",
        ):
            html = client.get(url).content.decode()
            assert len(re.findall(r"<h1[ >]", html)) == 1 and "<script" not in html, url
    client.force_login(personas.focal_point)
    html = client.get(f"/en/matching/requests/{req.pk}/").content.decode()
    assert "national human rights institutions" in html and "Why" in html


def test_the_state_accepts_through_the_page(client, personas, market):
    offers, req = market
    services.propose_for_request(req)
    match = Match.objects.get(request=req, offer=offers[1])
    client.force_login(personas.other_state)  # France's focal point is the provider
    client.post(
        f"/en/matching/matches/{match.pk}/respond/",
        {"decision": "interested", "back": "offer"},
    )
    client.force_login(personas.focal_point)
    client.post(f"/en/matching/matches/{match.pk}/respond/", {"decision": "accept"})
    match.refresh_from_db()
    assert match.status == "accepted" and match.activity is not None


def test_the_plan_is_for_moderators_and_respects_capacity(personas, market):
    offers, req = market
    with pytest.raises(NotAllowed):
        services.run_plan(personas.submitter)
    chosen = services.run_plan(personas.reviewer, k=2)
    assert chosen and all(m.in_plan for m in chosen)
    per_offer = {}
    for m in chosen:
        per_offer[m.offer_id] = per_offer.get(m.offer_id, 0) + 1
    assert all(per_offer[o.pk] <= o.capacity for o in offers if o.pk in per_offer)


def test_providers_are_suggested_from_the_recommending_states(personas):
    import_recommendations(ohchr_docx.parse(CYCLE3), source="ohchr-docx")
    rec = Recommendation.objects.get(paragraph="121.1", cycle=3)
    found = suggest_providers(Country.objects.get(iso3="SVN"), [rec], [])
    names = {s["country"] for s in found if s["kind"] == "recommending-state"}
    assert names == {"FRA", "LTU"}
    france = next(s for s in found if s["country"] == "FRA")
    assert france["organization_id"] == personas.france.pk


def test_the_moderator_sends_the_plan_once(personas, market):
    services.run_plan(personas.reviewer, k=2)
    with pytest.raises(NotAllowed):
        services.send_plan(personas.submitter)
    sent = services.send_plan(personas.reviewer)
    assert sent == Match.objects.filter(in_plan=True).count() > 0
    assert Notification.objects.filter(
        recipient=personas.focal_point, kind="match-updated"
    ).exists()
    assert services.send_plan(personas.reviewer) == 0  # nothing sent twice


def test_the_plan_page_computes_and_sends(
    client, personas, market, django_capture_on_commit_callbacks
):
    client.force_login(personas.reviewer)
    # with no queue the plan runs in this process once the run is committed
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/matching/plan/", {"k": "2"})
    assert Match.objects.filter(in_plan=True).exists()
    client.post("/en/matching/plan/", {"send": "1"})
    assert not Match.objects.filter(in_plan=True, sent_at__isnull=True).exists()
    client.force_login(personas.submitter)
    assert client.get("/en/matching/plan/").status_code == 403


def test_a_queued_plan_runs_in_the_worker(personas, market, settings):
    settings.TASKS_INLINE = False
    run = services.request_plan(personas.reviewer, k=2)
    assert run.status == "queued" and not Match.objects.filter(in_plan=True).exists()
    call_command("process-plans")
    run.refresh_from_db()
    assert run.status == "done" and run.proposals > 0
    assert PlanRun.objects.filter(status="queued").count() == 0


def test_request_and_offer_lifecycle(client, personas, market):
    offers, req = market
    with pytest.raises(NotAllowed):
        services.set_request_status(personas.other_state, req, "closed")
    services.set_request_status(personas.focal_point, req, "closed")
    # closed requests stay findable, with their status as a facet
    assert dict(search("", kind="request").facets["status"]) == {"closed": 1}
    with pytest.raises(DomainError):
        services.set_request_status(personas.focal_point, req, "fulfilled")
    services.set_offer_active(personas.submitter, offers[0], False)
    assert search("torture prevention", kind="offer").total == 0
    client.force_login(personas.submitter)
    client.post(f"/en/matching/offers/{offers[0].pk}/active/", {"active": "1"})
    offers[0].refresh_from_db()
    assert offers[0].active


def test_a_request_takes_the_labels_of_its_recommendations(personas):
    import_recommendations(ohchr_docx.parse(CYCLE3), source="ohchr-docx")
    rec = Recommendation.objects.get(paragraph="121.1", cycle=3)
    req = services.create_request(
        personas.focal_point,
        {"need": "Ratification support", "languages": ["en"]},
        {"recommendations": [rec]},
    )
    assert set(req.themes.values_list("slug", flat=True)) == set(
        rec.themes.values_list("slug", flat=True)
    )
    assert list(req.sdg_goals.values_list("number", flat=True)) == [16]


def test_a_capacity_the_database_cannot_hold_is_refused_naming_it(
    client, personas, cso_form
):
    """Found by the fuzz tests: 10**29 engagements was an integer overflow on
    PostgreSQL (a server error)."""
    with pytest.raises(DomainError) as error:
        services.create_offer(
            personas.submitter,
            personas.cso,
            {"expertise": "x", "languages": ["en"], "capacity": 10**29},
            {},
        )
    assert error.value.field == "capacity"
    response = cso_form(
        "/en/matching/offers/new/",
        {
            "expertise": "Training",
            "language": "en",
            "languages": ["en"],
            "visibility": "public",
            "capacity": "9" * 30,
        },
    )
    assert response.status_code == 200
    assert "less than or equal to 1000" in response.content.decode()
