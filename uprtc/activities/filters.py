from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from uprtc.activities.choices import (
    CooperationType,
    FundingSource,
    ImplementationStatus,
    Modality,
)
from uprtc.activities.models import ActivityQuerySet
from uprtc.core.filtering import filter_by_form
from uprtc.recommendations.filters import SDG_CHOICES, states_field, themes_field


class ActivityFilter(forms.Form):
    """Every filter takes several values (ticked boxes of a facet): a record
    matches one of the values of a filter and every filter given."""

    q = forms.CharField(label=_("Words"), required=False)
    country = states_field(_("Concerned State"))
    theme = themes_field(_("Theme"))
    sdg = forms.TypedMultipleChoiceField(
        label=_("SDG goal"), required=False, coerce=int, choices=SDG_CHOICES
    )
    modality = forms.MultipleChoiceField(
        label=_("Modality"), required=False, choices=Modality.choices
    )
    cooperation_type = forms.MultipleChoiceField(
        label=_("Cooperation type"), required=False, choices=CooperationType.choices
    )
    funding_source = forms.MultipleChoiceField(
        label=_("Funding source"), required=False, choices=FundingSource.choices
    )
    status = forms.MultipleChoiceField(
        label=_("Status"), required=False, choices=ImplementationStatus.choices
    )
    good_practice = forms.BooleanField(label=_("Good practices only"), required=False)

    def apply(self, qs: ActivityQuerySet) -> ActivityQuerySet:
        """``qs`` narrowed by the fields of this form (``models.FILTERS``)."""
        return filter_by_form(self, qs)
