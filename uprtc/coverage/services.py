"""Loading the rows coverage is computed from. Coverage counts only
published activities: everything starts from ``Activity.objects.public()``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet

from uprtc.activities.models import Activity
from uprtc.countries.models import Country
from uprtc.coverage.compute import Tally, by_key, matrix, tally
from uprtc.recommendations.continuity import confirmed_ancestors
from uprtc.recommendations.models import ContinuityLink, Recommendation

UNTHEMED = "-"


def accepted() -> QuerySet[Recommendation]:
    return Recommendation.objects.accepted()


def covered_ids(
    recommendations: QuerySet[Recommendation] | None = None,
    *,
    published_until: dt.date | None = None,
) -> set[int]:
    """Ids of the accepted recommendations linked to a published activity;
    with ``published_until``, as they stood at the end of that day (the
    annual report compares the start and the end of its period)."""
    through = Activity.recommendations.through
    public = Activity.objects.public()
    if published_until is not None:
        public = public.filter(published_at__date__lte=published_until)
    rows = through.objects.filter(activity__in=public)
    if recommendations is not None:
        rows = rows.filter(recommendation__in=recommendations)
    return set(rows.values_list("recommendation_id", flat=True))


def covered_earlier_ids(
    recommendations: QuerySet[Recommendation], covered: set[int]
) -> set[int]:
    """Of these recommendations, those with no published activity of their
    own (not in ``covered``) that continue, through confirmed links, an
    earlier cycle's recommendation with one."""
    later = (
        set(
            ContinuityLink.objects.public()
            .filter(later__in=recommendations)
            .values_list("later_id", flat=True)
        )
        - covered
    )
    if not later:
        return set()
    through = Activity.recommendations.through
    supported = set(
        through.objects.filter(
            activity__in=Activity.objects.public(),
            recommendation__continued_by__in=ContinuityLink.objects.public(),
        ).values_list("recommendation_id", flat=True)
    )
    ancestors = confirmed_ancestors(later)
    return {pk for pk, found in ancestors.items() if found & supported}


@dataclass
class StateCoverage:
    country: Country
    total: Tally
    by_cycle: dict[str, Tally]
    by_theme: dict[str, Tally]
    uncovered: QuerySet[Recommendation]
    covered_earlier: set[int] = field(default_factory=set)


def state_coverage(country: Country) -> StateCoverage:
    recs = accepted().filter(state_under_review=country)
    covered = covered_ids(recs)
    earlier = covered_earlier_ids(recs, covered)
    ids = list(recs.values_list("pk", flat=True))
    cycles = recs.values_list("pk", "cycle")
    themes = list(recs.values_list("pk", "themes__slug"))
    return StateCoverage(
        country=country,
        total=tally(ids, covered, earlier),
        by_cycle=by_key(((pk, str(c)) for pk, c in cycles), covered, earlier),
        by_theme=by_key(
            ((pk, slug or UNTHEMED) for pk, slug in themes), covered, earlier
        ),
        uncovered=recs.exclude(pk__in=covered).order_by("-cycle", "paragraph", "pk"),
        covered_earlier=earlier,
    )


@dataclass
class GlobalCoverage:
    total: Tally
    by_group: dict[str, Tally]
    by_theme: dict[str, Tally]
    cells: dict[tuple[str, str], Tally]
    by_state: dict[str, Tally]


def global_coverage() -> GlobalCoverage:
    recs = accepted()
    covered = covered_ids()
    ids = list(recs.values_list("pk", flat=True))
    groups = list(recs.values_list("pk", "state_under_review__regional_group"))
    themes = list(recs.values_list("pk", "themes__slug"))
    group_of = {pk: g or UNTHEMED for pk, g in groups}
    return GlobalCoverage(
        total=tally(ids, covered),
        by_group=by_key(group_of.items(), covered),
        by_theme=by_key(((pk, s or UNTHEMED) for pk, s in themes), covered),
        cells=matrix(((pk, group_of[pk], s or UNTHEMED) for pk, s in themes), covered),
        by_state=by_key(recs.values_list("pk", "state_under_review__iso3"), covered),
    )
