"""Who can do what: personas × actions, through the web interface."""

import pytest

from uprtc.activities.tests import builders

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "submitter",
    "other_org",
    "focal_point",
    "other_state",
    "reviewer",
]


@pytest.fixture
def as_persona(client, personas):
    other_org = personas.factory.make_member(
        personas.factory.make_org("Another NGO"), email="other@ngo.org"
    )

    def login(name):
        user = {"anonymous": None, "other_org": other_org}.get(name) or getattr(
            personas, name, None
        )
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


# (persona, can see the submitted draft, can review it)
SEE_SUBMITTED = {
    "anonymous": False,
    "submitter": True,
    "other_org": False,
    "focal_point": False,
    "other_state": False,
    "reviewer": True,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_sees_a_submission(as_persona, personas, persona):
    activity = builders.submitted(personas)
    status = as_persona(persona).get(f"/en/activities/{activity.pk}/").status_code
    assert (status == 200) == SEE_SUBMITTED[persona]
    assert status in (200, 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_reviews(as_persona, personas, persona):
    activity = builders.submitted(personas)
    client = as_persona(persona)
    client.post(f"/en/activities/{activity.pk}/review/", {"decision": "approve"})
    activity.refresh_from_db()
    assert (activity.review == "approved") == (persona == "reviewer")


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_grants_consent(as_persona, personas, persona):
    activity = builders.approved(personas)
    client = as_persona(persona)
    response = client.post(
        f"/en/activities/{activity.pk}/consent/", {"state": "SVN", "decision": "grant"}
    )
    granted = activity.consents.get().status == "granted"
    assert granted == (persona == "focal_point")
    if persona in ("other_state", "other_org"):
        # an unpublished activity does not exist for them: no hint of its State
        assert response.status_code == 404


def test_another_states_focal_point_is_told_not_yours_on_a_public_activity(
    as_persona, personas
):
    activity = builders.published(personas)
    response = as_persona("other_state").post(
        f"/en/activities/{activity.pk}/consent/",
        {"state": "SVN", "decision": "withdraw"},
    )
    assert response.status_code == 302  # told "not yours", the activity again
    assert activity.consents.get().status == "granted"


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_edits(as_persona, personas, persona):
    activity = builders.draft(personas)
    status = as_persona(persona).get(f"/en/activities/{activity.pk}/edit/").status_code
    expected = {"anonymous": 302, "submitter": 200, "reviewer": 200}.get(persona, 404)
    assert status == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_withdraws_consent(as_persona, personas, persona):
    activity = builders.published(personas)
    as_persona(persona).post(
        f"/en/activities/{activity.pk}/consent/",
        {"state": "SVN", "decision": "withdraw"},
    )
    withdrawn = activity.consents.get().status == "withdrawn"
    assert withdrawn == (persona == "focal_point")


def test_the_desk_shows_each_persona_its_work(as_persona, personas):
    submitted = builders.submitted(personas, title="Awaiting review")
    asked = builders.approved(personas, title="Awaiting consent")
    desk = as_persona("reviewer").get("/en/dashboard/").content.decode()
    assert "Moderation queue" in desk and submitted.title in desk
    desk = as_persona("focal_point").get("/en/dashboard/").content.decode()
    assert "waiting for my State" in desk and asked.title in desk
    desk = as_persona("other_state").get("/en/dashboard/").content.decode()
    assert asked.title not in desk
    desk = as_persona("submitter").get("/en/dashboard/").content.decode()
    assert submitted.title in desk and asked.title in desk
