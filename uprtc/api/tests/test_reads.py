"""Reads over every public entity: filters, cursor pagination, visibility."""

import pytest

from uprtc.activities import consent
from uprtc.activities.models import Activity
from uprtc.activities.tests import builders
from uprtc.countries.models import Country
from uprtc.recommendations.importers import ohchr_docx
from uprtc.recommendations.models import Recommendation
from uprtc.recommendations.services import import_recommendations
from uprtc.recommendations.tests.test_import_ohchr_docx import CYCLE3

pytestmark = pytest.mark.django_db


@pytest.fixture
def slovenia_recs(db):
    import_recommendations(ohchr_docx.parse(CYCLE3), source="ohchr-docx")
    return Recommendation.objects.filter(state_under_review__iso3="SVN")


def walk(call, url):
    """Every item of a list, following ``next`` to the end."""
    items, pages = [], 0
    while url:
        body = call("get", url).json()
        items += body["items"]
        url = body["next"] and body["next"].replace("http://testserver", "")
        pages += 1
    return items, pages, body["count"]


def test_a_reader_walks_all_countries_page_by_page_without_repeats(call):
    items, pages, count = walk(call, "/api/v1/countries?limit=100")
    assert count == Country.objects.count() == len(items)
    assert len({c["iso3"] for c in items}) == count and pages == 3
    svn = next(c for c in items if c["iso3"] == "SVN")
    assert svn["names"]["fr"] == "Slovénie" and svn["regional_group"]


def test_countries_filter_by_ldc_and_region(call):
    ldcs = call("get", "/api/v1/countries?ldc=true&limit=200").json()
    assert ldcs["count"] == Country.objects.filter(ldc=True).count() == 45
    europe = call("get", "/api/v1/countries?region=150&limit=200").json()
    assert "SVN" in {c["iso3"] for c in europe["items"]}
    assert "FRA" in {c["iso3"] for c in europe["items"]}
    assert "BRA" not in {c["iso3"] for c in europe["items"]}


def test_a_bad_cursor_or_limit_is_a_problem_naming_the_field(call):
    r = call("get", "/api/v1/countries?cursor=%%%")
    assert r.status_code == 400 and r.json()["field"] == "cursor"
    r = call("get", "/api/v1/countries?limit=5000")
    assert r.status_code == 400 and r.json()["field"] == "limit"
    assert r["Content-Type"] == "application/problem+json"


def test_recommendations_filter_and_name_only_published_activities(
    personas, call, slovenia_recs
):
    rec = slovenia_recs.get(paragraph="121.1", cycle=3)
    shown = builders.published(personas)
    shown.recommendations.add(rec)
    hidden = builders.approved(personas, title="Not yet consented")
    hidden.recommendations.add(rec)
    body = call("get", f"/api/v1/recommendations/{rec.pk}").json()
    assert body["activities"] == [shown.pk]
    assert body["state_under_review"] == "SVN" and body["cycle"] == 3
    linked = call("get", "/api/v1/recommendations?state=SVN&with_activities=true")
    assert [r["id"] for r in linked.json()["items"]] == [rec.pk]
    supported = call("get", "/api/v1/recommendations?state=svn&response=supported")
    assert supported.json()["count"] == slovenia_recs.accepted().count()
    theme = rec.themes.first().slug
    by_theme = call("get", f"/api/v1/recommendations?theme={theme}&limit=200").json()
    assert rec.pk in {r["id"] for r in by_theme["items"]}


def test_an_organization_appears_once_it_is_in_something_public(personas, call):
    names = {o["name"] for o in walk(call, "/api/v1/organizations?limit=200")[0]}
    assert "OHCHR" in names  # institutional: public by nature
    assert personas.cso.name not in names
    activity = builders.published(personas)
    names = {o["name"] for o in walk(call, "/api/v1/organizations?limit=200")[0]}
    assert personas.cso.name in names
    body = call("get", f"/api/v1/organizations/{personas.cso.pk}").json()
    assert body["activities"] == 1 and body["type"] == "cso"
    consent.withdraw_consent(
        personas.focal_point, activity, Country.objects.get(iso3="SVN")
    )
    assert call("get", f"/api/v1/organizations/{personas.cso.pk}").status_code == 404


def test_activities_filter_by_theme_goal_and_date(personas, call):
    a = builders.published(personas, title="Torture prevention")
    a.sdg_goals.set([16])
    builders.published(personas, title="Water")
    r = call("get", "/api/v1/activities?sdg_goal=16").json()
    assert [x["id"] for x in r["items"]] == [a.pk]
    assert (
        call("get", "/api/v1/activities?published_from=2999-01-01").json()["count"] == 0
    )


def test_mine_lists_a_contributors_drafts_but_never_to_the_public(personas, call):
    draft = builders.draft(personas, title="My draft")
    mine = call("get", "/api/v1/activities?mine=true", personas.submitter).json()
    assert draft.pk in {a["id"] for a in mine["items"]}
    public = call("get", "/api/v1/activities?mine=true").json()
    assert public["count"] == 0
    outsider = call("get", "/api/v1/activities?mine=true", personas.outsider).json()
    assert outsider["count"] == 0


def test_statistics_count_only_published_activities(personas, call):
    builders.published(personas, modality="training")
    builders.approved(personas, modality="training")  # awaiting consent
    builders.draft(personas, modality="training")
    body = call("get", "/api/v1/statistics").json()
    assert body["activities"] == 1 == Activity.objects.public().count()
    assert body["by_state"] == {"SVN": 1}
    assert body["by_modality"] == {"training": 1}
    assert call("get", "/api/v1/statistics?state=FRA").json()["activities"] == 0
    assert call("get", "/api/v1/statistics?state=XXX").status_code == 404


def test_vocabularies_give_the_codes_in_six_languages(call):
    goals = call("get", "/api/v1/vocabularies/sdg-goals").json()
    assert goals["count"] == 17 and goals["items"][15]["code"] == 16
    assert set(goals["items"][0]["names"]) == {"en", "fr", "es", "ar", "zh", "ru"}
    assert call("get", "/api/v1/vocabularies/nonsense").status_code == 404
