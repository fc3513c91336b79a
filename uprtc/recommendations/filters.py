"""The recommendation list's filters, as a plain form read from the query string."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from uprtc.core.i18n import localized_field
from uprtc.countries.models import Country
from uprtc.recommendations.models import (
    Recommendation,
    RecommendationQuerySet,
    Response,
)
from uprtc.taxonomies.models import Theme


class CountryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Country) -> str:  # type: ignore[override]
        return obj.name


class ThemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Theme) -> str:  # type: ignore[override]
        return obj.name


class RecommendationFilter(forms.Form):
    q = forms.CharField(label=_("Words in the text"), required=False)
    state = CountryChoiceField(
        label=_("State under review"),
        queryset=Country.objects.none(),
        required=False,
        to_field_name="iso3",
    )
    recommending = CountryChoiceField(
        label=_("Recommending State"),
        queryset=Country.objects.none(),
        required=False,
        to_field_name="iso3",
    )
    cycle = forms.TypedChoiceField(
        label=_("Cycle"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any"))] + [(c, str(c)) for c in range(1, 5)],
    )
    response = forms.ChoiceField(
        label=_("Response"),
        required=False,
        choices=[("", _("Any"))] + list(Response.choices),
    )
    theme = ThemeChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.none(),
        required=False,
        to_field_name="slug",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        states = Country.objects.states().order_by(localized_field("name"))
        self.fields["state"].queryset = states  # type: ignore[attr-defined]
        self.fields["recommending"].queryset = states  # type: ignore[attr-defined]
        self.fields["theme"].queryset = Theme.objects.order_by(  # type: ignore[attr-defined]
            localized_field("name")
        )
        for f in ("state", "recommending", "theme"):
            self.fields[f].empty_label = _("Any")  # type: ignore[attr-defined]

    def apply(self, qs: RecommendationQuerySet) -> RecommendationQuerySet:
        if not self.is_valid():
            return qs.none()
        data = self.cleaned_data
        if data["q"]:
            for word in data["q"].split()[:8]:
                qs = qs.filter(text__icontains=word)
        if data["state"]:
            qs = qs.filter(state_under_review=data["state"])
        if data["recommending"]:
            qs = qs.filter(recommending_states=data["recommending"])
        if data["cycle"]:
            qs = qs.filter(cycle=data["cycle"])
        if data["response"]:
            qs = qs.filter(response=data["response"])
        if data["theme"]:
            qs = qs.filter(themes=data["theme"])
        return qs


def base_queryset() -> RecommendationQuerySet:
    return Recommendation.objects.select_related("state_under_review").order_by(
        "-cycle", "state_under_review__name_en", "id"
    )
