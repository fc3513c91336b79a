"""Names of the keys the figures are counted by, in the active language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.utils.translation import gettext_lazy as _

from uprtc.activities.choices import (
    CooperationType,
    FundingSource,
    ImplementationStatus,
    Modality,
)
from uprtc.actors.models import OrgType
from uprtc.core.i18n import localized
from uprtc.countries.models import Country, Region, RegionalGroup
from uprtc.taxonomies.models import SdgGoal, Theme

OFFER_ACTIVE = _("Still active")
OFFER_INACTIVE = _("Withdrawn by the provider")

CHOICES: dict[str, Any] = {
    "regional_group": RegionalGroup,
    "actor_type": OrgType,
    "modality": Modality,
    "cooperation_type": CooperationType,
    "funding_source": FundingSource,
    "implementation_status": ImplementationStatus,
}

T = TypeVar("T")


def choice_labels(name: str) -> dict[str, str]:
    return {c.value: str(c.label) for c in CHOICES[name]}


def country_names() -> dict[int, str]:
    return {c.pk: c.name for c in Country.objects.all()}


def _names(name: str) -> dict[str, str]:
    if name in CHOICES:
        return choice_labels(name)
    if name == "region":
        return {r.m49: r.name for r in Region.objects.all()}
    if name == "theme":
        return {t.slug: t.name for t in Theme.objects.all()}
    if name == "sdg_goal":
        return {
            str(g.number): f"{g.number}. {localized(g, 'short')}"
            for g in SdgGoal.objects.all()
        }
    return {}


def rows(name: str, counts: dict[str, int], make: Callable[..., T]) -> list[T]:
    """``counts`` (key → number, largest first) as rows with their label."""
    names = _names(name)
    return [make(key, names.get(key, key), n) for key, n in counts.items()]
