"""Forms of sign-up and onboarding. The rules live in ``onboarding``; these
only read and check the input."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from uprtc.actors.models import (
    REQUESTABLE_ROLES,
    SELF_REGISTERED_TYPES,
    Organization,
    OrgType,
    Role,
)
from uprtc.core.i18n import localized_field
from uprtc.countries.models import Country

# The honeypot: a field people never see (hidden, out of the tab order) that
# form-filling robots fill. No CAPTCHA: a UN site must work for everyone.
HONEYPOT = "homepage"


class SignupForm(AllauthSignupForm):
    homepage = forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=200
    )

    def clean_homepage(self) -> str:
        value = self.cleaned_data.get(HONEYPOT, "")
        if value:
            raise forms.ValidationError(_("This field must stay empty."))
        return value


class JoinForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none()
    )
    role = forms.ChoiceField(
        label=_("Role you ask for"),
        choices=[(r.value, r.label) for r in REQUESTABLE_ROLES],
        initial=Role.CONTRIBUTOR,
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        # the label as this person may read it (an anonymous CSO by its
        # label, unless they are already one of its members)
        self.fields["organization"].label_from_instance = lambda o: (
            f"{o.public_name} ({o.get_org_type_display()})"
        )


def _countries() -> Any:
    return Country.objects.states().order_by(localized_field("name"))


class RegisterForm(forms.Form):
    name = forms.CharField(label=_("Name of the organization"), max_length=250)
    org_type = forms.ChoiceField(
        label=_("Type"),
        choices=[(t.value, t.label) for t in SELF_REGISTERED_TYPES],
        initial=OrgType.CSO,
    )
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.none(),
        to_field_name="iso3",
        help_text=_("Where the organization is based."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("Short description"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What the organization does, in a few sentences (moderators read it)."
        ),
    )
    public_anonymous = forms.BooleanField(
        label=_("Show us publicly only as “a civil society organization in <country>”"),
        required=False,
        help_text=_(
            "For civil society organizations at risk of reprisals: the name then "
            "appears in no public page, list, search, export or report. Your "
            "members and the moderators still see it."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = _countries()


class VetForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to reject; the person who registered reads it."),
    )


class AnonymityForm(forms.Form):
    public_anonymous = forms.BooleanField(
        label=RegisterForm.base_fields["public_anonymous"].label,
        required=False,
        help_text=RegisterForm.base_fields["public_anonymous"].help_text,
    )
