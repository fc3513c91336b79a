from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from uprtc.recommendations.filters import RecommendationFilter, base_queryset
from uprtc.recommendations.models import Recommendation

PAGE_SIZE = 25


def recommendation_list(request: HttpRequest) -> HttpResponse:
    form = RecommendationFilter(request.GET or None)
    qs = form.apply(base_queryset()) if request.GET else base_queryset()
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "recommendations/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
        },
    )


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
    return render(
        request, "recommendations/detail.html", {"rec": rec, "tracking": tracking}
    )
