"""The desk: what waits for each persona, oldest first with its age, and the
count beside "My desk" in the menu."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import timezone

from uprtc.activities import services as activity_services
from uprtc.activities.models import Activity
from uprtc.activities.tests import builders
from uprtc.matching import services as matching
from uprtc.notifications import desk
from uprtc.notifications.context_processors import desk as desk_processor

pytestmark = pytest.mark.django_db


def groups(user):
    return {g.key: g for g in desk.waiting(user)}


def page(client, user):
    client.force_login(user)
    return client.get("/en/dashboard/").content.decode()


def test_the_focal_point_sees_the_consents_to_decide(client, personas):
    asked = builders.approved(personas, title="Training of Slovenian judges")
    mine = groups(personas.focal_point)
    assert mine["consents"].count == 1
    assert mine["consents"].items[0].title == asked.title
    assert "queue" not in mine  # not a moderator: no queue to show
    html = page(client, personas.focal_point)
    assert "Consent requests waiting for my State" in html and asked.title in html
    # another State's focal point has nothing to decide about it
    assert groups(personas.other_state)["consents"].count == 0
    assert asked.title not in page(client, personas.other_state)


def test_the_moderator_sees_the_queue_oldest_first_with_ages(client, personas):
    older = builders.submitted(personas, title="Submitted three days ago")
    newer = builders.submitted(personas, title="Submitted today")
    Activity.objects.filter(pk=older.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=3, hours=1)
    )
    queue = groups(personas.reviewer)["queue"]
    assert [i.title for i in queue.items] == [older.title, newer.title]
    assert queue.items[0].days == 3
    html = page(client, personas.reviewer)
    assert "Moderation queue" in html and "waiting 3 days" in html
    assert html.index(older.title) < html.index(newer.title)


def test_the_contributor_sees_submissions_returned_with_the_reason(client, personas):
    activity = builders.submitted(personas, title="Returned for its links")
    activity_services.return_submission(
        personas.reviewer, activity, "Please link the UPR recommendations."
    )
    returned = groups(personas.submitter)["returned"]
    assert returned.count == 1 and returned.items[0].note.startswith("Please link")
    html = page(client, personas.submitter)
    assert "Submissions returned to me for changes" in html
    assert "Returned for its links" in html and "Please link the UPR" in html
    # the State concerned does not see another organization's returned draft
    assert (
        "returned" not in groups(personas.focal_point)
        or not groups(personas.focal_point)["returned"].items
    )


def test_matches_wait_for_the_provider_then_for_the_state(personas):
    p = personas
    offer = matching.create_offer(
        p.submitter,
        p.cso,
        {
            "expertise": "Support to national human rights institutions",
            "languages": ["en"],
        },
        {},
    )
    req = matching.create_request(
        p.focal_point,
        {
            "need": "Strengthen the national human rights institution",
            "languages": ["en"],
        },
        {},
    )
    matching.propose_for_request(req)
    match = offer.matches.get(request=req)
    assert groups(p.submitter)["interest"].count == 1
    assert groups(p.focal_point)["accept"].count == 0
    matching.respond_to_match(p.submitter, match, "interested")
    assert groups(p.submitter)["interest"].count == 0
    assert groups(p.focal_point)["accept"].count == 1


def test_the_menu_counts_what_waits_for_the_signed_in_person(client, personas):
    builders.approved(personas, title="Awaiting consent")
    builders.submitted(personas, title="Awaiting review")
    client.force_login(personas.focal_point)
    response = client.get("/en/activities/")
    assert response.context["desk_count"] == 1
    # shown in the header's persona menu, beside "My desk"
    assert re.search(r"Waiting for you:\s*</span>\s*1\s*<", response.content.decode())
    client.force_login(personas.reviewer)
    assert client.get("/en/dashboard/").context["desk_count"] == 1  # the queue
    assert desk.waiting_count(personas.outsider) == 0


def test_the_menu_count_costs_no_query_for_an_anonymous_visitor(
    personas, django_assert_num_queries
):
    request = RequestFactory().get("/en/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert desk_processor(request)["desk_count"] == 0


def test_the_menu_count_is_a_few_queries_then_none_until_something_changes(
    personas, django_assert_max_num_queries, django_assert_num_queries
):
    builders.approved(personas)
    request = RequestFactory().get("/en/")
    request.user = personas.focal_point
    with django_assert_max_num_queries(10):
        assert int(str(desk_processor(request)["desk_count"])) == 1
    with django_assert_num_queries(0):
        assert int(str(desk_processor(request)["desk_count"])) == 1
    builders.approved(personas, title="A second consent to decide")
    assert int(str(desk_processor(request)["desk_count"])) == 2


def test_each_persona_is_linked_only_to_what_it_may_do(client, personas):
    """A moderator is not sent to a form that answers 403; the moderators'
    tools are linked from their desk."""
    client.force_login(personas.reviewer)
    page = client.get("/en/dashboard/").content.decode()
    assert 'href="/en/activities/new/"' not in page
    assert 'href="/en/activities/upload/"' not in page
    for tool in ("/en/reports/", "/en/iati/import/", "/en/accounts/vetting/"):
        assert f'href="{tool}"' in page, tool
        assert client.get(tool).status_code == 200, tool
    client.force_login(personas.submitter)
    page = client.get("/en/dashboard/").content.decode()
    assert 'href="/en/activities/new/"' in page
    assert 'href="/en/reports/"' not in page


def test_hundreds_of_notifications_come_in_pages(client, personas):
    from uprtc.notifications.models import Notification

    Notification.objects.bulk_create(
        Notification(
            recipient=personas.focal_point, kind="consent-requested",
            subject=f"Notice number {n:03d}", body="b",
        )
        for n in range(45)
    )  # fmt: skip
    client.force_login(personas.focal_point)
    first = client.get("/en/dashboard/").content.decode()
    assert first.count("Notice number") == 20 and "?page=2" in first
    last = client.get("/en/dashboard/?page=3").content.decode()
    assert last.count("Notice number") == 5 and 'rel="next"' not in last


def test_the_focal_point_finds_what_its_state_let_publish(client, personas):
    from uprtc.activities.tests.builders import published

    activity = published(personas, title="Training of prison staff")
    client.force_login(personas.focal_point)
    page = client.get("/en/dashboard/").content.decode()
    block = page[page.index('id="published-about-title"') :]
    assert f'href="/en/activities/{activity.pk}/"' in block.split("</article>")[0]
    client.force_login(personas.other_state)
    page = client.get("/en/dashboard/").content.decode()
    assert f'href="/en/activities/{activity.pk}/"' not in page
