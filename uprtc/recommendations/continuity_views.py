"""Pages of continuity across cycles: the review of proposed links (for
moderators and the State's focal points) and the link of a suggested
activity. The lineage itself is shown on the recommendation's page."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from uprtc.activities.models import Activity
from uprtc.actors.signed_in import SignedInRequest
from uprtc.core.errors import DomainError
from uprtc.countries.models import Country
from uprtc.recommendations import continuity
from uprtc.recommendations.models import (
    ContinuityLink,
    ContinuityStatus,
    Recommendation,
)
from uprtc.taxonomies.models import Theme

SHOWN = {
    "proposed": [ContinuityStatus.PROPOSED],
    "decided": [ContinuityStatus.CONFIRMED, ContinuityStatus.REJECTED],
}


@login_required
def review_index(request: SignedInRequest) -> HttpResponse:
    """The States whose links this person decides, with what waits."""
    states = continuity.decidable_states(request.user)
    if not states.exists() and not request.user.is_moderator:
        raise Http404
    rows = [
        (
            state,
            ContinuityLink.objects.filter(
                later__state_under_review=state, status=ContinuityStatus.PROPOSED
            ).count(),
        )
        for state in states.order_by("name_en")
    ]
    return render(request, "recommendations/continuity_index.html", {"rows": rows})


@login_required
def review(request: SignedInRequest, iso3: str) -> HttpResponse:
    country = get_object_or_404(Country, iso3=iso3.upper())
    if not continuity.can_decide(request.user, country):
        raise Http404  # another State's review does not exist for them
    if request.method == "POST":
        return _decide(request, country)
    shown = request.GET.get("show", "proposed")
    statuses = SHOWN.get(shown, SHOWN["proposed"])
    links = (
        ContinuityLink.objects.filter(
            later__state_under_review=country, status__in=statuses
        )
        .select_related("later", "earlier", "decided_by")
        .order_by("-later__cycle", "later__paragraph", "later_id", "-score")
    )
    groups: dict[Recommendation, list[ContinuityLink]] = defaultdict(list)
    names = {t.slug: t.name for t in Theme.objects.all()}
    for link in links:
        link.reason_texts = [
            continuity.reason_text(r, names) for r in link.reasons if r.get("code")
        ]
        groups[link.later].append(link)
    return render(
        request,
        "recommendations/continuity_review.html",
        {
            "country": country,
            "groups": list(groups.items()),
            "shown": shown if shown in SHOWN else "proposed",
            "count": len(links),
        },
    )


def _decide(request: SignedInRequest, country: Country) -> HttpResponse:
    decision = request.POST.get("decision", "")
    ids = [int(v) for v in request.POST.getlist("link") if v.isdigit()]
    try:
        links = continuity.decide_links(request.user, ids, decision)
    except DomainError as exc:  # NotAllowed too: a State changed hands meanwhile
        messages.error(request, exc.message)
    else:
        text = (
            ngettext("%(n)s link confirmed.", "%(n)s links confirmed.", len(links))
            if decision == "confirm"
            else ngettext("%(n)s link rejected.", "%(n)s links rejected.", len(links))
        )
        messages.success(request, text % {"n": len(links)})
    return redirect("recommendations-continuity", iso3=country.iso3)


@login_required
@require_POST
def link_suggested(request: SignedInRequest, pk: int, activity_pk: int) -> HttpResponse:
    rec = get_object_or_404(Recommendation, pk=pk)
    activity = get_object_or_404(Activity.objects.public(), pk=activity_pk)
    try:
        continuity.link_suggested_activity(request.user, rec, activity)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _message_after_link(request.user, activity))
    return redirect("recommendations-detail", pk=rec.pk)


def _message_after_link(user: Any, activity: Activity) -> str:
    # a contributor's change to an approved activity waits for a moderator
    if user.is_moderator:
        return _("The activity now supports this recommendation.")
    return _(
        "Your change was sent to the moderators: the activity will support this "
        "recommendation once they approve it."
    )
