"""Search: visibility, languages, facets, did-you-mean and the API."""

import pytest

from uprtc.activities import consent
from uprtc.activities.models import Activity
from uprtc.activities.tests import builders
from uprtc.countries.models import Country
from uprtc.search.documents import RECOMMENDATION
from uprtc.search.index import rebuild_terms, sync
from uprtc.search.services import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(personas):
    torture = builders.published(
        personas,
        title="Training of prison staff on the prevention of torture",
        modality="training",
    )
    water = builders.published(
        personas, title="Access to safe drinking water in rural areas", modality="grant"
    )
    hidden = builders.approved(
        personas, title="Prevention of torture in police custody"
    )
    chinese = builders.published(
        personas, title="人权教育培训", language="zh", modality="training"
    )
    return {"torture": torture, "water": water, "hidden": hidden, "chinese": chinese}


def ids(result):
    return [(h.kind, h.object_id) for h in result.hits]


@pytest.mark.parametrize(
    "query",
    [
        "prevention of torture",  # English, words
        "prévention de la torture",  # French, across languages
        "prevención de la tortura",  # Spanish
        "предупреждение пыток",  # Russian
        "منع التعذيب",  # Arabic
        "防止酷刑",  # Chinese
    ],
)
def test_each_language_finds_the_english_activity_first(corpus, query):
    result = search(query, kind="activity")
    assert ids(result)[0] == ("activity", corpus["torture"].pk), query


def test_short_chinese_words_are_found_without_a_segmenter(corpus):
    for query in ("人权", "培训", "教育"):
        assert ("activity", corpus["chinese"].pk) in ids(search(query)), query


def test_an_unpublished_activity_is_in_no_result_and_no_facet(corpus, personas):
    result = search("torture")
    assert ("activity", corpus["hidden"].pk) not in ids(result)
    everything = search("")
    assert everything.total == 3
    assert dict(everything.facets["modality"]) == {"training": 2, "grant": 1}
    assert dict(everything.facets["country"]) == {"SVN": 3}
    consent.grant_consent(
        personas.focal_point, corpus["hidden"], Country.objects.get(iso3="SVN")
    )
    assert search("").total == 4
    consent.withdraw_consent(
        personas.focal_point, corpus["torture"], Country.objects.get(iso3="SVN")
    )
    result = search("torture")
    assert ("activity", corpus["torture"].pk) not in ids(result)
    assert search("").total == 3
    assert dict(search("").facets["modality"]).get("training") == 1


def test_filters_and_sorting(corpus):
    result = search("", filters={"modality": ["grant"]})
    assert ids(result) == [("activity", corpus["water"].pk)]
    assert search("", filters={"country": ["FRA"]}).total == 0
    assert search("torture", filters={"modality": ["grant"]}).total == 0


def test_did_you_mean(corpus, personas):
    # only the words of two or more documents are offered
    builders.published(personas, title="Prevention of violence in schools")
    rebuild_terms()
    result = search("prevension")
    assert result.suggestion == "prevention"


def test_recommendations_are_searchable(demo_recommendations):
    result = search("enforced disappearance", kind="recommendation")
    assert result.total > 0
    assert all(h.kind == "recommendation" for h in result.hits)
    assert "<mark>" in str(result.hits[0].snippet)


@pytest.fixture
def demo_recommendations(db):
    from uprtc.recommendations.importers import ohchr_docx
    from uprtc.recommendations.services import import_recommendations
    from uprtc.recommendations.tests.test_import_ohchr_docx import CYCLE3

    summary = import_recommendations(ohchr_docx.parse(CYCLE3), source="ohchr-docx")
    sync(RECOMMENDATION, summary.changed_ids)


def test_the_api_returns_items_facets_and_snippets(client, corpus):
    body = client.get("/api/v1/search?q=torture&modality=training").json()
    assert body["count"] == 1 and body["items"][0]["id"] == corpus["torture"].pk
    assert body["facets"]["modality"] == {"training": 1}
    assert "<mark>" in body["items"][0]["snippet"].lower()
    assert client.get("/api/v1/search?type=nonsense").status_code == 400


def test_the_page_works_without_javascript(client, corpus):
    html = client.get("/ar/search/?q=torture").content.decode()
    assert 'dir="rtl"' in html and "<script" not in html
    assert corpus["torture"].title in html and corpus["hidden"].title not in html


def test_reindex_rebuilds_everything(corpus, capsys):
    from django.core.management import call_command

    from uprtc.search.models import SearchDocument

    SearchDocument.objects.all().delete()
    call_command("reindex")
    assert "reindexed" in capsys.readouterr().out
    assert SearchDocument.objects.filter(kind="activity", hidden=False).count() == 3
    assert ("activity", corpus["torture"].pk) in ids(search("torture"))


def test_public_requests_and_offers_are_searchable_others_not(personas):
    from uprtc.matching import services as matching

    public = matching.create_request(
        personas.focal_point,
        {
            "need": "Support to the ombudsperson on prison monitoring",
            "languages": ["en"],
        },
        {},
    )
    hidden = matching.create_request(
        personas.focal_point,
        {
            "need": "Confidential support to prison monitoring",
            "languages": ["en"],
            "visibility": "moderators",
        },
        {},
    )
    offer = matching.create_offer(
        personas.submitter,
        personas.cso,
        {"expertise": "Prison monitoring methodology", "languages": ["en"]},
        {},
    )
    found = ids(search("prison monitoring"))
    assert ("request", public.pk) in found and ("offer", offer.pk) in found
    assert ("request", hidden.pk) not in found
    assert search("", kind="request").total == 1


def test_did_you_mean_never_offers_a_word_of_a_withdrawn_activity(corpus, personas):
    builders.published(personas, title="Zyxwvu workshop in Maribor")
    builders.published(personas, title="Zyxwvu seminar in Koper")
    rebuild_terms()
    assert search("zyxwvv").suggestion == "zyxwvu"
    for activity in Activity.objects.filter(title__startswith="Zyxwvu"):
        consent.withdraw_consent(
            personas.focal_point, activity, Country.objects.get(iso3="SVN")
        )
    assert search("zyxwvv").suggestion == ""
