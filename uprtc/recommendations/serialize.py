"""One recommendation as plain data, for the API and the exports."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from uprtc.activities.models import Activity
from uprtc.core.links import absolute_url
from uprtc.recommendations.continuity import lineage
from uprtc.recommendations.models import Recommendation


def prefetch(*fields: str, order_by: tuple[str, ...] = ()) -> tuple[Any, ...]:
    """The relations a recommendation is shown with, for ``prefetch_related``:
    its published activities (only those may be named next to it) come as
    ``public_activities``, with ``fields`` besides their id."""
    public = Activity.objects.public().only("pk", *fields)
    return (
        "recommending_states",
        "themes",
        "sdg_goals",
        "sdg_targets",
        "affected_persons",
        Prefetch(
            "activities",
            queryset=public.order_by(*order_by) if order_by else public,
            to_attr="public_activities",
        ),
    )


def with_state(qs: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    return qs.select_related("state_under_review")


def recommendation_dict(rec: Recommendation) -> dict[str, Any]:
    return {
        "id": rec.pk,
        "state_under_review": rec.state_under_review.iso3,
        "recommending_states": [c.iso3 for c in rec.recommending_states.all()],
        "recommending_names": rec.recommending_names,
        "cycle": rec.cycle,
        "session": rec.session,
        "text": rec.text,
        "language": rec.language,
        "translations": rec.translations,
        "response": rec.response,
        "document_symbol": rec.document_symbol,
        "paragraph": rec.paragraph,
        "themes": [t.slug for t in rec.themes.all()],
        "sdg_goals": [g.number for g in rec.sdg_goals.all()],
        "sdg_targets": [t.code for t in rec.sdg_targets.all()],
        "affected_persons": [a.slug for a in rec.affected_persons.all()],
        "activities": [a.pk for a in getattr(rec, "public_activities", [])],
        "source": rec.source,
        "url": absolute_url(rec),
    }


def lineage_list(rec: Recommendation, user: Any = None) -> list[dict[str, Any]]:
    """The recommendation's lineage across cycles as ``user`` may see it
    (confirmed links only for the public)."""

    return [
        {
            "id": step.rec.pk,
            "cycle": step.rec.cycle,
            "session": step.rec.session,
            "paragraph": step.rec.paragraph,
            "response": step.rec.response,
            "link_status": step.status or None,
            "url": absolute_url(step.rec),
        }
        for step in lineage(rec, user)
    ]
