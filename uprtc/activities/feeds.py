from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from uprtc.activities.models import Activity
from uprtc.activities.services import activity_url


class PlainTextAtomFeed(Atom1Feed):
    """Atom whose entry summaries are declared ``type="text"``.

    Django's Atom feed always declares the summary ``type="html"``, so a feed
    reader would render our plain text as markup: a description holding
    ``<script>`` would run there, and line breaks would be lost. Descriptions
    are plain text, so they say so (titles already default to text)."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class ActivityFeed(Feed):
    """Newly published activities (public ones only)."""

    feed_type = PlainTextAtomFeed
    title = _("uprtc: newly published activities")
    subtitle = _("Technical cooperation for implementing UPR recommendations")
    link = "/en/activities/"

    def items(self) -> QuerySet[Activity]:
        return Activity.objects.public().order_by("-published_at", "-pk")[:50]

    def item_title(self, item: Activity) -> str:
        return item.title

    def item_description(self, item: Activity) -> str:
        return item.description[:1000]

    def item_link(self, item: Activity) -> str:
        return activity_url(item)

    def item_pubdate(self, item: Activity):  # type: ignore[no-untyped-def]
        return item.published_at

    def item_updateddate(self, item: Activity):  # type: ignore[no-untyped-def]
        return item.updated_at
