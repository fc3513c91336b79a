"""Workflow steps for people, organizations and roles. Views, the API and
commands all call these; each is atomic and audited."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uprtc.actors.models import ApiToken, Membership, Organization, OrgType, Role, User
from uprtc.core import audit
from uprtc.core.errors import DomainError, NotAllowed
from uprtc.countries.models import Country

TOKEN_PREFIX = "uprtc_"
# Only moderators may hand out the roles that decide for States or for everyone.
MODERATOR_GRANTED_ROLES = {Role.FOCAL_POINT, Role.MODERATOR}


@dataclass
class AddUserResult:
    user: User
    organization: Organization
    membership: Membership
    created: list[str]


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_org_role(org: Organization, role: str) -> None:
    if role == Role.FOCAL_POINT and org.org_type != OrgType.STATE:
        raise DomainError(
            _("A focal point must belong to a State organization."), field="role"
        )


@transaction.atomic
def add_user(
    email: str,
    *,
    org_name: str,
    org_type: str,
    role: str,
    country_iso3: str | None = None,
    actor: Any = "command:add-user",
) -> AddUserResult:
    """Create whatever is missing (user, organization, approved membership).

    For operators only: it grants roles directly, so it is reachable from the
    command line and never from the web."""
    if org_type not in OrgType.values:
        raise DomainError(
            _("Unknown organization type %(value)s; use one of: %(choices)s.")
            % {"value": org_type, "choices": ", ".join(OrgType.values)},
            field="org_type",
        )
    if role not in Role.values:
        raise DomainError(
            _("Unknown role %(value)s; use one of: %(choices)s.")
            % {"value": role, "choices": ", ".join(Role.values)},
            field="role",
        )
    country = None
    if country_iso3:
        country = Country.objects.filter(iso3=country_iso3.upper()).first()
        if country is None:
            raise DomainError(
                _("Unknown country code %(code)s (ISO 3166 alpha-3 expected).")
                % {"code": country_iso3},
                field="country",
            )
    if org_type == OrgType.STATE and country is None:
        raise DomainError(_("A State organization needs --country."), field="country")

    created: list[str] = []
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        user = User.objects.create_user(email.strip())
        created.append("user")
        audit.record(
            "actors.user.created", actor=actor, obj=user, after={"email": user.email}
        )

    org = Organization.objects.filter(name=org_name.strip(), org_type=org_type).first()
    if org is None:
        org = Organization.objects.create(
            name=org_name.strip(), org_type=org_type, country=country
        )
        created.append("organization")
        audit.record(
            "actors.organization.created",
            actor=actor,
            obj=org,
            after=audit.snapshot(org, ["name", "org_type", "country"]),
        )
    elif country is not None and org.country_id != country.id:
        raise DomainError(
            _("Organization %(name)s exists with another country.")
            % {"name": org.name},
            field="country",
        )
    _check_org_role(org, role)

    membership, was_created = Membership.objects.get_or_create(
        user=user, organization=org, role=role
    )
    if was_created or membership.status != Membership.Status.APPROVED:
        before = {"status": None if was_created else membership.status}
        membership.status = Membership.Status.APPROVED
        membership.decided_at = timezone.now()
        membership.save(update_fields=["status", "decided_at"])
        created.append("membership")
        audit.record(
            "actors.membership.granted",
            actor=actor,
            obj=membership,
            before=before,
            after={"status": membership.status, "role": role},
        )
    return AddUserResult(user, org, membership, created)


@transaction.atomic
def issue_api_token(user: User, *, name: str = "", actor: Any = None) -> str:
    """Create a token and return it in plain text; it cannot be shown again."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=token[: len(TOKEN_PREFIX) + 6],
        key_hash=_hash_token(token),
    )
    audit.record(
        "actors.token.issued",
        actor=actor or user,
        obj=record,
        after={"user": user.pk, "prefix": record.prefix},
    )
    return token


def user_for_token(token: str) -> User | None:
    """The active user a bearer token belongs to, or None."""
    record = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash_token(token), revoked_at__isnull=True)
        .first()
    )
    if record is None or not record.user.is_active:
        return None
    ApiToken.objects.filter(pk=record.pk).update(last_used_at=timezone.now())
    return record.user


@transaction.atomic
def request_membership(user: User, organization: Organization, role: str) -> Membership:
    """Anyone may ask to join; the membership waits for approval."""
    _check_org_role(organization, role)
    membership, created = Membership.objects.get_or_create(
        user=user, organization=organization, role=role
    )
    if not created and membership.status == Membership.Status.APPROVED:
        return membership
    if not created:
        membership.status = Membership.Status.PENDING
        membership.save(update_fields=["status"])
    audit.record(
        "actors.membership.requested",
        actor=user,
        obj=membership,
        after={"status": membership.status, "role": role},
    )
    return membership


def can_decide_membership(actor: User, membership: Membership) -> bool:
    if not actor.is_active:
        return False
    if actor.is_moderator:
        return True
    if membership.role in MODERATOR_GRANTED_ROLES:
        return False
    return (
        actor.approved_memberships()
        .filter(organization=membership.organization, role=Role.ADMIN)
        .exists()
    )


@transaction.atomic
def decide_membership(
    actor: User, membership: Membership, *, approve: bool
) -> Membership:
    """Approve or revoke. Focal points and moderators only by a moderator;
    other roles by the organization's administrator or a moderator."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not can_decide_membership(actor, membership):
        raise NotAllowed(_("You may not decide on this membership."))
    if membership.user_id == actor.pk and approve:
        raise NotAllowed(_("Nobody may approve their own membership."))
    new_status = Membership.Status.APPROVED if approve else Membership.Status.REVOKED
    if membership.status == new_status:
        return membership
    before = {"status": membership.status}
    membership.status = new_status
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "decided_by", "decided_at"])
    action = "actors.membership.granted" if approve else "actors.membership.revoked"
    audit.record(
        action,
        actor=actor,
        obj=membership,
        before=before,
        after={"status": new_status, "role": membership.role},
    )
    return membership
