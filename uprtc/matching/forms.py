from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from uprtc.activities.choices import Modality
from uprtc.activities.forms import (
    SPECIAL_INPUTS,
    offer_organizations,
    suggested_first,
)
from uprtc.actors.models import Organization
from uprtc.core import integers
from uprtc.core.formlayout import Sectioned
from uprtc.core.i18n import UN_LANGUAGES, localized_field
from uprtc.core.widgets import Picker
from uprtc.countries.models import Country, Region
from uprtc.linking.services import link_recommendations
from uprtc.matching.models import BudgetSituation, Visibility
from uprtc.recommendations.models import Recommendation
from uprtc.taxonomies.models import SdgGoal, Theme

DATE = forms.DateInput(attrs={"type": "date"})


def by_cycle(suggested: Collection[int]) -> Callable[[Recommendation], str]:
    """A State's accepted recommendations grouped by UPR cycle, the ones the
    linking service suggested for the need in a group of their own."""

    def group(recommendation: Recommendation) -> str:
        if recommendation.pk in suggested:
            return gettext("Suggested for this need")
        return gettext("UPR cycle %(cycle)s") % {"cycle": recommendation.cycle}

    return group


class GoalChoiceField(integers.ModelMultipleChoiceField):
    def label_from_instance(self, obj: SdgGoal) -> str:
        return str(obj)


class _Common(forms.Form):
    language = forms.ChoiceField(label=_("Language of the text"), choices=UN_LANGUAGES)
    languages = SPECIAL_INPUTS["languages"](label=_("Working languages"))
    themes = SPECIAL_INPUTS["themes"](label=_("Human rights themes"), required=False)
    # checkboxes, as the activity form's targets: a multiple <select> needs
    # Ctrl-click, which few people know
    sdg_goals = GoalChoiceField(
        label=_("SDG goals"),
        required=False,
        queryset=SdgGoal.objects.all(),
        widget=Picker(),
    )
    modalities = forms.MultipleChoiceField(
        label=_("Modalities"),
        required=False,
        choices=Modality.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    visibility = forms.ChoiceField(
        label=_("Who may see it"), choices=Visibility.choices
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.order_by(  # type: ignore[attr-defined]
            localized_field("name")
        )

    def split(self, names: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, Any]]:
        values = {k: v for k, v in self.cleaned_data.items() if k not in names}
        return values, {k: list(self.cleaned_data[k]) for k in names}


class RequestForm(Sectioned, _Common):
    SECTIONS: ClassVar[dict[str, Any]] = {
        "need": _("The need"),
        "recommendations": _("Recommendations, themes and goals"),
        "modalities": _("The help sought"),
    }
    need = forms.CharField(
        label=_("The need, in the State's words"), widget=forms.Textarea
    )
    # a State has accepted hundreds: folded, grouped, with a filter box
    recommendations = SPECIAL_INPUTS["recommendations"](
        label=_("Accepted recommendations concerned"),
        required=False,
        widget=Picker(),
    )
    start_date = forms.DateField(label=_("From"), required=False, widget=DATE)
    end_date = forms.DateField(label=_("Until"), required=False, widget=DATE)
    # no answer preselected: "Funded" by default made unfunded needs look funded
    budget_situation = forms.ChoiceField(
        label=_("Budget situation"),
        choices=[("", _("Choose…")), *BudgetSituation.choices],
    )
    field_order = [
        "need",
        "language",
        "recommendations",
        "themes",
        "sdg_goals",
        "modalities",
        "languages",
        "start_date",
        "end_date",
        "budget_situation",
        "visibility",
    ]

    def __init__(self, *args: Any, state: Country, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "which of your accepted recommendations does this need address?":
        # when the person asks for suggestions, the linking service's answer
        # comes first, marked, never ticked for them
        links = []
        need = str(self.data.get("need", "")) if self.is_bound else ""
        if need.strip() and "suggest" in self.data:
            links = link_recommendations(need, states=[state.iso3])
        field = self.fields["recommendations"]
        suggested = {x.recommendation_id: x for x in links}
        field.suggested = suggested  # type: ignore[attr-defined]
        picker: Any = field.widget
        picker.group_by = by_cycle(suggested)
        picker.unfolded = bool(links)
        field.queryset = suggested_first(  # type: ignore[attr-defined]
            Recommendation.objects.accepted()
            .filter(state_under_review=state)
            .select_related("state_under_review"),
            links,
        )


class RegionChoiceField(integers.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return obj.name


class OfferForm(Sectioned, _Common):
    SECTIONS: ClassVar[dict[str, Any]] = {
        "organization": _("The offer"),
        "themes": _("Themes and goals"),
        "modalities": _("The help offered"),
        "countries": _("Where, how much and until when"),
    }
    organization = integers.ModelChoiceField(
        label=_("Offering organization"), queryset=Organization.objects.none()
    )
    expertise = forms.CharField(label=_("Expertise offered"), widget=forms.Textarea)
    # the same State picker as an activity's concerned States
    countries = SPECIAL_INPUTS["concerned_states"](
        label=_("Countries served (none: anywhere)"), required=False
    )
    regions = RegionChoiceField(
        label=_("Regions served"),
        required=False,
        queryset=Region.objects.all(),
        to_field_name="m49",
        widget=Picker(),
    )
    capacity = forms.IntegerField(
        label=_("Engagements at once"), min_value=1, max_value=1000, initial=1
    )
    funding_available = forms.BooleanField(label=_("Funding available"), required=False)
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DATE)
    valid_to = forms.DateField(label=_("Valid until"), required=False, widget=DATE)
    field_order = [
        "organization",
        "expertise",
        "language",
        "themes",
        "sdg_goals",
        "modalities",
        "languages",
        "countries",
        "regions",
        "capacity",
        "funding_available",
        "valid_from",
        "valid_to",
        "visibility",
    ]

    def __init__(self, *args: Any, orgs: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_organizations(self, orgs)
        self.fields["countries"].queryset = (  # type: ignore[attr-defined]
            Country.objects.states()
            .select_related("region")
            .order_by(localized_field("name"))
        )
