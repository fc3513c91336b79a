from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Case, Q, QuerySet, When
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from uprtc.activities import coherence
from uprtc.activities.choices import (
    CooperationType,
    FundingSource,
    ImplementationStatus,
    Modality,
)
from uprtc.activities.models import Activity
from uprtc.activities.services import SCALARS, ActivityData
from uprtc.actors.models import Organization
from uprtc.core import integers, uploads
from uprtc.core.i18n import localized_field
from uprtc.core.widgets import Picker
from uprtc.countries.models import Country
from uprtc.recommendations.models import Recommendation
from uprtc.taxonomies.models import SdgTarget, Theme

UN_LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("zh", _("Chinese")),
    ("ru", _("Russian")),
]
BLANK = [("", "—")]


def by_region(country: Country) -> str:
    """States grouped by M49 region, for the long pickers."""
    return country.region.name if country.region else _("Other")


class NamedChoiceField(integers.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(getattr(obj, "name", obj))


class RecommendationChoiceField(integers.ModelMultipleChoiceField):
    """Recommendations as checkboxes; those the linking service suggested
    (``suggested``: id → Link) come first, saying so and why."""

    suggested: dict[int, Any] = {}

    def label_from_instance(self, obj: Recommendation) -> str:
        ref = (
            f"{obj.state_under_review.iso3} {obj.paragraph or ''} ("
            + str(obj.cycle)
            + ")"
        )
        label = f"{ref} {obj.text[:160]}"
        link = self.suggested.get(obj.pk)
        if link is None:
            return label
        if not link.partial:
            return _("Suggested: %(label)s") % {"label": label}
        return _("Suggested: %(label)s — closest to “%(passage)s”") % {
            "label": label,
            "passage": Truncator(link.sentence).words(14),
        }


def suggested_first(
    qs: QuerySet[Recommendation], links: list[Any]
) -> QuerySet[Recommendation]:
    """The linking service's suggestions first, in its order, then the rest."""
    if not links:
        return qs.order_by("-cycle", "pk")
    rank = Case(
        *[When(pk=x.recommendation_id, then=i) for i, x in enumerate(links)],
        default=len(links),
    )
    return qs.order_by(rank, "-cycle", "pk")


class TargetChoiceField(integers.ModelMultipleChoiceField):
    def label_from_instance(self, obj: SdgTarget) -> str:
        return f"{obj.code} {obj.title[:90]}"


class ActivityForm(forms.Form):
    organization = integers.ModelChoiceField(
        label=_("Submitting organization"), queryset=Organization.objects.none()
    )
    title = forms.CharField(label=_("Title"), max_length=500)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea)
    language = forms.ChoiceField(
        label=_("Language of title and description"), choices=UN_LANGUAGES, initial="en"
    )
    concerned_states = NamedChoiceField(
        label=_("Concerned States"),
        queryset=Country.objects.none(),
        to_field_name="iso3",
        help_text=_("Each of them must consent before the activity is published."),
        widget=Picker(group_by=by_region),
    )
    recommendations = RecommendationChoiceField(
        label=_("UPR recommendations it helps implement"),
        required=False,
        help_text=_(
            "The accepted recommendations of the concerned States closest to the "
            "title and description are suggested here; use the finder for others."
        ),
        queryset=Recommendation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    find_state = integers.ModelChoiceField(
        label=_("Find recommendations to"),
        queryset=Country.objects.none(),
        to_field_name="iso3",
        required=False,
    )
    find_text = forms.CharField(label=_("containing the words"), required=False)
    themes = NamedChoiceField(
        label=_("Human rights themes"),
        required=False,
        queryset=Theme.objects.none(),
        to_field_name="slug",
        widget=Picker(group_by=lambda theme: theme.group_name),
    )
    sdg_targets = TargetChoiceField(
        label=_("SDG targets"),
        required=False,
        queryset=SdgTarget.objects.none(),
        to_field_name="code",
        widget=Picker(group_by=lambda target: str(target.goal)),
    )
    modality = forms.ChoiceField(
        label=_("Modality"), required=False, choices=BLANK + list(Modality.choices)
    )
    cooperation_type = forms.ChoiceField(
        label=_("Cooperation type"),
        required=False,
        choices=BLANK + list(CooperationType.choices),
    )
    implementation_status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=BLANK + list(ImplementationStatus.choices),
    )
    start_date = forms.DateField(
        label=_("Start date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end_date = forms.DateField(
        label=_("End date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    budget = forms.DecimalField(
        label=_("Budget"), required=False, min_value=0, max_digits=16, decimal_places=2
    )
    currency = forms.CharField(
        label=_("Currency (ISO 4217, e.g. USD)"), required=False, max_length=3
    )
    funding_source = forms.ChoiceField(
        label=_("Funding source"),
        required=False,
        choices=BLANK + list(FundingSource.choices),
    )
    results = forms.CharField(label=_("Results"), required=False, widget=forms.Textarea)
    lessons = forms.CharField(
        label=_("Lessons learned"), required=False, widget=forms.Textarea
    )
    good_practice = forms.BooleanField(
        label=_("A good practice to share"), required=False
    )
    links = forms.CharField(
        label=_("Links (one address per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        required=False,
        choices=UN_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    confidential = forms.BooleanField(
        label=_("Confidential: visible to moderators only, never published"),
        required=False,
    )
    contact_name = forms.CharField(
        label=_("Contact person (never public)"), required=False, max_length=200
    )
    contact_email = forms.EmailField(
        label=_("Contact e-mail (never public)"), required=False
    )

    def __init__(self, *args: Any, orgs: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        states = Country.objects.states().order_by(localized_field("name"))
        f = self.fields
        f["organization"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            pk__in=[o.pk for o in orgs]
        )
        f["concerned_states"].queryset = states.select_related("region")  # type: ignore[attr-defined]
        f["find_state"].queryset = states  # type: ignore[attr-defined]
        f["themes"].queryset = Theme.objects.order_by(localized_field("name"))  # type: ignore[attr-defined]
        f["sdg_targets"].queryset = SdgTarget.objects.select_related("goal")  # type: ignore[attr-defined]
        f["recommendations"].queryset = self._recommendation_choices()  # type: ignore[attr-defined]
        if len(orgs) == 1:
            f["organization"].initial = orgs[0].pk

    def _recommendation_choices(self) -> QuerySet[Recommendation]:
        """The chosen ones plus the results of the finder, so picking works
        without JavaScript: the finder re-displays the form with more choices."""
        data = self.data if self.is_bound else {}
        chosen = data.getlist("recommendations") if hasattr(data, "getlist") else []
        chosen += [str(pk) for pk in self.initial.get("recommendations", [])]
        query = Q(pk__in=[c for c in chosen if str(c).isdigit()])
        query |= Q(pk__in=self._suggestions(data))
        state, text = data.get("find_state"), (data.get("find_text") or "").strip()
        self.found: int | None = None  # what the finder found, when it ran
        if state or text:
            found = Recommendation.objects.all()
            if state:
                found = found.filter(state_under_review__iso3=state)
            for word in text.split()[:6]:
                found = found.filter(text__icontains=word)
            ids = list(found.order_by("-cycle", "pk").values_list("pk", flat=True)[:40])
            self.found = len(ids)
            query |= Q(pk__in=ids)
        field = self.fields["recommendations"]
        field.suggested = {x.recommendation_id: x for x in self.links}  # type: ignore[attr-defined]
        return suggested_first(
            Recommendation.objects.filter(query).select_related("state_under_review"),
            self.links,
        )

    def _suggestions(self, data: Any) -> list[int]:
        """The accepted recommendations of the concerned States that the title
        and description most likely address (the linking service)."""
        from uprtc.linking.services import link_recommendations

        if hasattr(data, "getlist") and data.get("title"):
            text = f"{data.get('title', '')}\n{data.get('description', '')}"
            states = data.getlist("concerned_states")
        else:
            initial = self.initial
            text = f"{initial.get('title', '')}\n{initial.get('description', '')}"
            states = list(self.initial.get("concerned_states", []))
        self.links = (
            link_recommendations(text, states=states) if text.strip() and states else []
        )
        self.suggested = [x.recommendation_id for x in self.links]
        return self.suggested

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        recommendations = cleaned.get("recommendations") or []
        states = cleaned.get("concerned_states")
        if states is not None:
            for rec in coherence.addressed_elsewhere(recommendations, states):
                self.add_error("recommendations", coherence.problem(rec))
        return cleaned

    def clean_links(self) -> list[str]:
        links = [
            line.strip()
            for line in self.cleaned_data["links"].splitlines()
            if line.strip()
        ]
        validator = forms.URLField(assume_scheme="https")
        # stored as cleaned: "example.org" becomes "https://example.org"
        return [validator.clean(link) for link in links]

    def to_data(self) -> ActivityData:
        d = self.cleaned_data
        # the form edits every scalar of the model except the IATI identifier
        scalars = {k: d[k] for k in SCALARS if k in self.fields}
        scalars["currency"] = d["currency"].upper()
        targets = list(d["sdg_targets"])
        return ActivityData(
            title=d["title"],
            description=d["description"],
            concerned_states=list(d["concerned_states"]),
            scalars=scalars,
            m2m={
                "recommendations": list(d["recommendations"]),
                "themes": list(d["themes"]),
                "sdg_targets": targets,
                "sdg_goals": sorted({t.goal for t in targets}, key=lambda g: g.number),
            },
        )


def initial_from(activity: Activity) -> dict[str, Any]:
    """The form filled with the activity, or with the change to it that
    awaits review, so that its author goes on from there."""
    from uprtc.activities.content import (
        completed,
        data_from_json,
        data_of,
        data_to_json,
    )
    from uprtc.activities.revisions import pending_revision

    data = data_of(activity)
    if (revision := pending_revision(activity)) is not None:
        data = data_from_json(completed(data_to_json(data), revision.data))
    fields = [f for f in SCALARS if f in ActivityForm.base_fields]
    initial: dict[str, Any] = {f: data.scalars.get(f) for f in fields}
    m2m = data.m2m
    initial.update(
        title=data.title,
        description=data.description,
        organization=activity.submitter_org_id,
        links="\n".join(data.scalars.get("links") or []),
        concerned_states=[c.iso3 for c in data.concerned_states],
        recommendations=list(m2m.get("recommendations", [])),
        themes=list(
            Theme.objects.filter(pk__in=m2m.get("themes", [])).values_list(
                "slug", flat=True
            )
        ),
        sdg_targets=list(
            SdgTarget.objects.filter(pk__in=m2m.get("sdg_targets", [])).values_list(
                "code", flat=True
            )
        ),
    )
    return initial


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        # nothing preselected: the moderator decides
        choices=[
            ("", _("Choose…")),
            ("approve", _("Approve")),
            ("return", _("Return with comments")),
            ("reject", _("Reject")),
        ],
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea)


class ConsentForm(forms.Form):
    state = forms.CharField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("grant", _("Grant consent")),
            ("refuse", _("Refuse consent")),
            ("withdraw", _("Withdraw consent")),
        ],
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.FileField(
        label=_("Evidence (moderators: the official communication)"), required=False
    )
    evidence_note = forms.CharField(
        label=_("Reference of the communication"), required=False, max_length=300
    )

    def clean_evidence(self) -> Any:
        evidence = self.cleaned_data["evidence"]
        if evidence:
            try:
                uploads.check_evidence(evidence)
            except uploads.UploadRejected as exc:
                raise uploads.form_error(exc) from exc
            evidence.seek(0)
        return evidence


class MergeForm(forms.Form):
    duplicate = forms.IntegerField(
        label=_("Number of the duplicate to merge into this one")
    )
