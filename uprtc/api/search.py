"""GET /api/v1/search: the search page's results, facet counts and snippets."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from uprtc.api.auth import OptionalTokenAuth
from uprtc.api.params import Int
from uprtc.core.errors import DomainError
from uprtc.core.kinds import KINDS
from uprtc.core.links import absolute_url
from uprtc.search.services import FACETS, search
from uprtc.search.views import parse_filters

router = Router(tags=["search"])
# an activity links to its API record, the others to their page in ``lang``
ACTIVITY_URL = "/api/v1/activities/{}"
TITLES = {
    "activity": "title",
    "recommendation": "text",
    "request": "need",
    "offer": "expertise",
}


@router.get("/search", auth=OptionalTokenAuth(), summary="Search")
def search_endpoint(
    request: HttpRequest,
    q: str = "",
    type: str = "",
    sort: str = "relevance",
    page: Int = 1,
    page_size: Int = 20,
    lang: str = "en",
) -> dict[str, Any]:
    """Published activities and recommendations. Facet filters are repeatable
    query parameters: ``country`` (ISO3), ``region`` (M49), ``group``,
    ``theme``, ``sdg``, ``org_type``, ``modality``, ``cooperation_type``,
    ``funding_source``, ``status``, ``cycle``, ``response``, ``year``.
    ``count_exact`` is false when the words match more records than a search
    reads (10,000): ``count`` and the facet counts are then lower bounds."""
    if type and type not in KINDS:
        raise DomainError(
            "type is activity, recommendation, request or offer", field="type"
        )
    if sort not in ("relevance", "date"):
        raise DomainError("sort is relevance or date", field="sort")
    result = search(
        q,
        kind=type or None,
        filters=parse_filters(request.GET),
        sort=sort,
        page=page,
        page_size=page_size,
        language=lang,
    )
    items = []
    for hit in result.hits:
        obj = hit.obj
        items.append(
            {
                "type": hit.kind,
                "id": hit.object_id,
                "score": round(hit.score, 4),
                "title": getattr(obj, TITLES[hit.kind])[:200],
                "snippet": str(hit.snippet),
                "url": _url(request, hit.kind, obj, lang),
            }
        )
    next_url = None
    if result.page < result.pages:
        query = request.GET.copy()
        query["page"] = str(result.page + 1)
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {
        "count": result.total,
        "count_exact": result.total_exact,
        "items": items,
        "next": next_url,
        "facets": {
            ("type" if name == "kind" else name): dict(counts)
            for name, counts in result.facets.items()
            if name in FACETS
        },
        "did_you_mean": result.suggestion or None,
    }


def _url(request: HttpRequest, kind: str, obj: Any, lang: str) -> str:
    if kind == "activity":
        return request.build_absolute_uri(ACTIVITY_URL.format(obj.pk))
    return absolute_url(obj, lang)
