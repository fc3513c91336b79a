"""The workflow from draft to publication and back, step by step."""

import pytest
from django.http import Http404

from uprtc.activities import consent, revisions, services
from uprtc.activities.choices import ConsentStatus, Review, Stage
from uprtc.activities.models import Activity
from uprtc.activities.tests import builders
from uprtc.core.errors import DomainError, NotAllowed
from uprtc.core.models import AuditEvent
from uprtc.countries.models import Country
from uprtc.notifications.models import Notification

pytestmark = pytest.mark.django_db


def svn():
    return Country.objects.get(iso3="SVN")


def is_public(activity):
    return Activity.objects.public().filter(pk=activity.pk).exists()


def test_a_cso_activity_goes_from_draft_to_published(personas):
    p = personas
    activity = builders.draft(p)
    assert activity.stage == Stage.DRAFT and not is_public(activity)
    services.submit_activity(p.submitter, activity)
    activity.refresh_from_db()
    assert activity.stage == Stage.SUBMITTED
    assert Notification.objects.filter(
        recipient=p.reviewer, kind="submission-received"
    ).exists()
    services.approve_submission(p.reviewer, activity)
    activity.refresh_from_db()
    assert activity.stage == Stage.AWAITING_CONSENT and not is_public(activity)
    assert activity.consents.get().status == ConsentStatus.REQUESTED
    assert Notification.objects.filter(
        recipient=p.focal_point, kind="consent-requested"
    ).exists()
    assert not Notification.objects.filter(recipient=p.other_state).exists()
    consent.grant_consent(p.focal_point, activity, svn())
    activity.refresh_from_db()
    assert activity.stage == Stage.PUBLISHED and is_public(activity)
    assert activity.published_at is not None
    actions = list(
        AuditEvent.objects.for_object(activity)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "activities.activity.created",
        "activities.activity.submitted",
        "activities.activity.approved",
        "activities.consent.requested",
        "activities.consent.granted",
        "activities.activity.published",
    ]


def test_withdrawal_unpublishes_at_once(personas):
    activity = builders.published(personas)
    consent.withdraw_consent(personas.focal_point, activity, svn())
    activity.refresh_from_db()
    assert activity.stage == Stage.WITHDRAWN and not is_public(activity)
    assert AuditEvent.objects.filter(action="activities.activity.unpublished").exists()
    consent.grant_consent(personas.focal_point, activity, svn())
    assert is_public(activity)


def test_every_concerned_state_must_consent(personas):
    activity = builders.approved(personas, states=("SVN", "FRA"))
    consent.grant_consent(personas.focal_point, activity, svn())
    assert not is_public(activity)
    consent.refuse_consent(
        personas.other_state, activity, Country.objects.get(iso3="FRA")
    )
    activity.refresh_from_db()
    assert activity.stage == Stage.CONSENT_REFUSED and not is_public(activity)


def test_a_state_submitting_about_itself_consents_by_submitting(personas):
    p = personas
    activity = services.create_activity(p.focal_point, p.slovenia, builders.data())
    services.submit_activity(p.focal_point, activity)
    assert activity.consents.get().status == ConsentStatus.GRANTED
    services.approve_submission(p.reviewer, activity)
    assert is_public(activity)


def test_only_the_states_focal_point_decides(personas):
    activity = builders.approved(personas)
    for insider in (personas.submitter, personas.org_admin):
        with pytest.raises(NotAllowed):
            consent.grant_consent(insider, activity, svn())
    # France may not even see it: not found, as if there were nothing
    with pytest.raises(Http404):
        consent.grant_consent(personas.other_state, activity, svn())
    assert not is_public(activity)


def test_a_moderator_records_consent_only_with_evidence(personas):
    activity = builders.approved(personas)
    with pytest.raises(DomainError, match="evidence"):
        consent.grant_consent(personas.reviewer, activity, svn())
    record = consent.grant_consent(
        personas.reviewer, activity, svn(), evidence_note="Note verbale SVN/2026/114"
    )
    assert record.on_record_by_moderator and is_public(activity)


def test_return_and_reject_need_a_comment_and_only_a_moderator(personas):
    activity = builders.submitted(personas)
    with pytest.raises(NotAllowed):
        services.approve_submission(personas.submitter, activity)
    with pytest.raises(DomainError, match="Say why"):
        services.return_submission(personas.reviewer, activity, "")
    services.return_submission(personas.reviewer, activity, "Add the dates.")
    activity.refresh_from_db()
    assert activity.review == Review.RETURNED
    services.submit_activity(personas.submitter, activity)
    services.reject_submission(personas.reviewer, activity, "Not UPR-related.")
    activity.refresh_from_db()
    assert activity.stage == Stage.REJECTED


def test_consent_is_asked_only_after_approval(personas):
    activity = builders.submitted(personas)
    with pytest.raises(Http404):  # before approval the State does not see it
        consent.grant_consent(personas.focal_point, activity, svn())
    with pytest.raises(DomainError, match="after the moderators approve"):
        consent.grant_consent(personas.reviewer, activity, svn(), evidence_note="N")


def test_a_confidential_activity_is_never_published(personas):
    activity = builders.approved(personas, confidential=True)
    # moderators only see it: the State's decision comes through them
    with pytest.raises(Http404):
        consent.grant_consent(personas.focal_point, activity, svn())
    consent.grant_consent(
        personas.reviewer, activity, svn(), evidence_note="Note verbale 2025/12"
    )
    assert not is_public(activity)
    assert activity.stage == Stage.CONFIDENTIAL


def test_editing_a_published_activity_keeps_versions(personas):
    activity = builders.published(personas)
    services.update_activity(
        personas.submitter, activity, builders.data(title="Training of judges, phase 2")
    )
    activity.refresh_from_db()
    assert activity.version == 1 and activity.title.startswith("Training of judges on")
    revisions.approve_revision(personas.reviewer, activity.revisions.get())
    activity.refresh_from_db()
    assert activity.version == 2 and is_public(activity)
    assert activity.title == "Training of judges, phase 2"
    old = activity.versions.get()
    assert old.number == 1 and old.data["title"].startswith("Training of judges on")
    event = AuditEvent.objects.filter(action="activities.activity.updated").get()
    assert event.before["title"].startswith("Training of judges on")


def test_a_state_added_after_approval_must_consent_too(personas):
    activity = builders.published(personas)
    services.update_activity(
        personas.reviewer, activity, builders.data(states=("SVN", "FRA"))
    )
    assert not is_public(activity)
    assert activity.consents.get(country__iso3="FRA").status == ConsentStatus.REQUESTED


def test_no_membership_no_submission(personas):
    with pytest.raises(NotAllowed):
        services.create_activity(personas.outsider, personas.cso, builders.data())


def test_bad_input_names_the_field(personas):
    with pytest.raises(DomainError) as error:
        builders.draft(personas, states=())
    assert error.value.field == "concerned_states"
    with pytest.raises(DomainError) as error:
        builders.draft(personas, budget=100)
    assert error.value.field == "currency"


def test_merging_keeps_both_provenances(personas):
    keep = builders.published(personas)
    duplicate = builders.submitted(personas, title="Istanbul Protocol training")
    services.merge_activities(personas.reviewer, keep, duplicate)
    duplicate.refresh_from_db()
    keep.refresh_from_db()
    assert duplicate.merged_into == keep
    assert len(keep.provenances) == 2
    assert (
        not Activity.objects.visible_to(personas.submitter)
        .filter(pk=duplicate.pk, merged_into__isnull=True)
        .exists()
    )
