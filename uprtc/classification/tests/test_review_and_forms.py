"""Suggestions in the product: pre-filled on the activity form, reviewed in
bulk by moderators, and learnt from."""

from io import StringIO

import pytest
from django.core.management import call_command

from uprtc.activities.models import Activity
from uprtc.classification.models import ClassifierVersion, SuggestionFeedback
from uprtc.recommendations.importers import ohchr_docx
from uprtc.recommendations.models import Recommendation
from uprtc.recommendations.services import import_recommendations
from uprtc.recommendations.tests.test_import_ohchr_docx import CYCLE2

pytestmark = pytest.mark.django_db


def test_the_form_ticks_suggestions_but_saves_nothing(client, personas, cso_form):
    response = cso_form(
        "/en/activities/new/",
        {
            "language": "en",
            "title": "Training of judges on the prevention of torture in prisons",
            "description": "Workshops on the Istanbul Protocol for judges.",
            "concerned_states": ["SVN"],
            "suggest": "1",
        },
    )
    assert response.status_code == 200 and not Activity.objects.exists()
    form = response.context["form"]
    assert form.data.getlist("themes") and form.data.getlist("sdg_targets")
    html = response.content.decode()
    for slug in form.data.getlist("themes"):
        assert f'value="{slug}" checked' in html  # shown ticked, to be confirmed


def test_moderators_review_suggestions_in_bulk_and_they_are_learnt(client, personas):
    import_recommendations(ohchr_docx.parse(CYCLE2), source="ohchr-docx")  # no SDGs
    client.force_login(personas.submitter)
    assert client.get("/en/classification/review/").status_code == 403
    client.force_login(personas.reviewer)
    page = client.get("/en/classification/review/?taxonomy=sdg-goals&state=SVN")
    rows = page.context["rows"]
    assert len(rows) == 20 and rows[0]["suggestions"]
    first = rows[0]["rec"]
    suggested = [s["label"] for s in rows[0]["suggestions"]]
    client.post(
        "/en/classification/review/?taxonomy=sdg-goals&state=SVN",
        {
            "rec": [first.pk],
            f"suggested-{first.pk}": suggested,
            f"accepted-{first.pk}": suggested[:1],
        },
    )
    first.refresh_from_db()
    assert [str(g.number) for g in first.sdg_goals.all()] == suggested[:1]
    assert SuggestionFeedback.objects.filter(accepted=True).count() == 1
    assert (
        SuggestionFeedback.objects.filter(accepted=False).count() == len(suggested) - 1
    )
    out = StringIO()
    call_command(
        "classifier",
        "train",
        "--taxonomy",
        "uhri-themes",
        "--from-database",
        stdout=out,
    )
    assert ClassifierVersion.objects.get(taxonomy="uhri-themes").source == "database"
    assert Recommendation.objects.count() == 163


def test_the_request_form_suggests_themes_and_goals(client, personas):
    client.force_login(personas.focal_point)
    response = client.post(
        "/en/matching/requests/new/",
        {
            "need": "Support to end violence against women and girls",
            "language": "en",
            "languages": ["en"],
            "visibility": "public",
            "budget_situation": "unfunded",
            "suggest": "1",
        },
    )
    assert response.status_code == 200
    data = response.context["form"].data
    assert "violence-against-women" in data.getlist("themes")
    assert "5" in data.getlist("sdg_goals")
    from uprtc.matching.models import AssistanceRequest

    assert not AssistanceRequest.objects.exists()
