from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uprtc.activities import related
from uprtc.activities.choices import Modality
from uprtc.activities.views import with_suggestions
from uprtc.core import listing
from uprtc.core.errors import DomainError
from uprtc.core.http import posted
from uprtc.countries.models import Region
from uprtc.matching import services, suggestions
from uprtc.matching.forms import OfferForm, RequestForm
from uprtc.matching.models import (
    AssistanceRequest,
    Match,
    Offer,
    PlanRun,
    RequestStatus,
)
from uprtc.search import labels

GOAL_FIELDS = (("themes", "uhri-themes"), ("sdg_goals", "sdg-goals"))
STATUS_BADGES = {
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
# parameter → (request field, offer field); None: the offers have no such thing
INDEX_FILTERS = {
    "country": ("state__iso3", "countries__iso3"),
    "theme": ("themes__slug", "themes__slug"),
    "sdg": ("sdg_goals__number", "sdg_goals__number"),
    "status": ("status", None),
}
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
    size = listing.page_size(params)
    page = listing.paginate(rows, size, params.get("page"))
    return render(
        request,
        "matching/index.html",
        {
            "page": page,
            "cards": _index_cards(sides, list(page)),
            "facets": facets,
            "chips": listing.chips(params, facets),
            "clear_url": listing.clear_all(params, facets),
            "sort_options": list(INDEX_SORTS.items()),
            "sort": sort,
            "per_page": size,
            "page_sizes": listing.PAGE_SIZES,
            "query": listing.query_without_page(params),
        },
    )


def _index_sides(user: object, params: QueryDict) -> dict[str, QuerySet]:
    """Both querysets, every filter but the type applied."""
    sides = {
        "request": AssistanceRequest.objects.visible_to(user),
        "offer": Offer.objects.visible_to(user).filter(active=True),
    }
    for param, fields in INDEX_FILTERS.items():
        chosen = listing.values(params, param)
        if param == "sdg":  # numbers a database integer can hold, or nothing
            chosen = [int(v) for v in chosen if v.isdigit() and len(v) <= 2] or (
                [0] if chosen else []
            )
        if not chosen:
            continue
        for (kind, qs), field in zip(list(sides.items()), fields, strict=True):
            sides[kind] = (
                qs.filter(**{f"{field}__in": chosen}).distinct() if field else qs.none()
            )
    return sides


def _index_facets(
    sides: dict[str, QuerySet], kinds: list[str], params: QueryDict
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
    for param, fields in INDEX_FILTERS.items():
        counts: dict[str, int] = {}
        for kind, field in zip(sides, fields, strict=True):
            if field and kind in kinds:
                for value, n in listing.count_by(sides[kind], field):
                    counts[value] = counts.get(value, 0) + n
        top = listing.top(counts)
        picked = listing.values(params, param)
        lookup = [v for v in picked if param != "sdg" or len(v) <= 3]
        named = (
            {v: str(RequestStatus(v).label) for v in RequestStatus.values}
            if param == "status"
            else labels.names(param, [v for v, _n in top] + lookup)
        )
        facets.append(listing.facet(param, INDEX_TITLES[param], top, picked, named))
    return listing.arrange(facets)


def _index_cards(sides: dict[str, QuerySet], rows: list) -> list[listing.Card]:
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


def _reading(obj: AssistanceRequest | Offer) -> dict:
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


def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = get_object_or_404(
        AssistanceRequest.objects.visible_to(request.user).select_related("state"),
        pk=pk,
    )
    user = request.user
    matches = list(
        Match.objects.visible_to(user)
        .filter(request=req)
        .select_related("offer__organization")
        .order_by("-score")
    )
    return render(
        request,
        "matching/request.html",
        {
            **_reading(req),
            "req": req,
            "recommendations": related.linked_recommendations(req),
            "status_badge": STATUS_BADGES.get(req.status, ""),
            "matches": _matches(matches),
            "is_state": user.is_authenticated
            and user.focal_point_countries().filter(pk=req.state_id).exists(),
            "moves": [
                (s, RequestStatus(s).label)
                for s in services.REQUEST_MOVES.get(req.status, ())
            ],
            "providers": suggestions.for_request(req)
            if not any(m.score >= 0.5 for m in matches)
            else [],
        },
    )


def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(
        Offer.objects.visible_to(request.user).select_related("organization"), pk=pk
    )
    user = request.user
    matches = list(
        Match.objects.visible_to(user)
        .filter(offer=offer)
        .select_related("request__state")
        .order_by("-score")
    )
    return render(
        request,
        "matching/offer.html",
        {
            **_reading(offer),
            "offer": offer,
            "regions": Region.objects.filter(m49__in=offer.regions),
            "matches": _matches(matches),
            "is_provider": user.is_authenticated
            and user.approved_memberships()
            .filter(organization=offer.organization_id)
            .exists(),
        },
    )


@login_required
def request_create(request: HttpRequest) -> HttpResponse:
    state = request.user.focal_point_countries().first()
    if state is None:
        return render(request, "activities/no_membership.html", status=403)
    data = posted(request)
    if data is not None and "suggest" in data:
        data = with_suggestions(data, ("need",), GOAL_FIELDS, request)
    form = RequestForm(data, state=state)
    if request.method == "POST" and "suggest" not in request.POST and form.is_valid():
        values, m2m = form.split(("recommendations", "themes", "sdg_goals"))
        try:
            req = services.create_request(request.user, values, m2m)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("matching-request", req.pk)
    return render(request, "matching/form.html", {"form": form, "kind": "request"})


@login_required
def offer_create(request: HttpRequest) -> HttpResponse:
    orgs = [
        m.organization
        for m in request.user.approved_memberships().select_related("organization")
    ]
    if not orgs:
        return render(request, "activities/no_membership.html", status=403)
    data = posted(request)
    if data is not None and "suggest" in data:
        data = with_suggestions(data, ("expertise",), GOAL_FIELDS, request)
    form = OfferForm(data, orgs=orgs)
    if request.method == "POST" and "suggest" not in request.POST and form.is_valid():
        values, m2m = form.split(("countries", "themes", "sdg_goals"))
        org = values.pop("organization")
        values["regions"] = [r.m49 for r in values["regions"]]
        try:
            offer = services.create_offer(request.user, org, values, m2m)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("matching-offer", offer.pk)
    return render(request, "matching/form.html", {"form": form, "kind": "offer"})


@login_required
@require_POST
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    match = get_object_or_404(Match.objects.visible_to(request.user), pk=pk)
    try:
        services.respond_to_match(
            request.user,
            match,
            request.POST.get("decision", ""),
            request.POST.get("reason", ""),
        )
        messages.success(request, _("Recorded."))
    except DomainError as exc:
        messages.error(request, exc.message)
    target = request.POST.get("back") or "request"
    if target == "offer":
        return redirect("matching-offer", match.offer_id)
    return redirect("matching-request", match.request_id)


@login_required
def plan_view(request: HttpRequest) -> HttpResponse:
    if not request.user.is_moderator:
        return render(request, "activities/no_membership.html", status=403)
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
def request_status(request: HttpRequest, pk: int) -> HttpResponse:
    req = get_object_or_404(AssistanceRequest.objects.visible_to(request.user), pk=pk)
    try:
        services.set_request_status(request.user, req, request.POST.get("status", ""))
        messages.success(request, _("Recorded."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("matching-request", pk)


@login_required
@require_POST
def offer_active(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer.objects.visible_to(request.user), pk=pk)
    try:
        services.set_offer_active(
            request.user, offer, request.POST.get("active") == "1"
        )
        messages.success(request, _("Recorded."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("matching-offer", pk)
