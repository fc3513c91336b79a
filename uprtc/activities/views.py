from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from uprtc.activities import (
    bulk,
    coherence,
    permissions,
    related,
    revisions,
    services,
    statistics,
)
from uprtc.activities.choices import Review
from uprtc.activities.duplicates import likely_duplicates
from uprtc.activities.filters import ActivityFilter
from uprtc.activities.forms import (
    ActivityForm,
    ConsentForm,
    MergeForm,
    ReviewForm,
    initial_from,
)
from uprtc.activities.models import FILTERS, Activity
from uprtc.actors.signed_in import SignedInRequest
from uprtc.classification.services import label_names, suggest
from uprtc.core import listing, uploads
from uprtc.core.errors import DomainError
from uprtc.core.filtering import faceted
from uprtc.core.http import helping, posted
from uprtc.core.permissions import Refused
from uprtc.search import labels

# confidence from which a suggested label is ticked: zero-shot confidences of
# the 169 targets run lower than those of the 104 themes
SUGGESTED = {"uhri-themes": 0.5, "sdg-targets": 0.3, "sdg-goals": 0.5}
MEMBERS_ONLY = gettext_lazy(
    "Only approved members of an organization submit or edit its activities. "
    "Ask your organization's administrator, or a moderator, to approve your "
    "membership."
)


LIST_SORTS = {
    "newest": (gettext_lazy("Newest first"), ("-published_at", "-pk")),
    "title": (gettext_lazy("Title (A–Z)"), ("title", "pk")),
    "start": (
        gettext_lazy("Start date, latest first"),
        (F("start_date").desc(nulls_last=True), "-pk"),
    ),
}


def activity_list(request: HttpRequest) -> HttpResponse:
    params = request.GET
    form = ActivityFilter(params or None)
    qs = form.apply(Activity.objects.public()) if params else Activity.objects.public()
    facets = activity_facets(form, qs, params)
    sort = listing.sort_key(params, list(LIST_SORTS), "newest")
    page = listing.page_of(
        qs.order_by(*LIST_SORTS[sort][1])
        .distinct()
        .prefetch_related(*listing.PREFETCH["activity"]),
        params,
    )
    options = [(k, label) for k, (label, _o) in LIST_SORTS.items()]
    return render(
        request,
        "activities/list.html",
        {
            "form": form,
            "page": page,
            "cards": [listing.activity_card(a) for a in page],
            **listing.controls(params, facets, sort, options),
        },
    )


# parameter → breakdown of the public statistics; the labels' facet is the
# filter table's (``FILTERS``)
LIST_FACETS = {
    "country": "by_state",
    "theme": "by_theme",
    "sdg": "by_sdg_goal",
    "modality": "by_modality",
    "cooperation_type": "by_cooperation_type",
    "funding_source": "by_funding_source",
    "status": "by_implementation_status",
}


def activity_facets(
    form: ActivityFilter, qs: QuerySet[Activity], params: QueryDict
) -> list[listing.Facet]:
    """Counted by the statistics' breakdowns over the filtered public
    activities: a facet never counts what the public may not see."""
    counts = statistics.breakdowns(qs, list(LIST_FACETS.values()))
    facets = []
    for param, breakdown in LIST_FACETS.items():
        name = faceted(FILTERS, param).facet
        top = listing.top(counts[breakdown])
        chosen = listing.values(params, param)
        lookup = [v for v in chosen if name != "sdg" or len(v) <= 3]
        named = labels.names(name, [v for v, _n in top] + lookup)
        title = form.fields[param].label
        facets.append(listing.facet(param, title, top, chosen, named))
    good = qs.filter(good_practice=True).count()
    chosen = (
        ["1"]
        if form.is_bound and form.is_valid() and form.cleaned_data["good_practice"]
        else []
    )
    facets.append(
        listing.facet(
            "good_practice",
            gettext_lazy("Good practice"),
            [("1", good)] if good else [],
            chosen,
            {"1": str(form.fields["good_practice"].label)},
            boolean=True,
        )
    )
    return listing.arrange(facets)


def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = permissions.get_activity_for_user(request.user, pk)
    user = request.user
    # insiders: the submitting organization and the moderators. Only they see
    # who submitted, how to reach them, the review notes and possible duplicates
    # (contact details of people who cooperate with the UN are never shown to
    # anyone else, not even to the State concerned).
    insider = permissions.can_edit(user, activity)
    moderator = getattr(user, "is_moderator", False)
    my_states = (
        set(user.focal_point_countries().values_list("iso3", flat=True))
        if user.is_authenticated
        else set()
    )
    consents = list(activity.consents.select_related("country"))
    # the States whose consent this person may record here (their own, or any
    # for a moderator holding the evidence)
    decidable = (
        [c for c in consents if moderator or c.country.iso3 in my_states]
        if activity.review == Review.APPROVED and not activity.confidential
        else []
    )
    context = {
        "activity": activity,
        "is_public": Activity.objects.public().filter(pk=pk).exists(),
        "stage_label": activity.get_stage_display_for(user),
        "can_edit": insider,
        "insider": insider,
        "is_moderator": moderator,
        "participants": activity.participants.select_related("organization"),
        "consents": consents,
        "decidable": decidable,
        "has_actions": insider or moderator or bool(decidable),
        "consent_form": ConsentForm(),
        "consent_states": my_states,
        "stage_badge": related.stage_badge(activity.stage_for(user)),
        "status_badge": related.status_badge(activity.implementation_status),
        "recommendations": related.linked_recommendations(activity),
        "themes": activity.themes.all(),
        "sdg_goals": activity.sdg_goals.all(),
        "related": related.related_activities(activity),
    }
    if insider:
        visible = Activity.objects.visible_to(user)
        context["duplicates"] = (
            [
                (d, score)
                for d, score in likely_duplicates(activity)
                if moderator or visible.filter(pk=d.pk).exists()
            ]
            if activity.embedding
            else []
        )
        context["suggested_links"] = related.suggested_recommendations(activity)
        context["addressed_elsewhere"] = coherence.addressed_elsewhere(
            activity.recommendations.select_related("state_under_review"),
            [c.country for c in activity.consents.select_related("country")],
        )
    if insider or moderator:
        revision = revisions.pending_revision(activity)
        if revision is not None:
            context.update(
                revision=revision,
                revision_changes=revisions.described_changes(revision),
            )
    if moderator:
        context.update(
            review_form=ReviewForm(),
            merge_form=MergeForm(),
            versions=activity.versions.all()[:20],
        )
    return render(request, "activities/detail.html", context)


def _save(
    request: HttpRequest, form: ActivityForm, activity: Activity | None
) -> HttpResponse | None:
    """Save (and maybe submit); None when the form must be shown again."""
    if "find" in request.POST or "suggest" in request.POST or not form.is_valid():
        return None
    try:
        data = form.to_data()
        if activity is None:
            activity = services.create_activity(
                request.user, form.cleaned_data["organization"], data
            )
        else:
            activity = services.update_activity(request.user, activity, data)
            if revisions.pending_revision(activity) and not request.user.is_moderator:
                messages.success(
                    request,
                    _(
                        "Your change was sent to the moderators. Until they approve "
                        "it, the public keeps seeing the approved version."
                    ),
                )
                return redirect("activities-detail", activity.pk)
        if "submit" in request.POST:
            services.submit_activity(request.user, activity)
            messages.success(request, _("Submitted. The moderators will review it."))
        else:
            messages.success(request, _("Saved."))
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None
    return redirect("activities-detail", activity.pk)


def with_suggestions(
    data: QueryDict,
    text_fields: tuple[str, ...] = ("title", "description"),
    fields: tuple[tuple[str, str], ...] = (
        ("themes", "uhri-themes"),
        ("sdg_targets", "sdg-targets"),
    ),
    request: HttpRequest | None = None,
) -> QueryDict:
    """The submitted form with suggested labels ticked where the person ticked
    none: shown to be confirmed, never saved without them."""
    data = data.copy()
    text = "\n".join(data.get(f, "") for f in text_fields).strip()
    if not text:
        return data
    said = []
    for field, taxonomy in fields:
        if not data.getlist(field):
            chosen = [
                label
                for label, conf in suggest(taxonomy, text, 3)
                if conf >= SUGGESTED[taxonomy]
            ]
            data.setlist(field, chosen)
            names = label_names(taxonomy)
            said += [names.get(label, label) for label in chosen]
    if request is not None:
        # said at the top: the ticks themselves are inside folded lists
        if said:
            messages.info(
                request,
                _("Ticked from the text, to check before saving: %(labels)s.")
                % {"labels": "; ".join(said)},
            )
        else:
            messages.info(request, _("The text suggests no theme with confidence."))
    return data


@login_required
def activity_create(request: SignedInRequest) -> HttpResponse:
    orgs = permissions.submitting_orgs(request.user)
    if not orgs:
        raise Refused(MEMBERS_ONLY)
    data = posted(request)
    if data is not None and "suggest" in data:
        data = with_suggestions(data, request=request)
    form = ActivityForm(data, orgs=orgs)
    if request.method == "POST" and (response := _save(request, form, None)):
        return response
    return render(
        request,
        "activities/form.html",
        {"form": helping(request, form), "activity": None},
    )


@login_required
def activity_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    activity = permissions.get_activity_for_user(request.user, pk)
    if not permissions.can_edit(request.user, activity):
        raise Refused(MEMBERS_ONLY)
    orgs = [activity.submitter_org] if activity.submitter_org else []
    data = posted(request)
    if data is not None and "suggest" in data:
        data = with_suggestions(data, request=request)
    form = ActivityForm(data, orgs=orgs, initial=initial_from(activity))
    if request.method == "POST" and (response := _save(request, form, activity)):
        return response
    return render(
        request,
        "activities/form.html",
        {"form": helping(request, form), "activity": activity},
    )


@login_required
def bulk_upload(request: SignedInRequest) -> HttpResponse:
    orgs = permissions.submitting_orgs(request.user)
    if not orgs:
        raise Refused(MEMBERS_ONLY)
    if request.method == "POST" and "upload" in request.POST:
        return _bulk_choice(request, orgs)
    form = bulk.UploadForm(posted(request), request.FILES or None, orgs=orgs)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid():
        org = form.cleaned_data["organization"]
        upload = form.cleaned_data["file"]
        checked = uploads.check_table(upload)
        report = bulk.import_data(
            request.user, org, checked.data, checked.extension, upload.name
        )
        context["report"] = report
        if report.pending:
            token = bulk.stash(
                request.user, org, checked.data, checked.extension, upload.name
            )
            context["choice"] = bulk.LookalikeChoiceForm(initial={"upload": token})
    return render(request, "activities/upload.html", context)


def _bulk_choice(request: HttpRequest, orgs: list) -> HttpResponse:
    choice = bulk.LookalikeChoiceForm(request.POST)
    form = bulk.UploadForm(orgs=orgs)
    if not choice.is_valid():
        # the stash stays: the person picks an answer and sends again
        stashed = bulk.peek(request.user, request.POST.get("upload", ""))
        context = {"form": form, "choice": choice}
        if stashed is not None:
            context["report"] = bulk.preview(
                request.user, stashed["data"], stashed["extension"]
            )
        return render(request, "activities/upload.html", context, status=400)
    stashed = bulk.unstash(request.user, choice.cleaned_data["upload"])
    if stashed is None or stashed["org"].pk not in {o.pk for o in orgs}:
        messages.error(
            request,
            _("That upload has expired or is not yours: upload the file again."),
        )
        return redirect("activities-upload")
    report = bulk.import_data(
        request.user,
        stashed["org"],
        stashed["data"],
        stashed["extension"],
        stashed["name"],
        choice.cleaned_data["lookalikes"],
    )
    return render(request, "activities/upload.html", {"form": form, "report": report})


def bulk_template(request: HttpRequest, fmt: str) -> HttpResponse:
    return bulk.template_response(fmt)
