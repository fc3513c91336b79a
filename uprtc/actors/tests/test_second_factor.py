"""Focal points, moderators and staff need a second factor; others do not."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from uprtc.actors.mfa import mfa_required
from uprtc.core.testing import login

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
DASHBOARD = "/en/dashboard/"
ENROLMENT = "/en/accounts/enrol/"
ACTIVATE = "/en/accounts/2fa/totp/activate/"


def code(secret):
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def with_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client, user):
    return client.post(
        "/en/accounts/login/", {"login": user.email, "password": PASSWORD}
    )


def test_who_needs_a_second_factor(personas):
    assert mfa_required(personas.focal_point)
    assert mfa_required(personas.other_state)
    assert mfa_required(personas.reviewer)
    assert not mfa_required(personas.submitter)
    assert not mfa_required(personas.org_admin)
    assert not mfa_required(personas.outsider)
    staff = personas.factory.make_user("staff@example.org", is_staff=True)
    assert mfa_required(staff)


def link_from_mail(outbox):
    return re.search(r"http://\S+/accounts/enrol/\S+/", outbox[-1].body).group(0)


@pytest.mark.parametrize("name", ["focal_point", "reviewer"])
def test_without_a_factor_yet_one_waits_for_the_emailed_link_and_can_do_nothing(
    client, personas, name, django_capture_on_commit_callbacks, mailoutbox
):
    user = with_password(getattr(personas, name))
    sign_in(client, user)
    for page in (DASHBOARD, "/en/activities/new/", "/en/iati/import/"):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"] == ENROLMENT
    response = client.post("/en/activities/1/consent/", {"decision": "grant"})
    assert response["Location"] == ENROLMENT
    # the password alone does not open the page that sets a factor up
    assert client.get(ACTIVATE)["Location"] == ENROLMENT
    page = client.get(ENROLMENT).content.decode()
    assert "Check your e-mail" in page and "<script" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/enrol/send/")
    assert mailoutbox[-1].to == [user.email]
    link = link_from_mail(mailoutbox).removeprefix("http://127.0.0.1:8000")
    assert client.get(link)["Location"] == ACTIVATE
    # allauth asks for the password again before a factor is added
    response = client.get(ACTIVATE)
    assert response["Location"].startswith("/en/accounts/reauthenticate/")
    client.post(response["Location"], {"password": PASSWORD})
    # the set-up page is reachable, in the site's layout, without script
    page = client.get(ACTIVATE).content.decode()
    assert 'class="site"' in page and "<script" not in page
    secret = re.search(r'id="authenticator_secret"[^>]*value="(\w+)"', page)
    if secret is None:
        secret = re.search(r'value="(\w+)"[^>]*id="authenticator_secret"', page)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ACTIVATE, {"code": code(secret.group(1))})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    # proving the code while activating counts as this session's second factor
    assert client.get(DASHBOARD).status_code == 200
    recovery = client.get("/en/accounts/2fa/recovery-codes/")
    assert recovery.status_code == 200 and "<script" not in recovery.content.decode()


def activate(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def test_with_a_factor_the_password_alone_does_not_sign_in(client, personas):
    user = with_password(personas.reviewer)
    secret = activate(user)
    response = sign_in(client, user)
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    assert client.get(DASHBOARD).status_code == 302
    response = client.post("/en/accounts/2fa/authenticate/", {"code": "000000"})
    assert "_auth_user_id" not in client.session
    response = client.post("/en/accounts/2fa/authenticate/", {"code": code(secret)})
    assert response.status_code == 302
    assert client.get(DASHBOARD).status_code == 200


def test_a_session_opened_without_the_factor_must_pass_it(client, personas):
    """Any other way in (an old session, a future sign-in path) fails closed."""
    secret = activate(personas.focal_point)
    login(client, personas.focal_point, second_factor=False)
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/2fa/reauthenticate/")
    client.post("/en/accounts/2fa/reauthenticate/", {"code": code(secret)})
    assert client.get(DASHBOARD).status_code == 200


def test_contributors_sign_in_with_a_password_alone(client, personas):
    for name in ("submitter", "org_admin", "outsider"):
        client.logout()
        sign_in(client, with_password(getattr(personas, name)))
        assert client.get(DASHBOARD).status_code == 200, name


def test_the_test_helper_signs_in_as_if_the_factor_was_passed(client, personas):
    login(client, personas.reviewer)
    assert client.get("/en/iati/import/").status_code == 200
    client.force_login(personas.focal_point)  # the suite's fixture does the same
    assert client.get(DASHBOARD).status_code == 200


def test_the_api_takes_tokens_whatever_the_second_factor(call, personas):
    response = call("get", "/api/v1/activities", user=personas.reviewer)
    assert response.status_code == 200
