from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uprtc.activities import related
from uprtc.activities.choices import Modality
from uprtc.activities.views import with_suggestions
from uprtc.actors.signed_in import SignedInRequest
from uprtc.core import listing
from uprtc.core.errors import DomainError
from uprtc.core.filtering import FilterError
from uprtc.core.http import helping, posted
from uprtc.core.permissions import Refused, moderator_required
from uprtc.countries.models import Region
from uprtc.matching import services, suggestions
from uprtc.matching.forms import OfferForm, RequestForm
from uprtc.matching.models import (
    AssistanceRequest,
    Match,
    Offer,
    PlanRun,
    Posting,
    RequestStatus,
    VisibleQuerySet,
)
from uprtc.search import labels

GOAL_FIELDS = (("themes", "uhri-themes"), ("sdg_goals", "sdg-goals"))
STATUS_BADGES: dict[str, str] = {
    RequestStatus.OPEN: "badge-info",
    RequestStatus.MATCHED: "badge-ok",
    RequestStatus.IN_PROGRESS: "badge-info",
    RequestStatus.FULFILLED: "badge-ok",
}


INDEX_SORTS = {
    "newest": gettext_lazy("Newest first"),
    "oldest": gettext_lazy("Oldest first"),
}
KIND_NAMES = {"request": gettext_lazy("Requests"), "offer": gettext_lazy("Offers")}
# the page's filters, each read by the kinds' ``FILTERS`` (a kind without it,
# the offers for a status, has nothing to show once it is chosen)
INDEX_TITLES = {
    "country": gettext_lazy("Country"),
    "theme": gettext_lazy("Theme"),
    "sdg": gettext_lazy("SDG goal"),
    "status": gettext_lazy("Status"),
}


def index(request: HttpRequest) -> HttpResponse:
    """Requests and offers in one list, each through its own visibility
    rule; the page's records are read once, with what their cards show."""
    params = request.GET
    sides = _index_sides(request.user, params)
    kinds = [k for k in listing.values(params, "type") if k in sides] or list(sides)
    facets = _index_facets(sides, kinds, params)
    sort = listing.sort_key(params, INDEX_SORTS, "newest")
    rows = sorted(
        (
            (created, kind, pk)
            for kind in kinds
            for pk, created in sides[kind].values_list("pk", "created_at")
        ),
        reverse=sort == "newest",
    )
    page = listing.page_of(rows, params)
    return render(
        request,
        "matching/index.html",
        {
            "page": page,
            "cards": _index_cards(sides, list(page)),
            **listing.controls(params, facets, sort, list(INDEX_SORTS.items())),
        },
    )


def _index_sides(user: object, params: QueryDict) -> dict[str, VisibleQuerySet]:
    """Both querysets, every filter but the type applied."""
    sides: dict[str, VisibleQuerySet] = {
        "request": AssistanceRequest.objects.visible_to(user),
        "offer": Offer.objects.visible_to(user).filter(active=True),
    }
    chosen = {p: listing.values(params, p) for p in INDEX_TITLES}
    for kind, qs in sides.items():
        if any(values and p not in qs.model.FILTERS for p, values in chosen.items()):
            sides[kind] = qs.none()
            continue
        try:
            sides[kind] = qs.filtered(chosen)
        except FilterError:  # a value no record can have
            sides[kind] = qs.none()
    return sides


def _index_facets(
    sides: dict[str, VisibleQuerySet], kinds: list[str], params: QueryDict
) -> list[listing.Facet]:
    chosen = listing.values(params, "type")
    facets = [
        listing.facet(
            "type",
            gettext_lazy("Type"),
            [(k, n) for k in sides if (n := sides[k].count())],
            chosen,
            {k: str(v) for k, v in KIND_NAMES.items()},
        )
    ]
    for param, title in INDEX_TITLES.items():
        counts: dict[str, int] = {}
        for kind in kinds:
            entry = sides[kind].model.FILTERS.get(param)
            if entry is not None:
                for value, n in listing.count_by(sides[kind], entry.lookup):
                    counts[value] = counts.get(value, 0) + n
        top = listing.top(counts)
        picked = listing.values(params, param)
        lookup = [v for v in picked if param != "sdg" or len(v) <= 3]
        named = (
            {v: str(RequestStatus(v).label) for v in RequestStatus.values}
            if param == "status"
            else labels.names(param, [v for v, _n in top] + lookup)
        )
        facets.append(listing.facet(param, title, top, picked, named))
    return listing.arrange(facets)


def _index_cards(sides: dict[str, VisibleQuerySet], rows: list) -> list[listing.Card]:
    objects = {}
    for kind, qs in sides.items():
        ids = [pk for _c, k, pk in rows if k == kind]
        if ids:
            found = qs.filter(pk__in=ids).prefetch_related(*listing.PREFETCH[kind])
            objects.update({(kind, o.pk): o for o in found})
    return [
        listing.BUILDERS[kind](objects[(kind, pk)])
        for _c, kind, pk in rows
        if (kind, pk) in objects
    ]


def _matches(matches: list[Match]) -> list[dict]:
    return [
        {"match": m, "why": services.explanation_text(m.explanation)} for m in matches
    ]


def _reading(obj: Any) -> dict:
    """What the reading layout of a request or an offer shows besides the
    object: its labels in words, its themes and SDG goals."""
    languages = []
    for code in obj.languages:
        try:
            languages.append(get_language_info(code)["name_translated"])
        except KeyError:  # a code outside Django's list is shown as typed
            languages.append(code)
    modalities = dict(Modality.choices)
    return {
        "languages": languages,
        "modalities": [modalities.get(m, m) for m in obj.modalities],
        "themes": obj.themes.all(),
        "sdg_goals": obj.sdg_goals.all(),
    }


def _request_page(req: AssistanceRequest, matches: list[Match]) -> dict:
    return {
        "req": req,
        "recommendations": related.linked_recommendations(req),
        "status_badge": STATUS_BADGES.get(req.status, ""),
        "moves": [
            (s, RequestStatus(s).label)
            for s in services.REQUEST_MOVES.get(req.status, ())
        ],
        "providers": suggestions.for_request(req)
        if not any(m.score >= 0.5 for m in matches)
        else [],
    }


def _offer_page(offer: Offer, matches: list[Match]) -> dict:
    return {"offer": offer, "regions": Region.objects.filter(m49__in=offer.regions)}


def _request_poster(user: Any) -> dict[str, Any]:
    state = user.focal_point_countries().first()
    if state is None:
        raise Refused(_("Only a State's focal point posts requests for assistance."))
    return {"state": state}


def _offer_poster(user: Any) -> dict[str, Any]:
    orgs = [
        m.organization
        for m in user.approved_memberships().select_related("organization")
    ]
    if not orgs:
        raise Refused(
            _(
                "Only approved members of an organization offer its expertise. "
                "Ask your organization's administrator, or a moderator, to "
                "approve your membership."
            )
        )
    return {"orgs": orgs}


def _post_request(user: Any, form: RequestForm) -> Posting:
    values, m2m = form.split(("recommendations", "themes", "sdg_goals"))
    return services.create_request(user, values, m2m)


def _post_offer(user: Any, form: OfferForm) -> Posting:
    values, m2m = form.split(("countries", "themes", "sdg_goals"))
    org = values.pop("organization")
    values["regions"] = [r.m49 for r in values["regions"]]
    return services.create_offer(user, org, values, m2m)


def _set_status(user: Any, req: AssistanceRequest, post: QueryDict) -> None:
    services.set_request_status(user, req, post.get("status", ""))


def _set_active(user: Any, offer: Offer, post: QueryDict) -> None:
    services.set_offer_active(user, offer, post.get("active") == "1")


@dataclass(frozen=True)
class Side:
    """What differs between the pages of a request and of an offer."""

    model: type[Posting]
    reads: tuple[str, ...]  # read along with it on its page
    page: Callable[[Any, list[Match]], dict]  # what its page adds
    form: type[RequestForm] | type[OfferForm]
    poster: Callable[[Any], dict[str, Any]]  # the form's kwargs, or Refused
    post: Callable[[Any, Any], Posting]
    change: Callable[[Any, Any, QueryDict], None]  # its one action


SIDES = {
    "request": Side(
        AssistanceRequest,
        ("state", "organization"),
        _request_page,
        RequestForm,
        _request_poster,
        _post_request,
        _set_status,
    ),
    "offer": Side(
        Offer,
        ("organization",),
        _offer_page,
        OfferForm,
        _offer_poster,
        _post_offer,
        _set_active,
    ),
}


def detail(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The page of a request or an offer, with the matches the reader sees."""
    side = SIDES[kind]
    obj = get_object_or_404(
        side.model.objects.visible_to(request.user).select_related(*side.reads),
        pk=pk,
    )
    matches = list(
        Match.objects.visible_to(request.user)
        .filter(**{kind: obj})
        .select_related("request__state", "offer__organization")
        .order_by("-score")
    )
    return render(
        request,
        f"matching/{kind}.html",
        {
            **_reading(obj),
            **side.page(obj, matches),
            "matches": _matches(matches),
            "is_poster": obj.is_poster(request.user),
        },
    )


@login_required
def create(request: SignedInRequest, kind: str) -> HttpResponse:
    side = SIDES[kind]
    poster = side.poster(request.user)
    data = posted(request)
    if data is not None and "suggest" in data:
        data = with_suggestions(data, (side.model.TEXT,), GOAL_FIELDS, request)
    form = side.form(data, **poster)
    if request.method == "POST" and "suggest" not in request.POST and form.is_valid():
        try:
            obj = side.post(request.user, form)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect(obj)
    return render(
        request, "matching/form.html", {"form": helping(request, form), "kind": kind}
    )


def _recorded(request: HttpRequest, step: Callable[[], object]) -> None:
    """Run a workflow step and say how it went on the next page."""
    try:
        step()
        messages.success(request, _("Recorded."))
    except DomainError as exc:
        messages.error(request, exc.message)


@login_required
@require_POST
def respond(request: SignedInRequest, pk: int) -> HttpResponse:
    match = get_object_or_404(Match.objects.visible_to(request.user), pk=pk)
    _recorded(
        request,
        lambda: services.respond_to_match(
            request.user,
            match,
            request.POST.get("decision", ""),
            request.POST.get("reason", ""),
        ),
    )
    if request.POST.get("back") == "offer":
        return redirect("matching-offer", match.offer_id)
    return redirect("matching-request", match.request_id)


@moderator_required
def plan_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and "send" in request.POST:
        sent = services.send_plan(request.user)
        messages.success(request, _("%(n)s proposals sent.") % {"n": sent})
        return redirect("matching-plan")
    if request.method == "POST":
        try:
            run = services.request_plan(request.user, k=int(request.POST.get("k", "3")))
            messages.success(
                request,
                _("Plan %(status)s: %(n)s proposals.")
                % {"status": run.get_status_display(), "n": run.proposals},
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        except ValueError:
            messages.error(request, _("Between 1 and 10 proposals per request."))
        return redirect("matching-plan")
    proposals = (
        Match.objects.filter(in_plan=True)
        .select_related("request__state", "offer__organization")
        .order_by("request__state__name_en", "-score")
    )
    return render(
        request,
        "matching/plan.html",
        {"proposals": proposals, "runs": PlanRun.objects.all()[:5]},
    )


@login_required
@require_POST
def change(request: SignedInRequest, pk: int, kind: str) -> HttpResponse:
    """A request's status, an offer's opening: each side's one action."""
    side = SIDES[kind]
    obj = get_object_or_404(side.model.objects.visible_to(request.user), pk=pk)
    _recorded(request, lambda: side.change(request.user, obj, request.POST))
    return redirect(f"matching-{kind}", pk)
