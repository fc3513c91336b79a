"""Suggested themes and SDG labels, and moderators' verdicts on them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from uprtc.api.auth import OptionalTokenAuth, TokenAuth
from uprtc.api.params import Id
from uprtc.classification import services
from uprtc.core.errors import DomainError
from uprtc.recommendations.models import Recommendation

router = Router(tags=["classification"])
SUGGESTABLE = ("uhri-themes", "sdg-goals", "sdg-targets", "affected-persons")
REVIEWABLE = ("uhri-themes", "sdg-goals")


class SuggestIn(Schema):
    taxonomy: str = Field(description=" | ".join(SUGGESTABLE))
    text: str = Field(min_length=1, max_length=20000)
    limit: int = Field(10, ge=1, le=50)


class VerdictIn(Schema):
    taxonomy: str = Field(description=" | ".join(REVIEWABLE))
    suggested: list[str] = Field(description="the labels you were shown")
    accepted: list[str] = Field(description="those you confirm (a subset)")


def _taxonomy(name: str, allowed: tuple[str, ...]) -> str:
    if name not in allowed:
        raise DomainError(
            _("taxonomy is one of: %(choices)s") % {"choices": ", ".join(allowed)},
            field="taxonomy",
        )
    return name


@router.post("/classification/suggest", auth=OptionalTokenAuth())
def suggest(request: HttpRequest, payload: SuggestIn) -> dict[str, Any]:
    """Ranked labels for a text, with a confidence in [0, 1]; a person confirms."""
    taxonomy = _taxonomy(payload.taxonomy, SUGGESTABLE)
    ranked = services.suggest(taxonomy, payload.text, k=payload.limit)
    names = services.label_names(taxonomy)
    items = [
        {"label": label, "name": names.get(label, label), "confidence": round(c, 4)}
        for label, c in ranked
    ]
    return {"count": len(items), "items": items, "next": None}


@router.post("/recommendations/{recommendation_id}/labels", auth=TokenAuth())
def review_labels(
    request: HttpRequest, recommendation_id: Id, payload: VerdictIn
) -> dict[str, Any]:
    """Moderators: apply the accepted suggestions; every verdict is learnt from."""
    taxonomy = _taxonomy(payload.taxonomy, REVIEWABLE)
    if not set(payload.accepted) <= set(payload.suggested):
        raise DomainError(
            _("Accept only labels that were suggested."), field="accepted"
        )
    rec = get_object_or_404(Recommendation, pk=recommendation_id)
    services.review_suggestions(
        request.auth, rec, taxonomy, payload.suggested, payload.accepted
    )
    return {
        "id": rec.pk,
        "themes": [t.slug for t in rec.themes.all()],
        "sdg_goals": [g.number for g in rec.sdg_goals.all()],
    }
