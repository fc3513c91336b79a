"""Test builders: a tiny factory and the personas every test speaks of."""

from __future__ import annotations

import itertools
import time
from typing import Any

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
)
from django.test.client import ClientMixin

from uprtc.actors.models import Membership, Organization, OrgType, Role, User
from uprtc.countries.models import Country
from uprtc.countries.reference import load_countries
from uprtc.taxonomies.reference import load_taxonomies

_seq = itertools.count(1)


class Factory:
    def make_org(
        self,
        name: str | None = None,
        org_type: str = OrgType.CSO,
        country: str | None = None,
        **extra: Any,
    ) -> Organization:
        return Organization.objects.create(
            name=name or f"Organization {next(_seq)}",
            org_type=org_type,
            country=Country.objects.get(iso3=country) if country else None,
            **extra,
        )

    def make_user(self, email: str | None = None, **extra: Any) -> User:
        return User.objects.create_user(
            email or f"person{next(_seq)}@example.org", **extra
        )

    def make_member(
        self,
        org: Organization,
        role: str = Role.CONTRIBUTOR,
        email: str | None = None,
        status: str = Membership.Status.APPROVED,
    ) -> User:
        user = self.make_user(email)
        Membership.objects.create(user=user, organization=org, role=role, status=status)
        return user


# ``uprtc add-user`` making Slovenia's focal point, with an API token
SLOVENIA_FOCAL_POINT = (
    "fp@gov.si",
    "--org",
    "Slovenia MFA",
    "--org-type",
    "state",
    "--country",
    "SVN",
    "--role",
    "focal-point",
    "--token",
)


class Personas:
    """submitter (a CSO contributor), focal_point (Slovenia), other_state
    (France's focal point), reviewer (an OHCHR moderator), org_admin (the CSO's
    administrator) and outsider (signed in, no membership)."""

    def __init__(self) -> None:
        f = self.factory = Factory()
        self.cso = f.make_org("Civil Rights Defenders Slovenia", OrgType.CSO, "SVN")
        self.slovenia = f.make_org(
            "Slovenia — Ministry of Foreign Affairs", OrgType.STATE, "SVN"
        )
        self.france = f.make_org("France — Permanent Mission", OrgType.STATE, "FRA")
        self.ohchr = f.make_org("OHCHR", OrgType.UN_ENTITY)
        self.submitter = f.make_member(
            self.cso, Role.CONTRIBUTOR, "submitter@example.org"
        )
        self.org_admin = f.make_member(self.cso, Role.ADMIN, "admin@example.org")
        self.focal_point = f.make_member(
            self.slovenia, Role.FOCAL_POINT, "fp@example.si"
        )
        self.other_state = f.make_member(self.france, Role.FOCAL_POINT, "fp@example.fr")
        self.reviewer = f.make_member(self.ohchr, Role.MODERATOR, "reviewer@ohchr.org")
        self.outsider = f.make_user("outsider@example.org")


def pass_second_factor(client: Any, user: User) -> None:
    """Record in ``client``'s session that ``user`` passed the second factor,
    exactly as allauth does after a TOTP code (``uprtc.actors.mfa`` reads it)."""
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()


def login(client: Any, user: User, *, second_factor: bool = True) -> Any:
    """Sign a Django test ``Client`` in as ``user`` as if through the sign-in
    page, second factor included; returns the client.

    Focal points and moderators are refused everything but the second-factor
    pages in a session without an ``mfa`` record (``uprtc.actors.mfa``).
    This helper makes the same session a real sign-in makes: Django's
    ``force_login`` plus allauth's record of a password and a TOTP code. With
    ``second_factor=False`` the session is that of someone who stopped after the
    password (what the enforcement tests need).

    Browser tests make a session the same way and hand the cookie to the
    browser: ``login(client, user)``, then set the cookie named
    ``settings.SESSION_COOKIE_NAME`` to ``client.cookies[...].value`` for the
    live server's domain.

    In this project's pytest run ``client.force_login(user)`` does the same as
    ``login(client, user)`` (an autouse fixture in ``conftest.py``), so tests
    written with Django's usual call keep working; use this helper to say so
    explicitly or to leave the second factor out.
    """
    ClientMixin.force_login(client, user)
    if second_factor:
        pass_second_factor(client, user)
    return client


def ensure_reference_data() -> None:
    """The countries and taxonomies the migrations load. A transactional test
    (browser journeys, Celery, backup) empties every table when it ends, so
    whatever test comes next loads them again."""
    if not Country.objects.exists():
        load_countries()
        load_taxonomies()
