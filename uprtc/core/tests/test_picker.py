"""The long lists are grouped, folded checkboxes that work without
JavaScript: the chosen ones are named in the summary and post as usual."""

import re

import pytest

from uprtc.activities.models import Activity

pytestmark = pytest.mark.django_db


def test_states_themes_and_targets_are_grouped_checkboxes(client, personas):
    client.force_login(personas.submitter)
    page = client.get("/en/activities/new/").content.decode()
    assert "<select" not in page.split('name="concerned_states"')[0][-400:]
    pickers = re.findall(r'<details class="picker"', page)
    assert len(pickers) == 3
    assert "<legend>Europe</legend>" in page
    assert re.search(
        r'<input type="checkbox" name="concerned_states" value="SVN"', page
    )
    assert "<legend>Justice and security</legend>" in page
    assert re.search(r"<legend>16\. [^<]+</legend>", page)  # SDG targets by goal
    assert 'src="/static/core/picker.js"' in page


def test_the_chosen_ones_are_named_and_the_picker_open_after_a_refusal(
    client, personas, cso_form
):
    response = cso_form(
        "/en/activities/new/",
        {
            "title": "",
            "description": "d",
            "language": "en",
            "concerned_states": ["SVN", "HRV"],
            "save": "1",
        },
    )
    page = response.content.decode()
    assert not Activity.objects.exists()
    opened = r'<details class="picker" open>\s*<summary><span class="picker-count">'
    assert re.search(opened + r"2 chosen</span>: <span[^>]*>[^<]*Slovenia", page)
    assert re.search(r'value="SVN" checked', page)


def test_checkboxes_post_without_javascript(client, personas, cso_form):
    response = cso_form(
        "/en/activities/new/",
        {
            "title": "Judges",
            "description": "Workshops",
            "language": "en",
            "concerned_states": ["SVN", "HRV"],
            "themes": ["administration-of-justice-and-fair-trial"],
            "sdg_targets": ["16.3"],
            "save": "1",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert sorted(activity.consents.values_list("country__iso3", flat=True)) == [
        "HRV",
        "SVN",
    ]
    assert activity.sdg_targets.get().code == "16.3"
