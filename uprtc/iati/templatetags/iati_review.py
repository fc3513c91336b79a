"""The IATI panel of an activity's review page (moderators only): where it
comes from, its schema messages, the States picker of a regional activity
and what the publisher changed since the import before."""

from __future__ import annotations

from typing import Any

from django import template

from uprtc.activities.models import Activity
from uprtc.countries.models import Country
from uprtc.iati import provenance, regional
from uprtc.iati.models import IatiRecord

register = template.Library()


@register.inclusion_tag("iati/_review_panel.html", takes_context=True)
def iati_review_panel(context: dict[str, Any], activity: Activity) -> dict[str, Any]:
    user = context.get("user")
    record = IatiRecord.objects.filter(activity=activity).select_related("source")
    record = record.first()
    shown = record is not None and getattr(user, "is_moderator", False)
    needs_states = shown and regional.needs_states(activity)
    suggestions = regional.suggest_states(activity) if needs_states else []
    return {
        "shown": shown,
        "record": record,
        "activity": activity,
        "needs_states": needs_states,
        "suggestions": suggestions,
        "countries": Country.objects.order_by("name_en") if needs_states else [],
        "changes": provenance.diff(record.previous, record.current) if shown else [],
        "csrf_token": context.get("csrf_token"),
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
    }
