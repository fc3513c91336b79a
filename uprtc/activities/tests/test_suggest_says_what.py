""" "Suggest themes" says at the top of the form what it ticked: the ticks
themselves sit in folded lists further down. Asking for help (suggest, find)
never reads as a refused form."""

import re

import pytest

from uprtc.activities.models import Activity

pytestmark = pytest.mark.django_db


def test_the_suggestions_are_named_at_the_top(client, personas):
    client.force_login(personas.submitter)
    response = client.post(
        "/en/activities/new/",
        {
            "title": "Training of judges and prosecutors on preventing torture",
            "description": "Workshops on the Istanbul Protocol in prisons.",
            "suggest": "1",
        },
    )
    page = response.content.decode()
    said = [str(m) for m in response.context["messages"]]
    assert len(said) == 1 and said[0].startswith("Ticked from the text")
    ticked = response.context["form"]["themes"].value()
    assert ticked, "the suggestion ticked no theme"
    assert page.index("Ticked from the text") < page.index('name="title"')


def test_the_classifiers_load_before_anyone_asks(personas):
    from uprtc.classification import services

    services._ZERO.clear()
    services.warm()
    assert services._ZERO  # label vectors in memory: the first ask is quick


@pytest.mark.parametrize("button", ["suggest", "find"])
def test_asking_for_help_is_not_a_failed_submission(client, personas, button):
    """Find and Suggest come back with what was typed, nothing marked wrong,
    and the browser lets them through before the form is complete."""
    client.force_login(personas.submitter)
    blank = client.get("/en/activities/new/").content.decode()
    assert re.search(rf'name="{button}" value="1" formnovalidate>', blank)
    response = client.post(
        "/en/activities/new/",
        {"title": "", "description": "Workshops on the Istanbul Protocol", button: "1"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and not Activity.objects.exists()
    assert "error-summary" not in page and 'class="error"' not in page
    assert "Workshops on the Istanbul Protocol</textarea>" in page


def test_saving_an_incomplete_activity_still_names_what_is_missing(client, personas):
    client.force_login(personas.submitter)
    response = client.post(
        "/en/activities/new/", {"title": "", "description": "d", "save": "1"}
    )
    assert "error-summary" in response.content.decode()
    assert "title" in response.context["form"].errors
