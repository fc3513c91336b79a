"""Who may do what with an activity: one place, used by services and views."""

from __future__ import annotations

from django.http import Http404

from uprtc.activities.choices import Review
from uprtc.activities.models import Activity, Consent
from uprtc.actors.models import Organization, Role, User, Vetting

SUBMITTING_ROLES = (Role.CONTRIBUTOR, Role.ADMIN, Role.FOCAL_POINT)


def can_submit_for(user: User, org: Organization | None) -> bool:
    """Only approved members submit on an organization's behalf, and only
    once a moderator vetted it (self-registered organizations). An activity
    without a submitting organization (an IATI import) has no one to submit
    it on its behalf."""
    return bool(
        org is not None
        and user.is_authenticated
        and user.is_active
        and org.vetting == Vetting.APPROVED
        and user.approved_memberships()
        .filter(organization=org, role__in=SUBMITTING_ROLES)
        .exists()
    )


def submitting_orgs(user: User) -> list[Organization]:
    if not user.is_authenticated:
        return []
    return list(
        Organization.objects.filter(
            vetting=Vetting.APPROVED,
            memberships__user=user,
            memberships__status="approved",
            memberships__role__in=SUBMITTING_ROLES,
        ).distinct()
    )


def can_edit(user: User, activity: Activity) -> bool:
    if not user.is_authenticated or activity.merged_into_id:
        return False
    if user.is_moderator:
        return True
    if activity.review == Review.REJECTED or activity.submitter_org_id is None:
        return False
    return can_submit_for(user, activity.submitter_org)


def get_activity_for_user(user: User | None, pk: int) -> Activity:
    """The activity if ``user`` may see it, else 404: an activity one may not
    see does not exist for them."""
    try:
        return Activity.objects.visible_to(user).get(pk=pk)
    except Activity.DoesNotExist:
        raise Http404 from None


def get_consent_evidence_for_user(user: User, pk: int) -> Consent:
    """The consent whose evidence file ``user`` may download, else 404: only
    moderators and the focal points of that State see a State's official
    communication."""
    consent = Consent.objects.filter(pk=pk).exclude(evidence="").first()
    if consent is None or not user.is_authenticated:
        raise Http404
    if user.is_moderator:
        return consent
    if user.focal_point_countries().filter(pk=consent.country_id).exists():
        return consent
    raise Http404
