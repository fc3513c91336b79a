"""Requests and offers narrowed through their filter tables: the API's and the
page's names read alike, a filter one side lacks empties that side, and a bad
value is refused naming its parameter."""

import pytest

from uprtc.core.errors import DomainError
from uprtc.countries.models import Country
from uprtc.matching.models import AssistanceRequest, Offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def posted(personas):
    svn, fra = Country.objects.get(iso3="SVN"), Country.objects.get(iso3="FRA")
    req = AssistanceRequest.objects.create(
        state=svn,
        organization=personas.slovenia,
        created_by=personas.focal_point,
        need="Training of judges",
    )
    named, anywhere, elsewhere = (
        Offer.objects.create(
            organization=personas.cso, created_by=personas.submitter, expertise=text
        )
        for text in ("For Slovenia", "Anywhere", "For France")
    )
    named.countries.set([svn])
    elsewhere.countries.set([fra])
    return req, named, anywhere, elsewhere


def test_the_api_country_of_an_offer_takes_those_serving_anywhere(posted):
    _req, named, anywhere, elsewhere = posted
    offers = Offer.objects.public()
    assert set(offers.filtered({"serves": "svn"})) == {named, anywhere}
    # the page's country is the one an offer names, as its facet counts it
    assert list(offers.filtered({"country": "SVN"})) == [named]


def test_the_page_and_api_names_of_a_request_filter_agree(posted):
    req = posted[0]
    requests = AssistanceRequest.objects.public()
    assert list(requests.filtered({"state": "svn"})) == [req]
    assert list(requests.filtered({"country": ["SVN", "FRA"]})) == [req]
    assert not requests.filtered({"status": "closed"}).exists()


def test_a_bad_value_is_refused_naming_its_parameter(posted):
    with pytest.raises(DomainError) as refused:
        Offer.objects.public().filtered({"sdg": "x"})
    assert refused.value.field == "sdg"


def test_the_page_shows_no_offer_once_a_status_is_chosen(client, posted):
    html = client.get("/en/matching/?status=open").content.decode()
    assert "Training of judges" in html and "For Slovenia" not in html
    html = client.get("/en/matching/?sdg=x").content.decode()
    assert "Training of judges" not in html and "For Slovenia" not in html
