"""POST /api/v1/recommendations/link: which recommendations does a text address?"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from uprtc.api.auth import OptionalTokenAuth
from uprtc.core.errors import DomainError
from uprtc.countries.models import Country
from uprtc.linking.services import MAX_TEXT, link_recommendations
from uprtc.recommendations.models import Recommendation, Response
from uprtc.recommendations.serialize import prefetch, recommendation_dict, with_state
from uprtc.taxonomies.models import Theme

router = Router(tags=["recommendations"])
RESPONSES = [r.value for r in Response]


class LinkIn(Schema):
    text: str = Field(
        min_length=1,
        max_length=MAX_TEXT,
        description="any text in any of the six languages: a need, an activity, "
        "a civil society recommendation",
    )
    states: list[str] = Field(
        default_factory=list,
        description="ISO3 codes of the States under review; none means all",
    )
    cycle: int | None = Field(None, ge=1, le=10, description="UPR cycle")
    responses: list[str] = Field(
        default_factory=lambda: [Response.SUPPORTED.value],
        description=" | ".join(RESPONSES) + "; empty means any response",
    )
    limit: int = Field(10, ge=1, le=50)


def _checked(payload: LinkIn) -> list[str]:
    states = [s.strip().upper() for s in payload.states if s.strip()]
    known = set(Country.objects.filter(iso3__in=states).values_list("iso3", flat=True))
    for i, state in enumerate(states):
        if state not in known:
            raise DomainError(
                _("%(value)s is not an ISO 3166-1 alpha-3 code of a State")
                % {"value": state},
                field=f"states[{i}]",
            )
    for i, response in enumerate(payload.responses):
        if response not in RESPONSES:
            raise DomainError(
                _("response is one of: %(choices)s")
                % {"choices": ", ".join(RESPONSES)},
                field=f"responses[{i}]",
            )
    return states


@router.post("/recommendations/link", auth=OptionalTokenAuth(), summary="Link a text")
def link(request: HttpRequest, payload: LinkIn) -> dict[str, Any]:
    """The recommendations the text most likely addresses, best first. Each
    item has a ``score`` in [0, 1] (relative to the other candidates) and an
    ``explanation``: the sentence of the text that matched best, the
    recommendation's themes and SDG goals the text is predicted to share, and
    the three signals (meaning, shared wording, shared themes)."""
    states = _checked(payload)
    links = link_recommendations(
        payload.text,
        states=states,
        cycle=payload.cycle,
        responses=payload.responses,
        limit=payload.limit,
    )
    recs = with_state(Recommendation.objects.prefetch_related(*prefetch())).in_bulk(
        [x.recommendation_id for x in links]
    )
    names = {
        t.slug: t.name
        for t in Theme.objects.filter(
            slug__in={s for x in links for s in x.shared_themes}
        )
    }
    items = [
        {
            "recommendation_id": x.recommendation_id,
            "score": x.score,
            "explanation": {
                "sentence": x.sentence,
                "shared_themes": [
                    {"slug": s, "name": names.get(s, s)} for s in x.shared_themes
                ],
                "shared_sdg_goals": [int(g) for g in x.shared_goals],
                "signals": {
                    "meaning": x.dense,
                    "wording": x.lexical,
                    "themes": x.agreement,
                },
                "model": x.model,
            },
            "recommendation": recommendation_dict(recs[x.recommendation_id]),
        }
        for x in links
        if x.recommendation_id in recs
    ]
    return {"count": len(items), "items": items, "next": None}
