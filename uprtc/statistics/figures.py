"""The statistics page's figures, from the functions behind
``GET /api/v1/statistics``: ``public_activities`` + ``activity_statistics``
for activities, ``matchmaking`` (here, imported by the API) for requests,
offers and matches. What the page, its CSV and its PNG show is therefore
public data only, and the same numbers the API gives for the same State.

Labels are resolved in the active language; everything built here is cached
under the publication version, the language and the State."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.utils import translation
from django.utils.translation import get_language_bidi, gettext
from django.utils.translation import gettext_lazy as _

from uprtc.activities.choices import FundingSource
from uprtc.activities.models import Activity
from uprtc.activities.statistics import activity_statistics, public_activities
from uprtc.core.i18n import localized
from uprtc.core.publication import cached
from uprtc.countries.models import Country, Region
from uprtc.matching.models import AssistanceRequest, Match, MatchStatus, Offer
from uprtc.reports.data import Row
from uprtc.reports.labels import choice_labels
from uprtc.statistics import charts
from uprtc.taxonomies.models import SdgGoal, Theme

TOP_THEMES = 12  # bars in the theme chart; the table lists every theme
VOLUNTARY_FUNDS = {
    FundingSource.VF_TECHNICAL_COOPERATION,
    FundingSource.VF_UPR_IMPLEMENTATION,
    FundingSource.VF_UPR_PARTICIPATION,
    FundingSource.TRUST_FUND_LDC_SIDS,
}


def matchmaking(state: Country | None) -> dict[str, Any]:
    """Public requests (by status), active public offers and accepted public
    matches; with a State, its requests and the offers serving it. The API's
    ``matchmaking`` block."""
    requests = AssistanceRequest.objects.public()
    offers = Offer.objects.public()
    if state is not None:
        requests = requests.filter(state=state)
        offers = offers.filter(countries=state)
    by_status = requests.values("status").annotate(n=Count("pk")).order_by("status")
    accepted = Match.objects.public().filter(
        status=MatchStatus.ACCEPTED, request__in=requests.values("pk")
    )
    return {
        "requests": requests.count(),
        "requests_by_status": {r["status"]: r["n"] for r in by_status},
        "offers_active": offers.filter(active=True).count(),
        "matches_accepted": accepted.filter(offer__in=offers.values("pk")).count(),
    }


def funnel(state: Country | None) -> dict[str, int]:
    """From a public request to a published activity: the requests, the
    public matches proposed for them, those the State accepted, and the
    public activities that came out of the accepted ones."""
    requests = AssistanceRequest.objects.public()
    if state is not None:
        requests = requests.filter(state=state)
    matches = Match.objects.public().filter(request__in=requests.values("pk"))
    accepted = matches.filter(status=MatchStatus.ACCEPTED)
    activities = Activity.objects.public().filter(matches__in=accepted.values("pk"))
    return {
        "requests": requests.count(),
        "matches": matches.count(),
        "accepted": accepted.count(),
        "activities": activities.distinct().count(),
    }


def data(state: Country | None) -> dict[str, Any]:
    """The API's statistics for ``state`` (without the filters echo), plus
    the funnel: codes and counts, no label."""

    def build() -> dict[str, Any]:
        return {
            **activity_statistics(public_activities(state=state)),
            "matchmaking": matchmaking(state),
            "funnel": funnel(state),
        }

    # counts are the same in every language: one cached copy serves all six
    # (the breakdowns take most of the page's time to build)
    with translation.override(settings.LANGUAGE_CODE):
        return cached("stats-data", build, state.iso3 if state else "")


@dataclass(frozen=True)
class Spec:
    title: Any  # lazy strings: read in the page's language
    heading: Any  # the first column of the table
    unit: Any  # the count column
    kind: str  # bars, columns or funnel
    source: str  # key of ``data()``


ACTIVITIES = _("Activities")
NOTHING = _("Nothing to count here yet.")
SPECS: dict[str, Spec] = {
    "years": Spec(
        _("Activities by year of publication"),
        _("Year"),
        ACTIVITIES,
        "columns",
        "by_year_published",
    ),
    "themes": Spec(
        _("Activities by theme"), _("Theme"), ACTIVITIES, "bars", "by_theme"
    ),
    "sdg-goals": Spec(
        _("Activities by Sustainable Development Goal"),
        _("SDG goal"),
        ACTIVITIES,
        "bars",
        "by_sdg_goal",
    ),
    "regions": Spec(
        _("Activities by region of the State concerned"),
        _("Region"),
        ACTIVITIES,
        "bars",
        "by_region",
    ),
    "modalities": Spec(
        _("Activities by modality"), _("Modality"), ACTIVITIES, "bars", "by_modality"
    ),
    "funding-sources": Spec(
        _("Activities by source of funding"),
        _("Source of funding"),
        ACTIVITIES,
        "bars",
        "by_funding_source",
    ),
    "actor-types": Spec(
        _("Activities by type of organization taking part"),
        _("Type of organization"),
        ACTIVITIES,
        "bars",
        "by_actor_type",
    ),
    "funnel": Spec(
        _("From request to activity"), _("Step"), _("Number"), "funnel", "funnel"
    ),
}
CHOICE_SOURCES = {
    "by_modality": "modality",
    "by_funding_source": "funding_source",
    "by_actor_type": "actor_type",
}
FUNNEL_STEPS = {
    "requests": _("Public requests for assistance"),
    "matches": _("Matches proposed"),
    "accepted": _("Matches accepted by the State"),
    "activities": _("Published activities from accepted matches"),
}


def _ranked(counts: dict[str, int], names: dict[str, str]) -> list[Row]:
    """Every named key, zeros included (a fund that paid for nothing yet is
    a figure too), largest first, then in the vocabulary's order."""
    order = {key: i for i, key in enumerate(names)}
    keys = list(names) + [k for k in counts if k not in names]
    rows = [Row(k, names.get(k, k), counts.get(k, 0)) for k in keys]
    return sorted(rows, key=lambda r: (-r.count, order.get(r.key, len(order))))


def rows(name: str, figures: dict[str, Any]) -> list[Row]:
    """The rows of chart ``name`` from ``data()``, labelled in the active
    language."""
    source = SPECS[name].source
    counts = figures[source]
    if source == "by_year_published":
        if not counts:
            return []
        # every year between the first and the last, a year without any too
        years = range(int(min(counts)), int(max(counts)) + 1)
        return [Row(str(y), str(y), counts.get(str(y), 0)) for y in years]
    if source == "funnel":
        return [Row(k, str(label), counts[k]) for k, label in FUNNEL_STEPS.items()]
    if source == "by_sdg_goal":
        # the goals' own order, 1 to 17, as the UN draws them
        return [
            Row(
                str(g.number),
                f"{g.number}. {localized(g, 'short')}",
                counts.get(str(g.number), 0),
            )
            for g in SdgGoal.objects.order_by("number")
        ]
    if source == "by_theme":
        names = {t.slug: t.name for t in Theme.objects.filter(slug__in=counts)}
        found = [Row(k, names.get(k, k), n) for k, n in counts.items()]
        return sorted(found, key=lambda r: (-r.count, r.label))
    if source == "by_region":
        regions = Region.objects.filter(level=Region.Level.REGION).order_by("m49")
        return _ranked(counts, {r.m49: r.name for r in regions})
    return _ranked(counts, choice_labels(CHOICE_SOURCES[source]))


@dataclass
class Chart:
    name: str
    title: str
    heading: str
    unit: str
    rows: list[Row]
    svg: str = ""
    note: str = ""  # said under the caption: what the picture leaves out
    shares: bool = False  # the table gives each row's share of the one before

    def table(self) -> list[dict[str, str]]:
        """The rows as the page's table shows them: numbers written in the
        page's language."""
        return [
            {
                "key": row.key,
                "label": row.label,
                "count": charts.number(row.count),
                "share": share(row.count, self.rows[i - 1].count) if i else "",
            }
            for i, row in enumerate(self.rows)
        ]


def share(part: int, whole: int) -> str:
    """``part`` as a percentage of ``whole``, in the page's number format."""
    if not whole:
        return ""  # no share of nothing
    return gettext("%(percent)s%%") % {
        "percent": charts.number(round(100 * part / whole))
    }


def _desc(name: str, found: list[Row]) -> str:
    more = gettext("The numbers are in the table under the chart.")
    if not found or not any(r.count for r in found):
        return str(NOTHING) + " " + more
    if name == "funnel":
        steps = "; ".join(f"{r.label}: {charts.number(r.count)}" for r in found)
        return f"{steps}. {more}"
    top = max(found, key=lambda r: r.count)
    return (
        gettext("Largest: %(label)s (%(count)s).")
        % {"label": top.label, "count": charts.number(top.count)}
        + " "
        + more
    )


def shown(name: str, found: list[Row]) -> list[Row]:
    """The rows the picture draws (the table has them all): not the zeros,
    which only lengthen it, but every SDG goal (the UN always draws the
    17), every step of the funnel, and the voluntary funds, which the
    repository exists to make visible; and only the ``TOP_THEMES`` largest
    themes."""
    if name == "funnel":
        return found
    if not any(r.count for r in found):
        return []  # the chart then says there is nothing to count
    if name == "sdg-goals":
        return found
    kept = [r for r in found if r.count or r.key in VOLUNTARY_FUNDS]
    return kept[:TOP_THEMES] if name == "themes" else kept


def _draw(name: str, found: list[Row], title: str) -> str:
    kind = SPECS[name].kind
    options = {
        "chart_id": f"chart-{name}",
        "title": title,
        "desc": _desc(name, found),
        "rtl": get_language_bidi(),
    }
    bars = [charts.Bar(r.label, r.count) for r in shown(name, found)]
    if kind == "funnel":
        return charts.funnel_chart(bars, share=share, **options)
    empty = str(NOTHING)
    if kind == "columns":
        return charts.column_chart(bars, empty=empty, **options)
    return charts.bar_chart(bars, empty=empty, **options)


NOTES = {
    "funnel": _(
        "Each step with its share of the step before. Only public requests and "
        "offers count."
    ),
    "actor-types": _(
        "An activity counts once for each type of organization taking part in it."
    ),
    "themes": _("An activity with several themes counts once under each of them."),
    "sdg-goals": _("An activity with several goals counts once under each of them."),
    "regions": _(
        "An activity concerning States of several regions counts once in each."
    ),
}


def _note(name: str, found: list[Row]) -> str:
    if not shown(name, found):
        return ""  # nothing drawn, nothing to explain
    note = str(NOTES.get(name, ""))
    if name == "themes" and len(found) > TOP_THEMES:
        # the bars stop at TOP_THEMES; say so before the reader looks for one
        note = (
            gettext("The %(shown)s most frequent of %(count)s themes.")
            % {"shown": TOP_THEMES, "count": len(found)}
            + " "
            + note
        )
    return note


def chart(name: str, state: Country | None) -> Chart:
    """Chart ``name`` (a key of ``SPECS``) for ``state`` or the world: its
    rows and its SVG in the active language and direction."""
    spec = SPECS[name]

    def build() -> Chart:
        found = rows(name, data(state))
        # the page's heading names the State; the PNG, alone, adds it
        title = str(spec.title)
        return Chart(
            name=name,
            title=title,
            heading=str(spec.heading),
            unit=str(spec.unit),
            rows=found,
            svg=_draw(name, found, title),
            note=_note(name, found),
            shares=spec.kind == "funnel",
        )

    return cached("stats-chart", build, name, state.iso3 if state else "")


def headline(figures: dict[str, Any]) -> list[tuple[int, str]]:
    """The tiles at the top of the page: (number, label)."""
    made = figures["matchmaking"]
    return [
        (figures["activities"], gettext("published activities")),
        (figures["states_concerned"], gettext("States concerned")),
        (figures["good_practices"], gettext("good practices")),
        (made["requests"], gettext("public requests for assistance")),
        (made["offers_active"], gettext("active public offers")),
        (made["matches_accepted"], gettext("matches accepted")),
    ]


def states_with_activities() -> list[tuple[str, str]]:
    """The States a visitor may narrow the page to, as (ISO3, name): those
    concerned by at least one published activity, by name in the active
    language."""

    def build() -> list[tuple[str, str]]:
        keys = data(None)["by_state"]
        found = [(c.iso3, c.name) for c in Country.objects.filter(iso3__in=keys)]
        return sorted(found, key=lambda c: c[1])

    return cached("stats-states", build)
