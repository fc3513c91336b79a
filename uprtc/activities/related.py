"""What an activity's page shows around the activity itself: the public
activities related to it, its linked recommendations with the State's
response, and the colour of the badge of a stage, a response or a status."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q

from uprtc.activities.choices import ImplementationStatus as IS
from uprtc.activities.choices import Stage
from uprtc.activities.models import Activity, Consent
from uprtc.recommendations.models import Recommendation, Response

RELATED = 6

# colours of the design system: ok = green, warn = amber, bad = red, info = blue
STAGE_BADGES: dict[str, str] = {
    Stage.PUBLISHED: "badge-ok",
    Stage.DRAFT: "badge-warn",
    Stage.SUBMITTED: "badge-warn",
    Stage.RETURNED: "badge-warn",
    Stage.AWAITING_CONSENT: "badge-warn",
    Stage.REJECTED: "badge-bad",
    Stage.CONSENT_REFUSED: "badge-bad",
    Stage.WITHDRAWN: "badge-bad",
    Stage.CONFIDENTIAL: "badge-info",
}
RESPONSE_BADGES: dict[str, str] = {
    Response.SUPPORTED: "badge-ok",
    Response.PLEDGE: "badge-ok",
    Response.PARTIAL: "badge-info",
    Response.NOTED: "badge-info",
}
STATUS_BADGES: dict[str, str] = {
    IS.PIPELINE: "badge-info",
    IS.IMPLEMENTATION: "badge-info",
    IS.FINALISATION: "badge-info",
    IS.CLOSED: "badge-ok",
    IS.CANCELLED: "badge-bad",
    IS.SUSPENDED: "badge-warn",
}


def stage_badge(stage: str) -> str:
    return STAGE_BADGES.get(stage, "")


def response_badge(response: str) -> str:
    return RESPONSE_BADGES.get(response, "")


def status_badge(status: str) -> str:
    return STATUS_BADGES.get(status, "")


def linked_recommendations(obj: Any) -> list[Recommendation]:
    """The recommendations an activity (or a request) supports, each with
    ``badge``: the colour of the State's response."""
    recs = list(
        obj.recommendations.select_related("state_under_review").order_by(
            "state_under_review__name_en", "-cycle", "paragraph", "pk"
        )
    )
    for rec in recs:
        rec.badge = response_badge(rec.response)
    return recs


def related_activities(activity: Activity, limit: int = RELATED) -> list[Activity]:
    """Public activities supporting one of the same recommendations, then
    those in one of the same States, newest first: one query, plus one for
    their States. Public only, whoever looks: a draft on the same
    recommendation is nobody's business on this page."""
    links = Activity.recommendations.through.objects
    same_rec = links.filter(
        recommendation__in=links.filter(activity=activity.pk).values("recommendation")
    )
    same_state = Consent.objects.filter(
        country__in=Consent.objects.filter(activity=activity.pk).values("country")
    )
    found = (
        Activity.objects.public()
        .exclude(pk=activity.pk)
        .filter(
            Q(pk__in=same_rec.values("activity"))
            | Q(pk__in=same_state.values("activity"))
        )
        .annotate(
            shares_recommendation=Exists(same_rec.filter(activity=OuterRef("pk")))
        )
        .order_by("-shares_recommendation", "-published_at", "-pk")
        .prefetch_related(
            Prefetch("consents", queryset=Consent.objects.select_related("country"))
        )[:limit]
    )
    return list(found)


def suggested_recommendations(activity: Activity, limit: int = 5) -> list[Any]:
    """Accepted recommendations of the concerned States that the activity's
    text most likely supports and that it does not name yet, each with the
    linking service's explanation: what a moderator reviewing an imported
    draft checks first."""
    from uprtc.linking.services import link_recommendations

    states = list(activity.consents.values_list("country__iso3", flat=True))
    if not states:
        return []
    linked = set(activity.recommendations.values_list("pk", flat=True))
    links = link_recommendations(
        f"{activity.title}\n{activity.description}",
        states=states,
        limit=limit + len(linked),
    )
    links = [x for x in links if x.recommendation_id not in linked][:limit]
    recs = Recommendation.objects.select_related("state_under_review").in_bulk(
        [x.recommendation_id for x in links]
    )
    from uprtc.taxonomies.models import Theme

    names = {
        t.slug: t.name
        for t in Theme.objects.filter(
            slug__in={s for x in links for s in x.shared_themes}
        )
    }
    return [
        {
            "rec": recs[x.recommendation_id],
            "link": x,
            "themes": [names.get(s, s) for s in x.shared_themes],
        }
        for x in links
        if x.recommendation_id in recs
    ]
