from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from uprtc.activities.choices import CooperationType, FundingSource, Modality
from uprtc.activities.models import ActivityQuerySet
from uprtc.core.i18n import localized_field
from uprtc.countries.models import Country
from uprtc.recommendations.filters import CountryChoiceField, ThemeChoiceField
from uprtc.taxonomies.models import Theme

ANY = [("", _("Any"))]


class ActivityFilter(forms.Form):
    q = forms.CharField(label=_("Words"), required=False)
    country = CountryChoiceField(
        label=_("Concerned State"),
        required=False,
        queryset=Country.objects.none(),
        to_field_name="iso3",
    )
    theme = ThemeChoiceField(
        label=_("Theme"),
        required=False,
        queryset=Theme.objects.none(),
        to_field_name="slug",
    )
    modality = forms.ChoiceField(
        label=_("Modality"), required=False, choices=ANY + list(Modality.choices)
    )
    cooperation_type = forms.ChoiceField(
        label=_("Cooperation type"),
        required=False,
        choices=ANY + list(CooperationType.choices),
    )
    funding_source = forms.ChoiceField(
        label=_("Funding source"),
        required=False,
        choices=ANY + list(FundingSource.choices),
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
        for name in ("country", "theme"):
            self.fields[name].empty_label = _("Any")  # type: ignore[attr-defined]

    def apply(self, qs: ActivityQuerySet) -> ActivityQuerySet:
        if not self.is_valid():
            return qs.none()
        d = self.cleaned_data
        for word in d["q"].split()[:8]:
            qs = qs.filter(Q(title__icontains=word) | Q(description__icontains=word))
        if d["country"]:
            qs = qs.filter(consents__country=d["country"])
        if d["theme"]:
            qs = qs.filter(themes=d["theme"])
        for name in ("modality", "cooperation_type", "funding_source"):
            if d[name]:
                qs = qs.filter(**{name: d[name]})
        if d["good_practice"]:
            qs = qs.filter(good_practice=True)
        return qs
