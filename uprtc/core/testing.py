"""Test builders: a tiny factory and the personas every test speaks of."""

from __future__ import annotations

import itertools
from typing import Any

from uprtc.actors.models import Membership, Organization, OrgType, Role, User
from uprtc.countries.models import Country

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
