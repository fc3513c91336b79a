"""Reads over the reference data and the public record: States,
organizations, recommendations and the vocabularies their codes come from."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router

from uprtc.activities.models import Activity
from uprtc.actors.models import Organization
from uprtc.api import pagination
from uprtc.api.auth import OptionalTokenAuth, user_of
from uprtc.api.params import Id, Int
from uprtc.api.schemas import (
    CountryDetail,
    CountryList,
    OrganizationDetail,
    OrganizationList,
    RecommendationDetailOut,
    RecommendationList,
)
from uprtc.countries.models import Country
from uprtc.recommendations.models import Recommendation
from uprtc.recommendations.serialize import (
    lineage_list,
    prefetch,
    recommendation_dict,
    with_state,
)
from uprtc.taxonomies.models import AffectedPerson, SdgGoal, SdgTarget, Theme

router = Router(tags=["reference"])
LANGS = ("en", "fr", "es", "ar", "zh", "ru")


def names(obj: Any, field: str = "name") -> dict[str, str]:
    return {lang: getattr(obj, f"{field}_{lang}") for lang in LANGS}


def country_dict(c: Country) -> dict[str, Any]:
    return {
        "iso3": c.iso3,
        "iso2": c.iso2,
        "m49": c.m49,
        "names": names(c),
        "region": c.region.m49 if c.region_id else None,
        "subregion": c.subregion.m49 if c.subregion_id else None,
        "regional_group": c.regional_group,
        "ldc": c.ldc,
        "lldc": c.lldc,
        "sids": c.sids,
    }


@router.get("/countries", response=CountryList, auth=OptionalTokenAuth())
def list_countries(
    request: HttpRequest,
    region: str = "",
    regional_group: str = "",
    ldc: bool | None = None,
    sids: bool | None = None,
    cursor: str | None = None,
    limit: Int = pagination.DEFAULT_LIMIT,
) -> dict[str, Any]:
    qs = Country.objects.select_related("region", "subregion")
    if region:
        qs = qs.filter(
            Q(region__m49=region)
            | Q(subregion__m49=region)
            | Q(intermediate_region__m49=region)
        )
    if regional_group:
        qs = qs.filter(regional_group=regional_group)
    if ldc is not None:
        qs = qs.filter(ldc=ldc)
    if sids is not None:
        qs = qs.filter(sids=sids)
    return pagination.page(request, qs, country_dict, cursor=cursor, limit=limit)


@router.get("/countries/{iso3}", response=CountryDetail, auth=OptionalTokenAuth())
def get_country(request: HttpRequest, iso3: str) -> dict[str, Any]:
    country = get_object_or_404(
        Country.objects.select_related("region", "subregion"), iso3=iso3.upper()
    )
    received = Recommendation.objects.filter(state_under_review=country)
    return {
        **country_dict(country),
        "recommendations_received": received.count(),
        "recommendations_supported": received.accepted().count(),
        "recommendations_made": Recommendation.objects.filter(
            recommending_states=country
        ).count(),
        "activities": Activity.objects.public()
        .filter(consents__country=country)
        .count(),
    }


def organizations_for(user: Any) -> QuerySet[Organization]:
    return Organization.objects.visible_to(user).select_related("country")


def organization_dict(o: Organization) -> dict[str, Any]:
    return {
        "id": o.pk,
        "name": o.name,
        "type": o.org_type,
        "country": o.country.iso3 if o.country_id else None,
        "nhri_status": o.nhri_status,
        "iati_ref": o.iati_ref,
        "website": o.website,
    }


@router.get("/organizations", response=OrganizationList, auth=OptionalTokenAuth())
def list_organizations(
    request: HttpRequest,
    q: str = "",
    type: str = "",
    country: str = "",
    cursor: str | None = None,
    limit: Int = pagination.DEFAULT_LIMIT,
) -> dict[str, Any]:
    qs = organizations_for(user_of(request))
    if q:
        qs = qs.filter(name__icontains=q)
    if type:
        qs = qs.filter(org_type=type)
    if country:
        qs = qs.filter(country__iso3=country.upper())
    return pagination.page(request, qs, organization_dict, cursor=cursor, limit=limit)


@router.get(
    "/organizations/{org_id}", response=OrganizationDetail, auth=OptionalTokenAuth()
)
def get_organization(request: HttpRequest, org_id: Id) -> dict[str, Any]:
    user = user_of(request)
    org = get_object_or_404(organizations_for(user), pk=org_id)
    activities = (
        Activity.objects.visible_to(user)
        .filter(Q(participants__organization=org) | Q(submitter_org=org))
        .distinct()
    )
    return {**organization_dict(org), "activities": activities.count()}


@router.get("/recommendations", response=RecommendationList, auth=OptionalTokenAuth())
def list_recommendations(
    request: HttpRequest,
    state: str = "",
    recommending: str = "",
    cycle: Int | None = None,
    session: Int | None = None,
    response: str = "",
    theme: str = "",
    sdg_goal: Int | None = None,
    sdg_target: str = "",
    affected: str = "",
    q: str = "",
    with_activities: bool | None = None,
    cursor: str | None = None,
    limit: Int = pagination.DEFAULT_LIMIT,
) -> dict[str, Any]:
    """UPR recommendations; ``with_activities`` keeps those that published
    activities address (true) or none does (false)."""
    qs = with_state(Recommendation.objects.filtered(locals()))
    return pagination.page(
        request,
        qs,
        recommendation_dict,
        cursor=cursor,
        limit=limit,
        prefetch=prefetch(),
    )


@router.get(
    "/recommendations/{recommendation_id}",
    response=RecommendationDetailOut,
    auth=OptionalTokenAuth(),
)
def get_recommendation(request: HttpRequest, recommendation_id: Id) -> dict[str, Any]:
    qs = with_state(Recommendation.objects.prefetch_related(*prefetch()))
    rec = get_object_or_404(qs, pk=recommendation_id)
    return {**recommendation_dict(rec), "lineage": lineage_list(rec, user_of(request))}


@router.get("/vocabularies/{name}", auth=OptionalTokenAuth())
def vocabulary(request: HttpRequest, name: str) -> dict[str, Any]:
    """The codes the other endpoints use: ``themes``, ``affected-persons``,
    ``sdg-goals``, ``sdg-targets``, with their names in the six languages."""
    makers = {
        "themes": lambda: [
            {"code": t.slug, "group": t.group, "names": names(t)}
            for t in Theme.objects.all()
        ],
        "affected-persons": lambda: [
            {"code": a.slug, "names": names(a)} for a in AffectedPerson.objects.all()
        ],
        "sdg-goals": lambda: [
            {"code": g.number, "names": names(g, "short"), "titles": names(g, "title")}
            for g in SdgGoal.objects.all()
        ],
        "sdg-targets": lambda: [
            {"code": t.code, "titles": names(t, "title")}
            for t in SdgTarget.objects.all()
        ],
    }
    if name not in makers:
        raise Http404
    items = makers[name]()
    return {"count": len(items), "items": items, "next": None}
