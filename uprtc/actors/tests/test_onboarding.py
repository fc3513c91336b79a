"""Open, vetted onboarding: join requests, registrations, vetting, limits."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress

from uprtc.activities import permissions
from uprtc.actors import onboarding
from uprtc.actors.models import Membership, Organization, OrgType, Role, Vetting
from uprtc.core.errors import DomainError, NotAllowed
from uprtc.core.models import AuditEvent
from uprtc.countries.models import Country
from uprtc.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(personas):
    """Signed up and verified, no role (the sign-up flow is in test_sign_up)."""
    return personas.factory.make_user("newcomer@example.org")


def register(user, name="Lake Ohrid Rights Watch", **kw):
    values = {
        "org_type": OrgType.CSO,
        "country": Country.objects.get(iso3="SVN"),
        "website": "https://example.org",
        "description": "Monitors detention.",
        **kw,
    }
    return onboarding.register_organization(user, name=name, **values)


def actions(obj):
    events = AuditEvent.objects.filter(object_id=str(obj.pk))
    return list(events.values_list("action", flat=True))


def test_a_registered_organization_waits_for_vetting_and_is_in_no_public_list(
    newcomer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        org = register(newcomer)
    assert org.vetting == Vetting.PENDING
    membership = Membership.objects.get(user=newcomer, organization=org)
    assert (membership.role, membership.status) == (Role.ADMIN, "pending")
    assert not Organization.objects.public().filter(pk=org.pk).exists()
    assert not permissions.can_submit_for(newcomer, org)
    assert "actors.organization.registered" in actions(org)
    # the moderators are told (in-app, and the e-mail through the task queue)
    assert Notification.objects.filter(kind="organization-registered").exists()


def test_a_moderator_vets_it_and_its_registrant_becomes_its_administrator(
    personas, newcomer
):
    org = register(newcomer)
    onboarding.vet_organization(personas.reviewer, org, approve=True)
    org.refresh_from_db()
    assert org.vetting == Vetting.APPROVED and org.vetted_by == personas.reviewer
    assert newcomer.has_role(Role.ADMIN)
    assert permissions.can_submit_for(newcomer, org)
    assert "actors.organization.vetted" in actions(org)


def test_rejecting_needs_a_reason_and_revokes_the_registrant(personas, newcomer):
    org = register(newcomer)
    with pytest.raises(DomainError) as exc:
        onboarding.vet_organization(personas.reviewer, org, approve=False)
    assert exc.value.field == "reason"
    onboarding.vet_organization(
        personas.reviewer, org, approve=False, reason="No trace of it."
    )
    org.refresh_from_db()
    assert (org.vetting, org.vetting_reason) == (Vetting.REJECTED, "No trace of it.")
    assert not newcomer.approved_memberships().exists()


def test_only_moderators_vet_and_only_once(personas, newcomer):
    org = register(newcomer)
    for someone in (personas.org_admin, personas.focal_point, newcomer):
        with pytest.raises(NotAllowed):
            onboarding.vet_organization(someone, org, approve=True)
    onboarding.vet_organization(personas.reviewer, org, approve=True)
    with pytest.raises(DomainError):
        onboarding.vet_organization(personas.reviewer, org, approve=False, reason="x")


def test_an_unvetted_organizations_membership_cannot_be_approved_by_hand(
    personas, newcomer
):
    from uprtc.actors.services import decide_membership

    org = register(newcomer)
    membership = Membership.objects.get(organization=org)
    with pytest.raises(DomainError):
        decide_membership(personas.reviewer, membership, approve=True)


@pytest.mark.parametrize("org_type", ["state", "un-entity", "nhri", "parliament"])
def test_official_bodies_cannot_be_self_registered(newcomer, org_type):
    with pytest.raises(DomainError) as exc:
        register(newcomer, org_type=org_type)
    assert exc.value.field == "org_type"


def test_only_a_cso_may_register_anonymously(newcomer):
    with pytest.raises(DomainError) as exc:
        register(newcomer, org_type=OrgType.ACADEMIA, public_anonymous=True)
    assert exc.value.field == "public_anonymous"
    assert register(newcomer, public_anonymous=True).public_anonymous


def test_a_name_already_registered_is_refused_with_a_hint_to_join(personas, newcomer):
    with pytest.raises(DomainError) as exc:
        register(newcomer, name=personas.cso.name.upper())
    assert exc.value.field == "name"


def test_nothing_may_be_asked_before_the_address_is_verified(newcomer, personas):
    EmailAddress.objects.filter(user=newcomer).update(verified=False)
    with pytest.raises(NotAllowed):
        register(newcomer)
    with pytest.raises(NotAllowed):
        onboarding.request_to_join(newcomer, personas.ohchr, Role.CONTRIBUTOR)


def test_at_most_n_requests_wait_at_once(newcomer, settings):
    settings.ONBOARDING_MAX_PENDING_REQUESTS = 2
    register(newcomer, name="First")
    register(newcomer, name="Second")
    with pytest.raises(DomainError) as exc:
        register(newcomer, name="Third")
    assert "2 requests waiting" in exc.value.message


def test_a_join_request_waits_for_the_organizations_administrator(
    personas, newcomer, django_capture_on_commit_callbacks
):
    p = personas
    with django_capture_on_commit_callbacks(execute=True):
        membership = onboarding.request_to_join(newcomer, p.ohchr, Role.CONTRIBUTOR)
    assert membership.status == "pending"
    assert "actors.membership.requested" in actions(membership)
    # OHCHR has no administrator: the moderators are told
    assert Notification.objects.filter(
        recipient=p.reviewer, kind="membership-requested"
    ).exists()
    assert membership in onboarding.memberships_to_decide(p.reviewer)
    assert membership not in onboarding.memberships_to_decide(p.org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        onboarding.decide_join_request(p.reviewer, membership, approve=True)
    assert newcomer.has_role(Role.CONTRIBUTOR)
    assert Notification.objects.filter(
        recipient=newcomer, kind="membership-decided"
    ).exists()


def test_an_org_admin_decides_on_requests_to_join_their_organization(
    personas, newcomer
):
    p = personas
    org = register(p.factory.make_user("founder@example.org"), name="Drava Forum")
    onboarding.vet_organization(p.reviewer, org, approve=True)
    founder = org.memberships.get().user
    # (not named in anything public yet, so not joinable from the join page:
    # the request is made here directly)
    membership = Membership.objects.create(
        user=newcomer, organization=org, role=Role.CONTRIBUTOR
    )
    assert membership in onboarding.memberships_to_decide(founder)
    assert membership not in onboarding.memberships_to_decide(p.org_admin)
    onboarding.decide_join_request(founder, membership, approve=False)
    membership.refresh_from_db()
    assert membership.status == "revoked"
    with pytest.raises(DomainError):
        onboarding.decide_join_request(founder, membership, approve=True)


@pytest.mark.parametrize("role", [Role.FOCAL_POINT, Role.MODERATOR])
def test_focal_point_and_moderator_cannot_be_asked_for(personas, newcomer, role):
    with pytest.raises(DomainError) as exc:
        onboarding.request_to_join(newcomer, personas.slovenia, role)
    assert exc.value.field == "role"


def test_an_organization_one_cannot_see_cannot_be_joined(personas, newcomer):
    # the CSO is named in nothing public: its existence is not disclosed
    with pytest.raises(DomainError) as exc:
        onboarding.request_to_join(newcomer, personas.cso, Role.CONTRIBUTOR)
    assert exc.value.field == "organization"


def test_asking_twice_is_refused(personas, newcomer):
    onboarding.request_to_join(newcomer, personas.ohchr, Role.CONTRIBUTOR)
    with pytest.raises(DomainError):
        onboarding.request_to_join(newcomer, personas.ohchr, Role.CONTRIBUTOR)


def test_anonymity_is_set_by_the_admin_or_a_moderator_only(personas):
    p = personas
    for someone in (p.submitter, p.focal_point, p.outsider):
        with pytest.raises(NotAllowed):
            onboarding.set_public_anonymous(someone, p.cso, True)
    onboarding.set_public_anonymous(p.org_admin, p.cso, True)
    assert "actors.organization.anonymity_changed" in actions(p.cso)
    with pytest.raises(DomainError):
        onboarding.set_public_anonymous(p.reviewer, p.ohchr, True)
