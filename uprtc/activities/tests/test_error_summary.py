"""A refused form says so at its top: a summary of every problem, each
linking to its field, focused on arrival."""

import re

import pytest

from uprtc.activities.models import Activity
from uprtc.activities.tests.builders import FORM

pytestmark = pytest.mark.django_db

ACTIVITY = {
    **FORM,
    "start_date": "2026-06-10",
    "end_date": "2026-01-10",
    "save": "1",
}


def test_a_date_inversion_is_summarised_above_the_form_with_a_link(client, personas):
    client.force_login(personas.submitter)
    page = client.post(
        "/en/activities/new/", {**ACTIVITY, "organization": personas.cso.pk}
    ).content.decode()
    assert not Activity.objects.exists()
    summary = page.index('id="error-summary"')
    assert summary < page.index('class="stacked"') < page.index('name="title"')
    block = page[summary : page.index("</div>", summary)]
    assert "autofocus" in block and 'tabindex="-1"' in block
    assert re.search(r'<a href="#id_end_date">[^<]*The end date is before', block)
    assert 'id="id_end_date"' in page


def test_a_clean_form_has_no_summary(client, personas):
    client.force_login(personas.submitter)
    page = client.get("/en/activities/new/").content.decode()
    assert 'id="error-summary"' not in page


def test_the_request_form_summarises_its_problems_too(client, personas):
    client.force_login(personas.focal_point)
    page = client.post(
        "/en/matching/requests/new/", {"language": "en"}
    ).content.decode()
    block = page[page.index('id="error-summary"') :]
    assert '<a href="#id_need">' in block and '<a href="#id_languages">' in block
