"""Coverage of a hand-checked State: Slovenia, UPR cycle 3 (182 supported, 33
noted recommendations in OHCHR's thematic list)."""

import pytest

from uprtc.activities import consent
from uprtc.activities.tests import builders
from uprtc.countries.models import Country
from uprtc.coverage.compute import Tally
from uprtc.coverage.services import global_coverage, state_coverage
from uprtc.recommendations.importers import ohchr_docx
from uprtc.recommendations.models import Recommendation
from uprtc.recommendations.services import import_recommendations
from uprtc.recommendations.tests.test_import_ohchr_docx import CYCLE3

pytestmark = pytest.mark.django_db


@pytest.fixture
def slovenia(personas):
    import_recommendations(ohchr_docx.parse(CYCLE3), source="ohchr-docx")
    rec = {
        p: Recommendation.objects.get(paragraph=p, cycle=3)
        for p in ("121.1", "121.2", "121.3", "121.12")
    }
    noted = Recommendation.objects.filter(cycle=3, response="noted").first()
    first = builders.published(personas, title="Ratification support")
    first.recommendations.set([rec["121.1"], rec["121.2"]])
    second = builders.published(personas, title="Follow-up")
    second.recommendations.set([rec["121.2"], rec["121.3"], noted])
    unpublished = builders.approved(personas, title="Not yet consented")
    unpublished.recommendations.set([rec["121.12"]])
    return {"recs": rec, "first": first, "noted": noted}


def test_the_state_figures_are_right(slovenia):
    data = state_coverage(Country.objects.get(iso3="SVN"))
    # 3 distinct accepted recommendations have a published activity; the noted
    # one and the one of an unpublished activity do not count
    assert data.total == Tally(182, 3)
    assert data.by_cycle == {"3": Tally(182, 3)}
    assert data.uncovered.count() == 179
    assert slovenia["recs"]["121.12"] in data.uncovered
    assert slovenia["recs"]["121.1"] not in data.uncovered
    themes = data.by_theme
    assert themes["enforced-disappearances"].covered == 2  # 121.1 and 121.2


def test_withdrawing_consent_uncovers_at_once(slovenia, personas):
    consent.withdraw_consent(
        personas.focal_point, slovenia["first"], Country.objects.get(iso3="SVN")
    )
    data = state_coverage(Country.objects.get(iso3="SVN"))
    assert data.total == Tally(182, 2)  # 121.1 lost its only activity


def test_global_view_and_api_agree(slovenia, client):
    data = global_coverage()
    assert data.total == Tally(182, 3)
    assert data.by_group["eastern-european"] == Tally(182, 3)
    body = client.get("/api/v1/coverage/SVN").json()
    assert (body["accepted"], body["covered"]) == (182, 3)
    assert len(body["uncovered"]) == 179
    assert client.get("/api/v1/coverage").json()["covered"] == 3
    csv_text = client.get("/api/v1/coverage/SVN.csv").content.decode()
    assert csv_text.count("\n") == 183 and csv_text.count(",yes,") == 3
    grid = client.get("/api/v1/coverage.csv").content.decode()
    assert grid.startswith("group,theme,accepted,covered,uncovered,share")


def test_the_pages_show_the_figures(slovenia, client):
    html = client.get("/en/coverage/SVN/").content.decode()
    assert "3 of 182 accepted recommendations" in html
    assert "<script" not in html
    html = client.get("/fr/coverage/").content.decode()
    assert "182" in html and 'lang="fr"' in html
