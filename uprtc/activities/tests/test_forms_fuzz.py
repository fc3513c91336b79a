"""The activity pages' forms with random field values: never a server error;
a rejected submission changes nothing and says what is wrong."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uprtc.activities.models import Activity, Consent
from uprtc.activities.tests.builders import FORM, approved, submitted
from uprtc.core.tests.fuzz import explained, few, form_data

pytestmark = pytest.mark.django_db

ACTIVITY = {
    **FORM,
    "start_date": "2026-01-10",
    "budget": "1000",
    "currency": "EUR",
    "links": "https://example.org",
    "contact_email": "a@example.org",
}
ACTIVITY_FIELDS = [
    "organization",
    "title",
    "description",
    "language",
    "concerned_states",
    "recommendations",
    "find_state",
    "find_text",
    "themes",
    "sdg_targets",
    "modality",
    "start_date",
    "end_date",
    "budget",
    "currency",
    "funding_source",
    "links",
    "languages",
    "good_practice",
    "contact_email",
]


@few(12)
@given(
    data=form_data(ACTIVITY, ACTIVITY_FIELDS),
    button=st.sampled_from(["save", "submit", "find"]),
)
def test_the_activity_form_never_fails_and_explains_a_refusal(
    client, personas, data, button
):
    client.force_login(personas.submitter)
    data = {"organization": personas.cso.pk, **data, button: "1"}
    before = Activity.objects.count()
    response = client.post("/en/activities/new/", data)
    if response.status_code == 302:
        assert button != "find"
        assert Activity.objects.count() == before + 1
        return
    assert Activity.objects.count() == before
    if button != "find" or response.status_code != 200:
        assert explained(response)


@few(10)
@given(
    data=form_data(
        {"state": "SVN", "decision": "grant", "comment": "ok"},
        ["state", "decision", "comment", "evidence_note"],
    ),
    who=st.sampled_from(["focal_point", "other_state", "reviewer", "submitter"]),
)
def test_the_consent_form_never_fails_and_explains_a_refusal(
    client, personas, data, who
):
    activity = approved(personas)
    client.force_login(getattr(personas, who))
    before = list(Consent.objects.values_list("pk", "status"))
    response = client.post(f"/en/activities/{activity.pk}/consent/", data, follow=True)
    assert response.status_code in (200, 400, 403, 404)
    if response.status_code in (200, 400):
        assert explained(response)
    changed = list(Consent.objects.values_list("pk", "status")) != before
    if changed:  # only the State concerned, or a moderator on evidence
        assert data.get("state") == "SVN"
        assert who == "focal_point" or (
            who == "reviewer" and str(data.get("evidence_note", "")).strip()
        )


@few(12)
@given(
    data=form_data({"decision": "approve", "comment": ""}, ["decision", "comment"]),
    merge=form_data({"duplicate": "1"}, ["duplicate"]),
)
def test_the_review_and_merge_forms_never_fail(client, personas, data, merge):
    activity = submitted(personas)
    client.force_login(personas.reviewer)
    for path, payload in (("review", data), ("merge", merge)):
        response = client.post(
            f"/en/activities/{activity.pk}/{path}/", payload, follow=True
        )
        assert explained(response)
