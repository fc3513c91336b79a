"""What waits for a person, and what is theirs: the one definition behind the
desk page and the count beside "My desk" in the menu.

Each kind of waiting work is a queryset built from the same rules the
workflow services apply (who decides consent, who reviews, who answers a
match), so the menu's count and the desk's lists never disagree."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uprtc.activities.choices import ConsentStatus, Review, Stage
from uprtc.activities.models import (
    Activity,
    ActivityRevision,
    Consent,
    ReviewNote,
    RevisionStatus,
)
from uprtc.activities.permissions import SUBMITTING_ROLES
from uprtc.activities.related import stage_badge
from uprtc.actors.models import Role
from uprtc.core import publication
from uprtc.matching.models import AssistanceRequest, Match, MatchStatus, Offer
from uprtc.matching.models import RequestStatus as RS
from uprtc.recommendations.continuity import decidable_states
from uprtc.recommendations.models import (
    ContinuityLink,
    ContinuityStatus,
    Recommendation,
)

LIMIT = 50  # items listed per group; the badge still counts them all
# a request closed or fulfilled needs no more answers about its matches
SETTLED = (RS.FULFILLED, RS.CLOSED)


@dataclass
class Item:
    """One thing to act on, whatever its kind: the desk lists them alike."""

    title: str
    url: str
    context: str = ""
    since: datetime | None = None
    note: str = ""

    @property
    def days(self) -> int | None:
        if self.since is None:
            return None
        return max((timezone.now() - self.since).days, 0)

    @property
    def age_badge(self) -> str:
        """Amber after a week, red after a fortnight: what is overdue shows."""
        days = self.days or 0
        return "badge-bad" if days >= 14 else "badge-warn" if days >= 7 else ""


@dataclass
class Group:
    key: str
    title: str
    empty: str
    items: list[Item] = field(default_factory=list)
    count: int = 0
    more_url: str = ""
    more_label: str = ""
    counted: bool = True  # in the total beside "My desk"


@dataclass
class Scope:
    """Who the person is, read in one query: their roles and organizations."""

    roles: set[str]
    orgs: Any  # a subquery of the organizations of approved memberships

    @classmethod
    def of(cls, user: Any) -> Scope:
        memberships = user.approved_memberships()
        return cls(
            set(memberships.values_list("role", flat=True)),
            memberships.values("organization"),
        )

    @property
    def moderator(self) -> bool:
        return Role.MODERATOR in self.roles

    @property
    def focal_point(self) -> bool:
        return Role.FOCAL_POINT in self.roles

    @property
    def member(self) -> bool:
        return bool(self.roles)

    @property
    def submitter(self) -> bool:
        """May submit activities: a moderator or focal point alone may not,
        and is not shown a button that would answer 403."""
        return bool(self.roles & set(SUBMITTING_ROLES))


# ---- the waiting work, one queryset per kind --------------------------------


def consents_to_decide(user: Any) -> QuerySet[Consent]:
    """Consent asked of a State this person is focal point of (what
    ``consent.decide_consent`` lets them decide), oldest request first."""
    return Consent.objects.filter(
        status=ConsentStatus.REQUESTED,
        country__in=user.focal_point_countries(),
        activity__review=Review.APPROVED,
        activity__confidential=False,
        activity__merged_into__isnull=True,
    ).order_by("requested_at", "pk")


def returned_submissions(scope: Scope) -> QuerySet[Activity]:
    """Submissions a moderator sent back to one of my organizations."""
    return Activity.objects.filter(
        review=Review.RETURNED, submitter_org__in=scope.orgs, merged_into__isnull=True
    )


def pending_changes() -> QuerySet[ActivityRevision]:
    return ActivityRevision.objects.filter(status=RevisionStatus.PENDING).order_by(
        "proposed_at", "pk"
    )


def moderation_queue() -> QuerySet[Activity]:
    return Activity.objects.filter(
        review=Review.SUBMITTED, merged_into__isnull=True
    ).order_by("submitted_at", "pk")


def matches_for_my_offers(visible: QuerySet[Match], scope: Scope) -> QuerySet[Match]:
    """Proposed matches on an open offer of mine: is my organization
    interested? (the first step of ``matching.services.respond_to_match``).
    ``visible``: the matches this person may see."""
    return (
        visible.filter(
            status=MatchStatus.PROPOSED,
            offer__organization__in=scope.orgs,
            offer__active=True,
        )
        .exclude(request__status__in=SETTLED)
        .order_by("updated_at", "pk")
    )


def matches_for_my_state(visible: QuerySet[Match], user: Any) -> QuerySet[Match]:
    """A provider said it is interested: only the State's focal point accepts."""
    return (
        visible.filter(
            status=MatchStatus.INTERESTED,
            request__state__in=user.focal_point_countries(),
        )
        .exclude(request__status__in=SETTLED)
        .order_by("updated_at", "pk")
    )


def unlabelled_recommendations() -> QuerySet[Recommendation]:
    """What the classification review screen offers to label."""
    return Recommendation.objects.filter(themes__isnull=True)


def _waiting_querysets(user: Any, scope: Scope) -> dict[str, QuerySet]:
    """The kinds of waiting work that concern this person (by role), so no
    query is spent on what cannot be theirs."""
    out: dict[str, QuerySet] = {}  # in the order the desk shows them
    # built once: deciding who sees a match costs a few queries of its own
    visible = Match.objects.visible_to(user) if scope.member else Match.objects.none()
    if scope.focal_point:
        out["consents"] = consents_to_decide(user)
    if scope.member:
        out["returned"] = returned_submissions(scope)
    if scope.moderator:
        out["changes"] = pending_changes()
        out["queue"] = moderation_queue()
    if scope.focal_point:
        out["accept"] = matches_for_my_state(visible, user)
    if scope.member:
        out["interest"] = matches_for_my_offers(visible, scope)
    return out


def waiting_count(user: Any) -> int:
    """The number beside "My desk", on every page: kept under the publication
    version (bumped by any change of our models, so it is never stale), else
    one query for the roles, a few for match visibility and one COUNT per
    kind of work. Unlabelled recommendations are left out: they are a backlog
    of the whole collection, not anyone's decision, and would drown it."""
    if not getattr(user, "is_authenticated", False):
        return 0

    def count() -> int:
        scope = Scope.of(user)
        if not scope.member:
            return 0
        return sum(qs.count() for qs in _waiting_querysets(user, scope).values())

    return publication.cached("desk-count", count, user.pk)


# ---- the desk page ----------------------------------------------------------


def _activity_url(pk: int) -> str:
    return reverse("activities-detail", args=[pk])


def _about(
    a: Activity, context: str | None, since: datetime | None, note: str = ""
) -> Item:
    """An item about an activity; ``context`` defaults to who submitted it."""
    if context is None:
        context = a.submitter_org.name if a.submitter_org else ""
    return Item(a.title, _activity_url(a.pk), context, since, note)


def _consent_items(qs: QuerySet[Consent]) -> list[Item]:
    qs = qs.select_related("activity", "country")[:LIMIT]
    return [_about(c.activity, c.country.name, c.requested_at) for c in qs]


def _returned_items(qs: QuerySet[Activity]) -> list[Item]:
    latest = ReviewNote.objects.filter(activity=OuterRef("pk")).order_by("-at")
    qs = qs.select_related("submitter_org").annotate(
        returned_at=Subquery(latest.values("at")[:1]),
        returned_note=Subquery(latest.values("comment")[:1]),
    )
    return [
        _about(a, None, a.returned_at, a.returned_note or "")
        for a in qs.order_by("updated_at", "pk")[:LIMIT]
    ]


def _queue_items(qs: QuerySet[Activity]) -> list[Item]:
    qs = qs.select_related("submitter_org")[:LIMIT]
    return [_about(a, None, a.submitted_at) for a in qs]


def _change_items(qs: QuerySet[ActivityRevision]) -> list[Item]:
    qs = qs.select_related("activity__submitter_org")[:LIMIT]
    return [_about(r.activity, None, r.proposed_at) for r in qs]


def _match_items(qs: QuerySet[Match], side: str) -> list[Item]:
    """``side`` is the user's: the other side is what to read, and the link
    goes to the user's own posting, where the match is decided."""
    qs = qs.select_related("request__state", "offer__organization")[:LIMIT]
    items = []
    for m in qs:
        if side == "offer":
            text, who = m.request.need, m.request.state.name
        else:
            text, who = m.offer.expertise, m.offer.organization.public_name
        url = reverse(f"matching-{side}", args=[getattr(m, f"{side}_id")])
        items.append(Item(text[:140], url, who, m.updated_at))
    return items


GROUPS = {
    # key: (title, empty state, items builder)
    "consents": (
        _("Consent requests waiting for my State"),
        _("No activity waits for your State's consent."),
        _consent_items,
    ),
    "accept": (
        _("Offers of help to accept for my State"),
        _("No interested provider waits for your State's answer."),
        lambda qs: _match_items(qs, "request"),
    ),
    "returned": (
        _("Submissions returned to me for changes"),
        _("No submission was returned to you."),
        _returned_items,
    ),
    "interest": (
        _("Matches to answer for our offers"),
        _("No proposed match waits for your organization's answer."),
        lambda qs: _match_items(qs, "offer"),
    ),
    "queue": (
        _("Moderation queue"),
        _("No submission waits for review."),
        _queue_items,
    ),
    "changes": (
        _("Changes to published activities"),
        _("No proposed change waits for review."),
        _change_items,
    ),
}


def waiting(user: Any, scope: Scope | None = None) -> list[Group]:
    """Everything that waits for ``user``, oldest first within each group."""
    scope = scope or Scope.of(user)
    groups = []
    for key, qs in _waiting_querysets(user, scope).items():
        title, empty, build = GROUPS[key]
        items = build(qs)
        count = len(items) if len(items) < LIMIT else qs.count()
        groups.append(Group(key, str(title), str(empty), items, count))
    if scope.moderator or scope.focal_point:
        groups.append(_continuity_group(user))
    if scope.moderator:
        groups.append(
            Group(
                "labels",
                str(_("Recommendations without themes")),
                str(_("Every recommendation has its themes.")),
                count=unlabelled_recommendations().count(),
                more_url=reverse("classification-review"),
                more_label=str(_("Review suggested labels of recommendations")),
                counted=False,  # see waiting_count
            )
        )
    return groups


def _continuity_group(user: Any) -> Group:
    """Links between cycles proposed for the States this person decides
    (``recommendations.continuity``): a backlog of an import, not counted
    beside "My desk", like unlabelled recommendations."""

    proposed = ContinuityLink.objects.filter(
        status=ContinuityStatus.PROPOSED,
        later__state_under_review__in=decidable_states(user),
    )
    return Group(
        "continuity",
        str(_("Continuity of recommendations across cycles")),
        str(_("No proposed link between cycles waits for a decision.")),
        count=proposed.count(),
        more_url=reverse("recommendations-continuity-index"),
        more_label=str(_("Review the links between cycles")),
        counted=False,
    )


@dataclass
class Mine:
    activities: list[Activity]
    stages: list[tuple[str, str, int]]  # (label, badge class, count)
    requests: list[AssistanceRequest]
    offers: list[Offer]
    # a focal point's States' published activities: where consent is withdrawn
    published_about: list[Activity] = field(default_factory=list)


def my_items(user: Any, scope: Scope | None = None) -> Mine:
    """My organizations' activities (with how many in each stage), and the
    requests and offers of my States and organizations."""
    scope = scope or Scope.of(user)
    activities = list(
        Activity.objects.filter(submitter_org__in=scope.orgs, merged_into__isnull=True)
        .prefetch_related("consents__country")
        .order_by("-updated_at")[:LIMIT]
    )
    for a in activities:
        a.desk_stage = a.get_stage_display()
        a.desk_badge = stage_badge(a.stage)
    counted = Counter(a.stage for a in activities)
    stages = [
        (str(label), stage_badge(value), counted[value])
        for value, label in Stage.choices
        if counted[value]
    ]
    mine = Q(organization__in=scope.orgs)
    if scope.focal_point:
        mine |= Q(state__in=user.focal_point_countries())
    requests = list(
        AssistanceRequest.objects.visible_to(user)
        .filter(mine)
        .select_related("state")
        .order_by("-created_at")[:LIMIT]
    )
    offers = list(
        Offer.objects.visible_to(user)
        .filter(organization__in=scope.orgs)
        .select_related("organization")
        .order_by("-created_at")[:LIMIT]
    )
    published_about = (
        list(
            Activity.objects.public()
            .filter(
                consents__country__in=user.focal_point_countries(),
                consents__status=ConsentStatus.GRANTED,
            )
            .distinct()
            .order_by("-published_at")[:LIMIT]
        )
        if scope.focal_point
        else []
    )
    return Mine(activities, stages, requests, offers, published_about)
