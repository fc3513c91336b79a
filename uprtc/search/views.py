from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from uprtc.search import labels
from uprtc.search.services import FACETS, search


def parse_filters(params: object) -> dict[str, list[str]]:
    getlist = params.getlist  # type: ignore[attr-defined]
    return {name: [v for v in getlist(name) if v] for name in FACETS if name != "kind"}


def search_page(request: HttpRequest) -> HttpResponse:
    params = request.GET
    try:
        page = int(params.get("page", "1"))
    except ValueError:
        page = 1
    kind = params.get("type") or None
    result = search(
        params.get("q", ""),
        kind=kind,
        filters=parse_filters(params),
        sort=params.get("sort", "relevance"),
        page=page,
        language=(get_language() or "en").split("-")[0],
    )
    query = params.copy()
    query.pop("page", None)
    return render(
        request,
        "search/search.html",
        {
            "result": result,
            "facets": labels.facet_groups(result.facets, params),
            "kind": kind or "",
            "sort": params.get("sort", "relevance"),
            "query": query.urlencode(),
            "suggestion_url": _with(params, q=result.suggestion)
            if result.suggestion
            else "",
        },
    )


def _with(params: object, **changes: str) -> str:
    query = params.copy()  # type: ignore[attr-defined]
    for key, value in changes.items():
        query[key] = value
    query.pop("page", None)
    return "?" + query.urlencode()
