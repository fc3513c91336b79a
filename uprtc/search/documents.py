"""What the search stores about each kind of record. Activities enter only
through ``Activity.objects.public()``: the search never sees anything else."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from uprtc.activities.models import Activity
from uprtc.matching.models import AssistanceRequest, Offer
from uprtc.recommendations.models import Recommendation
from uprtc.search.text import cjk_grams, fold

ACTIVITY = "activity"
RECOMMENDATION = "recommendation"
REQUEST = "request"
OFFER = "offer"


def _text_fields(title: str, text: str, language: str) -> dict[str, Any]:
    return {
        "title": title,
        "text": text,
        "language": language,
        "cjk": " ".join(cjk_grams(f"{title} {text}")),
        "folded": fold(f"{title} {text}"),
    }


def _country_facets(countries: Iterable[Any]) -> dict[str, list[str]]:
    countries = list(countries)
    return {
        "country": sorted({c.iso3 for c in countries}),
        "region": sorted({c.region.m49 for c in countries if c.region_id}),
        "group": sorted({c.regional_group for c in countries if c.regional_group}),
    }


def activity_documents(ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    activities = (
        Activity.objects.public()
        .filter(pk__in=list(ids))
        .select_related("submitter_org")
        .prefetch_related(
            "consents__country__region",
            "themes",
            "sdg_goals",
            "participants__organization",
        )
    )
    docs = {}
    for a in activities:
        date = a.start_date or (a.published_at.date() if a.published_at else None)
        org_types = {
            p.organization.org_type for p in a.participants.all() if p.organization_id
        }
        if a.submitter_org_id:
            org_types.add(a.submitter_org.org_type)
        facets = _country_facets(c.country for c in a.consents.all())
        facets.update(
            theme=sorted(t.slug for t in a.themes.all()),
            sdg=sorted(str(g.number) for g in a.sdg_goals.all()),
            org_type=sorted(org_types),
            year=[str(date.year)] if date else [],
        )
        body = "\n".join(x for x in (a.description, a.results, a.lessons) if x)
        docs[a.pk] = {
            **_text_fields(a.title, body, a.language),
            "date": date,
            "modality": a.modality,
            "cooperation_type": a.cooperation_type,
            "funding_source": a.funding_source,
            "status": a.implementation_status,
            "cycle": None,
            "response": "",
            "facets": facets,
        }
    return docs


def recommendation_documents(ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    recs = (
        Recommendation.objects.filter(pk__in=list(ids))
        .select_related("state_under_review__region")
        .prefetch_related("themes", "sdg_goals")
    )
    docs = {}
    for r in recs:
        facets = _country_facets([r.state_under_review])
        facets.update(
            theme=sorted(t.slug for t in r.themes.all()),
            sdg=sorted(str(g.number) for g in r.sdg_goals.all()),
        )
        docs[r.pk] = {
            **_text_fields("", r.text, r.language),
            "date": None,
            "modality": "",
            "cooperation_type": "",
            "funding_source": "",
            "status": "",
            "cycle": r.cycle,
            "response": r.response,
            "facets": facets,
        }
    return docs


def request_documents(ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Only requests anyone may see (visibility "public") are searchable."""

    reqs = (
        AssistanceRequest.objects.public()
        .filter(pk__in=list(ids))
        .select_related("state__region")
        .prefetch_related("themes", "sdg_goals")
    )
    docs = {}
    for r in reqs:
        facets = _country_facets([r.state])
        facets.update(
            theme=sorted(t.slug for t in r.themes.all()),
            sdg=sorted(str(g.number) for g in r.sdg_goals.all()),
            year=[str(r.created_at.year)],
        )
        docs[r.pk] = {
            **_text_fields("", r.need, r.language),
            "date": r.created_at.date(),
            "modality": (r.modalities or [""])[0],
            "cooperation_type": "",
            "funding_source": "",
            "status": r.status,
            "cycle": None,
            "response": "",
            "facets": facets,
        }
    return docs


def offer_documents(ids: Iterable[int]) -> dict[int, dict[str, Any]]:

    offers = (
        Offer.objects.public()
        .filter(pk__in=list(ids), active=True)
        .select_related("organization")
        .prefetch_related("countries__region", "themes", "sdg_goals")
    )
    docs = {}
    for o in offers:
        facets = _country_facets(o.countries.all())
        facets.update(
            theme=sorted(t.slug for t in o.themes.all()),
            sdg=sorted(str(g.number) for g in o.sdg_goals.all()),
            org_type=[o.organization.org_type],
            year=[str(o.created_at.year)],
        )
        docs[o.pk] = {
            **_text_fields(o.organization.public_name, o.expertise, o.language),
            "date": o.created_at.date(),
            "modality": (o.modalities or [""])[0],
            "cooperation_type": "",
            "funding_source": "",
            "status": "",
            "cycle": None,
            "response": "",
            "facets": facets,
        }
    return docs


BUILDERS = {
    ACTIVITY: activity_documents,
    RECOMMENDATION: recommendation_documents,
    REQUEST: request_documents,
    OFFER: offer_documents,
}
