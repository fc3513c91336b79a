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


class CountryMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Country) -> str:  # type: ignore[override]
        return obj.name


class ThemeMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Theme) -> str:  # type: ignore[override]
        return obj.name


# choices, not a query: a number past 64 bits is refused before the database
SDG_CHOICES = [(str(n), str(n)) for n in range(1, 18)]


class RecommendationFilter(forms.Form):
    """Every filter takes several values (ticked boxes of a facet): a
    recommendation matches one of the values of a filter and every filter."""

    q = forms.CharField(label=_("Words in the text"), required=False)
    state = CountryMultipleField(
        label=_("State under review"),
        queryset=Country.objects.none(),
        required=False,
        to_field_name="iso3",
    )
    recommending = CountryMultipleField(
        label=_("Recommending State"),
        queryset=Country.objects.none(),
        required=False,
        to_field_name="iso3",
    )
    cycle = forms.TypedMultipleChoiceField(
        label=_("UPR cycle"),
        required=False,
        coerce=int,
        choices=[(str(c), str(c)) for c in range(1, 5)],
    )
    response = forms.MultipleChoiceField(
        label=_("Response"), required=False, choices=Response.choices
    )
    theme = ThemeMultipleField(
        label=_("Theme"),
        queryset=Theme.objects.none(),
        required=False,
        to_field_name="slug",
    )
    sdg = forms.TypedMultipleChoiceField(
        label=_("SDG goal"), required=False, coerce=int, choices=SDG_CHOICES
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        states = Country.objects.states().order_by(localized_field("name"))
        self.fields["state"].queryset = states  # type: ignore[attr-defined]
        self.fields["recommending"].queryset = states  # type: ignore[attr-defined]
        self.fields["theme"].queryset = Theme.objects.order_by(  # type: ignore[attr-defined]
            localized_field("name")
        )

    def apply(self, qs: RecommendationQuerySet) -> RecommendationQuerySet:
        if not self.is_valid():
            return qs.none()
        data = self.cleaned_data
        if data["q"]:
            for word in data["q"].split()[:8]:
                qs = qs.filter(text__icontains=word)
        if data["state"]:
            qs = qs.filter(state_under_review__in=data["state"])
        if data["recommending"]:
            qs = qs.filter(recommending_states__in=data["recommending"])
        if data["cycle"]:
            qs = qs.filter(cycle__in=data["cycle"])
        if data["response"]:
            qs = qs.filter(response__in=data["response"])
        if data["theme"]:
            qs = qs.filter(themes__in=data["theme"])
        if data["sdg"]:
            qs = qs.filter(sdg_goals__number__in=data["sdg"])
        # several values of a many-to-many filter join several rows
        return qs.distinct()


def base_queryset() -> RecommendationQuerySet:
    return Recommendation.objects.select_related("state_under_review").order_by(
        "-cycle", "state_under_review__name_en", "id"
    )
