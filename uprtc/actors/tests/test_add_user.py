import pytest
from django.core.management import CommandError, call_command

from uprtc.actors.models import Membership, Organization, Role, User
from uprtc.actors.services import user_for_token
from uprtc.core.models import AuditEvent
from uprtc.core.testing import SLOVENIA_FOCAL_POINT

pytestmark = pytest.mark.django_db


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("add-user", *args, stdout=out)
    return out.getvalue()


def test_it_creates_user_org_and_approved_membership_with_a_working_token():
    out = run(*SLOVENIA_FOCAL_POINT)
    user = User.objects.get(email="fp@gov.si")
    org = Organization.objects.get(name="Slovenia MFA")
    assert org.country.iso3 == "SVN"
    membership = Membership.objects.get(user=user, organization=org)
    assert (membership.role, membership.status) == (Role.FOCAL_POINT, "approved")
    token = out.strip().splitlines()[-1]
    assert user_for_token(token) == user
    assert list(user.focal_point_countries().values_list("iso3", flat=True)) == ["SVN"]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "actors.user.created",
        "actors.organization.created",
        "actors.membership.granted",
        "actors.token.issued",
    } <= actions


def test_running_it_again_creates_nothing_new():
    args = ("a@cso.org", "--org", "A CSO", "--org-type", "cso", "--role", "contributor")
    run(*args)
    events = AuditEvent.objects.count()
    out = run(*args)
    assert "created: nothing" in out
    assert AuditEvent.objects.count() == events
    assert User.objects.count() == Organization.objects.count() == 1


def test_a_second_role_in_the_same_org_is_added():
    run("a@cso.org", "--org", "A CSO", "--org-type", "cso", "--role", "contributor")
    run("a@cso.org", "--org", "A CSO", "--org-type", "cso", "--role", "admin")
    assert set(Membership.objects.values_list("role", flat=True)) == {
        "contributor",
        "admin",
    }


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ("--org", "X", "--org-type", "cso", "--role", "focal-point"),
            "A focal point must belong to a State organization",
        ),
        (
            ("--org", "X", "--org-type", "state", "--role", "focal-point"),
            "A State organization needs --country",
        ),
        (
            (
                "--org",
                "X",
                "--org-type",
                "state",
                "--country",
                "XXX",
                "--role",
                "contributor",
            ),
            "Unknown country code XXX",
        ),
    ],
)
def test_it_refuses_inconsistent_requests_and_changes_nothing(args, message):
    with pytest.raises(CommandError, match=message):
        run("x@example.org", *args)
    assert not User.objects.exists()
    assert not AuditEvent.objects.exists()


def test_only_the_contracted_types_and_roles_are_accepted():
    with pytest.raises(CommandError, match="invalid choice: 'ngo'"):
        run("x@example.org", "--org", "X", "--org-type", "ngo", "--role", "contributor")
    with pytest.raises(CommandError, match="invalid choice: 'owner'"):
        run("x@example.org", "--org", "X", "--org-type", "cso", "--role", "owner")
