"""Who is told of an activity's workflow step, and the link they are sent."""

from __future__ import annotations

from uprtc.activities.models import Activity
from uprtc.actors.models import Organization, OrgType, Role, User
from uprtc.countries.models import Country


def moderators() -> list[User]:
    return User.objects.with_membership(role=Role.MODERATOR)


def org_members(org: Organization | None) -> list[User]:
    if org is None:
        return []
    return User.objects.with_membership(organization=org)


def focal_points(country: Country) -> list[User]:
    return User.objects.with_membership(
        role=Role.FOCAL_POINT,
        organization__org_type=OrgType.STATE,
        organization__country=country,
    )


def activity_url(activity: Activity) -> str:
    return activity.get_absolute_url()
