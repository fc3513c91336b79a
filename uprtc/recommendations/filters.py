"""The recommendation list's filters, as a plain form read from the query string."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from uprtc.core.filtering import filter_by_form
from uprtc.core.i18n import localized_field
from uprtc.countries.models import Country
from uprtc.recommendations.models import (
    Recommendation,
    RecommendationQuerySet,
    Response,
)
from uprtc.taxonomies.models import Theme


class NamedMultipleField(forms.ModelMultipleChoiceField):
    """Several of ``records`` picked by their ``code`` (the values of the
    filter tables), listed by name in the reader's language."""

    def __init__(self, label: str | Promise, records: QuerySet[Any], code: str) -> None:
        super().__init__(records, label=label, required=False, to_field_name=code)
        self.records = records

    def __deepcopy__(self, memo: dict[int, Any]) -> NamedMultipleField:
        # each form gets a copy of its fields: the language is the request's
        copy = super().__deepcopy__(memo)
        copy.queryset = self.records.order_by(localized_field("name"))
        return copy

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def states_field(label: str | Promise) -> NamedMultipleField:
    return NamedMultipleField(label, Country.objects.states(), "iso3")


def themes_field(label: str | Promise) -> NamedMultipleField:
    return NamedMultipleField(label, Theme.objects.all(), "slug")


# choices, not a query: a number past 64 bits is refused before the database
SDG_CHOICES = [(str(n), str(n)) for n in range(1, 18)]


class RecommendationFilter(forms.Form):
    """Every filter takes several values (ticked boxes of a facet): a
    recommendation matches one of the values of a filter and every filter."""

    q = forms.CharField(label=_("Words in the text"), required=False)
    state = states_field(_("State under review"))
    recommending = states_field(_("Recommending State"))
    cycle = forms.TypedMultipleChoiceField(
        label=_("UPR cycle"),
        required=False,
        coerce=int,
        choices=[(str(c), str(c)) for c in range(1, 5)],
    )
    response = forms.MultipleChoiceField(
        label=_("Response"), required=False, choices=Response.choices
    )
    theme = themes_field(_("Theme"))
    sdg = forms.TypedMultipleChoiceField(
        label=_("SDG goal"), required=False, coerce=int, choices=SDG_CHOICES
    )

    def apply(self, qs: RecommendationQuerySet) -> RecommendationQuerySet:
        """``qs`` narrowed by the fields of this form (``models.FILTERS``)."""
        return filter_by_form(self, qs)


def base_queryset() -> RecommendationQuerySet:
    return Recommendation.objects.select_related("state_under_review").order_by(
        "-cycle", "state_under_review__name_en", "id"
    )
