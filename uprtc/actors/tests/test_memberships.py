import pytest

from uprtc.actors.models import Membership, Role
from uprtc.actors.services import (
    decide_membership,
    issue_api_token,
    request_membership,
    user_for_token,
)
from uprtc.core.errors import DomainError, NotAllowed
from uprtc.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_joining_an_organization_waits_for_approval(personas):
    m = request_membership(personas.outsider, personas.cso, Role.CONTRIBUTOR)
    assert m.status == Membership.Status.PENDING
    assert not personas.outsider.approved_memberships().exists()
    assert AuditEvent.objects.filter(action="actors.membership.requested").exists()


def test_the_org_admin_approves_contributors_of_their_org(personas):
    m = request_membership(personas.outsider, personas.cso, Role.CONTRIBUTOR)
    decide_membership(personas.org_admin, m, approve=True)
    m.refresh_from_db()
    assert (m.status, m.decided_by) == (Membership.Status.APPROVED, personas.org_admin)
    event = AuditEvent.objects.get(action="actors.membership.granted", object_id=m.pk)
    assert event.actor == personas.org_admin
    assert event.before == {"status": "pending"}


def test_only_a_moderator_makes_focal_points(personas):
    m = request_membership(personas.outsider, personas.slovenia, Role.FOCAL_POINT)
    for actor in (
        personas.org_admin,
        personas.submitter,
        personas.focal_point,
        personas.other_state,
    ):
        with pytest.raises(NotAllowed):
            decide_membership(actor, m, approve=True)
    decide_membership(personas.reviewer, m, approve=True)
    assert personas.outsider.focal_point_countries().get().iso3 == "SVN"


def test_only_a_moderator_makes_moderators(personas):
    m = request_membership(personas.outsider, personas.ohchr, Role.MODERATOR)
    with pytest.raises(NotAllowed):
        decide_membership(personas.submitter, m, approve=True)
    decide_membership(personas.reviewer, m, approve=True)
    assert personas.outsider.is_moderator


def test_nobody_approves_their_own_membership(personas):
    m = request_membership(personas.reviewer, personas.cso, Role.CONTRIBUTOR)
    with pytest.raises(NotAllowed):
        decide_membership(personas.reviewer, m, approve=True)


def test_a_focal_point_must_belong_to_a_state(personas):
    with pytest.raises(DomainError):
        request_membership(personas.outsider, personas.cso, Role.FOCAL_POINT)


def test_revoking_a_role_takes_it_away(personas):
    m = personas.focal_point.memberships.get()
    decide_membership(personas.reviewer, m, approve=False)
    assert not personas.focal_point.focal_point_countries().exists()


def test_tokens_stop_working_for_deactivated_people(personas):
    token = issue_api_token(personas.submitter)
    assert user_for_token(token) == personas.submitter
    assert user_for_token(token + "x") is None
    personas.submitter.is_active = False
    personas.submitter.save()
    assert user_for_token(token) is None
