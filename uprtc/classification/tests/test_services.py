"""Built-in taxonomies trained from the database; SDG goals derived from
predicted themes."""

import pytest

from uprtc.classification import services
from uprtc.classification.models import ClassifierVersion
from uprtc.recommendations.importers import ohchr_docx
from uprtc.recommendations.services import import_recommendations
from uprtc.recommendations.tests.test_import_ohchr_docx import CYCLE3

pytestmark = pytest.mark.django_db


def test_built_in_taxonomies_train_from_the_database_once_and_derive_goals():
    # OHCHR's cycle-3 list: every recommendation carries themes and SDG goals
    import_recommendations(ohchr_docx.parse(CYCLE3), source="ohchr-docx")
    done = services.train_built_in()
    assert done["uhri-themes"] == done["sdg-goals"] == 1
    assert done["uhri-themes>sdg-goals"] == 1
    table = services.derivation("sdg-goals")
    assert table is not None and "16" in table.targets
    trained, _n = services.latest("uhri-themes")
    assert trained.neighbours is not None and trained.offsets

    text = "Strengthen the independence of the Ombudsman as national institution"
    labels, with_table = services.scores("sdg-goals", [text])
    assert labels[with_table[0].argmax()] == "16"
    # the derived part counts: without the table the scores differ
    ClassifierVersion.objects.filter(taxonomy="uhri-themes>sdg-goals").delete()
    _labels, without = services.scores("sdg-goals", [text])
    assert not (with_table == without).all()

    # nothing new: nothing trained again (but the deleted table)
    again = services.train_built_in()
    assert again.pop("uhri-themes>sdg-goals") == 1
    assert set(again.values()) == {None}
    assert ClassifierVersion.objects.filter(taxonomy="uhri-themes").count() == 1


def test_a_suggestion_embeds_the_text_once(monkeypatch):
    services.scores("sdg-goals", ["warm-up: the label vectors are cached"])
    calls = []
    embedder = services.embeddings.get(services.embeddings.USES["classification"])
    real = embedder.queries

    def counting(texts):
        calls.append(len(texts))
        return real(texts)

    monkeypatch.setattr(embedder, "queries", counting)
    monkeypatch.setattr(
        services.embeddings, "embed", lambda *a: pytest.fail(f"embedded {a}")
    )
    services.suggest("sdg-goals", "Ensure free primary education for all girls")
    assert calls == [1]
    # asked again (the form shown again, the linking service): from the cache
    services.suggest("sdg-goals", "Ensure free primary education for all girls")
    assert calls == [1]
