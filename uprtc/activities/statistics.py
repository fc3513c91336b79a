"""Counts over published activities only: the API's statistics and, later,
the annual report read these, so a figure never includes what is not public."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from uprtc.activities.models import Activity, ActivityVersion
from uprtc.countries.models import Country


def day_start(day: dt.date) -> dt.datetime:
    """Midnight in the current time zone: comparing with it uses the index,
    where ``__date`` calls a function on every row (SQLite)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def public_activities(
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    state: Country | None = None,
) -> QuerySet[Activity]:
    qs = Activity.objects.public()
    if since:
        qs = qs.filter(published_at__gte=day_start(since))
    if until:
        qs = qs.filter(published_at__lt=day_start(until + dt.timedelta(days=1)))
    if state is not None:
        qs = qs.filter(consents__country=state)
    return qs


def _count_by(qs: QuerySet[Activity], field: str) -> dict[str, int]:
    # Counting distinct activities per value: an activity about two States
    # counts once for each State, once in the total.
    ids = qs.values("pk")
    rows = (
        Activity.objects.filter(pk__in=ids)
        .exclude(**{f"{field}__isnull": True})
        .values(field)
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", field)
    )
    return {str(r[field]): r["n"] for r in rows if r[field] not in ("", None)}


BREAKDOWNS = {
    "by_state": "consents__country__iso3",
    "by_region": "consents__country__region__m49",
    "by_regional_group": "consents__country__regional_group",
    "by_theme": "themes__slug",
    "by_sdg_goal": "sdg_goals__number",
    "by_actor_type": "participants__organization__org_type",
    "by_submitter_type": "submitter_org__org_type",
    "by_modality": "modality",
    "by_cooperation_type": "cooperation_type",
    "by_funding_source": "funding_source",
    "by_implementation_status": "implementation_status",
}


def breakdowns(qs: QuerySet[Activity], names: list[str]) -> dict[str, dict[str, int]]:
    """Only the named breakdowns (keys of ``BREAKDOWNS``): the annual report
    needs eight of them over tens of thousands of activities."""
    return {name: _count_by(qs, BREAKDOWNS[name]) for name in names}


def updated_activities(since: dt.date, until: dt.date) -> QuerySet[Activity]:
    """Public now, published before ``since`` and edited between the dates
    (inclusive): the last edit time, or a version snapshot taken then."""
    first, after = day_start(since), day_start(until + dt.timedelta(days=1))
    edited = Q(updated_at__gte=first, updated_at__lt=after) | Q(
        pk__in=ActivityVersion.objects.filter(at__gte=first, at__lt=after).values(
            "activity"
        )
    )
    return Activity.objects.public().filter(edited, published_at__lt=first)


def activity_statistics(qs: QuerySet[Activity]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "activities": qs.count(),
        "good_practices": qs.filter(good_practice=True).count(),
        "states_concerned": Country.objects.filter(
            consents__activity__in=qs.values("pk")
        )
        .distinct()
        .count(),
    }
    for name, field in BREAKDOWNS.items():
        out[name] = _count_by(qs, field)
    years = (
        Activity.objects.filter(pk__in=qs.values("pk"))
        .annotate(year=ExtractYear("published_at"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    )
    out["by_year_published"] = {str(r["year"]): r["n"] for r in years}
    return out
