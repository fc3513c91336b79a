"""Requests and offers keep the same rules as activities: a period ends after
it starts, and no answer is chosen for the person."""

from __future__ import annotations

import datetime as dt

import pytest

from uprtc.activities import services as activity_services
from uprtc.activities.tests.builders import data as activity_data
from uprtc.core.errors import DomainError
from uprtc.matching import services
from uprtc.matching.models import AssistanceRequest, Offer
from uprtc.matching.tests.posts import REQUEST

pytestmark = pytest.mark.django_db


def test_a_request_ending_before_it_starts_is_refused_on_the_end_date(client, personas):
    client.force_login(personas.focal_point)
    response = client.post(
        "/en/matching/requests/new/",
        {**REQUEST, "start_date": "2027-05-01", "end_date": "2027-01-01"},
    )
    assert response.status_code == 200 and not AssistanceRequest.objects.exists()
    assert response.context["form"].errors["end_date"] == [
        "The end date is before the start date."
    ]


def test_an_offer_valid_until_before_valid_from_is_refused(personas):
    values = {
        "expertise": "Training",
        "language": "en",
        "languages": ["en"],
        "valid_from": dt.date(2027, 5, 1),
        "valid_to": dt.date(2027, 1, 1),
    }
    with pytest.raises(DomainError) as refused:
        services.create_offer(personas.submitter, personas.cso, values, {})
    assert refused.value.field == "valid_to" and not Offer.objects.exists()


def test_the_budget_situation_is_never_chosen_for_the_focal_point(client, personas):
    client.force_login(personas.focal_point)
    page = client.get("/en/matching/requests/new/").content.decode()
    assert '<option value="" selected>' in page
    response = client.post(
        "/en/matching/requests/new/",
        {k: v for k, v in REQUEST.items() if k != "budget_situation"},
    )
    assert "budget_situation" in response.context["form"].errors
    assert not AssistanceRequest.objects.exists()


def test_the_offer_form_preselects_the_person_s_only_organization(client, personas):
    client.force_login(personas.submitter)
    form = client.get("/en/matching/offers/new/").context["form"]
    assert form["organization"].value() == personas.cso.pk


def test_an_unknown_currency_is_refused_by_its_code(personas):
    with pytest.raises(DomainError) as refused:
        activity_services.create_activity(
            personas.submitter,
            personas.cso,
            activity_data(budget=1000, currency="XYZ"),
        )
    assert refused.value.field == "currency" and "XYZ" in refused.value.message
    ok = activity_services.create_activity(
        personas.submitter, personas.cso, activity_data(budget=1000, currency="CHF")
    )
    assert ok.currency == "CHF"


@pytest.mark.parametrize("field", ["recommendations", "sdg_goals", "themes"])
def test_a_key_past_64_bits_is_not_a_choice_rather_than_a_server_error(
    client, personas, field
):
    client.force_login(personas.focal_point)
    response = client.post("/en/matching/requests/new/", {**REQUEST, field: ["9" * 30]})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not AssistanceRequest.objects.exists()
