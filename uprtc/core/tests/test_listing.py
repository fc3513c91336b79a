"""The search page and the four lists: facets with "show more", chips that
remove one value, bounded page sizes, cards with their badges, and a page of
50 results read in a bounded number of queries."""

from __future__ import annotations

import re

import pytest
from django.http import QueryDict
from django.utils import timezone

from uprtc.activities.choices import ConsentStatus, Review
from uprtc.activities.models import Activity, Consent
from uprtc.activities.tests import builders
from uprtc.core import listing
from uprtc.countries.models import Country
from uprtc.matching.models import AssistanceRequest, Offer
from uprtc.recommendations.models import Recommendation
from uprtc.search import memindex
from uprtc.search.documents import ACTIVITY
from uprtc.search.index import sync
from uprtc.taxonomies.models import SdgGoal, Theme


@pytest.fixture(autouse=True)
def fresh_memory_index():
    memindex.reset()
    yield
    memindex.reset()


def hrefs(html: str, css_class: str) -> list[str]:
    return [
        h.replace("&amp;", "&")
        for h in re.findall(rf'class="{css_class}" href="([^"]*)"', html)
    ]


# --- the helpers ---------------------------------------------------------


def test_a_chip_removes_exactly_its_own_value_and_goes_back_to_page_one():
    params = QueryDict("q=water&theme=a&theme=b&country=SVN&page=3&per_page=50")
    facet = listing.facet(
        "theme", "Theme", [("a", 3), ("b", 2)], listing.values(params, "theme")
    )
    chips = listing.chips(params, [facet])
    assert [c.label for c in chips] == ["a", "b"]
    remove_a = QueryDict(chips[0].remove.lstrip("?"))
    assert remove_a.getlist("theme") == ["b"]
    assert remove_a.getlist("country") == ["SVN"]
    assert remove_a["q"] == "water" and remove_a["per_page"] == "50"
    assert "page" not in remove_a


def test_clear_all_drops_the_filters_but_keeps_the_words_and_page_size():
    params = QueryDict("q=water&theme=a&country=SVN&sort=title&per_page=50&page=2")
    facets = [
        listing.facet("theme", "Theme", [("a", 1)], ["a"]),
        listing.facet("country", "Country", [("SVN", 1)], ["SVN"]),
    ]
    kept = QueryDict(listing.clear_all(params, facets).lstrip("?"))
    assert dict(kept.lists()) == {
        "q": ["water"],
        "sort": ["title"],
        "per_page": ["50"],
    }


def test_a_yes_no_chip_removes_the_parameter_whatever_its_spelling():
    params = QueryDict("good_practice=on&q=x")
    facet = listing.facet("good_practice", "Good", [("1", 4)], ["1"], boolean=True)
    (chip,) = listing.chips(params, [facet])
    assert chip.remove == "?q=x"


def test_a_facet_shows_eight_options_and_keeps_the_rest_behind_show_more():
    counts = [(f"v{i}", 20 - i) for i in range(12)]
    facet = listing.facet("theme", "Theme", counts, [])
    assert [o.value for o in facet.shown] == [f"v{i}" for i in range(8)]
    assert [o.value for o in facet.more] == ["v8", "v9", "v10", "v11"]
    assert not facet.more_open
    ticked = listing.facet("theme", "Theme", counts, ["v10"])
    assert ticked.more_open and ticked.selected[0].value == "v10"


def test_a_chosen_value_no_longer_counted_stays_ticked():
    facet = listing.facet("theme", "Theme", [("a", 2)], ["gone"], {"gone": "Gone"})
    assert [(o.value, o.label, o.count, o.checked) for o in facet.options] == [
        ("a", "a", 2, False),
        ("gone", "Gone", 0, True),
    ]


def test_groups_open_first_two_and_those_with_a_choice_and_empty_ones_go():
    facets = listing.arrange(
        [
            listing.facet("a", "A", [("1", 1)], []),
            listing.facet("empty", "E", [], []),
            listing.facet("b", "B", [("1", 1)], []),
            listing.facet("c", "C", [("1", 1)], []),
            listing.facet("d", "D", [("1", 1)], ["1"]),
        ]
    )
    assert [(f.name, f.open) for f in facets] == [
        ("a", True),
        ("b", True),
        ("c", False),
        ("d", True),
    ]


@pytest.mark.parametrize(
    "asked, size",
    [
        ("", 20),
        ("abc", 20),
        ("-5", 20),
        ("0", 20),
        ("20", 20),
        ("50", 50),
        ("75", 50),
        ("100", 100),
        ("1000000", 100),
        ("9" * 40, 100),
    ],
)
def test_the_page_size_is_one_of_those_offered(asked, size):
    assert listing.page_size(QueryDict(f"per_page={asked}")) == size


# --- the pages -----------------------------------------------------------


def make_public_activities(n: int, personas) -> list[Activity]:
    """Published activities written straight to the tables (the workflow is
    tested elsewhere): each about Slovenia, with two themes and a goal."""
    svn = Country.objects.get(iso3="SVN")
    themes = list(Theme.objects.all()[:2])
    goal = SdgGoal.objects.get(number=16)
    made = []
    for i in range(n):
        a = Activity.objects.create(
            title=f"Workshop {i} on prison monitoring",
            description="Training of monitors of places of detention.",
            review=Review.APPROVED,
            published_at=timezone.now(),
            submitter_org=personas.cso,
            modality="training",
            good_practice=i == 0,
            implementation_status="closed",
        )
        Consent.objects.create(activity=a, country=svn, status=ConsentStatus.GRANTED)
        a.themes.set(themes)
        a.sdg_goals.set([goal])
        made.append(a)
    return made


def test_an_activity_card_shows_type_state_themes_goal_and_status(client, personas):
    make_public_activities(1, personas)
    html = client.get("/en/activities/").content.decode()
    card = html[html.index('<ul class="card-list') :]
    assert '<span class="badge">Activity</span>' in card
    assert 'class="badge badge-ok">Completed<' in card
    assert 'class="badge badge-ok">Good practice<' in card
    assert "Slovenia" in card
    assert card.count('class="tag"') == 2
    assert 'class="badge-sdg sdg-16"' in card


def test_the_activity_list_counts_only_public_activities_in_its_facets(
    client, personas
):
    builders.published(personas, title="Public workshop", modality="training")
    secret = builders.approved(personas, title="Awaiting consent", modality="grant")
    assert not Activity.objects.public().filter(pk=secret.pk).exists()
    html = client.get("/en/activities/").content.decode()
    assert 'name="modality" value="training"' in html
    assert 'name="modality" value="grant"' not in html  # not public: not counted
    assert "Awaiting consent" not in html
    svn = re.search(
        r'value="SVN"> <span dir="auto">Slovenia</span> <span class="count">(\d+)', html
    )
    assert svn and svn.group(1) == "1"


def test_activity_filters_take_several_values_and_each_chip_removes_one(
    client, personas
):
    builders.published(personas, title="A training", modality="training")
    builders.published(personas, title="A grant", modality="grant")
    builders.published(personas, title="A study", modality="research")
    html = client.get(
        "/en/activities/?modality=training&modality=grant&page=1"
    ).content.decode()
    assert "A training" in html and "A grant" in html and "A study" not in html
    removes = hrefs(html, "chip-remove")
    assert len(removes) == 2
    after = client.get("/en/activities/" + removes[0]).content.decode()
    assert ("A training" in after) != ("A grant" in after)
    assert "A study" not in after


def test_old_single_value_links_still_filter(client, personas):
    builders.published(personas, title="About Slovenia")
    html = client.get("/en/activities/?country=SVN&good_practice=").content.decode()
    assert "About Slovenia" in html
    html = client.get("/en/recommendations/?state=SVN&cycle=3").content.decode()
    assert 'name="state" value="SVN" checked' in html


def test_a_page_size_too_large_shows_at_most_a_hundred(client, personas):
    make_public_activities(105, personas)
    html = client.get("/en/activities/?per_page=100000").content.decode()
    assert html.count('class="card-title"') == 100
    assert "<option selected>100</option>" in html


def test_fifty_activities_take_a_bounded_number_of_queries(
    client, personas, django_assert_max_num_queries
):
    make_public_activities(50, personas)
    with django_assert_max_num_queries(30):
        html = client.get("/en/activities/?per_page=50").content.decode()
    assert html.count('class="card-title"') == 50


def test_fifty_search_results_take_a_bounded_number_of_queries(
    client, personas, django_assert_max_num_queries
):
    made = make_public_activities(50, personas)
    sync(ACTIVITY, [a.pk for a in made])
    client.get("/en/search/")  # loads the in-memory index once
    with django_assert_max_num_queries(30):
        html = client.get("/en/search/?per_page=50").content.decode()
    assert html.count('class="card-title"') == 50
    assert 'class="badge-sdg sdg-16"' in html


def test_fifty_recommendations_take_a_bounded_number_of_queries(
    client, personas, django_assert_max_num_queries
):
    svn = Country.objects.get(iso3="SVN")
    theme = Theme.objects.first()
    for i in range(50):
        r = Recommendation.objects.create(
            state_under_review=svn,
            cycle=3,
            text=f"Ratify the protocol number {i}",
            response="supported",
            source="upr-info",
            source_key=f"k{i}",
            content_hash=f"h{i}",
        )
        r.themes.set([theme])
    with django_assert_max_num_queries(30):
        html = client.get("/en/recommendations/?per_page=50").content.decode()
    assert html.count('class="card-title"') == 50
    assert 'class="badge badge-ok">Supported<' in html


def test_requests_and_offers_share_one_list_each_by_its_own_visibility(
    client, personas, django_assert_max_num_queries
):
    svn = Country.objects.get(iso3="SVN")
    for i in range(25):
        AssistanceRequest.objects.create(
            state=svn,
            organization=personas.slovenia,
            created_by=personas.focal_point,
            need=f"Training of judges {i}",
            visibility="public",
        )
        Offer.objects.create(
            organization=personas.cso,
            created_by=personas.submitter,
            expertise=f"Trainers {i}",
            visibility="public",
        )
    AssistanceRequest.objects.create(
        state=svn,
        organization=personas.slovenia,
        created_by=personas.focal_point,
        need="Only for the moderators",
        visibility="moderators",
    )
    with django_assert_max_num_queries(30):
        html = client.get("/en/matching/?per_page=50").content.decode()
    assert html.count('class="card-title"') == 50
    assert "Only for the moderators" not in html
    assert '<span class="badge">Request</span>' in html
    assert '<span class="badge">Offer</span>' in html
    offers = client.get("/en/matching/?type=offer").content.decode()
    assert "Trainers" in offers and "Training of judges" not in offers


def test_the_search_takes_several_types_and_each_chip_removes_one(client, personas):
    made = make_public_activities(2, personas)
    sync(ACTIVITY, [a.pk for a in made])
    html = client.get(
        "/en/search/?q=prison&type=activity&type=offer&per_page=50"
    ).content.decode()
    assert html.count('class="card-title"') == 2
    removes = hrefs(html, "chip-remove")
    assert len(removes) == 2
    assert [QueryDict(r.lstrip("?")).getlist("type") for r in removes] == [
        ["offer"],
        ["activity"],
    ]
    assert all(QueryDict(r.lstrip("?"))["q"] == "prison" for r in removes)
