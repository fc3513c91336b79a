from __future__ import annotations

from collections import defaultdict

from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from uprtc.core import listing
from uprtc.search import labels
from uprtc.search.services import FACETS, Hit, SearchResult, search

SORTS = (("relevance", _("Relevance")), ("date", _("Newest first")))
# the sidebar's order: what people narrow by first
ORDER = (
    "kind",
    "country",
    "theme",
    "sdg",
    "cycle",
    "response",
    "status",
    "region",
    "group",
    "org_type",
    "modality",
    "cooperation_type",
    "funding_source",
    "year",
)
LAST_PAGE = 10_000  # no reader pages further; a robot's huge number stops here


def parse_filters(params: object) -> dict[str, list[str]]:
    getlist = params.getlist  # type: ignore[attr-defined]
    return {name: [v for v in getlist(name) if v] for name in FACETS if name != "kind"}


def search_page(request: HttpRequest) -> HttpResponse:
    params = request.GET
    query = params.get("q", "")
    types = listing.values(params, "type")
    filters = parse_filters(params)
    if len(types) > 1:  # several types ticked: a filter like the others
        filters["kind"] = types
    sort = listing.sort_key(params, dict(SORTS), "relevance")
    size = listing.page_size(params)
    number = _number(params.get("page"))

    def run(page: int) -> SearchResult:
        return search(
            query,
            kind=types[0] if len(types) == 1 else None,
            filters=filters,
            sort=sort,
            page=page,
            page_size=size,
            language=(get_language() or "en").split("-")[0],
        )

    result = run(number)
    if number > result.pages:  # past the end: the last page, as the lists do
        result = run(result.pages)
    facets = _facets(result, params)
    # without words there is nothing to rank by relevance
    shown, options = (sort, SORTS) if result.query else ("date", SORTS[1:])
    return render(
        request,
        "search/search.html",
        {
            "result": result,
            "cards": _cards(result.hits),
            **listing.controls(params, facets, shown, options),
            "page": listing.paginate(result.total, size, result.page),
            "suggestion_url": _with(params, q=result.suggestion)
            if result.suggestion
            else "",
        },
    )


def _number(raw: str | None) -> int:
    try:
        return min(max(1, int(raw or "1")), LAST_PAGE)
    except ValueError:
        return 1


def _facets(result: SearchResult, params: object) -> list[listing.Facet]:
    """The counts of the search index (public records only), named in the
    reader's language; a value ticked but no longer counted stays ticked."""
    facets = []
    for name in ORDER:
        param = "type" if name == "kind" else name
        counts = result.facets.get(name, [])
        chosen = listing.values(params, param)
        # a number typed into the URL may not fit a database integer
        lookup = [v for v in chosen if name != "sdg" or len(v) <= 3]
        named = labels.names(name, [v for v, _n in counts] + lookup)
        if name == "cycle":
            named = {v: gettext("Cycle %(n)s") % {"n": v} for v in named}
        facets.append(listing.facet(param, labels.TITLES[name], counts, chosen, named))
    return listing.arrange(facets)


def _cards(hits: list[Hit]) -> list[listing.Card]:
    """One query per kind and relation for the whole page, not per card."""
    by_kind = defaultdict(list)
    for hit in hits:
        by_kind[hit.kind].append(hit.obj)
    for kind, objects in by_kind.items():
        prefetch_related_objects(objects, *listing.PREFETCH[kind])
    return [listing.BUILDERS[h.kind](h.obj, h.snippet) for h in hits]


def _with(params: object, **changes: str) -> str:
    query = params.copy()  # type: ignore[attr-defined]
    for key, value in changes.items():
        query[key] = value
    query.pop("page", None)
    return "?" + query.urlencode()
