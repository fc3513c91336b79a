"""The home page: a dashboard of public data only, with the same numbers as
the API, and a world map whose every State is a link with a title."""

from __future__ import annotations

import re

import pytest

from uprtc.activities import consent
from uprtc.activities.tests import builders
from uprtc.countries import worldmap
from uprtc.countries.models import Country
from uprtc.matching import services as matching
from uprtc.matching.models import Visibility
from uprtc.recommendations.importers import ohchr_docx
from uprtc.recommendations.models import Recommendation
from uprtc.recommendations.services import import_recommendations
from uprtc.recommendations.tests.test_import_ohchr_docx import CYCLE3

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    """Slovenia's 182 accepted recommendations of cycle 3; two published
    activities (one also about France), one 121.1 covers; a draft about
    Kenya and an approved activity about Mexico waiting for its consent; a
    public request and a moderators-only one."""
    import_recommendations(ohchr_docx.parse(CYCLE3), source="ohchr-docx")
    p = personas
    first = builders.published(p, title="Ratification support")
    first.recommendations.set([Recommendation.objects.get(paragraph="121.1", cycle=3)])
    both = builders.approved(p, title="Judicial exchange", states=("SVN", "FRA"))
    consent.grant_consent(p.focal_point, both, Country.objects.get(iso3="SVN"))
    consent.grant_consent(p.other_state, both, Country.objects.get(iso3="FRA"))
    builders.draft(p, title="Xylophant draft", states=("KEN",))
    builders.approved(p, title="Quillomar awaiting consent", states=("MEX",))
    matching.create_request(
        p.focal_point, {"need": "Training for judges", "languages": ["en"]}, {}
    )
    matching.create_request(
        p.focal_point,
        {
            "need": "Vortimel hidden need",
            "languages": ["en"],
            "visibility": Visibility.MODERATORS,
        },
        {},
    )
    matching.create_offer(
        p.submitter, p.cso, {"expertise": "Training of judges", "languages": ["en"]}, {}
    )
    return p


def map_of(html: str) -> str:
    return re.search(r'<svg class="map".*?</svg>', html, re.S).group(0)


def test_the_figures_are_the_apis(client, world):
    context = client.get("/en/").context
    figures = context["figures"]
    stats = client.get("/api/v1/statistics").json()
    coverage = client.get("/api/v1/coverage").json()
    assert (
        (figures.activities, figures.states_concerned)
        == (
            stats["activities"],
            stats["states_concerned"],
        )
        == (2, 2)
    )
    assert figures.open_requests == stats["matchmaking"]["requests_by_status"]["open"]
    assert figures.open_requests == 1  # the moderators-only request is not counted
    assert figures.offers_active == stats["matchmaking"]["offers_active"] == 1
    assert (
        (figures.accepted, figures.covered)
        == (
            coverage["accepted"],
            coverage["covered"],
        )
        == (182, 1)
    )
    html = client.get("/en/").content.decode()
    assert '<strong class="figure">182</strong>' in html
    assert '<strong class="figure">1%</strong>' in html


def test_only_public_activities_and_requests_are_shown_or_counted(client, world):
    response = client.get("/en/")
    html = response.content.decode()
    assert "Ratification support" in html and "Judicial exchange" in html
    assert "Training for judges" in html
    for secret in ("Xylophant", "Quillomar", "Vortimel"):
        assert secret not in html
    svg = map_of(html)
    for iso3 in ("KEN", "MEX"):  # their activities are not public
        assert (
            f"<title>{Country.objects.get(iso3=iso3).name}: 0 published activities"
            in svg
        )
    assert "<title>Slovenia: 2 published activities</title>" in svg
    assert "<title>France: 1 published activity</title>" in svg
    rows = response.context["map"].rows
    assert [(r.iso3, r.value) for r in rows] == [("SVN", 2), ("FRA", 1)]


def test_every_state_on_the_map_is_a_link_to_its_profile_with_a_title(client, world):
    svg = map_of(client.get("/en/").content.decode())
    assert 'role="group"' in svg and '<title id="world-map-title">' in svg
    links = re.findall(
        r'<a class="map-country" xlink:href="([^"]+)"><title>([^<]+)</title>'
        r'<path class="map-bin-\d" d="[^"]+"/></a>',
        svg,
    )
    states = set(Country.objects.states().values_list("iso3", flat=True))
    drawn = states & set(worldmap.geometry().paths)
    assert len(links) == svg.count("<a ") == len(drawn) > 160
    assert {href.split("/")[-2] for href, _ in links} == drawn
    assert all(href.startswith("/en/countries/") for href, _ in links)
    assert "style=" not in svg
    # Slovenia has the most activities: the darkest bin in use
    assert re.search(r"<title>Slovenia[^<]*</title><path class=\"map-bin-2\"", svg)


def test_the_coverage_map_classes_states_by_share_covered(client, world):
    response = client.get("/en/?map=coverage")
    html = response.content.decode()
    assert re.search(r'href="\?map=coverage#map-title" aria-current="true"', html)
    assert not re.search(r'href="\?map=activities#map-title" aria-current', html)
    svg = map_of(html)
    assert (
        "<title>Slovenia: 1% of 182 accepted recommendations supported by an "
        'activity</title><path class="map-bin-1"' in svg
    )
    assert '<title>France: no data</title><path class="map-bin-0"' in svg
    rows = response.context["map"].rows
    assert [(r.iso3, r.value, r.accepted) for r in rows] == [("SVN", 1, 182)]
    assert "<caption>Coverage of accepted recommendations by State</caption>" in html


def test_the_map_has_a_table_alternative_and_a_legend(client, world):
    html = client.get("/en/").content.decode()
    table = re.search(
        r'<details class="chart-data"[^>]*>.*?</details>', html, re.S
    ).group(0)
    assert 'class="table-wrap" tabindex="0" role="region" aria-label=' in table
    assert "<caption>Published activities by State</caption>" in table
    assert (
        '<a href="/en/countries/SVN/">Slovenia</a></th><td class="num">2</td>' in table
    )
    assert '<ul class="map-legend"' in html and '<rect class="map-none"' in html
    # an unknown map kind falls back to the activities map
    assert client.get("/en/?map=nonsense").context["map_kind"] == "activities"


def test_how_it_works_links_to_the_three_ways_in(client, world):
    html = client.get("/en/").content.decode()
    steps = re.search(r'<ol class="steps">.*?</ol>', html, re.S).group(0)
    assert steps.count("<li>") == 3
    for url in (
        "/en/matching/requests/new/",
        "/en/activities/new/",
        "/en/matching/offers/new/",
        "/en/statistics/",
        "/en/open-data/",
    ):
        assert f'href="{url}"' in steps
    assert 'role="search"' in html


def test_arabic_keeps_the_map_unmirrored_and_names_in_arabic(client, world):
    html = client.get("/ar/").content.decode()
    assert 'dir="rtl"' in html
    svg = map_of(html)
    assert "transform" not in svg and "scale(-1" not in svg
    assert 'href="/ar/countries/SVN/"><title>سلوفينيا' in svg


def test_the_home_follows_publication_at_once(client, world):
    assert client.get("/en/").context["figures"].activities == 2
    builders.published(world, title="Third one")
    response = client.get("/en/")
    assert response.context["figures"].activities == 3
    assert (
        "<title>Slovenia: 3 published activities</title>" in response.content.decode()
    )


def test_a_warm_home_costs_few_queries(client, world, django_assert_max_num_queries):
    client.get("/en/")
    client.get("/en/?map=coverage")
    with django_assert_max_num_queries(3):
        client.get("/en/")
    with django_assert_max_num_queries(3):
        client.get("/en/?map=coverage")
