"""Every figure of a State's report section for one UPR cycle, gathered from
published data only.

Activities start from ``Activity.objects.public()``, requests and matches
from their ``public()`` querysets, coverage from ``uprtc.coverage``: the
section says what the public pages and the API say. Recommendations are
grouped into clusters by the group of their UHRI themes; a recommendation
with themes in several clusters appears in each.

Labels are resolved in the active language, so call this inside
``translation.override``; the counts do not depend on it."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from uprtc.activities.choices import OrgRole
from uprtc.activities.models import Activity, ActivityOrganization, Consent
from uprtc.actors.models import OrgType, public_names
from uprtc.core.errors import DomainError
from uprtc.countries.models import Country
from uprtc.coverage.compute import tally
from uprtc.coverage.services import accepted, covered_ids
from uprtc.matching.models import (
    AssistanceRequest,
    Match,
    MatchStatus,
    RequestStatus,
)
from uprtc.recommendations.models import Recommendation
from uprtc.reports import labels
from uprtc.reports.data import (
    ActivityLine,
    Cluster,
    RecommendationLine,
    RequestLine,
    StateFigures,
)
from uprtc.reports.figures import annex_rows
from uprtc.taxonomies.models import THEME_GROUPS, Theme

# the section presents its clusters in the themes' group order
CLUSTERS = THEME_GROUPS
UNCLASSIFIED = "-"
# a request still waiting for cooperation; fulfilled or closed ones are done
OPEN_REQUESTS = (RequestStatus.OPEN, RequestStatus.MATCHED, RequestStatus.IN_PROGRESS)
PROVIDING_ROLES = (OrgRole.PROVIDER, OrgRole.FUNDER)


def state(iso3: str) -> Country:
    found = Country.objects.filter(iso3=(iso3 or "").strip().upper()).first()
    if found is None:
        raise DomainError(
            _("No State has the code %(code)s (ISO 3166-1 alpha-3).") % {"code": iso3},
            field="state",
        )
    return found


def check_cycle(country: Country, cycle: int) -> None:
    if not Recommendation.objects.filter(
        state_under_review=country, cycle=cycle
    ).exists():
        raise DomainError(
            _("%(state)s received no recommendation in cycle %(cycle)s.")
            % {"state": country.name, "cycle": cycle},
            field="cycle",
        )


def latest_cycle(country: Country) -> int | None:
    return (
        Recommendation.objects.filter(state_under_review=country)
        .order_by("-cycle")
        .values_list("cycle", flat=True)
        .first()
    )


def _funding(source: str, budget, currency: str, names: dict[str, str]) -> str:
    parts = [names.get(source, "")] if source else []
    if budget:
        parts.append(f"{budget:.0f} {currency}".strip())
    return "; ".join(p for p in parts if p)


def _organizations(ids) -> dict[int, list[tuple[str, str]]]:
    """activity id → (name, role label) of each participant."""
    roles = {c.value: str(c.label) for c in OrgRole}
    out: dict[int, list[tuple[str, str]]] = {}
    participants = ActivityOrganization.objects.filter(activity__in=ids)
    # public_name: an anonymous CSO appears in the report by its label only
    labels_ = public_names(participants.values("organization"))
    rows = participants.values_list("activity_id", "organization_id", "name", "role")
    for activity_id, org_id, name, role in rows.order_by("pk"):
        org = labels_.get(org_id, "")
        if org or name:
            out.setdefault(activity_id, []).append((org or name, roles.get(role, "")))
    return out


def activity_lines(
    qs: QuerySet[Activity], rec_paragraphs: dict[int, str] | None = None
) -> list[ActivityLine]:
    """One line per activity, in a fixed number of queries."""
    ids = qs.values("pk")
    orgs = _organizations(ids)
    names = labels.country_names()
    states: dict[int, list[str]] = {}
    for activity_id, country_id in Consent.objects.filter(activity__in=ids).values_list(
        "activity_id", "country_id"
    ):
        states.setdefault(activity_id, []).append(names.get(country_id, ""))
    recs: dict[int, list[str]] = {}
    if rec_paragraphs:
        through = Activity.recommendations.through
        for activity_id, rec_id in through.objects.filter(
            activity__in=ids, recommendation__in=list(rec_paragraphs)
        ).values_list("activity_id", "recommendation_id"):
            recs.setdefault(activity_id, []).append(rec_paragraphs[rec_id])
    funding = labels.choice_labels("funding_source")
    rows = Activity.objects.filter(pk__in=ids).order_by("start_date", "title", "pk")
    return [
        ActivityLine(
            pk=pk,
            title=title,
            organizations="; ".join(f"{n} ({r})" for n, r in orgs.get(pk, [])),
            start=start,
            end=end,
            funding=_funding(source, budget, currency, funding),
            states=", ".join(sorted(states.get(pk, []))),
            recommendations=", ".join(sorted(recs.get(pk, []))),
        )
        for pk, title, start, end, source, budget, currency in rows.values_list(
            "pk",
            "title",
            "start_date",
            "end_date",
            "funding_source",
            "budget",
            "currency",
        )  # fmt: skip
    ]


def _cluster_of_recommendations(recs: QuerySet[Recommendation]) -> dict[str, set[int]]:
    group_of = dict(Theme.objects.values_list("slug", "group"))
    clusters: dict[str, set[int]] = {}
    for pk, slug in recs.values_list("pk", "themes__slug"):
        key = (group_of.get(slug) or UNCLASSIFIED) if slug else UNCLASSIFIED
        clusters.setdefault(key if key in CLUSTERS else UNCLASSIFIED, set()).add(pk)
    # a recommendation with a theme is not also listed as unclassified
    themed = set().union(*(v for k, v in clusters.items() if k != UNCLASSIFIED))
    if UNCLASSIFIED in clusters:
        clusters[UNCLASSIFIED] -= themed
        if not clusters[UNCLASSIFIED]:
            del clusters[UNCLASSIFIED]
    return clusters


def _paragraph(rec: Recommendation) -> str:
    return rec.paragraph or f"#{rec.pk}"


def clusters(recs: QuerySet[Recommendation], covered: set[int]) -> list[Cluster]:
    by_key = _cluster_of_recommendations(recs)
    lines = {
        r.pk: RecommendationLine(r.pk, _paragraph(r), r.text, r.pk in covered)
        for r in recs.only("pk", "paragraph", "text")
    }
    paragraphs = {pk: line.paragraph for pk, line in lines.items()}
    public = Activity.objects.public()
    out = []
    for key in [*CLUSTERS, UNCLASSIFIED]:
        if key not in by_key:
            continue
        ids = by_key[key]
        supporting = public.filter(recommendations__in=ids).distinct()
        out.append(
            Cluster(
                key=key,
                label=str(CLUSTERS.get(key, _("Recommendations without a theme"))),
                coverage=tally(ids, covered),
                activities=activity_lines(
                    supporting, {pk: paragraphs[pk] for pk in ids}
                ),
                uncovered=sorted(
                    (lines[pk] for pk in ids if pk not in covered),
                    key=lambda r: (_natural(r.paragraph), r.pk),
                ),
            )
        )
    return out


def _natural(paragraph: str) -> tuple:
    """ "115.9" before "115.10"."""
    return tuple(int(p) if p.isdigit() else 0 for p in paragraph.split("."))


def requests(country: Country) -> list[RequestLine]:
    open_ = (
        AssistanceRequest.objects.public()
        .filter(state=country, status__in=OPEN_REQUESTS)
        .order_by("created_at", "pk")
    )
    statuses = {c.value: str(c.label) for c in RequestStatus}
    match_status = {c.value: str(c.label) for c in MatchStatus}
    found: dict[int, list[str]] = {}
    matches = (
        Match.objects.public()
        .filter(request__in=open_.values("pk"))
        .order_by("-score", "pk")
        .values_list("request_id", "offer__organization", "status")
    )
    # public_name: an anonymous CSO appears in the report by its label only
    orgs = public_names(matches.values("offer__organization"))
    for request_id, org_id, status in matches:
        org = orgs.get(org_id, "")
        found.setdefault(request_id, []).append(f"{org} ({match_status[status]})")
    return [
        RequestLine(
            need=r.need,
            status=statuses.get(r.status, r.status),
            created=r.created_at.date(),
            matches=found.get(r.pk, []),
        )
        for r in open_
    ]


def provided(country: Country) -> list[ActivityLine]:
    """Published activities in which a body of the State (an organization of
    type State, of that country) is a provider or a funder, for at least one
    other State (res. 54/28, para 7)."""
    own = ActivityOrganization.objects.filter(
        role__in=PROVIDING_ROLES,
        organization__org_type=OrgType.STATE,
        organization__country=country,
    ).values("activity")
    others = Consent.objects.exclude(country=country).values("activity")
    qs = Activity.objects.public().filter(pk__in=own).filter(pk__in=others)
    return activity_lines(qs)


def gather(country: Country, cycle: int) -> StateFigures:
    recs = accepted().filter(state_under_review=country, cycle=cycle)
    covered = covered_ids(recs)
    supporting = Activity.objects.public().filter(recommendations__in=recs)
    return StateFigures(
        iso3=country.iso3,
        state=country.name,
        cycle=cycle,
        public_activities=Activity.objects.public()
        .filter(consents__country=country)
        .count(),
        coverage=tally(recs.values_list("pk", flat=True), covered),
        clusters=clusters(recs, covered),
        requests=requests(country),
        provided=provided(country),
        annex=annex_rows(Activity.objects.filter(pk__in=supporting.values("pk"))),
    )
