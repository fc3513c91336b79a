from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from uprtc.activities.models import Activity
from uprtc.core import listing
from uprtc.core.filtering import faceted
from uprtc.core.i18n import localized_field
from uprtc.countries.profile import activity_cards
from uprtc.matching.models import AssistanceRequest
from uprtc.recommendations import continuity
from uprtc.recommendations.filters import RecommendationFilter, base_queryset
from uprtc.recommendations.models import FILTERS, Recommendation, Response
from uprtc.search import labels

LIST_SORTS = {
    "cycle": _("Latest cycle first"),
    "state": _("State under review (A–Z)"),
}
# each counts the column its filter (``FILTERS``) narrows by
LIST_FACETS = ("state", "theme", "response", "cycle", "sdg", "recommending")


def recommendation_list(request: HttpRequest) -> HttpResponse:
    params = request.GET
    form = RecommendationFilter(params or None)
    qs = form.apply(base_queryset()) if params else base_queryset()
    facets = recommendation_facets(form, qs, params)
    sort = listing.sort_key(params, LIST_SORTS, "cycle")
    if sort == "state":
        state = f"state_under_review__{localized_field('name')}"
        qs = qs.order_by(state, "-cycle", "id")
    page = listing.page_of(
        qs.prefetch_related(*listing.PREFETCH["recommendation"]), params
    )
    return render(
        request,
        "recommendations/list.html",
        {
            "form": form,
            "page": page,
            "cards": [listing.recommendation_card(r) for r in page],
            **listing.controls(params, facets, sort, list(LIST_SORTS.items())),
        },
    )


def recommendation_facets(
    form: RecommendationFilter, qs: QuerySet, params: QueryDict
) -> list[listing.Facet]:
    """Counted over the filtered list itself (recommendations are public
    UN documents: no consent to respect here)."""
    facets = []
    for param in LIST_FACETS:
        column = faceted(FILTERS, param)
        name = column.facet
        top = listing.count_by(qs, str(column.lookup))
        chosen = listing.values(params, param)
        lookup = [v for v in chosen if name != "sdg" or len(v) <= 3]
        named = labels.names(name, [v for v, _n in top] + lookup)
        if name == "cycle":
            named = {v: gettext("Cycle %(n)s") % {"n": v} for v in named}
        title = form.fields[param].label
        facets.append(listing.facet(param, title, top, chosen, named))
    return listing.arrange(facets)


def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rec = get_object_or_404(
        Recommendation.objects.select_related(
            "state_under_review", "tracking"
        ).prefetch_related(
            "recommending_states",
            "themes",
            "sdg_goals",
            "sdg_targets",
            "affected_persons",
        ),
        pk=pk,
    )
    # the State's own, public, tracking of its implementation (NMIRF)
    tracking = getattr(rec, "tracking", None)
    supporting = Activity.objects.public().filter(recommendations=rec)
    steps = continuity.lineage(rec, request.user)
    return render(
        request,
        "recommendations/detail.html",
        {
            "rec": rec,
            "tracking": tracking,
            "response_badge": RESPONSE_BADGES.get(rec.response, ""),
            "activities": activity_cards(
                list(
                    supporting.order_by("-published_at", "-pk").values_list(
                        "pk", flat=True
                    )
                )
            ),
            "requests": AssistanceRequest.objects.public()
            .filter(recommendations=rec)
            .select_related("state")
            .order_by("-created_at"),
            "lineage": steps,
            "lineage_links": any(s.status for s in steps),
            "suggestions": continuity.suggested_activities(rec, request.user),
            "can_decide": continuity.can_decide(request.user, rec.state_under_review),
        },
    )


# supported: committed to (green); noted: acknowledged only (blue)
RESPONSE_BADGES = {
    Response.SUPPORTED: "badge-ok",
    Response.NOTED: "badge-info",
    Response.PARTIAL: "badge-warn",
}
