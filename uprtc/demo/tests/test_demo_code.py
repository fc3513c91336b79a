"""``uprtc demo-code``: the demo's second-factor code, on a demo server only."""

from __future__ import annotations

from io import StringIO

import pytest
from allauth.mfa.totp.internal.auth import validate_totp_code
from django.core.management import CommandError, call_command

from uprtc.actors.models import OrgType, Role
from uprtc.actors.services import add_user
from uprtc.demo.activities import DEMO_TOTP_SECRET, MODERATOR, _second_factor

pytestmark = pytest.mark.django_db


def moderator(email: str):
    """A moderator of the demo's OHCHR, as ``load-demo`` makes one."""
    return add_user(
        email,
        org_name="OHCHR (demo)",
        org_type=OrgType.UN_ENTITY,
        role=Role.MODERATOR,
        actor="test",
        send_enrolment=False,
    ).user


@pytest.fixture
def demo_moderator(personas):
    user = moderator(MODERATOR)
    _second_factor(user)
    return user


def code_for(email: str) -> str:
    out = StringIO()
    call_command("demo-code", email, stdout=out)
    return out.getvalue().strip()


def test_the_printed_code_passes_the_second_factor_check(demo_moderator, settings):
    settings.DEBUG = True
    code = code_for(MODERATOR)
    assert len(code) == 6 and code.isdigit()
    assert validate_totp_code(DEMO_TOTP_SECRET, code)


def test_it_refuses_without_debug(demo_moderator, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        code_for(MODERATOR)


def test_it_refuses_an_account_outside_the_demo(personas, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="not a demo account"):
        code_for(personas.reviewer.email)


def test_it_refuses_a_demo_address_with_a_secret_of_its_own(personas, settings):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    settings.DEBUG = True
    user = moderator("someone@demo.uprtc.org")
    TOTP.activate(user, generate_totp_secret())
    with pytest.raises(CommandError, match="does not use the demo"):
        code_for("someone@demo.uprtc.org")
