"""Does what an activity says hang together? A recommendation is addressed to
the State under review: an activity can only support it where it works with
that State. A Slovenia recommendation on a Nigeria-only activity is a slip of
the finder, and a consent asked from Nigeria would not cover it."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from uprtc.countries.models import Country
from uprtc.recommendations.models import Recommendation


def addressed_elsewhere(
    recommendations: Iterable[Recommendation], states: Iterable[Country]
) -> list[Recommendation]:
    """The recommendations addressed to none of ``states``, in the given order."""
    concerned = {s.pk for s in states}
    return [r for r in recommendations if r.state_under_review_id not in concerned]


def reference(rec: Recommendation) -> str:
    """How people cite a recommendation: its State, paragraph and cycle."""
    paragraph = f" {rec.paragraph}" if rec.paragraph else ""
    return f"{rec.state_under_review.iso3}{paragraph} ({rec.cycle})"


def problem(rec: Recommendation) -> str:
    return _(
        "%(rec)s is addressed to %(state)s, which is not among the concerned "
        "States: add %(state)s or remove the recommendation."
    ) % {"rec": reference(rec), "state": rec.state_under_review.name}
