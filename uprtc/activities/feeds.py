from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from uprtc.activities.models import Activity
from uprtc.activities.services import activity_url


class ActivityFeed(Feed):
    """Newly published activities (public ones only)."""

    feed_type = Atom1Feed
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
