"""Workflow steps for people, organizations and roles. Views, the API and
commands all call these; each is atomic and audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uprtc.actors.enrolment import send_enrolment_link
from uprtc.actors.mfa import MFA_ROLES, holds_deciding_role, needs_enrolment
from uprtc.actors.models import (
    ApiToken,
    Membership,
    Organization,
    OrgType,
    Role,
    User,
    Vetting,
)
from uprtc.core import audit
from uprtc.core.errors import DomainError, NotAllowed
from uprtc.countries.models import Country

TOKEN_PREFIX = "uprtc_"
# Only moderators may hand out the roles that decide for States or for everyone.
MODERATOR_GRANTED_ROLES = {Role.FOCAL_POINT, Role.MODERATOR}
# last_used_at is written at most this often per token (one UPDATE, not one per call)
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


@dataclass
class AddUserResult:
    user: User
    organization: Organization
    membership: Membership
    created: list[str]
    # the second-factor enrolment link e-mailed because a deciding role was granted
    enrolment_link: str | None = None


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
    send_enrolment: bool = True,
) -> AddUserResult:
    """Create whatever is missing (user, organization, approved membership).

    For operators only: it grants roles directly, so it is reachable from the
    command line and never from the web. Granting a focal point or moderator
    role to someone with no second factor e-mails them an enrolment link
    (returned too); ``send_enrolment=False`` is for callers that give the
    factor themselves (the demo's known secret)."""
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
    link = None
    if (
        send_enrolment
        and "membership" in created
        and role in MFA_ROLES
        and needs_enrolment(user)
    ):
        link = send_enrolment_link(user, actor=actor)
    return AddUserResult(user, org, membership, created, link)


def _max_age(*, deciding: bool) -> dt.timedelta | None:
    days = (
        settings.API_TOKEN_MAX_AGE_DAYS
        if deciding
        else settings.API_TOKEN_OTHER_MAX_AGE_DAYS
    )
    return dt.timedelta(days=days) if days else None


def token_expiry(record: ApiToken, *, deciding: bool) -> dt.datetime | None:
    """When ``record`` stops working: its ``expires_at`` and, while its user
    decides (focal point, moderator), ``API_TOKEN_MAX_AGE_DAYS`` after it was
    issued, whichever comes first. None: never."""
    limit = record.expires_at
    if deciding:
        cap = record.created_at + dt.timedelta(days=settings.API_TOKEN_MAX_AGE_DAYS)
        limit = cap if limit is None else min(limit, cap)
    return limit


@transaction.atomic
def issue_api_token(user: User, *, name: str = "", actor: Any = None) -> str:
    """Create a token and return it in plain text; it cannot be shown again.
    It expires ``API_TOKEN_MAX_AGE_DAYS`` from now if ``user`` decides (focal
    point, moderator), else after ``API_TOKEN_OTHER_MAX_AGE_DAYS`` (0: never)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    max_age = _max_age(deciding=holds_deciding_role(user))
    record = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=token[: len(TOKEN_PREFIX) + 6],
        key_hash=_hash_token(token),
        created_at=now,
        expires_at=now + max_age if max_age else None,
    )
    audit.record(
        "actors.token.issued",
        actor=actor or user,
        obj=record,
        after={
            "user": user.pk,
            "prefix": record.prefix,
            "expires_at": record.expires_at,
        },
    )
    return token


@dataclass
class TokenCheck:
    user: User | None
    expired: bool = False


def resolve_api_token(token: str) -> TokenCheck:
    """The active user a bearer token belongs to, or why there is none.

    Refused: unknown, revoked, of an inactive user, or expired (see
    ``token_expiry``: a token of someone who decides now is refused once older
    than ``API_TOKEN_MAX_AGE_DAYS``, even if issued before the role was
    granted). Records the use, at most once a minute."""
    record = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash_token(token), revoked_at__isnull=True)
        .first()
    )
    if record is None or not record.user.is_active:
        return TokenCheck(None)
    now = timezone.now()
    cap = record.created_at + dt.timedelta(days=settings.API_TOKEN_MAX_AGE_DAYS)
    # the role lookup is needed only when expires_at does not already cap it
    deciding = (
        record.expires_at is None or record.expires_at > cap
    ) and holds_deciding_role(record.user)
    expiry = token_expiry(record, deciding=deciding)
    if expiry is not None and expiry <= now:
        return TokenCheck(None, expired=True)
    if record.last_used_at is None or record.last_used_at <= now - LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return TokenCheck(record.user)


def user_for_token(token: str) -> User | None:
    """The active user a bearer token belongs to, or None."""
    return resolve_api_token(token).user


@transaction.atomic
def revoke_api_token(record: ApiToken, *, actor: User) -> ApiToken:
    """Stop a token for good. Its owner or staff may; revoking twice does nothing."""
    record = ApiToken.objects.select_for_update().get(pk=record.pk)
    if record.user_id != actor.pk and not (actor.is_staff or actor.is_superuser):
        raise NotAllowed(_("You may not revoke this token."))
    if record.revoked_at is not None:
        return record
    audit.save_change(
        record,
        "actors.token.revoked",
        actor=actor,
        data={"user": record.user_id},
        revoked_at=timezone.now(),
    )
    return record


@dataclass
class TokenRow:
    token: ApiToken
    expires: dt.datetime | None
    state: str  # "active", "expired" or "revoked"


def tokens_of(user: User) -> list[TokenRow]:
    """``user``'s tokens, newest first, with when each stops working."""
    deciding = holds_deciding_role(user)
    now = timezone.now()
    rows = []
    for record in user.api_tokens.order_by("-created_at", "-pk"):
        expires = token_expiry(record, deciding=deciding)
        if record.revoked_at is not None:
            state = "revoked"
        elif expires is not None and expires <= now:
            state = "expired"
        else:
            state = "active"
        rows.append(TokenRow(record, expires, state))
    return rows


def token_scope(user: User) -> list[str]:
    """What any token of ``user`` may do, in words: a token acts with the
    roles its user holds when it is used."""
    scope = []
    memberships = user.approved_memberships().select_related("organization__country")
    for m in memberships.order_by("role", "organization__name"):
        org = m.organization
        if m.role == Role.FOCAL_POINT and org.country is not None:
            scope.append(
                _("decides consent for %(state)s") % {"state": org.country.name}
            )
        elif m.role == Role.MODERATOR:
            scope.append(
                _("moderator: reviews activities and records consent for any State")
            )
        elif m.role == Role.ADMIN:
            scope.append(
                _("administers %(org)s: approves its members") % {"org": org.name}
            )
        elif m.role == Role.CONTRIBUTOR:
            scope.append(_("contributes for %(org)s") % {"org": org.name})
    if not scope:
        scope.append(_("reads public data only: no approved role"))
    return list(dict.fromkeys(scope))  # two bodies of one State: said once


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
    if approve and membership.organization.vetting != Vetting.APPROVED:
        # its registrant becomes its administrator by vetting (onboarding)
        raise DomainError(_("This organization has not been vetted yet."))
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
    if approve and membership.role in MFA_ROLES and needs_enrolment(membership.user):
        send_enrolment_link(membership.user, actor=actor)
    return membership
