"""Requests and offers as plain data, for the API and the exports."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from uprtc.matching.models import AssistanceRequest, Offer

REQUEST_PREFETCH = ("recommendations", "themes", "sdg_goals", "sdg_targets")
OFFER_PREFETCH = ("themes", "sdg_goals", "countries")


def request_dict(req: AssistanceRequest) -> dict[str, Any]:
    return {
        "id": req.pk,
        "state": req.state.iso3,
        "organization": req.organization.public_name,
        "need": req.need,
        "language": req.language,
        "recommendations": [r.pk for r in req.recommendations.all()],
        "themes": [t.slug for t in req.themes.all()],
        "sdg_goals": [g.number for g in req.sdg_goals.all()],
        "sdg_targets": [t.code for t in req.sdg_targets.all()],
        "modalities": req.modalities,
        "languages": req.languages,
        "start_date": req.start_date,
        "end_date": req.end_date,
        "budget_situation": req.budget_situation,
        "visibility": req.visibility,
        "status": req.status,
        "created_at": req.created_at,
        "url": settings.SITE_URL + reverse("matching-request", kwargs={"pk": req.pk}),
    }


def offer_dict(offer: Offer) -> dict[str, Any]:
    return {
        "id": offer.pk,
        "organization_id": offer.organization.public_id,
        "organization": offer.organization.public_name,
        "expertise": offer.expertise,
        "language": offer.language,
        "themes": [t.slug for t in offer.themes.all()],
        "sdg_goals": [g.number for g in offer.sdg_goals.all()],
        "modalities": offer.modalities,
        "languages": offer.languages,
        "countries": [c.iso3 for c in offer.countries.all()],
        "regions": offer.regions,
        "capacity": offer.capacity,
        "funding_available": offer.funding_available,
        "valid_from": offer.valid_from,
        "valid_to": offer.valid_to,
        "visibility": offer.visibility,
        "active": offer.active,
        "created_at": offer.created_at,
        "url": settings.SITE_URL + reverse("matching-offer", kwargs={"pk": offer.pk}),
    }
