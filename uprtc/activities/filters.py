from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from uprtc.activities.choices import (
    CooperationType,
    FundingSource,
    ImplementationStatus,
    Modality,
)
from uprtc.activities.models import ActivityQuerySet
from uprtc.core.i18n import localized_field
from uprtc.countries.models import Country
from uprtc.recommendations.filters import (
    SDG_CHOICES,
    CountryMultipleField,
    ThemeMultipleField,
)
from uprtc.taxonomies.models import Theme


class ActivityFilter(forms.Form):
    """Every filter takes several values (ticked boxes of a facet): a record
    matches one of the values of a filter and every filter given."""

    q = forms.CharField(label=_("Words"), required=False)
    country = CountryMultipleField(
        label=_("Concerned State"),
        required=False,
        queryset=Country.objects.none(),
        to_field_name="iso3",
    )
    theme = ThemeMultipleField(
        label=_("Theme"),
        required=False,
        queryset=Theme.objects.none(),
        to_field_name="slug",
    )
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.states().order_by(  # type: ignore[attr-defined]
            localized_field("name")
        )
        self.fields["theme"].queryset = Theme.objects.order_by(  # type: ignore[attr-defined]
            localized_field("name")
        )

    def apply(self, qs: ActivityQuerySet) -> ActivityQuerySet:
        if not self.is_valid():
            return qs.none()
        d = self.cleaned_data
        for word in d["q"].split()[:8]:
            qs = qs.filter(Q(title__icontains=word) | Q(description__icontains=word))
        if d["country"]:
            qs = qs.filter(consents__country__in=d["country"])
        if d["theme"]:
            qs = qs.filter(themes__in=d["theme"])
        if d["sdg"]:
            qs = qs.filter(sdg_goals__number__in=d["sdg"])
        for name in ("modality", "cooperation_type", "funding_source"):
            if d[name]:
                qs = qs.filter(**{f"{name}__in": d[name]})
        if d["status"]:
            qs = qs.filter(implementation_status__in=d["status"])
        if d["good_practice"]:
            qs = qs.filter(good_practice=True)
        return qs
