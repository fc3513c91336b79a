""" "Suggest themes" says at the top of the form what it ticked: the ticks
themselves sit in folded lists further down."""

import pytest

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
