"""An activity reaching the public: its publication stamp once every
concerned State has consented, and its place in the search index. Below the
workflow steps (``services.py``, ``consent.py``), which both call these."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from uprtc.activities.models import Activity
from uprtc.core import audit
from uprtc.search.index import sync_activity


def is_public(activity: Activity) -> bool:
    return Activity.objects.public().filter(pk=activity.pk).exists()


def publish_if_consented(activity: Activity, actor: Any) -> bool:
    """Stamp the publication once every concerned State has consented."""
    if not is_public(activity):
        return False
    audit.save_change(
        activity,
        "activities.activity.published",
        actor=actor,
        published_at=timezone.now(),
    )
    return True


def reindex(activity: Activity) -> None:
    """In the same transaction: the search never shows what is no longer public."""
    sync_activity(activity.pk)
