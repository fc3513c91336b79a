"""What the search stores about each kind of record. Activities enter only
through ``Activity.objects.public()``: the search never sees anything else."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from uprtc.activities.models import Activity
from uprtc.core.kinds import ACTIVITY, OFFER, RECOMMENDATION, REQUEST
from uprtc.matching.models import AssistanceRequest, Offer
from uprtc.recommendations.models import Recommendation
from uprtc.search.text import cjk_grams, fold


def _text_fields(title: str, text: str, language: str) -> dict[str, Any]:
    return {
        "title": title,
        "text": text,
        "language": language,
        "cjk": " ".join(cjk_grams(f"{title} {text}")),
        "folded": fold(f"{title} {text}"),
    }


# The filter columns every document has; a kind fills those that apply to it.
BLANK: dict[str, Any] = {
    "date": None,
    "modality": "",
    "cooperation_type": "",
    "funding_source": "",
    "status": "",
    "cycle": None,
    "response": "",
}


def _document(
    text: tuple[str, str, str], facets: dict[str, list[str]], **columns: Any
) -> dict[str, Any]:
    """``text`` is (title, body, language); ``columns`` are among ``BLANK``."""
    if unknown := set(columns) - set(BLANK):
        raise ValueError(f"not a search column: {sorted(unknown)}")
    return {**_text_fields(*text), **BLANK, **columns, "facets": facets}


def _facets(countries: Iterable[Any], tagged: Any, **more: list[str]) -> dict[str, Any]:
    """Where (States, their regions and groups), what (themes, SDG goals), and
    the facets of one kind (``more``)."""
    countries = list(countries)
    return {
        "country": sorted({c.iso3 for c in countries}),
        "region": sorted({c.region.m49 for c in countries if c.region_id}),
        "group": sorted({c.regional_group for c in countries if c.regional_group}),
        "theme": sorted(t.slug for t in tagged.themes.all()),
        "sdg": sorted(str(g.number) for g in tagged.sdg_goals.all()),
        **more,
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
    return {a.pk: _activity(a) for a in activities}


def _activity(a: Activity) -> dict[str, Any]:
    date = a.start_date or (a.published_at.date() if a.published_at else None)
    org_types = {
        p.organization.org_type for p in a.participants.all() if p.organization_id
    }
    if a.submitter_org_id:
        org_types.add(a.submitter_org.org_type)
    facets = _facets(
        (c.country for c in a.consents.all()),
        a,
        org_type=sorted(org_types),
        year=[str(date.year)] if date else [],
    )
    body = "\n".join(x for x in (a.description, a.results, a.lessons) if x)
    return _document(
        (a.title, body, a.language),
        facets,
        date=date,
        modality=a.modality,
        cooperation_type=a.cooperation_type,
        funding_source=a.funding_source,
        status=a.implementation_status,
    )


def recommendation_documents(ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    recs = (
        Recommendation.objects.filter(pk__in=list(ids))
        .select_related("state_under_review__region")
        .prefetch_related("themes", "sdg_goals")
    )
    return {
        r.pk: _document(
            ("", r.text, r.language),
            _facets([r.state_under_review], r),
            cycle=r.cycle,
            response=r.response,
        )
        for r in recs
    }


def request_documents(ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Only requests anyone may see (visibility "public") are searchable."""
    reqs = (
        AssistanceRequest.objects.public()
        .filter(pk__in=list(ids))
        .select_related("state__region")
        .prefetch_related("themes", "sdg_goals")
    )
    return {r.pk: _request(r) for r in reqs}


def _request(r: AssistanceRequest) -> dict[str, Any]:
    return _document(
        ("", r.need, r.language),
        _facets([r.state], r, year=[str(r.created_at.year)]),
        date=r.created_at.date(),
        modality=(r.modalities or [""])[0],
        status=r.status,
    )


def offer_documents(ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Only public offers still active are searchable."""
    offers = (
        Offer.objects.public()
        .filter(pk__in=list(ids), active=True)
        .select_related("organization")
        .prefetch_related("countries__region", "themes", "sdg_goals")
    )
    return {o.pk: _offer(o) for o in offers}


def _offer(o: Offer) -> dict[str, Any]:
    facets = _facets(
        o.countries.all(),
        o,
        org_type=[o.organization.org_type],
        year=[str(o.created_at.year)],
    )
    return _document(
        (o.organization.public_name, o.expertise, o.language),
        facets,
        date=o.created_at.date(),
        modality=(o.modalities or [""])[0],
    )


BUILDERS = {
    ACTIVITY: activity_documents,
    RECOMMENDATION: recommendation_documents,
    REQUEST: request_documents,
    OFFER: offer_documents,
}
