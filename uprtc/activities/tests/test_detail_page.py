"""The activity page laid out for reading: the recommendations it supports
with their text and the State's response, related activities (public only),
provenance, and the workflow actions kept in their own panel."""

import pytest

from uprtc.activities.models import Activity
from uprtc.activities.related import related_activities
from uprtc.activities.tests import builders
from uprtc.opendata.tests.builders import recommendation

pytestmark = pytest.mark.django_db


def page(client, activity):
    return client.get(f"/en/activities/{activity.pk}/").content.decode()


def test_the_page_shows_each_recommendation_with_its_text_and_response(
    client, personas
):
    activity = builders.published(personas, title="Roma inclusion training")
    supported = recommendation(text="Continue efforts against discrimination of Roma.")
    noted = recommendation(text="Ratify the Optional Protocol.", response="noted")
    activity.recommendations.set([supported, noted])
    html = page(client, activity)
    assert "Continue efforts against discrimination of Roma." in html
    assert "Ratify the Optional Protocol." in html
    assert 'class="badge badge-ok">Supported<' in html
    assert 'class="badge badge-info">Noted<' in html
    assert f"/en/recommendations/{supported.pk}/" in html


def test_a_long_recommendation_is_truncated_with_a_link_to_it(client, personas):
    activity = builders.published(personas)
    long = recommendation(text=" ".join(["word"] * 80) + " Qwvxfinal")
    activity.recommendations.set([long])
    html = page(client, activity)
    assert "Qwvxfinal" not in html and "Read the recommendation" in html


def test_related_activities_are_public_only(client, personas):
    rec = recommendation()
    shown = builders.published(personas, title="Published sibling Blorv")
    draft = builders.draft(personas, title="Draft sibling Qwvx")
    submitted = builders.submitted(personas, title="Submitted sibling Zyxw")
    activity = builders.published(personas, title="The activity read")
    for a in (shown, draft, submitted, activity):
        a.recommendations.set([rec])
    found = related_activities(activity)
    assert [a.pk for a in found] == [shown.pk]
    assert found[0].shares_recommendation
    # not for a moderator either: the page's related list is a public one
    client.force_login(personas.reviewer)
    html = page(client, activity)
    assert "Published sibling Blorv" in html
    assert "Qwvx" not in html and "Zyxw" not in html


def test_related_activities_in_the_same_state_come_after_shared_recommendations(
    personas,
):
    rec = recommendation()
    same_state = builders.published(personas, title="Same State only")
    same_rec = builders.published(personas, title="Same recommendation")
    activity = builders.published(personas)
    same_rec.recommendations.set([rec])
    activity.recommendations.set([rec])
    found = related_activities(activity)
    assert [a.pk for a in found] == [same_rec.pk, same_state.pk]


def test_provenance_is_shown_for_an_iati_imported_activity(client, personas):
    activity = builders.published(personas, iati_identifier="XM-DAC-41114-OUTPUT-1")
    Activity.objects.filter(pk=activity.pk).update(provenance="iati")
    html = page(client, activity)
    assert "Provenance" in html and "XM-DAC-41114-OUTPUT-1" in html
    assert "IATI identifier" in html and "Imported" in html and "Published" in html


def test_the_summary_box_and_breadcrumbs_frame_the_page(client, personas):
    activity = builders.published(
        personas, budget="25000.00", currency="EUR", implementation_status="closed"
    )
    html = page(client, activity)
    assert 'class="breadcrumbs"' in html and 'aria-current="page"' in html
    assert 'class="summary-box"' in html and "25,000</span> EUR" in html
    assert "Completed" in html and "Slovenia" in html


def test_actions_are_in_a_panel_only_for_those_who_may_act(client, personas):
    activity = builders.approved(personas)
    client.force_login(personas.focal_point)
    html = page(client, activity)
    assert 'id="actions-title"' in html and "Consent of Slovenia" in html
    activity = builders.published(personas, title="Read by the public")
    client.logout()
    assert 'id="actions-title"' not in page(client, activity)


def test_no_decision_is_preselected_and_withdrawal_needs_a_consent(client, personas):
    """The focal point chooses; "withdraw" is offered only once consent was
    given, "grant" no more after it."""
    import re

    from uprtc.activities.tests.builders import approved, published

    waiting = approved(personas, title="Asked, not yet decided")
    client.force_login(personas.focal_point)
    page = client.get(f"/en/activities/{waiting.pk}/").content.decode()
    select = re.search(r'<select name="decision".*?</select>', page, re.S)[0]
    assert '<option value="" selected>' in select
    assert 'value="grant"' in select and 'value="withdraw"' not in select

    done = published(personas, title="Consent already given")
    page = client.get(f"/en/activities/{done.pk}/").content.decode()
    select = re.search(r'<select name="decision".*?</select>', page, re.S)[0]
    assert 'value="withdraw"' in select and 'value="grant"' not in select

    # the review form: no answer chosen for the moderator either
    from uprtc.activities.forms import ReviewForm

    assert ReviewForm().fields["decision"].choices[0][0] == ""
    assert not ReviewForm({"decision": ""}).is_valid()
