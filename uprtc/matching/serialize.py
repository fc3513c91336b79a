"""Requests and offers as plain data, for the API and the exports."""

from __future__ import annotations

from typing import Any

from uprtc.core.links import absolute_url
from uprtc.matching.models import AssistanceRequest, Offer

REQUEST_PREFETCH = ("recommendations", "themes", "sdg_goals", "sdg_targets")
OFFER_PREFETCH = ("themes", "sdg_goals", "countries")


def _shared(item: AssistanceRequest | Offer) -> dict[str, Any]:
    """What a request and an offer both carry."""
    return {
        "id": item.pk,
        "language": item.language,
        "themes": [t.slug for t in item.themes.all()],
        "sdg_goals": [g.number for g in item.sdg_goals.all()],
        "modalities": item.modalities,
        "languages": item.languages,
        "visibility": item.visibility,
        "created_at": item.created_at,
        "url": absolute_url(item),
    }


def request_dict(req: AssistanceRequest) -> dict[str, Any]:
    return {
        **_shared(req),
        "state": req.state.iso3,
        "organization": req.organization.public_name,
        "need": req.need,
        "recommendations": [r.pk for r in req.recommendations.all()],
        "sdg_targets": [t.code for t in req.sdg_targets.all()],
        "start_date": req.start_date,
        "end_date": req.end_date,
        "budget_situation": req.budget_situation,
        "status": req.status,
    }


def offer_dict(offer: Offer) -> dict[str, Any]:
    return {
        **_shared(offer),
        "organization_id": offer.organization.public_id,
        "organization": offer.organization.public_name,
        "expertise": offer.expertise,
        "countries": [c.iso3 for c in offer.countries.all()],
        "regions": offer.regions,
        "capacity": offer.capacity,
        "funding_available": offer.funding_available,
        "valid_from": offer.valid_from,
        "valid_to": offer.valid_to,
        "active": offer.active,
    }
