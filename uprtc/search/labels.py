"""Facet values shown with their names in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from uprtc.activities.choices import (
    CooperationType,
    FundingSource,
    ImplementationStatus,
    Modality,
)
from uprtc.actors.models import OrgType
from uprtc.core.kinds import KINDS
from uprtc.countries.models import Country, Region, RegionalGroup
from uprtc.recommendations.models import Response
from uprtc.taxonomies.models import SdgGoal, Theme

TITLES = {
    "kind": _("Type"),
    "country": _("Country"),
    "region": _("Region"),
    "group": _("UN regional group"),
    "theme": _("Theme"),
    "sdg": _("SDG goal"),
    "org_type": _("Organization type"),
    "modality": _("Modality"),
    "cooperation_type": _("Cooperation type"),
    "funding_source": _("Funding source"),
    "status": _("Status"),
    "cycle": _("UPR cycle"),
    "response": _("Response"),
    "year": _("Year"),
}
CHOICES = {
    "group": RegionalGroup,
    "org_type": OrgType,
    "modality": Modality,
    "cooperation_type": CooperationType,
    "funding_source": FundingSource,
    "status": ImplementationStatus,
    "response": Response,
}


def names(facet: str, values: list[str]) -> dict[str, str]:
    if facet == "kind":
        return {v: str(KINDS[v].many) if v in KINDS else v for v in values}
    if facet == "country":
        return {c.iso3: c.name for c in Country.objects.filter(iso3__in=values)}
    if facet == "region":
        return {r.m49: r.name for r in Region.objects.filter(m49__in=values)}
    if facet == "theme":
        return {t.slug: t.name for t in Theme.objects.filter(slug__in=values)}
    if facet == "sdg":
        return {
            str(g.number): str(g)
            for g in SdgGoal.objects.filter(
                number__in=[int(v) for v in values if v.isdigit()]
            )
        }
    if facet in CHOICES:
        labels = dict(CHOICES[facet].choices)
        return {v: str(labels.get(v, v)) for v in values}
    return {v: v for v in values}
