from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from uprtc.activities.models import Activity


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

    def link(self) -> str:
        # in the reader's language, as the entries' links (Feed's default
        # item_link: each activity's get_absolute_url)
        return reverse("activities-list")

    def items(self) -> QuerySet[Activity]:
        return Activity.objects.public().order_by("-published_at", "-pk")[:50]

    def item_title(self, item: Activity) -> str:
        return item.title

    def item_description(self, item: Activity) -> str:
        return item.description[:1000]

    def item_pubdate(self, item: Activity):
        return item.published_at

    def item_updateddate(self, item: Activity):
        return item.updated_at
