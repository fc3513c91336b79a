"""The request form's accepted recommendations: a State has hundreds, so they
are a folded list grouped by UPR cycle, the suggested ones first and shown."""

from __future__ import annotations

import re

import pytest

from uprtc.matching.forms import by_cycle
from uprtc.matching.models import AssistanceRequest
from uprtc.opendata.tests.builders import recommendation
from uprtc.recommendations.models import Recommendation

pytestmark = pytest.mark.django_db
FORM = "/en/matching/requests/new/"


def picker_of(page: str, name: str) -> str:
    """The <details> that holds the checkboxes named ``name``."""
    for block in re.findall(r'<details class="picker".*?</details>', page, re.S):
        if f'name="{name}"' in block:
            return block
    raise AssertionError(f"no picker holds {name}")


def test_the_accepted_recommendations_are_folded_and_grouped_by_cycle(client, personas):
    recommendation(text="Ratify the Optional Protocol.", cycle=3)
    recommendation(text="Adopt a law on domestic violence.", cycle=2, session=20)
    recommendation(text="Abolish the death penalty abroad.", response="noted")
    recommendation(state="HRV", text="Croatia should train its judges.")
    client.force_login(personas.focal_point)
    page = client.get(FORM).content.decode()
    picker = picker_of(page, "recommendations")
    assert picker.startswith('<details class="picker">')  # folded
    assert picker.index("<legend>UPR cycle 3</legend>") < picker.index(
        "<legend>UPR cycle 2</legend>"
    )
    assert "Ratify the Optional Protocol." in picker
    assert "Adopt a law on domestic violence." in picker
    assert "death penalty" not in picker  # noted, not accepted
    assert "Croatia" not in picker  # another State's


def test_a_long_recommendation_is_cut_between_words(client, personas):
    words = " ".join(f"word{i}" for i in range(60))
    recommendation(text=words)
    client.force_login(personas.focal_point)
    picker = picker_of(client.get(FORM).content.decode(), "recommendations")
    assert "word29…" in picker and "word30" not in picker


def test_suggested_recommendations_have_a_group_of_their_own_before_the_cycles():
    suggested, other = Recommendation(pk=1, cycle=4), Recommendation(pk=2, cycle=4)
    group = by_cycle({1})
    assert group(suggested) == "Suggested for this need"
    assert group(other) == "UPR cycle 4"


def test_asking_for_suggestions_keeps_the_text_and_marks_nothing_wrong(
    client, personas
):
    client.force_login(personas.focal_point)
    blank = client.get(FORM).content.decode()
    assert 'name="suggest" value="1" formnovalidate>' in blank
    response = client.post(FORM, {"need": "Training of judges", "suggest": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and not AssistanceRequest.objects.exists()
    assert "error-summary" not in page and 'class="error"' not in page
    assert "Training of judges</textarea>" in page
    posted = client.post(FORM, {"need": "Training of judges"})
    assert "error-summary" in posted.content.decode()  # posting still checks


def test_sdg_goals_are_checkboxes_not_a_multiple_select(client, personas):
    client.force_login(personas.focal_point)
    page = client.get(FORM).content.decode()
    goals = picker_of(page, "sdg_goals")
    assert 'type="checkbox" name="sdg_goals" value="16"' in goals
    assert "<select" not in page.split('name="sdg_goals"')[0][-300:]
    client.force_login(personas.submitter)
    offer = client.get("/en/matching/offers/new/").content.decode()
    assert 'type="checkbox" name="sdg_goals"' in picker_of(offer, "sdg_goals")


def test_the_long_forms_come_in_titled_sections(client, personas):
    client.force_login(personas.focal_point)
    request = client.get(FORM).content.decode()
    legends = re.findall(
        r'<fieldset class="form-section"><legend>([^<]+)</legend>', request
    )
    assert legends == [
        "The need",
        "Recommendations, themes and goals",
        "The help sought",
    ]
    client.force_login(personas.submitter)
    offer = client.get("/en/matching/offers/new/").content.decode()
    assert 'type="checkbox" name="regions"' in picker_of(offer, "regions")
    # a single box comes before its words, which are its label
    assert re.search(
        r'<label><input type="checkbox" name="funding_available"[^>]*>'
        r" Funding available</label>",
        offer,
    )
    activity = client.get("/en/activities/new/").content.decode()
    legends = re.findall(
        r'<fieldset class="form-section"><legend>([^<]+)</legend>', activity
    )
    assert legends == [
        "The activity",
        "States and UPR recommendations",
        "Themes and goals",
        "How, when and with what funding",
        "Results and lessons",
        "Confidentiality and contact",
    ]
    # every input stays inside a section, in the declared order
    assert activity.index('name="title"') > activity.index("The activity</legend>")
    assert activity.index('name="contact_email"') > activity.index(
        "Confidentiality and contact</legend>"
    )
