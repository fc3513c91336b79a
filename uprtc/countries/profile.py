"""A State's profile: what the public may know about it, in one object.

``country_profile`` gathers the public blocks (UPR cycles, coverage of
accepted recommendations by theme, cooperation received and provided,
requests and offers, the national implementation plan); every activity,
request, offer and organization comes from its ``public()`` queryset, so a
draft, a refused or withdrawn consent (of any concerned State) or a hidden
request is neither shown nor counted. The result holds plain values and a
few model instances, already evaluated, so that it can be cached under the
publication version.

``actions_waiting`` is personal (what the State's focal point, or a
moderator, has to decide for this State): it is never cached and never part
of the public profile."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet
from django.utils.text import Truncator

from uprtc.activities.choices import ConsentStatus, OrgRole, Review
from uprtc.activities.models import Activity, ActivityOrganization, Consent
from uprtc.activities.statistics import public_activities
from uprtc.actors.models import OrgType
from uprtc.countries.models import Country
from uprtc.coverage.compute import Tally
from uprtc.coverage.services import UNTHEMED, state_coverage
from uprtc.matching.models import (
    AssistanceRequest,
    Match,
    MatchStatus,
    Offer,
    RequestStatus,
)
from uprtc.nmirf.models import NationalTracking
from uprtc.nmirf.services import can_import
from uprtc.recommendations.models import Recommendation, Response
from uprtc.taxonomies.models import SdgGoal, Theme

CARDS = 12  # activities shown per block; the rest are one link away
THEMES = 12  # coverage bars shown; the coverage page has them all
PROVIDING_ROLES = (OrgRole.PROVIDER, OrgRole.FUNDER, OrgRole.IMPLEMENTER)


@dataclass
class Session:
    """One review of the State (a UPR Working Group session)."""

    cycle: int
    session: int | None
    documents: list[str]
    received: int
    supported: int
    noted: int
    other: int  # partially supported, pledges, no response recorded

    @property
    def supported_percent(self) -> int:
        return round(100 * self.supported / self.received) if self.received else 0


@dataclass
class ThemeBar:
    slug: str
    name: str
    tally: Tally

    @property
    def width(self) -> int:
        """Width of the fill in a 0–100 ``svg.meter``."""
        return round(100 * self.tally.share)

    @property
    def percent(self) -> int:
        return round(100 * self.tally.share)


@dataclass
class ActivityCard:
    pk: int
    title: str
    summary: str
    language: str
    recommendations: int
    states: list[Country]
    providers: list[str]
    themes: list[Theme]
    goals: list[SdgGoal]
    status: str
    start_year: int | None
    end_year: int | None
    good_practice: bool


@dataclass
class OfferCard:
    pk: int
    expertise: str
    language: str
    organization: str
    is_state: bool
    countries: list[Country]
    goals: list[SdgGoal]
    themes: list[Theme]
    funding_available: bool
    # States this State recommended something to, among those it serves
    # (resolution 54/28, para. 7: recommending States helping implementation)
    recommended: list[Country] = field(default_factory=list)


@dataclass
class RequestCard:
    pk: int
    need: str
    language: str
    status: str
    themes: list[Theme]
    goals: list[SdgGoal]
    matches: int


@dataclass
class Plan:
    """The State's implementation plan (NMIRF): always downloadable, since
    it is built from public data; ``tracked`` rows carry the State's own
    follow-up."""

    supported: int
    tracked: int
    last_update: Any  # a datetime or None


@dataclass
class CountryProfile:
    country: Country
    received: int
    accepted: int
    coverage: Tally
    made: int
    timeline: list[Session]
    themes: list[ThemeBar]
    themes_total: int
    activities_received: int
    received_cards: list[ActivityCard]
    activities_provided: int
    provided_cards: list[ActivityCard]
    offers_by_state: list[OfferCard]
    requests: list[RequestCard]
    offers_for_state: list[OfferCard]
    plan: Plan

    @property
    def coverage_percent(self) -> int:
        return round(100 * self.coverage.share)


# --- the public profile --------------------------------------------------


def country_profile(country: Country) -> CountryProfile:
    received = Recommendation.objects.filter(state_under_review=country)
    coverage = state_coverage(country)
    bars = _theme_bars(coverage.by_theme)
    got = _newest_first(public_activities(state=country))
    provided = _newest_first(_provided(country))
    return CountryProfile(
        country=country,
        received=received.count(),
        accepted=coverage.total.accepted,
        coverage=coverage.total,
        made=Recommendation.objects.filter(recommending_states=country).count(),
        timeline=_timeline(received),
        themes=bars[:THEMES],
        themes_total=len(bars),
        activities_received=len(got),
        received_cards=activity_cards(got[:CARDS]),
        activities_provided=len(provided),
        provided_cards=activity_cards(provided[:CARDS]),
        offers_by_state=_offers_by(country),
        requests=_requests(country),
        offers_for_state=_offers_for(country),
        plan=_plan(country),
    )


def _timeline(received: QuerySet[Recommendation]) -> list[Session]:
    """One row per review session, newest first. The UPR Working Group
    report's symbol (A/HRC/…) is the only dated reference we hold; we show
    no calendar date rather than guess one."""
    rows = (
        received.values("cycle", "session")
        .annotate(
            total=Count("id"),
            supported=Count("id", filter=Q(response=Response.SUPPORTED)),
            noted=Count("id", filter=Q(response=Response.NOTED)),
        )
        .order_by("-cycle", "-session")
    )
    documents: dict[tuple[int, int | None], set[str]] = defaultdict(set)
    for cycle, session, symbol in (
        received.exclude(document_symbol="")
        .values_list("cycle", "session", "document_symbol")
        .order_by()
        .distinct()
    ):
        documents[(cycle, session)].add(symbol)
    return [
        Session(
            cycle=r["cycle"],
            session=r["session"],
            documents=sorted(documents[(r["cycle"], r["session"])]),
            received=r["total"],
            supported=r["supported"],
            noted=r["noted"],
            other=r["total"] - r["supported"] - r["noted"],
        )
        for r in rows
    ]


def _theme_bars(by_theme: dict[str, Tally]) -> list[ThemeBar]:
    names = {t.slug: t.name for t in Theme.objects.filter(slug__in=by_theme)}
    bars = [
        ThemeBar(slug, names.get(slug, slug), tally)
        for slug, tally in by_theme.items()
        if slug != UNTHEMED
    ]
    return sorted(bars, key=lambda b: (-b.tally.accepted, b.name))


def _provided(country: Country) -> QuerySet[Activity]:
    """Public activities in which an organization based in this State
    provides, funds or implements (or which it submitted), for at least one
    other State: work at home is cooperation received, not provided. An
    organization named in a public activity is public by the definition of
    ``Organization.objects.public()``, so starting from the public
    activities names no hidden organization, and spares that query's
    subqueries on every rebuild."""
    providing = ActivityOrganization.objects.filter(
        activity=OuterRef("pk"),
        organization__country=country,
        role__in=PROVIDING_ROLES,
    )
    elsewhere = Consent.objects.filter(activity=OuterRef("pk")).exclude(country=country)
    return Activity.objects.public().filter(
        Exists(providing) | Q(submitter_org__country=country), Exists(elsewhere)
    )


def _newest_first(qs: QuerySet[Activity]) -> list[int]:
    """Ids only: the public filter runs once, for the count and the cards."""
    return list(qs.order_by("-published_at", "-pk").values_list("pk", flat=True))


def activity_cards(ids: list[int]) -> list[ActivityCard]:
    """Cards of the activities ``ids`` (public ones), in that order."""
    found = (
        Activity.objects.filter(pk__in=ids)
        .annotate(n_recommendations=Count("recommendations", distinct=True))
        .select_related("submitter_org")
        .prefetch_related(
            "concerned_states",
            "themes",
            "sdg_goals",
            "participants__organization",
        )
        .in_bulk()
    )
    activities = [found[pk] for pk in ids if pk in found]
    cards = []
    for a in activities:
        providers = [
            p.display_name for p in a.participants.all() if p.role in PROVIDING_ROLES
        ]
        if not providers and a.submitter_org_id:
            providers = [a.submitter_org.public_name]
        cards.append(
            ActivityCard(
                pk=a.pk,
                title=a.title,
                summary=Truncator(a.description).words(30),
                language=a.language,
                recommendations=a.n_recommendations,
                states=sorted(a.concerned_states.all(), key=lambda c: c.name),
                providers=sorted(set(providers)),
                themes=list(a.themes.all())[:3],
                goals=sorted(a.sdg_goals.all(), key=lambda g: g.number),
                status=a.get_implementation_status_display(),
                start_year=a.start_date.year if a.start_date else None,
                end_year=a.end_date.year if a.end_date else None,
                good_practice=a.good_practice,
            )
        )
    return cards


def _offer_cards(offers: QuerySet[Offer]) -> list[OfferCard]:
    offers = offers.select_related("organization").prefetch_related(
        "countries", "sdg_goals", "themes"
    )
    cards = []
    for o in offers:
        served = sorted(o.countries.all(), key=lambda c: c.name)
        cards.append(
            OfferCard(
                pk=o.pk,
                expertise=o.expertise,
                language=o.language,
                organization=o.organization.public_name,
                is_state=o.organization.org_type == OrgType.STATE,
                countries=served,
                goals=sorted(o.sdg_goals.all(), key=lambda g: g.number),
                themes=list(o.themes.all())[:3],
                funding_available=o.funding_available,
            )
        )
    return cards


def _offers_by(country: Country) -> list[OfferCard]:
    """Public, active offers of organizations based in this State; those
    serving a State it made recommendations to say so. (An organization
    with a public offer is a public organization by definition.)"""
    offers = Offer.objects.public().filter(active=True, organization__country=country)
    cards = _offer_cards(offers.order_by("-created_at")[:CARDS])
    if any(c.countries for c in cards):
        recommended = set(
            Recommendation.objects.filter(recommending_states=country)
            .values_list("state_under_review", flat=True)
            .order_by()
            .distinct()
        )
        for card in cards:
            card.recommended = [c for c in card.countries if c.pk in recommended]
    # recommending States' help first: what resolution 54/28 asks to show
    return sorted(cards, key=lambda c: not c.recommended)


def _offers_for(country: Country) -> list[OfferCard]:
    """Public, active offers naming this State among the countries served,
    or its region or sub-region."""
    regions = [r.m49 for r in (country.region, country.subregion) if r is not None]
    public = Offer.objects.public().filter(active=True)
    ids = set(public.filter(countries=country).values_list("pk", flat=True))
    for pk, served in public.exclude(regions=[]).values_list("pk", "regions"):
        if set(map(str, served or [])) & set(regions):
            ids.add(pk)
    offers = Offer.objects.public().filter(pk__in=ids).order_by("-created_at")
    return _offer_cards(offers[:CARDS])


def _requests(country: Country) -> list[RequestCard]:
    public_matches = Match.objects.public().values("pk")
    reqs = (
        AssistanceRequest.objects.public()
        .filter(state=country, status__in=(RequestStatus.OPEN, RequestStatus.MATCHED))
        .annotate(
            n=Count("matches", filter=Q(matches__in=public_matches), distinct=True)
        )
        .prefetch_related("themes", "sdg_goals")
        .order_by("-created_at")[:CARDS]
    )
    return [
        RequestCard(
            pk=r.pk,
            need=r.need,
            language=r.language,
            status=r.get_status_display(),
            themes=list(r.themes.all())[:3],
            goals=sorted(r.sdg_goals.all(), key=lambda g: g.number),
            matches=r.n,
        )
        for r in reqs
    ]


def _plan(country: Country) -> Plan:
    tracked = NationalTracking.objects.filter(
        recommendation__state_under_review=country
    ).aggregate(n=Count("pk"), last=Max("updated_at"))
    return Plan(
        supported=Recommendation.objects.accepted()
        .filter(state_under_review=country)
        .count(),
        tracked=tracked["n"],
        last_update=tracked["last"],
    )


# --- what waits for the State's focal point ------------------------------


@dataclass
class Waiting:
    consents: int
    oldest_consent: Any  # when the oldest waiting consent was requested
    matches: int  # the provider is interested: the State accepts or declines
    proposed: int  # proposed matches on the State's requests

    @property
    def total(self) -> int:
        return self.consents + self.matches


def actions_waiting(user: Any, country: Country) -> Waiting | None:
    """Counts only, with links to the desk and the matchmaking pages, where
    the items are listed: the profile is a public page, and its public
    channels must not name an activity before it is published."""
    # the State's own focal point, or a moderator (who records decisions
    # received through official channels): the rule of the plan's import
    if not can_import(user, country):
        return None
    consents = Consent.objects.filter(
        country=country,
        status=ConsentStatus.REQUESTED,
        activity__review=Review.APPROVED,
        activity__merged_into__isnull=True,
    ).aggregate(n=Count("pk"), oldest=Min("requested_at"))
    matches = (
        Match.objects.visible_to(user)
        .filter(request__state=country)
        .aggregate(
            interested=Count("pk", filter=Q(status=MatchStatus.INTERESTED)),
            proposed=Count("pk", filter=Q(status=MatchStatus.PROPOSED)),
        )
    )
    return Waiting(
        consents=consents["n"],
        oldest_consent=consents["oldest"],
        matches=matches["interested"],
        proposed=matches["proposed"],
    )
