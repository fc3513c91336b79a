"""The site works with JavaScript off: searching, submitting an activity (with
the recommendation finder, which re-displays the form) and giving consent are
plain HTML forms."""

from __future__ import annotations

import re

from uprtc.activities import services
from uprtc.activities.models import Activity
from uprtc.tests_browser import world as worlds
from uprtc.tests_browser.test_journeys import (
    DESCRIPTION,
    TITLE,
    decide,
    go,
    search_hrefs,
)


def test_search_works_without_javascript(open_page, personas):
    activity = worlds.publish(
        personas, "Training of judges", "Workshops for judges on torture."
    )
    page = open_page(js=False)
    found = search_hrefs(page, open_page.base_url, "en", "formation des juges")
    assert f"/en/activities/{activity.pk}/" in found


def test_an_activity_is_submitted_and_consented_without_javascript(open_page, personas):
    p, base = personas, open_page.base_url
    recommendation = worlds.load_recommendations()[0]
    page = open_page(p.submitter, js=False)
    go(page, f"{base}/en/activities/new/", "en")
    page.fill("#id_title", TITLE)
    page.fill("#id_description", DESCRIPTION)
    worlds.pick(page, "concerned_states", "SVN")
    page.select_option("#id_find_state", "SVN")
    page.fill("#id_find_text", "preventive mechanism")
    page.click("button[name=find]")
    assert page.locator("#id_title").input_value() == TITLE  # kept across the finder
    page.check(f"input[name=recommendations][value='{recommendation.pk}']")
    page.click("button[name=submit]")
    found = re.search(r"/activities/(\d+)/$", page.url)
    assert found, page.url
    activity = Activity.objects.get(pk=int(found.group(1)))
    assert activity.review == "submitted"
    assert list(activity.recommendations.all()) == [recommendation]

    services.approve_submission(p.reviewer, activity)
    state = open_page(p.focal_point, js=False)
    go(state, page.url, "en")
    decide(state, "consent", "grant")
    assert Activity.objects.public().filter(pk=activity.pk).exists()
