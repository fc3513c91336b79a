"""API tokens: tokens that decide expire, uses are recorded, and each person
sees and revokes their own on their tokens page."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from uprtc.actors.models import ApiToken, Membership, Role
from uprtc.actors.services import issue_api_token, user_for_token
from uprtc.core.models import AuditEvent

pytestmark = pytest.mark.django_db
TOKENS = "/en/accounts/tokens/"
MINE = "/api/v1/activities?mine=true"


def later(**delta):
    return time_machine.travel(timezone.now() + dt.timedelta(**delta))


def get(client, token, path=MINE):
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_tokens_of_people_who_decide_expire_at_the_max_age(personas, settings):
    settings.API_TOKEN_MAX_AGE_DAYS = 90
    fp_token = issue_api_token(personas.focal_point)
    mod_token = issue_api_token(personas.reviewer)
    record = ApiToken.objects.get(user=personas.focal_point)
    assert record.expires_at - record.created_at == dt.timedelta(days=90)
    with later(days=89):
        assert user_for_token(fp_token) == personas.focal_point
    with later(days=90, seconds=1):
        assert user_for_token(fp_token) is None
        assert user_for_token(mod_token) is None


def test_an_expired_token_gets_the_401_of_an_unknown_one_saying_why(client, personas):
    token = issue_api_token(personas.focal_point)
    with later(days=91):
        expired = get(client, token)
    unknown = get(client, "uprtc_nothing")
    assert expired.status_code == unknown.status_code == 401
    assert expired["Content-Type"] == unknown["Content-Type"]
    assert expired["Content-Type"] == "application/problem+json"
    assert expired.json()["title"] == unknown.json()["title"] == "Unauthorized"
    assert "expired" in expired.json()["detail"]
    assert "expired" not in unknown.json()["detail"]
    # reads without a token still work; an expired one is refused, not ignored
    with later(days=91):
        assert get(client, token, "/api/v1/activities").status_code == 401


def test_a_token_issued_before_the_role_was_granted_expires_all_the_same(
    personas,
):
    person = personas.factory.make_member(personas.cso, Role.CONTRIBUTOR)
    token = issue_api_token(person)
    assert ApiToken.objects.get(user=person).expires_at is None
    Membership.objects.create(
        user=person,
        organization=personas.slovenia,
        role=Role.FOCAL_POINT,
        status=Membership.Status.APPROVED,
    )
    assert user_for_token(token) == person
    with later(days=91):
        assert user_for_token(token) is None
        # without the deciding role, the same token works again
        Membership.objects.filter(user=person, role=Role.FOCAL_POINT).update(
            status=Membership.Status.REVOKED
        )
        assert user_for_token(token) == person


def test_contributor_tokens_do_not_expire_unless_configured(personas, settings):
    token = issue_api_token(personas.submitter)
    with later(days=3650):
        assert user_for_token(token) == personas.submitter
    settings.API_TOKEN_OTHER_MAX_AGE_DAYS = 30
    short = issue_api_token(personas.submitter)
    with later(days=29):
        assert user_for_token(short) == personas.submitter
    with later(days=31):
        assert user_for_token(short) is None
        assert user_for_token(token) == personas.submitter


def test_the_last_use_is_recorded_at_most_once_a_minute(client, personas):
    token = issue_api_token(personas.submitter)
    record = ApiToken.objects.get(user=personas.submitter)
    assert record.last_used_at is None
    assert get(client, token).status_code == 200
    record.refresh_from_db()
    first = record.last_used_at
    assert first is not None
    with later(seconds=30):
        get(client, token)
    record.refresh_from_db()
    assert record.last_used_at == first
    with later(minutes=2):
        get(client, token)
    record.refresh_from_db()
    assert record.last_used_at > first


def test_the_tokens_page_says_what_each_token_can_do(client, personas):
    token = issue_api_token(personas.focal_point, name="consent robot")
    get(client, token)
    issue_api_token(personas.focal_point, name="old one")
    client.force_login(personas.focal_point)
    page = client.get(TOKENS)
    assert page.status_code == 200
    html = page.content.decode()
    assert "decides consent for Slovenia" in html
    assert "consent robot" in html and "old one" in html
    assert ApiToken.objects.filter(name="consent robot").get().prefix in html
    assert "never" in html  # the unused one
    expires = ApiToken.objects.get(name="old one").expires_at
    assert expires.strftime("%Y-%m-%d %H:%M") in html
    assert "<script" not in html
    # the other personas' scopes, in words
    client.force_login(personas.reviewer)
    assert "moderator: reviews activities and records consent" in (
        client.get(TOKENS).content.decode()
    )
    client.force_login(personas.submitter)
    html = client.get(TOKENS).content.decode()
    assert "contributes for Civil Rights Defenders Slovenia" in html
    assert "You have no API tokens." in html


def test_the_signed_in_menu_links_to_the_tokens_page(client, personas):
    client.force_login(personas.submitter)
    assert f'href="{TOKENS}"' in client.get("/en/dashboard/").content.decode()
    client.logout()
    assert client.get(TOKENS)["Location"].startswith("/en/accounts/login/")


def test_a_person_revokes_their_own_token(client, personas):
    token = issue_api_token(personas.submitter)
    record = ApiToken.objects.get(user=personas.submitter)
    client.force_login(personas.submitter)
    url = f"/en/accounts/tokens/{record.pk}/revoke/"
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "no longer works" in response.content.decode()
    assert "revoked on" in response.content.decode()
    record.refresh_from_db()
    assert record.revoked_at is not None
    assert user_for_token(token) is None
    event = AuditEvent.objects.get(action="actors.token.revoked")
    assert event.actor == personas.submitter and event.object_id == str(record.pk)
    # twice changes nothing
    client.post(url)
    assert AuditEvent.objects.filter(action="actors.token.revoked").count() == 1


def test_nobody_revokes_someone_elses_token(client, personas):
    token = issue_api_token(personas.focal_point)
    record = ApiToken.objects.get(user=personas.focal_point)
    client.force_login(personas.other_state)
    assert client.post(f"/en/accounts/tokens/{record.pk}/revoke/").status_code == 404
    assert user_for_token(token) == personas.focal_point


def test_revoking_is_csrf_protected(personas):
    issue_api_token(personas.submitter)
    record = ApiToken.objects.get(user=personas.submitter)
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.submitter)
    assert client.post(f"/en/accounts/tokens/{record.pk}/revoke/").status_code == 403
    record.refresh_from_db()
    assert record.revoked_at is None


def test_a_focal_point_must_pass_the_second_factor_to_see_tokens(client, personas):
    from uprtc.core.testing import login

    login(client, personas.focal_point, second_factor=False)
    assert client.get(TOKENS).status_code == 302
