"""Sign-up through allauth: open, e-mail verified before anything, no role;
then the onboarding pages (join, register, vetting queue, approvals)."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command

from uprtc.actors.models import Membership, Organization, User, Vetting

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple 42"


def sign_up(client, email="amina@example.org", lang="en", **extra):
    return client.post(
        f"/{lang}/accounts/signup/",
        {"email": email, "password1": PASSWORD, "password2": PASSWORD, **extra},
    )


def confirmation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+/confirm-email/\S+/)", message.body)[1]


def test_sign_up_verify_then_no_role(client, personas):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"].endswith("/accounts/confirm-email/")
    user = User.objects.get(email="amina@example.org")
    # nothing but "confirm your e-mail" until the address is proved
    assert "_auth_user_id" not in client.session
    assert client.get("/en/accounts/start/").status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["amina@example.org"]
    link = confirmation_link(mail.outbox[0])
    page = client.get(link)
    assert page.status_code == 200 and b"Confirm" in page.content
    done = client.post(link)
    assert done.status_code == 302 and done["Location"].endswith("/dashboard/")
    assert EmailAddress.objects.get(user=user).verified
    assert not user.memberships.exists() and not user.is_moderator
    desk = client.get("/en/dashboard/").content.decode()
    assert "Join an organization" in desk and "Register an organization" in desk


def test_an_unverified_account_cannot_sign_in(client, personas):
    sign_up(client)
    client.logout()
    response = client.post(
        "/en/accounts/login/", {"login": "amina@example.org", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert response["Location"].endswith("/accounts/confirm-email/")


def test_the_honeypot_refuses_robots(client, personas):
    response = sign_up(client, homepage="http://spam.example")
    assert response.status_code == 200
    assert not User.objects.filter(email="amina@example.org").exists()


def test_sign_up_is_rate_limited(client, personas, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/h/ip"}
    codes = [sign_up(client, f"p{i}@example.org").status_code for i in range(3)]
    assert codes[:2] == [302, 302] and codes[2] == 429


def test_accounts_made_by_operators_are_verified(db, personas):
    call_command("add-user", "ops@example.org", "--org", "OHCHR",
                 "--org-type", "un-entity", "--role", "contributor")  # fmt: skip
    user = User.objects.get(email="ops@example.org")
    assert EmailAddress.objects.get(user=user).verified
    assert EmailAddress.objects.get(user=personas.submitter).verified


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_onboarding_pages_work_without_javascript(client, personas, lang):
    client.force_login(personas.outsider)
    for url in ("start/", "join/", "register-organization/", "members/"):
        html = client.get(f"/{lang}/accounts/{url}").content.decode()
        assert "<script" not in html and html.count("<h1") == 1, url
    client.logout()
    html = client.get(f"/{lang}/accounts/signup/").content.decode()
    assert 'name="email"' in html and "<script" not in html
    assert ('dir="rtl"' in html) == (lang == "ar")


def test_register_then_vet_through_the_pages(client, personas):
    p = personas
    client.force_login(p.outsider)
    response = client.post(
        "/en/accounts/register-organization/",
        {
            "name": "Sava River Rights Network",
            "org_type": "cso",
            "country": "SVN",
            "website": "https://sava.example.org",
            "description": "Legal aid for detainees.",
            "public_anonymous": "on",
        },
    )
    assert response.status_code == 302
    org = Organization.objects.get(name="Sava River Rights Network")
    assert org.public_anonymous and org.vetting == Vetting.PENDING
    assert "Sava River" in client.get("/en/accounts/start/").content.decode()
    assert client.get("/en/accounts/vetting/").status_code == 403
    client.force_login(p.reviewer)
    queue = client.get("/en/accounts/vetting/").content.decode()
    assert "Sava River Rights Network" in queue
    client.post(f"/en/accounts/vetting/{org.pk}/", {"decision": "approve"})
    org.refresh_from_db()
    assert org.vetting == Vetting.APPROVED
    assert Membership.objects.get(organization=org).status == "approved"


def test_join_then_approve_through_the_pages(client, personas):
    p = personas
    client.force_login(p.outsider)
    form = client.get("/en/accounts/join/").content.decode()
    assert "OHCHR" in form and p.cso.name not in form  # named in nothing public
    response = client.post(
        "/en/accounts/join/", {"organization": p.ohchr.pk, "role": "contributor"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=p.outsider)
    client.force_login(p.reviewer)
    listed = client.get("/en/accounts/members/").content.decode()
    assert "outsider@example.org" in listed
    decide = f"/en/accounts/members/{membership.pk}/decide/"
    client.post(decide, {"decision": "approve"})
    membership.refresh_from_db()
    assert membership.status == "approved"
