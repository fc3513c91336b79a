from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, ClassVar, TypeVar

from django import forms
from django.db import models
from django.db.models import Case, Q, QuerySet, When
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from uprtc.activities import coherence, fields
from uprtc.activities.content import (
    completed,
    data_from_json,
    data_of,
    data_to_json,
)
from uprtc.activities.data import ActivityData
from uprtc.activities.models import Activity
from uprtc.activities.revisions import pending_revision
from uprtc.actors.models import Organization
from uprtc.core import integers, uploads
from uprtc.core.formlayout import Sectioned
from uprtc.core.i18n import UN_LANGUAGES, localized_field
from uprtc.core.widgets import Picker
from uprtc.countries.models import Country
from uprtc.linking.services import link_recommendations
from uprtc.recommendations.models import Recommendation
from uprtc.taxonomies.models import SdgTarget, Theme

BLANK = [("", "—")]
F = TypeVar("F", bound=forms.Form)


def by_region(country: Country) -> str:
    """States grouped by M49 region, for the long pickers."""
    return country.region.name if country.region else str(_("Other"))


def offer_organizations(form: forms.Form, orgs: list[Organization]) -> None:
    """The form's ``organization`` offers ``orgs``, preselected when only one."""
    field: Any = form.fields["organization"]
    field.queryset = Organization.objects.filter(pk__in=[o.pk for o in orgs])
    if len(orgs) == 1:
        field.initial = orgs[0].pk


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
        # cut between words: a cut word ("Increase efforts t") reads as an error
        label = f"{ref} {Truncator(obj.text).words(30)}"
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


# The form's inputs that are not the one their model column calls for.
SPECIAL_INPUTS: dict[str, Callable[..., forms.Field]] = {
    # always given in the form, English preselected; a file may leave it out
    "language": lambda **given: forms.ChoiceField(
        choices=UN_LANGUAGES, initial="en", **{**given, "required": True}
    ),
    "concerned_states": lambda **given: NamedChoiceField(
        queryset=Country.objects.none(),
        to_field_name="iso3",
        widget=Picker(group_by=by_region),
        **given,
    ),
    "recommendations": lambda **given: RecommendationChoiceField(
        queryset=Recommendation.objects.none(),
        **{"widget": forms.CheckboxSelectMultiple, **given},
    ),
    "themes": lambda **given: NamedChoiceField(
        queryset=Theme.objects.none(),
        to_field_name="slug",
        widget=Picker(group_by=lambda theme: theme.group_name),
        **given,
    ),
    "sdg_targets": lambda **given: TargetChoiceField(
        queryset=SdgTarget.objects.none(),
        to_field_name="code",
        widget=Picker(group_by=lambda target: str(target.goal)),
        **given,
    ),
    "links": partial(forms.CharField, widget=forms.Textarea(attrs={"rows": 3})),
    "languages": partial(
        forms.MultipleChoiceField,
        choices=UN_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    ),
}


def form_input(field: fields.Field) -> forms.Field:
    """The input of a declared field, labelled as the declaration says."""
    given: dict[str, Any] = {
        "label": field.label,
        "help_text": field.help,
        "required": field.required,
    }
    if field.name in SPECIAL_INPUTS:
        return SPECIAL_INPUTS[field.name](**given)
    column: Any = Activity._meta.get_field(field.name)
    if column.choices:
        return forms.ChoiceField(choices=BLANK + list(column.choices), **given)
    if isinstance(column, models.DateField):
        date = forms.DateInput(attrs={"type": "date"})
        return forms.DateField(widget=date, **given)
    if isinstance(column, models.DecimalField):
        return forms.DecimalField(
            min_value=0,
            max_digits=column.max_digits,
            decimal_places=column.decimal_places,
            **given,
        )
    if isinstance(column, models.BooleanField):
        return forms.BooleanField(**given)
    if isinstance(column, models.EmailField):
        return forms.EmailField(**given)
    if isinstance(column, models.TextField):
        return forms.CharField(widget=forms.Textarea, **given)
    return forms.CharField(max_length=column.max_length, **given)


def with_declared_fields(form: type[F]) -> type[F]:
    """The form with the inputs of ``fields.FORM`` after its organization, and
    its finder right below the recommendations it adds to."""
    every = {**form.base_fields, **{f.name: form_input(f) for f in fields.FORM}}
    order = ["organization", *fields.names(fields.FORM)]
    after = order.index("recommendations") + 1
    order[after:after] = ["find_state", "find_text"]
    form.base_fields = form.declared_fields = {name: every[name] for name in order}
    return form


@with_declared_fields
class ActivityForm(Sectioned, forms.Form):
    SECTIONS: ClassVar[dict[str, Any]] = {
        "organization": _("The activity"),
        "concerned_states": _("States and UPR recommendations"),
        "themes": _("Themes and goals"),
        "modality": _("How, when and with what funding"),
        "results": _("Results and lessons"),
        "confidential": _("Confidentiality and contact"),
    }
    organization = integers.ModelChoiceField(
        label=_("Submitting organization"), queryset=Organization.objects.none()
    )
    find_state = integers.ModelChoiceField(
        label=_("Find recommendations to"),
        queryset=Country.objects.none(),
        to_field_name="iso3",
        required=False,
    )
    find_text = forms.CharField(label=_("containing the words"), required=False)

    def __init__(self, *args: Any, orgs: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        states = Country.objects.states().order_by(localized_field("name"))
        offer_organizations(self, orgs)
        f = self.fields
        f["concerned_states"].queryset = states.select_related("region")  # type: ignore[attr-defined]
        f["find_state"].queryset = states  # type: ignore[attr-defined]
        f["themes"].queryset = Theme.objects.order_by(localized_field("name"))  # type: ignore[attr-defined]
        f["sdg_targets"].queryset = SdgTarget.objects.select_related("goal")  # type: ignore[attr-defined]
        f["recommendations"].queryset = self._recommendation_choices()  # type: ignore[attr-defined]

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
        super().clean()
        cleaned = self.cleaned_data
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
        scalars = {f.name: d[f.name] for f in fields.FORM if f.kind == fields.SCALAR}
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
    data = data_of(activity)
    if (revision := pending_revision(activity)) is not None:
        data = data_from_json(completed(data_to_json(data), revision.data))
    initial: dict[str, Any] = {
        f.name: data.scalars.get(f.name) for f in fields.FORM if f.kind == fields.SCALAR
    }
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
            return uploads.for_form(evidence, uploads.check_evidence)
        return evidence


class MergeForm(forms.Form):
    duplicate = forms.IntegerField(
        label=_("Number of the duplicate to merge into this one")
    )
