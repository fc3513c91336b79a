"""A focal point or moderator sets up a second factor only through the one-time
link e-mailed to them, never first come with a password."""

import datetime as dt
import re
from io import StringIO

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.management import call_command
from django.utils import timezone

from uprtc.actors.enrolment import send_enrolment_link
from uprtc.actors.models import EnrolmentLink, Membership, Role
from uprtc.actors.services import decide_membership, request_membership
from uprtc.core.models import AuditEvent
from uprtc.core.testing import SLOVENIA_FOCAL_POINT, login

pytestmark = pytest.mark.django_db
SITE = "http://127.0.0.1:8000"
ENROLMENT = "/en/accounts/enrol/"
ACTIVATE = "/en/accounts/2fa/totp/activate/"
DASHBOARD = "/en/dashboard/"


def path_of(url):
    return url.removeprefix(SITE)


def emailed_link(mailoutbox):
    found = re.search(r"http://\S+/accounts/enrol/\S+/", mailoutbox[-1].body)
    return path_of(found.group(0))


def link_for(user, capture):
    with capture(execute=True):
        return path_of(send_enrolment_link(user))


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_a_password_alone_never_reaches_the_page_that_sets_up_a_factor(
    client, personas
):
    login(client, personas.focal_point, second_factor=False)
    response = client.get(ACTIVATE)
    assert response.status_code == 302 and response["Location"] == ENROLMENT
    response = client.post(ACTIVATE, {"code": "123456"})
    assert response["Location"] == ENROLMENT
    assert client.get(DASHBOARD)["Location"] == ENROLMENT
    page = client.get(ENROLMENT)
    assert page.status_code == 200
    assert "No valid enrolment link is waiting" in page.content.decode()


def test_contributors_are_not_concerned(client, personas):
    login(client, personas.submitter, second_factor=False)
    assert client.get(DASHBOARD).status_code == 200
    assert client.get(ENROLMENT)["Location"] == DASHBOARD


def test_granting_a_deciding_role_emails_the_link_in_the_persons_language(
    personas, capture, mailoutbox
):
    person = personas.factory.make_user("new-fp@example.si", preferred_language="fr")
    membership = request_membership(person, personas.slovenia, Role.FOCAL_POINT)
    with capture(execute=True):
        decide_membership(personas.reviewer, membership, approve=True)
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["new-fp@example.si"]
    assert "/fr/accounts/enrol/" in mailoutbox[0].body
    assert EnrolmentLink.objects.filter(user=person, used_at=None).exists()
    sent = AuditEvent.objects.get(action="actors.enrolment.sent")
    assert sent.actor == personas.reviewer and sent.data["user"] == person.pk
    # nothing secret goes to the audit log
    assert "enrol/" not in str(sent.data)


def test_no_link_for_contributors_nor_for_people_who_have_a_factor(
    personas, capture, mailoutbox
):
    contributor = personas.factory.make_user()
    m = request_membership(contributor, personas.cso, Role.CONTRIBUTOR)
    enrolled = personas.factory.make_user()
    TOTP.activate(enrolled, generate_totp_secret())
    m2 = request_membership(enrolled, personas.ohchr, Role.MODERATOR)
    with capture(execute=True):
        decide_membership(personas.org_admin, m, approve=True)
        decide_membership(personas.reviewer, m2, approve=True)
    assert mailoutbox == []


def test_add_user_prints_and_sends_the_link_and_the_token_stays_last(
    client, capture, mailoutbox
):
    out = StringIO()
    with capture(execute=True):
        call_command(
            "add-user",
            *SLOVENIA_FOCAL_POINT,
            stdout=out,
        )
    lines = out.getvalue().strip().splitlines()
    assert lines[-1].startswith("uprtc_")
    printed = re.search(r"http://\S+/accounts/enrol/\S+/", lines[-2]).group(0)
    assert mailoutbox[0].to == ["fp@gov.si"]
    assert path_of(printed) == emailed_link(mailoutbox)  # one link, both ways
    # a contributor gets none
    out = StringIO()
    call_command(
        "add-user", "c@cso.org", "--org", "A CSO", "--org-type", "cso",
        "--role", "contributor", stdout=out,
    )  # fmt: skip
    assert "enrol" not in out.getvalue()


def test_the_link_works_once_for_its_person(client, personas, capture):
    fp = personas.focal_point
    fp.set_password("correct horse battery staple")
    fp.save()
    link = link_for(fp, capture)
    login(client, fp, second_factor=False)
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == ACTIVATE
    # the session may now set a factor up (allauth first asks for the password)
    assert client.get(ACTIVATE)["Location"].startswith("/en/accounts/reauthenticate/")
    assert client.get(ENROLMENT)["Location"] == ACTIVATE
    assert client.get(DASHBOARD)["Location"] == ACTIVATE
    assert EnrolmentLink.objects.get(user=fp).used_at is not None
    assert AuditEvent.objects.filter(action="actors.enrolment.opened").count() == 1
    # used: another session (the same person, or whoever saw the link) cannot
    client.logout()
    login(client, fp, second_factor=False)
    response = client.get(link)
    assert response.status_code == 410
    assert "already used" in response.content.decode()
    assert client.get(ACTIVATE)["Location"] == ENROLMENT


def test_a_link_for_another_person_is_refused_and_stays_usable(
    client, personas, capture
):
    link = link_for(personas.focal_point, capture)
    login(client, personas.other_state, second_factor=False)
    response = client.get(link)
    assert response.status_code == 403
    assert "sent to another account" in response.content.decode()
    assert client.get(ACTIVATE)["Location"] == ENROLMENT
    client.logout()
    login(client, personas.focal_point, second_factor=False)
    assert client.get(link)["Location"] == ACTIVATE


def test_an_expired_link_is_refused(client, personas, capture, settings):
    settings.MFA_ENROLMENT_LINK_HOURS = 24
    link = link_for(personas.reviewer, capture)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=25)):
        login(client, personas.reviewer, second_factor=False)
        response = client.get(link)
        assert response.status_code == 410
        assert "expired" in response.content.decode()
        # and the waiting page no longer claims a link is on its way
        page = client.get(ENROLMENT).content.decode()
        assert "No valid enrolment link is waiting" in page
    assert EnrolmentLink.objects.get(user=personas.reviewer).used_at is None


def test_a_new_link_replaces_the_earlier_one(client, personas, capture):
    first = link_for(personas.focal_point, capture)
    second = link_for(personas.focal_point, capture)
    login(client, personas.focal_point, second_factor=False)
    assert client.get(first).status_code == 410
    assert client.get(second)["Location"] == ACTIVATE


def test_a_forged_or_truncated_link_is_refused(client, personas, capture):
    link = link_for(personas.focal_point, capture)
    login(client, personas.focal_point, second_factor=False)
    assert client.get(link[:-6] + "xxxxx/").status_code == 400
    assert client.get(link)["Location"] == ACTIVATE


def test_opened_signed_out_it_leads_to_sign_in_and_back(client, personas, capture):
    """Our rule: the link only works for its person signed in with their
    password; e-mail scanners and whoever opens it signed out use nothing."""
    fp = personas.focal_point
    fp.set_password("correct horse battery staple")
    fp.save()
    link = link_for(fp, capture)
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")
    assert EnrolmentLink.objects.get(user=fp).used_at is None
    response = client.post(
        response["Location"],
        {"login": fp.email, "password": "correct horse battery staple"},
    )
    assert response["Location"] == link
    assert client.get(link)["Location"] == ACTIVATE


def test_the_waiting_page_resends_with_a_rate_limit(
    client, personas, capture, mailoutbox
):
    login(client, personas.focal_point, second_factor=False)
    with capture(execute=True):
        client.post("/en/accounts/enrol/send/")
    assert len(mailoutbox) == 1
    page = client.get(ENROLMENT).content.decode()
    assert "We sent an enrolment link to fp@example.si" in page
    with capture(execute=True):
        response = client.post("/en/accounts/enrol/send/", follow=True)
    assert len(mailoutbox) == 1
    assert "wait a few minutes" in response.content.decode()
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=3)):
        login(client, personas.focal_point, second_factor=False)
        with capture(execute=True):
            client.post("/en/accounts/enrol/send/")
    assert len(mailoutbox) == 2
    assert client.get("/en/accounts/enrol/send/").status_code == 405


def test_the_resend_button_is_csrf_protected(personas):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    login(client, personas.focal_point, second_factor=False)
    assert client.post("/en/accounts/enrol/send/").status_code == 403


def test_someone_with_a_factor_needs_no_link(client, personas, capture):
    link = link_for(personas.focal_point, capture)
    TOTP.activate(personas.focal_point, generate_totp_secret())
    login(client, personas.focal_point)
    assert client.get(link)["Location"] == DASHBOARD
    assert client.get(ENROLMENT)["Location"] == DASHBOARD


def test_the_demo_personas_have_a_known_factor_and_get_no_mail(db, capture, mailoutbox):
    from allauth.mfa.utils import is_mfa_enabled

    from uprtc.countries.models import Country
    from uprtc.demo.activities import focal_point, personas

    with capture(execute=True):
        people = personas()
        fp = focal_point(Country.objects.get(iso3="NGA"))
    assert is_mfa_enabled(people["moderator"]) and is_mfa_enabled(fp)
    assert not is_mfa_enabled(people["cso"])
    assert mailoutbox == []
    assert not EnrolmentLink.objects.exists()
    assert Membership.objects.filter(user=fp, status="approved").exists()
