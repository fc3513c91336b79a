"""Full text at its limits: an honest count when the words match more records
than a search reads, and vectors (PostgreSQL side tables, SQLite FTS5) that
follow every change of a document."""

import pytest
from django.db import connection

from uprtc.activities import consent
from uprtc.activities.models import Activity
from uprtc.activities.tests import builders
from uprtc.countries.models import Country
from uprtc.search import fulltext
from uprtc.search.documents import ACTIVITY
from uprtc.search.index import sync
from uprtc.search.models import SearchDocument
from uprtc.search.services import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def wells(personas):
    return [
        builders.published(personas, title=f"Safe drinking water wells, phase {n}")
        for n in range(3)
    ]


def doc_id(activity: Activity) -> int:
    return SearchDocument.objects.get(kind=ACTIVITY, object_id=activity.pk).pk


def test_words_matching_more_than_the_limit_give_a_lower_bound(wells, monkeypatch):
    monkeypatch.setattr(fulltext, "LIMIT", 2)
    matches = fulltext.find("drinking water")
    assert len(matches.ids) == 2 and not matches.complete
    result = search("drinking water")
    assert not result.total_exact and result.total >= 2


def test_words_matching_fewer_than_the_limit_give_an_exact_count(wells):
    matches = fulltext.find("drinking water")
    assert matches.ids == {doc_id(a) for a in wells} and matches.complete
    result = search("drinking water")
    assert result.total_exact and result.total == 3


def test_page_and_api_say_when_the_count_is_a_lower_bound(client, wells, monkeypatch):
    monkeypatch.setattr(fulltext, "LIMIT", 2)
    page = client.get("/en/search/?q=drinking+water").content.decode()
    assert "At least" in page
    assert client.get("/api/v1/search?q=drinking+water").json()["count_exact"] is False
    monkeypatch.setattr(fulltext, "LIMIT", 10_000)
    body = client.get("/api/v1/search?q=wells").json()
    assert body["count_exact"] is True and body["count"] == 3
    assert "At least" not in client.get("/en/search/?q=wells").content.decode()


def test_only_the_last_word_of_a_postgresql_query_is_a_prefix():
    # the reader may still be typing the last word; the others are whole
    # (a prefix of each was most of the index scan), and the stemmed query
    # finds their other forms
    assert fulltext._tsquery(["take", "all", "meas"], []) == (
        "'take' & 'all' & 'meas':*"
    )
    assert fulltext._tsquery(["torture"], ["人权"]) == "'torture':* & '人权'"
    assert fulltext._tsquery(["un", "hr"], []) == "'un' & 'hr'"


@pytest.mark.parametrize("query", ["death pena", "abolition of the", "abolition"])
def test_a_word_being_typed_still_matches(personas, query):
    activity = builders.published(personas, title="Abolition of the death penalty")
    assert doc_id(activity) in fulltext.match(query, "en")


def side_rows(pk: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM search_tsv_simple WHERE doc_id = %s)"
            " + (SELECT count(*) FROM search_tsv_lang WHERE doc_id = %s)",
            [pk, pk],
        )
        return cursor.fetchone()[0]


def test_the_words_follow_edits_withdrawals_and_deletions(personas):
    activity = builders.published(personas, title="Prevention of torture in prisons")
    pk = doc_id(activity)
    assert pk in fulltext.match("torture prisons")
    Activity.objects.filter(pk=activity.pk).update(
        title="Clean water for schools", description="Wells and pipes."
    )
    sync(ACTIVITY, [activity.pk])
    assert pk not in fulltext.match("torture")
    assert pk in fulltext.match("clean water")
    consent.withdraw_consent(
        personas.focal_point, activity, Country.objects.get(iso3="SVN")
    )
    assert pk not in fulltext.match("clean water")
    SearchDocument.objects.filter(pk=pk).delete()
    assert pk not in fulltext.match("clean water")
    if connection.vendor == "postgresql":
        assert side_rows(pk) == 0


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no stemmed vector"
)
def test_the_stemmed_vector_finds_other_forms_of_a_rare_word(personas):
    activity = builders.published(personas, title="Abolition of the death penalty")
    assert doc_id(activity) in fulltext.match("penalties", "en")
    # a whole word that is not the last: another form found by the stemmed query
    assert doc_id(activity) in fulltext.match("penalties of death", "en")
    assert doc_id(activity) not in fulltext.match("penalties", "zh")
    assert side_rows(doc_id(activity)) == 2
