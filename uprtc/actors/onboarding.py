"""Open, vetted onboarding: what a person who signed up may ask for, and who
decides. Each step is atomic, guarded and audited; people are told through
the notifications (in-app, and by e-mail through the task queue).

* A new account has no role. Its owner, once the address is verified, either
  asks to join an organization they can see (``request_to_join``: its
  administrators or a moderator decide, ``decide_join_request``) or registers
  a new one (``register_organization``: a moderator vets it,
  ``vet_organization``), becoming its administrator once vetted.
* Anti-abuse without a CAPTCHA: a verified address before any request, and at
  most ``ONBOARDING_MAX_PENDING_REQUESTS`` requests waiting per account
  (``check_may_request``); allauth's rate limits guard sign-up and sign-in.
* Focal points and moderators are never asked for here: ``add-user`` and
  moderators make them, with the second factor (``actors.mfa``).
* ``set_public_anonymous``: a CSO shown publicly only by its label
  (``Organization.public_name``).
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from uprtc.activities.models import Activity
from uprtc.actors.models import (
    REQUESTABLE_ROLES,
    SELF_REGISTERED_TYPES,
    Membership,
    Organization,
    OrgType,
    Role,
    User,
    Vetting,
)
from uprtc.actors.services import can_decide_membership, decide_membership
from uprtc.core import audit, publication
from uprtc.core.errors import DomainError, NotAllowed
from uprtc.countries.models import Country
from uprtc.matching.models import AssistanceRequest, Offer
from uprtc.notifications.services import notify
from uprtc.search.documents import ACTIVITY, OFFER, REQUEST
from uprtc.search.index import sync


def has_verified_email(user: User) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def pending_requests(user: User) -> QuerySet[Membership]:
    """What ``user`` asked for and waits: join requests and registrations
    (registering makes a pending administrator membership)."""
    return Membership.objects.filter(
        user=user, status=Membership.Status.PENDING
    ).select_related("organization__country")


def check_may_request(user: User) -> None:
    """The anti-abuse rule, before any request."""
    if not user.is_authenticated or not user.is_active:
        raise NotAllowed(_("Sign in first."))
    if not has_verified_email(user):
        raise NotAllowed(_("Confirm your e-mail address first."))
    limit = settings.ONBOARDING_MAX_PENDING_REQUESTS
    if pending_requests(user).count() >= limit:
        raise DomainError(
            _(
                "You already have %(n)s requests waiting for a decision, the most "
                "one account may have at once. Wait for a decision or withdraw one."
            )
            % {"n": limit}
        )


def joinable_organizations(user: User) -> QuerySet[Organization]:
    """Vetted organizations ``user`` can see and is not yet part of."""
    mine = Membership.objects.filter(user=user).exclude(
        status=Membership.Status.REVOKED
    )
    return (
        Organization.objects.visible_to(user)
        .filter(vetting=Vetting.APPROVED)
        .exclude(pk__in=mine.values("organization"))
        .select_related("country")
    )


def _admins(org: Organization) -> list[User]:
    return User.objects.with_membership(organization=org, role=Role.ADMIN)


def _moderators() -> list[User]:
    return User.objects.with_membership(role=Role.MODERATOR)


def _notify(people: list[User], kind: str, context: dict[str, Any], url: str) -> None:
    transaction.on_commit(lambda: notify(people, kind, context, url))


@transaction.atomic
def request_to_join(user: User, org: Organization, role: str) -> Membership:
    """A pending membership in an organization ``user`` can see; its
    administrators and the moderators are told."""
    if role not in REQUESTABLE_ROLES:
        raise DomainError(
            _(
                "This role cannot be asked for: focal points and moderators are "
                "appointed by the moderators."
            ),
            field="role",
        )
    check_may_request(user)
    if not joinable_organizations(user).filter(pk=org.pk).exists():
        raise DomainError(
            _("You cannot ask to join this organization."), field="organization"
        )
    membership, created = Membership.objects.get_or_create(
        user=user, organization=org, role=role
    )
    if not created:
        if membership.status != Membership.Status.REVOKED:
            raise DomainError(_("You have already asked."), field="organization")
        membership.status = Membership.Status.PENDING
        membership.decided_by = None
        membership.decided_at = None
        membership.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record(
        "actors.membership.requested",
        actor=user,
        obj=membership,
        after={"status": membership.status, "role": role, "organization": org.pk},
    )
    _notify(
        [*_admins(org), *_moderators()],
        "membership-requested",
        {"membership": membership, "org": org, "person": user},
        reverse("actors-memberships"),
    )
    return membership


def can_decide_on(actor: User, membership: Membership) -> bool:
    return can_decide_membership(actor, membership)


def memberships_to_decide(actor: User) -> QuerySet[Membership]:
    """Join requests ``actor`` may approve or reject: those of organizations
    they administer (roles an administrator may grant), all for a moderator.
    Registrants of organizations waiting for vetting are decided by vetting."""
    qs = Membership.objects.filter(
        status=Membership.Status.PENDING, organization__vetting=Vetting.APPROVED
    ).select_related("user", "organization__country")
    if actor.is_moderator:
        return qs
    administered = actor.approved_memberships().filter(role=Role.ADMIN)
    return qs.filter(
        organization__in=administered.values("organization"),
        role__in=REQUESTABLE_ROLES,
    )


@transaction.atomic
def decide_join_request(
    actor: User, membership: Membership, *, approve: bool
) -> Membership:
    """Approve or reject a join request (``decide_membership`` guards and
    audits); the person who asked is told."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != Membership.Status.PENDING:
        raise DomainError(_("This request has already been decided."))
    membership = decide_membership(actor, membership, approve=approve)
    _notify(
        [membership.user],
        "membership-decided",
        {"membership": membership, "org": membership.organization, "approved": approve},
        reverse("actors-onboarding"),
    )
    return membership


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if len(name) < 2:
        raise DomainError(_("Give the organization's name."), field="name")
    return name[:250]


@transaction.atomic
def register_organization(
    user: User,
    *,
    name: str,
    org_type: str,
    country: Country | None,
    website: str = "",
    description: str = "",
    public_anonymous: bool = False,
) -> Organization:
    """A new organization waiting for vetting, and ``user``'s pending
    administrator membership in it. Until a moderator vets it, it is in no
    public channel and nobody submits anything on its behalf."""
    check_may_request(user)
    if org_type not in SELF_REGISTERED_TYPES:
        raise DomainError(
            _(
                "This type of organization cannot be registered here; the "
                "moderators set up States, UN bodies, national human rights "
                "institutions and other official bodies."
            ),
            field="org_type",
        )
    if country is None:
        raise DomainError(_("Say where the organization is based."), field="country")
    if public_anonymous and org_type != OrgType.CSO:
        raise DomainError(
            _("Only a civil society organization may be shown anonymously."),
            field="public_anonymous",
        )
    description = (description or "").strip()
    if not description:
        raise DomainError(_("Describe the organization briefly."), field="description")
    name = _clean_name(name)
    if Organization.objects.filter(name__iexact=name, org_type=org_type).exists():
        raise DomainError(
            _(
                "An organization of this name and type is already registered: "
                "ask to join it instead."
            ),
            field="name",
        )
    try:
        with transaction.atomic():
            org = Organization.objects.create(
                name=name,
                org_type=org_type,
                country=country,
                website=website or "",
                description=description[:1000],
                public_anonymous=public_anonymous,
                vetting=Vetting.PENDING,
                registered_by=user,
            )
    except IntegrityError:  # registered at the same moment by someone else
        raise DomainError(
            _(
                "An organization of this name and type is already registered: "
                "ask to join it instead."
            ),
            field="name",
        ) from None
    membership = Membership.objects.create(
        user=user, organization=org, role=Role.ADMIN, status=Membership.Status.PENDING
    )
    audit.record(
        "actors.organization.registered",
        actor=user,
        obj=org,
        after={
            **audit.snapshot(
                org, ["name", "org_type", "country", "website", "public_anonymous"]
            ),
            "vetting": org.vetting,
            "membership": membership.pk,
        },
    )
    _notify(
        _moderators(),
        "organization-registered",
        {"org": org, "person": user},
        reverse("actors-vetting"),
    )
    return org


def vetting_queue() -> QuerySet[Organization]:
    return (
        Organization.objects.filter(vetting=Vetting.PENDING)
        .select_related("country", "registered_by")
        .order_by("created_at", "pk")
    )


@transaction.atomic
def vet_organization(
    actor: User, org: Organization, *, approve: bool, reason: str = ""
) -> Organization:
    """A moderator approves or rejects a registered organization (a reason is
    required to reject). Approving makes its registrant its administrator."""
    if not actor.is_moderator:
        raise NotAllowed(_("Only moderators vet organizations."))
    org = Organization.objects.select_for_update().get(pk=org.pk)
    if org.vetting != Vetting.PENDING:
        raise DomainError(_("This organization has already been vetted."))
    reason = (reason or "").strip()
    if not approve and not reason:
        raise DomainError(_("Give the reason of the rejection."), field="reason")
    before = {"vetting": org.vetting}
    org.vetting = Vetting.APPROVED if approve else Vetting.REJECTED
    org.vetting_reason = reason
    org.vetted_by = actor
    org.vetted_at = timezone.now()
    org.save(update_fields=["vetting", "vetting_reason", "vetted_by", "vetted_at"])
    audit.record(
        "actors.organization.vetted" if approve else "actors.organization.rejected",
        actor=actor,
        obj=org,
        before=before,
        after={"vetting": org.vetting, "reason": reason},
    )
    waiting = Membership.objects.select_for_update().filter(
        organization=org, status=Membership.Status.PENDING
    )
    registrants = []
    for membership in waiting:
        is_registrant = (
            membership.user_id == org.registered_by_id and membership.role == Role.ADMIN
        )
        if approve and not is_registrant:
            continue  # later join requests: its administrator decides them
        membership.status = (
            Membership.Status.APPROVED if approve else Membership.Status.REVOKED
        )
        membership.decided_by = actor
        membership.decided_at = org.vetted_at
        membership.save(update_fields=["status", "decided_by", "decided_at"])
        audit.record(
            "actors.membership.granted" if approve else "actors.membership.revoked",
            actor=actor,
            obj=membership,
            before={"status": Membership.Status.PENDING},
            after={"status": membership.status, "role": membership.role},
        )
        if is_registrant:
            registrants.append(membership.user)
    _notify(
        registrants,
        "organization-vetted",
        {"org": org, "approved": approve, "reason": reason},
        reverse("actors-onboarding"),
    )
    return org


def can_set_anonymity(actor: User, org: Organization) -> bool:
    if not actor.is_authenticated or not actor.is_active:
        return False
    if actor.is_moderator:
        return True
    return (
        actor.approved_memberships().filter(organization=org, role=Role.ADMIN).exists()
    )


@transaction.atomic
def set_public_anonymous(actor: User, org: Organization, value: bool) -> Organization:
    """Show a CSO publicly only as "a civil society organization in
    <country>" (or by its name again). Its administrator or a moderator may.
    Every public page cached under the publication version is dropped and
    the search documents of its activities and offers are rebuilt, so that
    no channel keeps the other form."""
    org = Organization.objects.select_for_update().get(pk=org.pk)
    if not can_set_anonymity(actor, org):
        raise NotAllowed(_("You may not change how this organization is shown."))
    if value and org.org_type != OrgType.CSO:
        raise DomainError(
            _("Only a civil society organization may be shown anonymously."),
            field="public_anonymous",
        )
    if org.public_anonymous == value:
        return org
    audit.save_change(
        org,
        "actors.organization.anonymity_changed",
        actor=actor,
        public_anonymous=value,
    )
    publication.bump()
    _reindex_everything_of(org)
    return org


def _reindex_everything_of(org: Organization) -> None:
    activities = Activity.objects.filter(
        Q(submitter_org=org) | Q(participants__organization=org)
    ).values_list("pk", flat=True)
    sync(ACTIVITY, sorted(set(activities)))
    sync(
        OFFER, list(Offer.objects.filter(organization=org).values_list("pk", flat=True))
    )
    sync(
        REQUEST,
        list(
            AssistanceRequest.objects.filter(organization=org).values_list(
                "pk", flat=True
            )
        ),
    )
