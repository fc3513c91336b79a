"""Every figure of the annual report, gathered from the database.

Activities count only when public now (``Activity.objects.public()``):
*new* ones were published in the period, *updated* ones were published
before it and edited during it; together they are the period's activities,
which the breakdowns, good practices and the annex describe. Requests,
offers, matches and consent decisions are OHCHR's own aggregates over
everything dated in the period, never naming anything unpublished.

Labels are resolved in the active language, so call this inside
``translation.override``; the counts do not depend on it."""

from __future__ import annotations

import datetime as dt
import statistics as stats

from django.db.models import Q, QuerySet

from uprtc.activities.choices import ConsentStatus
from uprtc.activities.models import Activity, ActivityOrganization, Consent
from uprtc.activities.statistics import breakdowns, day_start, public_activities
from uprtc.activities.statistics import updated_activities as edited_in
from uprtc.actors.models import public_names
from uprtc.coverage.compute import tally
from uprtc.coverage.services import accepted, covered_ids
from uprtc.matching.models import (
    AssistanceRequest,
    Match,
    MatchStatus,
    Offer,
    RequestStatus,
)
from uprtc.reports import labels
from uprtc.reports.data import AnnexRow, AnnualFigures, ConsentFigures, Row

# report name → breakdown of uprtc.activities.statistics, in report order
BREAKDOWNS = {
    "region": "by_region",
    "regional_group": "by_regional_group",
    "theme": "by_theme",
    "sdg_goal": "by_sdg_goal",
    "actor_type": "by_actor_type",
    "modality": "by_modality",
    "cooperation_type": "by_cooperation_type",
    "funding_source": "by_funding_source",
}


def period_activities(start: dt.date, end: dt.date) -> QuerySet[Activity]:
    new = public_activities(since=start, until=end).values("pk")
    updated = edited_in(start, end).values("pk")
    return Activity.objects.filter(Q(pk__in=new) | Q(pk__in=updated))


def _in_period(qs: QuerySet, name: str, start: dt.date, end: dt.date) -> QuerySet:
    after = day_start(end + dt.timedelta(days=1))
    return qs.filter(**{f"{name}__gte": day_start(start), f"{name}__lt": after})


def _status_rows(qs: QuerySet, choices: type) -> list[Row]:
    counts: dict[str, int] = {}
    for status in qs.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return [Row(c.value, str(c.label), counts.get(c.value, 0)) for c in choices]


def consent_figures(start: dt.date, end: dt.date) -> ConsentFigures:
    decided = _in_period(Consent.objects.all(), "decided_at", start, end)
    days = [
        (decided_at - requested_at).total_seconds() / 86400
        for requested_at, decided_at in decided.filter(
            status__in=[ConsentStatus.GRANTED, ConsentStatus.REFUSED],
            requested_at__isnull=False,
        ).values_list("requested_at", "decided_at")
    ]
    count = {
        s: decided.filter(status=s).count()
        for s in (ConsentStatus.GRANTED, ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN)
    }
    return ConsentFigures(
        asked=_in_period(Consent.objects.all(), "requested_at", start, end).count(),
        granted=count[ConsentStatus.GRANTED],
        refused=count[ConsentStatus.REFUSED],
        withdrawn=count[ConsentStatus.WITHDRAWN],
        median_days=round(stats.median(days), 1) if days else None,
    )


def matchmaking(start: dt.date, end: dt.date) -> dict[str, list[Row]]:
    # the report is public: what is public only, as on every public channel
    offers = _in_period(Offer.objects.public(), "created_at", start, end)
    active = offers.filter(active=True).count()
    return {
        "requests": _status_rows(
            _in_period(AssistanceRequest.objects.public(), "created_at", start, end),
            RequestStatus,
        ),
        "offers": [
            Row("active", str(labels.OFFER_ACTIVE), active),
            Row("inactive", str(labels.OFFER_INACTIVE), offers.count() - active),
        ],
        "matches": _status_rows(
            _in_period(Match.objects.public(), "created_at", start, end), MatchStatus
        ),
    }


def annex_rows(qs: QuerySet[Activity]) -> list[AnnexRow]:
    """One row per activity, in three queries whatever the number of rows."""
    ids = qs.values("pk")
    states: dict[int, list[str]] = {}
    names = labels.country_names()
    for activity_id, country_id in Consent.objects.filter(activity__in=ids).values_list(
        "activity_id", "country_id"
    ):
        states.setdefault(activity_id, []).append(names.get(country_id, ""))
    orgs: dict[int, list[str]] = {}
    participants = ActivityOrganization.objects.filter(activity__in=ids)
    # public_name: an anonymous CSO appears in the report by its label only
    labels_ = public_names(participants.values("organization"))
    for activity_id, org_id, name in participants.values_list(
        "activity_id", "organization_id", "name"
    ):
        org = labels_.get(org_id, "")
        found = orgs.setdefault(activity_id, [])
        if (org or name) and (org or name) not in found:
            found.append(org or name)
    status = labels.choice_labels("implementation_status")
    rows = Activity.objects.filter(pk__in=ids).order_by("published_at", "pk")
    return [
        AnnexRow(
            title=title,
            states=", ".join(sorted(states.get(pk, []))),
            organizations="; ".join(orgs.get(pk, [])),
            start=start_date,
            end=end_date,
            status=status.get(impl, ""),
            published=published.date() if published else None,
        )
        for pk, title, start_date, end_date, impl, published in rows.values_list(
            "pk",
            "title",
            "start_date",
            "end_date",
            "implementation_status",
            "published_at",
        )
    ]


def gather(start: dt.date, end: dt.date) -> AnnualFigures:
    """Every figure of the report for the period [start, end], both inclusive."""
    period = period_activities(start, end)
    ids = period.values("pk")
    counts = breakdowns(period, list(BREAKDOWNS.values()))
    recs = accepted()
    ever = accepted().values_list("pk", flat=True)
    made = matchmaking(start, end)
    return AnnualFigures(
        start=start,
        end=end,
        total_public=public_activities(until=end).count(),
        new=public_activities(since=start, until=end).count(),
        updated=edited_in(start, end).count(),
        states=Consent.objects.filter(activity__in=ids)
        .values("country")
        .distinct()
        .count(),
        organizations=ActivityOrganization.objects.filter(
            activity__in=ids, organization__isnull=False
        )
        .values("organization")
        .distinct()
        .count(),
        good_practices=period.filter(good_practice=True).count(),
        breakdowns={
            name: labels.rows(name, counts[key], Row)
            for name, key in BREAKDOWNS.items()
        },
        coverage_start=tally(
            ever,
            covered_ids(recs, published_until=start - dt.timedelta(days=1)),
        ),
        coverage_end=tally(ever, covered_ids(recs, published_until=end)),
        requests=made["requests"],
        offers=made["offers"],
        matches=made["matches"],
        consent=consent_figures(start, end),
        good_practice_list=annex_rows(period.filter(good_practice=True)),
        annex=annex_rows(period),
    )
