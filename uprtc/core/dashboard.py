"""The home page's dashboard: headline figures, the world map, the latest
published activities and the open requests for assistance.

Public data only, and the same numbers as the API: activity, request and
offer figures come from ``uprtc.statistics.figures.data`` (what ``GET
/api/v1/statistics`` returns: ``activity_statistics(public_activities())``
and ``matchmaking``), coverage of accepted recommendations from
``global_coverage`` (``GET /api/v1/coverage``). Each block is cached under
the publication version (see ``uprtc.core.publication``), so a warm home
page makes no query at all."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from uprtc.activities.models import Activity
from uprtc.activities.statistics import public_activities
from uprtc.core.publication import cached
from uprtc.countries import worldmap
from uprtc.countries.models import Country
from uprtc.coverage.services import GlobalCoverage, global_coverage
from uprtc.matching.models import AssistanceRequest, RequestStatus
from uprtc.statistics.figures import data as statistics_data
from uprtc.taxonomies.models import SdgGoal, Theme

ACTIVITY_CARDS = 6
REQUEST_CARDS = 4
MAP_KINDS = ("activities", "coverage")


@dataclass
class Figures:
    activities: int
    states_concerned: int
    accepted: int  # accepted (supported) recommendations
    covered: int  # … of which linked to a published activity
    open_requests: int
    offers_active: int

    @property
    def covered_percent(self) -> int:
        return round(100 * self.covered / self.accepted) if self.accepted else 0


def figures() -> Figures:
    stats, total = _statistics(), _coverage().total
    return Figures(
        activities=stats["activities"],
        states_concerned=stats["states_concerned"],
        accepted=total.accepted,
        covered=total.covered,
        open_requests=stats["matchmaking"]["requests_by_status"].get(
            RequestStatus.OPEN, 0
        ),
        offers_active=stats["matchmaking"]["offers_active"],
    )


def _statistics() -> dict[str, Any]:
    """``GET /api/v1/statistics`` for all States, cached once for the six
    languages and shared with the statistics page."""
    return statistics_data(None)


def _coverage() -> GlobalCoverage:
    """``GET /api/v1/coverage``'s figures; counts do not depend on the
    language, so one cached copy serves all six."""
    with translation.override(settings.LANGUAGE_CODE):
        return cached("global-coverage", global_coverage)


# --- the map ----------------------------------------------------------------
@dataclass
class MapRow:
    """One line of the map's table alternative."""

    iso3: str
    name: str
    href: str
    value: int  # activities, or percent covered
    accepted: int = 0  # coverage only: the denominator


@dataclass
class WorldMap:
    kind: str
    svg: SafeString
    legend: SafeString
    description: str
    rows: list[MapRow] = field(default_factory=list)
    table: SafeString = SafeString("")


def _table_rows(kind: str, rows: list[MapRow]) -> SafeString:
    """The table's body, rendered here and cached with the map: a hundred-odd
    rows through the template engine would cost the page more than all the
    rest of it."""
    if kind == "coverage":
        return format_html_join(
            "",
            '<tr><th scope="row"><a href="{}">{}</a></th>'
            '<td class="num">{}</td><td class="num">{}%</td></tr>',
            ((r.href, r.name, _num(r.accepted), r.value) for r in rows),
        )
    return format_html_join(
        "",
        '<tr><th scope="row"><a href="{}">{}</a></th><td class="num">{}</td></tr>',
        ((r.href, r.name, _num(r.value)) for r in rows),
    )


def _num(value: int) -> str:
    return number_format(value, force_grouping=True)


def world_map(kind: str) -> WorldMap:
    """The choropleth of ``kind`` ("activities" or "coverage") with its
    legend and table, cached by kind."""
    kind = kind if kind in MAP_KINDS else MAP_KINDS[0]
    return cached("home-map", lambda: _build_map(kind), kind)


def _build_map(kind: str) -> WorldMap:
    states = {c.iso3: c for c in Country.objects.states()}
    if kind == "coverage":
        tallies = _coverage().by_state
        values = {k: round(100 * t.share) for k, t in tallies.items() if t.accepted}
        denominators = {k: t.accepted for k, t in tallies.items()}
        bins = worldmap.percent_bins()
    else:
        values = _statistics()["by_state"]
        denominators = {}
        bins = worldmap.count_bins(values.values())
    # a territory with data (an activity about Western Sahara) has a profile
    # page too: it is linked like a State
    extra = set(values) - set(states)
    states.update({c.iso3: c for c in Country.objects.filter(iso3__in=extra)})
    hrefs = {iso3: reverse("countries-detail", args=[iso3]) for iso3 in states}
    names = {iso3: c.name for iso3, c in states.items()}

    def label(iso3: str, value: int | float | None) -> str:
        return _label(kind, names[iso3], value, denominators.get(iso3, 0))

    if kind == "coverage":
        title = gettext("Coverage of accepted recommendations by State")
        description = gettext(
            "Share of each State's accepted recommendations supported by at "
            "least one published activity; darker is higher."
        )
        zero = gettext("No accepted recommendation recorded")
    else:
        title = gettext("Published activities by State")
        description = gettext(
            "Number of published cooperation activities concerning each "
            "State; darker is more."
        )
        zero = gettext("No published activity")
    # the description is shown under the map (the figure's caption), so the
    # SVG does not repeat it
    svg = worldmap.render(
        values, bins=bins, label_for=label, href_for=hrefs.get, title=title
    )
    items = worldmap.legend(bins, zero, gettext("Not a State in the UPR"))
    rows = [
        MapRow(iso3, names[iso3], hrefs[iso3], int(v), denominators.get(iso3, 0))
        for iso3, v in values.items()
        if iso3 in names
    ]
    rows.sort(key=lambda r: (-r.value, r.name))
    legend = worldmap.legend_html(items, gettext("Legend"))
    return WorldMap(kind, svg, legend, description, rows, _table_rows(kind, rows))


def _label(kind: str, name: str, value: float | None, accepted: int) -> str:
    if kind == "coverage":
        if not accepted:
            # short: said some 190 times in the page
            return gettext("%(state)s: no data") % {"state": name}
        return gettext(
            "%(state)s: %(percent)s%% of %(accepted)s accepted recommendations "
            "supported by an activity"
        ) % {
            "state": name,
            "percent": int(value or 0),
            "accepted": number_format(accepted, force_grouping=True),
        }
    count = int(value or 0)
    return ngettext(
        "%(state)s: %(count)s published activity",
        "%(state)s: %(count)s published activities",
        count,
    ) % {"state": name, "count": number_format(count, force_grouping=True)}


# --- cards --------------------------------------------------------------------
@dataclass
class ActivityCard:
    pk: int
    title: str
    language: str
    states: list[Country]
    themes: list[Theme]
    goals: list[SdgGoal]
    good_practice: bool
    published_at: Any


@dataclass
class RequestCard:
    pk: int
    need: str
    language: str
    state: Country
    themes: list[Theme]
    goals: list[SdgGoal]
    created_at: Any


def latest_activities() -> list[ActivityCard]:
    def build() -> list[ActivityCard]:
        activities = (
            public_activities()
            .order_by("-published_at", "-pk")
            .prefetch_related("concerned_states", "themes", "sdg_goals")
        )[:ACTIVITY_CARDS]
        return [_activity_card(a) for a in activities]

    return cached("home-activities", build)


def _activity_card(a: Activity) -> ActivityCard:
    return ActivityCard(
        pk=a.pk,
        title=a.title,
        language=a.language,
        states=sorted(a.concerned_states.all(), key=lambda c: c.name),
        themes=list(a.themes.all())[:3],
        goals=sorted(a.sdg_goals.all(), key=lambda g: g.number),
        good_practice=a.good_practice,
        published_at=a.published_at,
    )


def open_requests() -> list[RequestCard]:
    def build() -> list[RequestCard]:
        requests = (
            AssistanceRequest.objects.public()
            .filter(status=RequestStatus.OPEN)
            .select_related("state")
            .prefetch_related("themes", "sdg_goals")
            .order_by("-created_at", "-pk")
        )[:REQUEST_CARDS]
        return [
            RequestCard(
                pk=r.pk,
                need=r.need,
                language=r.language,
                state=r.state,
                themes=list(r.themes.all())[:3],
                goals=sorted(r.sdg_goals.all(), key=lambda g: g.number),
                created_at=r.created_at,
            )
            for r in requests
        ]

    return cached("home-requests", build)


def home(kind: str) -> dict[str, Any]:
    """The home page's context (everything public, everything cached)."""
    kind = kind if kind in MAP_KINDS else MAP_KINDS[0]
    return {
        "figures": figures(),
        "map": world_map(kind),
        "map_kind": kind,
        "activities": latest_activities(),
        "requests": open_requests(),
    }
