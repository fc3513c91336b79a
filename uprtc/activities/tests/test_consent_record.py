"""A State's decision is a record no edit undoes, and a published activity
changes only through a moderator. Each attack of issue 13, through the API
and the web."""

import pytest
from django.db import DatabaseError, transaction

from uprtc.activities import consent, revisions, services
from uprtc.activities.choices import ConsentStatus, Review
from uprtc.activities.models import Activity, Consent
from uprtc.activities.tests import builders
from uprtc.actors.models import OrgType, Role
from uprtc.core.errors import DomainError
from uprtc.core.models import AuditEvent
from uprtc.countries.models import Country

pytestmark = pytest.mark.django_db

BODY = {
    "title": "Training of judges on the Istanbul Protocol",
    "description": "Three workshops for judges and prosecutors.",
}


def state(iso3):
    return Country.objects.get(iso3=iso3)


def refused_by_france(p):
    """Published for Slovenia, refused by France: not public."""
    activity = builders.approved(p, states=("SVN", "FRA"))
    consent.grant_consent(p.focal_point, activity, state("SVN"))
    consent.refuse_consent(p.other_state, activity, state("FRA"))
    return activity


def is_public(activity):
    return Activity.objects.public().filter(pk=activity.pk).exists()


def test_dropping_a_state_that_refused_is_refused_through_the_api(personas, call):
    p = personas
    activity = refused_by_france(p)
    r = call(
        "put",
        f"/api/v1/activities/{activity.pk}",
        p.submitter,
        {**BODY, "concerned_states": ["SVN"]},
    )
    assert r.status_code == 400
    assert r.json()["field"] == "concerned_states" and "France" in r.json()["detail"]
    assert activity.consents.get(country__iso3="FRA").status == ConsentStatus.REFUSED
    assert not is_public(activity)
    assert call("get", f"/api/v1/activities/{activity.pk}").status_code == 404


def test_dropping_a_state_that_withdrew_is_refused_through_the_web(client, personas):
    p = personas
    activity = builders.published(p)
    consent.withdraw_consent(p.focal_point, activity, state("SVN"))
    client.force_login(p.submitter)
    response = client.post(
        f"/en/activities/{activity.pk}/edit/",
        {
            **BODY,
            "organization": p.cso.pk,
            "concerned_states": ["FRA"],
            "language": "en",
        },
    )
    assert response.status_code == 200  # the form again, with the reason
    assert "decided on this activity" in response.content.decode()
    assert activity.consents.get(country__iso3="SVN").status == ConsentStatus.WITHDRAWN
    assert not activity.consents.filter(country__iso3="FRA").exists()
    assert not is_public(activity)


def test_not_even_a_moderator_drops_a_decided_state(personas):
    activity = refused_by_france(personas)
    with pytest.raises(DomainError) as error:
        services.update_activity(
            personas.reviewer, activity, builders.data(states=("SVN",))
        )
    assert error.value.field == "concerned_states"


def test_a_state_that_has_not_decided_may_still_be_dropped(personas):
    activity = builders.approved(personas, states=("SVN", "FRA"))
    services.update_activity(personas.reviewer, activity, builders.data())
    assert list(activity.consents.values_list("country__iso3", flat=True)) == ["SVN"]


def test_no_code_path_deletes_a_decision(personas):
    activity = refused_by_france(personas)
    with pytest.raises(DomainError, match="on record"), transaction.atomic():
        Consent.objects.filter(activity=activity).delete()
    with pytest.raises(DomainError, match="on record"), transaction.atomic():
        activity.delete()
    assert activity.consents.count() == 2


def test_the_database_itself_keeps_a_decision(personas):
    """Even SQL that bypasses the services cannot undo a decision."""
    activity = refused_by_france(personas)
    with pytest.raises(DatabaseError), transaction.atomic():
        Consent.objects.filter(activity=activity).update(status="pending")
    with pytest.raises(DatabaseError), transaction.atomic():
        Consent.objects.filter(activity=activity, country__iso3="FRA").update(
            country=state("BRA")
        )
    # a decision may still change: France grants after all
    consent.grant_consent(personas.other_state, activity, state("FRA"))
    assert is_public(activity)


def test_a_text_change_to_a_published_activity_waits_for_a_moderator(personas, call):
    p = personas
    activity = builders.published(p, title="Zyxw original title")
    r = call(
        "put",
        f"/api/v1/activities/{activity.pk}",
        p.submitter,
        {**BODY, "title": "Qwvx defamatory title", "concerned_states": ["SVN"]},
    )
    assert r.status_code == 200 and r.json()["pending_change"]
    public = call("get", f"/api/v1/activities/{activity.pk}").json()
    assert public["title"] == "Zyxw original title"
    page = call("get", f"/en/activities/{activity.pk}/").content.decode()
    assert "Qwvx" not in page and "Zyxw original title" in page
    export = call("get", "/api/v1/export/activities.csv")
    assert "Qwvx" not in b"".join(export.streaming_content).decode()
    assert "Qwvx" not in call("get", "/feeds/activities.atom").content.decode()
    # the moderator sees the proposed change and approves it
    changes = call("get", f"/api/v1/activities/{activity.pk}/changes", p.reviewer)
    pending = changes.json()["items"][0]
    assert pending["status"] == "pending"
    assert {"field": "title"}.items() <= pending["changes"][0].items()
    url = f"/api/v1/activities/{activity.pk}/changes/{pending['id']}/review"
    assert call("post", url, p.submitter, {"decision": "approve"}).status_code == 403
    assert call("post", url, p.reviewer, {"decision": "approve"}).status_code == 200
    assert call("get", f"/api/v1/activities/{activity.pk}").json()["title"] == (
        "Qwvx defamatory title"
    )
    assert activity.versions.get().data["title"] == "Zyxw original title"


def test_a_rejected_change_never_reaches_the_public(client, personas):
    p = personas
    activity = builders.published(p, title="Zyxw original title")
    services.update_activity(
        p.submitter, activity, builders.data(title="Qwvx changed title")
    )
    client.force_login(p.reviewer)
    page = client.get(f"/en/activities/{activity.pk}/").content.decode()
    assert "Proposed change awaiting review" in page and "Qwvx changed title" in page
    desk = client.get("/en/dashboard/").content.decode()
    assert "Changes to published activities" in desk
    change = activity.revisions.get()
    response = client.post(
        f"/en/activities/{activity.pk}/changes/{change.pk}/review/",
        {"decision": "reject", "comment": "Not what happened."},
    )
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == "rejected"
    client.logout()
    page = client.get(f"/en/activities/{activity.pk}/").content.decode()
    assert "Qwvx" not in page and is_public(activity)


def test_a_second_change_replaces_the_first_one_waiting(personas):
    p = personas
    activity = builders.published(p)
    services.update_activity(p.submitter, activity, builders.data(title="First"))
    services.update_activity(p.submitter, activity, builders.data(title="Second"))
    statuses = dict(activity.revisions.values_list("data__title", "status"))
    assert statuses == {"First": "superseded", "Second": "pending"}


def test_contact_details_change_at_once_since_they_are_never_public(personas):
    p = personas
    activity = builders.published(p)
    services.update_activity(
        p.submitter, activity, builders.data(contact_email="new@example.si")
    )
    activity.refresh_from_db()
    assert activity.contact_email == "new@example.si"
    assert not activity.revisions.exists()


def test_a_change_adding_a_state_asks_it_once_approved(personas):
    p = personas
    activity = builders.published(p)
    services.update_activity(
        p.submitter, activity, builders.data(states=("SVN", "FRA"))
    )
    assert is_public(activity) and activity.consents.count() == 1
    revisions.approve_revision(p.reviewer, activity.revisions.get())
    assert activity.consents.get(country__iso3="FRA").status == ConsentStatus.REQUESTED
    assert not is_public(activity)  # until France consents


def test_a_contributor_of_a_state_body_does_not_consent_by_submitting(personas):
    p = personas
    donor_staff = p.factory.make_member(p.slovenia, Role.CONTRIBUTOR)
    activity = services.create_activity(donor_staff, p.slovenia, builders.data())
    services.submit_activity(donor_staff, activity)
    assert activity.consents.get().status == ConsentStatus.PENDING
    services.approve_submission(p.reviewer, activity)
    assert activity.consents.get().status == ConsentStatus.REQUESTED
    assert not is_public(activity)


def test_the_states_focal_point_consents_by_submitting(personas):
    p = personas
    activity = services.create_activity(p.focal_point, p.slovenia, builders.data())
    services.submit_activity(p.focal_point, activity)
    assert activity.consents.get().status == ConsentStatus.GRANTED
    event = AuditEvent.objects.get(action="activities.consent.granted")
    assert event.data["how"] == "submission"
    services.approve_submission(p.reviewer, activity)
    assert is_public(activity)


def test_a_focal_point_of_another_state_does_not_consent_for_a_state_body(personas):
    p = personas
    p.factory.make_org("Slovenian aid agency", OrgType.STATE, "SVN")
    # the France focal point submits for France about Slovenia
    activity = services.create_activity(p.other_state, p.france, builders.data())
    services.submit_activity(p.other_state, activity)
    assert activity.consents.get().status == ConsentStatus.PENDING


def test_every_decision_is_written_by_one_function(personas):
    """Submission, the consent step and match acceptance leave the same audit
    record, each saying how."""
    p = personas
    activity = services.create_activity(p.focal_point, p.slovenia, builders.data())
    services.submit_activity(p.focal_point, activity)
    other = builders.approved(p)
    consent.grant_consent(p.focal_point, other, state("SVN"))
    hows = set(
        AuditEvent.objects.filter(action="activities.consent.granted").values_list(
            "data__how", flat=True
        )
    )
    assert hows == {"submission", "consent-step"}


def test_merging_a_duplicate_a_state_refused_is_refused(personas):
    p = personas
    keep = builders.published(p)
    duplicate = refused_by_france(p)
    with pytest.raises(DomainError, match="France"):
        services.merge_activities(p.reviewer, keep, duplicate)
    assert duplicate.consents.get(country__iso3="FRA").status == "refused"


def test_a_returned_activity_keeps_a_decision_made_at_submission(personas):
    p = personas
    activity = services.create_activity(p.focal_point, p.slovenia, builders.data())
    services.submit_activity(p.focal_point, activity)
    services.return_submission(p.reviewer, activity, "Add the dates.")
    assert Activity.objects.get(pk=activity.pk).review == Review.RETURNED
    with pytest.raises(DomainError):
        services.update_activity(
            p.focal_point, activity, builders.data(states=("FRA",))
        )


def test_a_co_concerned_focal_point_never_learns_another_states_refusal(
    client, personas, call
):
    p = personas
    activity = builders.approved(p, states=("SVN", "FRA"))
    consent.refuse_consent(p.other_state, activity, state("FRA"))
    r = call("get", f"/api/v1/activities/{activity.pk}", p.focal_point)
    assert r.json()["status"] == "awaiting-consent"
    client.force_login(p.focal_point)
    page = client.get(f"/en/activities/{activity.pk}/").content.decode()
    assert "Refused" not in page and "refused" not in page
    assert "Awaiting State consent" in page
    # the insiders see the whole
    r = call("get", f"/api/v1/activities/{activity.pk}", p.submitter)
    assert r.json()["status"] == "consent-refused"
    r = call("get", f"/api/v1/activities/{activity.pk}", p.other_state)
    assert r.json()["status"] == "consent-refused"  # France's own refusal


def test_a_text_change_through_the_web_form_waits_for_a_moderator(client, personas):
    p = personas
    activity = builders.published(p, title="Zyxw original title")
    client.force_login(p.submitter)
    response = client.post(
        f"/en/activities/{activity.pk}/edit/",
        {
            "title": "Qwvx changed title",
            "description": "Workshops.",
            "organization": p.cso.pk,
            "concerned_states": ["SVN"],
            "language": "en",
        },
    )
    assert response.status_code == 302
    client.logout()
    page = client.get(f"/en/activities/{activity.pk}/").content.decode()
    assert "Zyxw original title" in page and "Qwvx" not in page
    assert activity.revisions.get().status == "pending"


def test_a_state_body_contributor_submitting_through_the_api_does_not_consent(
    personas, call
):
    p = personas
    staff = p.factory.make_member(p.slovenia)
    r = call(
        "post",
        "/api/v1/activities",
        staff,
        {**BODY, "concerned_states": ["SVN"], "organization_id": p.slovenia.pk},
    )
    assert r.status_code == 201, r.content
    activity = Activity.objects.get(pk=r.json()["id"])
    assert activity.submitter_org == p.slovenia
    assert activity.consents.get().status == ConsentStatus.PENDING


def test_hiding_a_published_activity_takes_effect_at_once(personas, call):
    """Showing less never waits for a moderator: a person at risk may ask."""
    p = personas
    activity = builders.published(p, title="Zyxw workshop")
    services.update_activity(
        p.submitter, activity, builders.data(title="Zyxw workshop", confidential=True)
    )
    assert not is_public(activity)
    assert call("get", f"/api/v1/activities/{activity.pk}").status_code == 404
    assert not activity.revisions.exists()
    # showing it again is a change like any other: a moderator decides
    services.update_activity(
        p.submitter, activity, builders.data(title="Zyxw workshop", confidential=False)
    )
    assert not is_public(activity) and activity.revisions.get().status == "pending"


def test_a_change_to_an_activity_merged_away_cannot_be_approved(personas):
    p = personas
    keep = builders.published(p)
    duplicate = builders.published(p, title="Same training")
    services.update_activity(p.submitter, duplicate, builders.data(title="Changed"))
    services.merge_activities(p.reviewer, keep, duplicate)
    with pytest.raises(DomainError, match="no longer approved"):
        revisions.approve_revision(p.reviewer, duplicate.revisions.get())
