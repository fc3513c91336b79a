"""The moderator's screen to review suggested labels of recommendations in bulk."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from uprtc.classification import services
from uprtc.core.permissions import moderator_required
from uprtc.countries.models import Country
from uprtc.recommendations.models import Recommendation

TAXONOMIES = {"uhri-themes": "themes", "sdg-goals": "sdg_goals"}
BATCH = 20


@moderator_required
def review(request: HttpRequest) -> HttpResponse:
    taxonomy = request.GET.get("taxonomy", "uhri-themes")
    if taxonomy not in TAXONOMIES:
        taxonomy = "uhri-themes"
    state = Country.objects.filter(iso3=request.GET.get("state", "")).first()
    if request.method == "POST":
        done = 0
        for rec in Recommendation.objects.filter(pk__in=request.POST.getlist("rec")):
            services.review_suggestions(
                request.user,
                rec,
                taxonomy,
                request.POST.getlist(f"suggested-{rec.pk}"),
                request.POST.getlist(f"accepted-{rec.pk}"),
            )
            done += 1
        messages.success(request, _("%(n)s recommendations reviewed.") % {"n": done})
        return redirect(request.get_full_path())
    recs = Recommendation.objects.select_related("state_under_review")
    if state:
        recs = recs.filter(state_under_review=state)
    recs = list(recs.filter(**{f"{TAXONOMIES[taxonomy]}__isnull": True})[:BATCH])
    rows = []
    if recs:
        labels, values = services.scores(taxonomy, [r.text for r in recs])
        names = services.label_names(taxonomy)
        for rec, ranked in zip(
            recs, services.engine.top(labels, values, 5), strict=True
        ):
            rows.append(
                {
                    "rec": rec,
                    "suggestions": [
                        {
                            "label": label,
                            "name": names.get(label, label),
                            "confidence": conf,
                            "checked": conf >= services.THRESHOLD,
                        }
                        for label, conf in ranked
                    ],
                }
            )
    return render(
        request,
        "classification/review.html",
        {
            "rows": rows,
            "taxonomy": taxonomy,
            "state": state,
            "states": Country.objects.states().order_by("name_en"),
            "taxonomies": list(TAXONOMIES),
        },
    )
