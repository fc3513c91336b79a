"""What the search page and the four lists (activities, recommendations,
requests and offers) share, so that they behave alike: page size and sort read
from the query string, facets split into what shows and what waits behind
"Show more", chips of the active filters with their remove links, and the
result cards. Counting is not done here: each page takes its counts from its
own public-only source (the search index, the statistics functions, the
visibility querysets)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext

from uprtc.core.kinds import KINDS

PAGE_SIZES = (20, 50, 100)
PER_PAGE = "per_page"
SHOWN = 8  # options of a facet visible before "Show more"
OPEN_GROUPS = 2  # facet groups open on arrival
TOP = 30  # values counted per facet, most frequent first (as the search does)
MAX_THEMES = 4  # theme tags on a card before "+n"


# --- query string --------------------------------------------------------


def page_size(params: Any) -> int:
    """The page size asked for, bounded to the sizes offered: a robot asking
    for a million rows gets the largest size, nonsense gets the smallest."""
    try:
        asked = int(params.get(PER_PAGE, ""))
    except (TypeError, ValueError):
        return PAGE_SIZES[0]
    fitting = [size for size in PAGE_SIZES if size <= asked]
    return fitting[-1] if fitting else PAGE_SIZES[0]


def sort_key(params: Any, allowed: Iterable[str], default: str) -> str:
    value = params.get("sort", "")
    return value if value in set(allowed) else default


def values(params: Any, name: str) -> list[str]:
    """The distinct non-empty values of a repeated parameter, in order."""
    return list(dict.fromkeys(v for v in params.getlist(name) if v))


def _pairs(params: Any) -> list[tuple[str, str]]:
    return [(k, v) for k, vs in params.lists() for v in vs]


def without(params: Any, name: str, value: str | None = None) -> str:
    """The current query string minus one filter value (every value of
    ``name`` when ``value`` is None), back to the first page."""
    kept = [
        (k, v)
        for k, v in _pairs(params)
        if k != "page" and not (k == name and (value is None or v == value))
    ]
    return "?" + urlencode(kept)


def without_all(params: Any, names: Iterable[str]) -> str:
    names = set(names) | {"page"}
    return "?" + urlencode([(k, v) for k, v in _pairs(params) if k not in names])


def query_without_page(params: Any) -> str:
    """For the pagination links, which add ``page=`` themselves."""
    return urlencode([(k, v) for k, v in _pairs(params) if k != "page"])


def page_of(items: Any, params: Any) -> Page:
    """The page the parameters ask for (``page``, ``per_page``) of ``items``."""
    return paginate(items, page_size(params), params.get("page"))


def paginate(total_or_items: Any, size: int, number: Any) -> Page:
    """A Django page: over a queryset or list, or over ``range(total)`` when
    the rows of the page come from elsewhere (the search)."""
    if isinstance(total_or_items, int):
        total_or_items = range(total_or_items)
    return Paginator(total_or_items, size).get_page(number)


# --- facets --------------------------------------------------------------


@dataclass
class Option:
    value: str
    label: str
    count: int
    checked: bool


@dataclass
class Facet:
    name: str
    title: str
    options: list[Option]
    # a yes/no filter (good practices only): its chip removes the parameter
    # whatever spelling of "yes" the link used
    boolean: bool = False
    open: bool = False

    @property
    def shown(self) -> list[Option]:
        return self.options[:SHOWN]

    @property
    def more(self) -> list[Option]:
        return self.options[SHOWN:]

    @property
    def more_open(self) -> bool:
        return any(o.checked for o in self.more)

    @property
    def selected(self) -> list[Option]:
        return [o for o in self.options if o.checked]


def facet(
    name: str,
    title: Any,
    counts: Iterable[tuple[Any, int]],
    chosen: Sequence[str],
    labels: Mapping[str, str] | None = None,
    *,
    boolean: bool = False,
) -> Facet:
    """Options most frequent first, as counted. A chosen value that no
    longer counts (nothing left with it) stays, ticked, so that "Apply" does
    not drop it behind the reader's back."""
    labels = labels or {}
    options, seen = [], set()
    for value, count in counts:
        value = str(value)
        seen.add(value)
        options.append(Option(value, labels.get(value, value), count, value in chosen))
    for value in chosen:
        if value not in seen:
            options.append(Option(value, labels.get(value, value), 0, True))
    return Facet(name, str(title), options, boolean=boolean)


def arrange(facets: Iterable[Facet]) -> list[Facet]:
    """Groups without options dropped; open: the first ones and any with a
    value chosen."""
    kept = [f for f in facets if f.options]
    for position, f in enumerate(kept):
        f.open = position < OPEN_GROUPS or bool(f.selected)
    return kept


def count_by(qs: QuerySet, field: str, top: int = TOP) -> list[tuple[str, int]]:
    """(value, records) over an already filtered, visibility-scoped queryset:
    a record with two themes counts once under each. The caller passes
    ``public()``/``visible_to()`` results only."""
    rows = (
        qs.model.objects.filter(pk__in=qs.order_by().values("pk"))
        .exclude(**{f"{field}__isnull": True})
        .values(field)
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", field)
    )
    return [(str(r[field]), r["n"]) for r in rows[: top + 1] if r[field] != ""][:top]


def top(counts: Mapping[str, int], limit: int = TOP) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


# --- chips ---------------------------------------------------------------


@dataclass
class Chip:
    label: str
    group: str
    remove: str


def chips(params: Any, facets: Iterable[Facet]) -> list[Chip]:
    out = []
    for f in facets:
        for option in f.selected:
            value = None if f.boolean else option.value
            out.append(Chip(option.label, f.title, without(params, f.name, value)))
    return out


def clear_all(params: Any, facets: Iterable[Facet]) -> str:
    """Every filter off; the words, sort and page size stay."""
    return without_all(params, [f.name for f in facets])


def controls(
    params: Any, facets: list[Facet], sort: str, sort_options: Any
) -> dict[str, Any]:
    """What every list page shows around its cards: the facets with their
    chips and clear-all link, the sort choices and page sizes, and the query
    its page links keep."""
    return {
        "facets": facets,
        "chips": chips(params, facets),
        "clear_url": clear_all(params, facets),
        "sort_options": sort_options,
        "sort": sort,
        "per_page": page_size(params),
        "page_sizes": PAGE_SIZES,
        "query": query_without_page(params),
    }


# --- result cards --------------------------------------------------------

ACTIVITY_STATUS = {
    "pipeline": "badge-info",
    "implementation": "badge-info",
    "finalisation": "badge-info",
    "closed": "badge-ok",
    "cancelled": "badge-bad",
    "suspended": "badge-warn",
}
RESPONSE = {
    "supported": "badge-ok",
    "pledge": "badge-ok",
    "partially-supported": "badge-warn",
    "noted": "badge-info",
}
# as on the request's own page
REQUEST_STATUS = {
    "open": "badge-info",
    "matched": "badge-ok",
    "in-progress": "badge-info",
    "fulfilled": "badge-ok",
    "closed": "",
}


@dataclass
class Card:
    kind: str
    title: str
    url: str
    states: list[str] = field(default_factory=list)
    themes: list[Any] = field(default_factory=list)
    goals: list[Any] = field(default_factory=list)
    badges: list[tuple[str, str]] = field(default_factory=list)  # (label, class)
    meta: list[str] = field(default_factory=list)
    snippet: str | SafeString = ""

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind].one)

    @property
    def shown_themes(self) -> list[Any]:
        return self.themes[:MAX_THEMES]

    @property
    def more_themes(self) -> int:
        return max(0, len(self.themes) - MAX_THEMES)


def _excerpt(text: str, words: int = 40) -> str:
    return Truncator(text).words(words, truncate="…")


def _posted(record: Any) -> str:
    return gettext("Posted in %(year)s") % {"year": record.created_at.year}


def activity_card(a: Any, snippet: str | SafeString = "") -> Card:
    """Needs ``consents__country``, ``themes`` and ``sdg_goals`` prefetched."""
    badges = []
    if a.implementation_status:
        badges.append(
            (
                a.get_implementation_status_display(),
                ACTIVITY_STATUS.get(a.implementation_status, ""),
            )
        )
    if a.good_practice:
        badges.append((gettext("Good practice"), "badge-ok"))
    meta = [str(x) for x in (a.get_modality_display(),) if x]
    if a.start_date:
        meta.append(
            f"{a.start_date.year}–{a.end_date.year}"
            if a.end_date and a.end_date.year != a.start_date.year
            else str(a.start_date.year)
        )
    return Card(
        "activity",
        a.title,
        reverse("activities-detail", args=[a.pk]),
        states=sorted(c.country.name for c in a.consents.all()),
        themes=list(a.themes.all()),
        goals=list(a.sdg_goals.all()),
        badges=badges,
        meta=meta,
        snippet=snippet or _excerpt(a.description),
    )


def recommendation_card(r: Any, snippet: str | SafeString = "") -> Card:
    """Needs ``state_under_review`` selected, ``themes``, ``sdg_goals``
    prefetched."""
    meta = [gettext("UPR cycle %(cycle)s") % {"cycle": r.cycle}]
    if r.recommending_names:
        meta.append(
            gettext("Recommended by %(states)s")
            % {"states": Truncator(r.recommending_names).chars(60)}
        )
    if r.paragraph:
        meta.append(gettext("para. %(n)s") % {"n": r.paragraph})
    return Card(
        "recommendation",
        _excerpt(r.text, 20),
        reverse("recommendations-detail", args=[r.pk]),
        states=[r.state_under_review.name],
        themes=list(r.themes.all()),
        goals=list(r.sdg_goals.all()),
        badges=[(r.get_response_display(), RESPONSE.get(r.response, ""))]
        if r.response
        else [],
        meta=meta,
        snippet=snippet,
    )


def request_card(r: Any, snippet: str | SafeString = "") -> Card:
    """Needs ``state`` selected, ``themes``, ``sdg_goals`` prefetched."""
    return Card(
        "request",
        gettext("Request for assistance of %(state)s") % {"state": r.state.name},
        reverse("matching-request", args=[r.pk]),
        states=[r.state.name],
        themes=list(r.themes.all()),
        goals=list(r.sdg_goals.all()),
        badges=[(r.get_status_display(), REQUEST_STATUS.get(r.status, ""))],
        meta=[_posted(r)],
        snippet=snippet or _excerpt(r.need),
    )


def offer_card(o: Any, snippet: str | SafeString = "") -> Card:
    """Needs ``organization`` selected, ``countries``, ``themes``,
    ``sdg_goals`` prefetched."""
    badges = [(gettext("Open"), "badge-info")] if o.active else []
    if o.funding_available:
        badges.append((gettext("Funding available"), "badge-ok"))
    return Card(
        "offer",
        gettext("Offer of %(org)s") % {"org": o.organization.public_name},
        reverse("matching-offer", args=[o.pk]),
        # no country and no region listed: the offer stands for anywhere
        states=sorted(c.name for c in o.countries.all())
        or ([] if o.regions else [gettext("Anywhere")]),
        themes=list(o.themes.all()),
        goals=list(o.sdg_goals.all()),
        badges=badges,
        meta=[_posted(o)],
        snippet=snippet or _excerpt(o.expertise),
    )


BUILDERS = {
    "activity": activity_card,
    "recommendation": recommendation_card,
    "request": request_card,
    "offer": offer_card,
}
# what each card reads, fetched for a whole page at once
PREFETCH = {
    "activity": ("consents__country", "themes", "sdg_goals"),
    "recommendation": ("state_under_review", "themes", "sdg_goals"),
    "request": ("state", "themes", "sdg_goals"),
    "offer": ("organization", "countries", "themes", "sdg_goals"),
}
