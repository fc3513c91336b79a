"""The four kinds of record the repository lists, searches and links to, with
their names: one on a card, many on a facet."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTIVITY = "activity"
RECOMMENDATION = "recommendation"
REQUEST = "request"
OFFER = "offer"


@dataclass(frozen=True)
class Kind:
    one: Promise
    many: Promise


KINDS = {
    ACTIVITY: Kind(_("Activity"), _("Activities")),
    RECOMMENDATION: Kind(_("Recommendation"), _("Recommendations")),
    REQUEST: Kind(_("Request"), _("Requests")),
    OFFER: Kind(_("Offer"), _("Offers")),
}
