"""The open data sets: what each contains and its columns, defined once.

Every activity row starts from ``Activity.objects.public()`` and has the
shared plain shape of ``activity_dict``; requests and offers are the ones
anonymous visitors may see (``visible_to`` an anonymous user). Contact
details, review notes and submitters are in no data set. Rows are read in
chunks (``iterator(chunk_size=…)`` with prefetching), so memory stays flat
however large the repository grows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from uprtc.activities.models import Activity
from uprtc.activities.serialize import PREFETCH, activity_dict
from uprtc.actors.models import Organization
from uprtc.countries.models import Country
from uprtc.coverage.services import global_coverage
from uprtc.matching.models import AssistanceRequest, Offer
from uprtc.opendata.columns import Column, attr, key
from uprtc.recommendations.models import Recommendation

CHUNK = 500


@dataclass(frozen=True)
class Dataset:
    name: str
    title: Promise
    description: Promise
    rows: Callable[[], Iterable[Any]]
    columns: list[Column]


def _codes(attr_name: str, field: str) -> Callable[[Any], list[Any]]:
    """The codes of a prefetched many-to-many relation."""
    return lambda obj: [getattr(o, field) for o in getattr(obj, attr_name).all()]


def _url(name: str) -> Callable[[Any], str]:
    return lambda obj: settings.SITE_URL + reverse(name, args=[obj.pk])


# --- activities ---------------------------------------------------------------


def activity_rows() -> Iterator[dict[str, Any]]:
    qs = Activity.objects.public().prefetch_related(*PREFETCH).order_by("pk")
    for activity in qs.iterator(chunk_size=CHUNK):
        row = activity_dict(activity)
        row["participants"] = [
            f"{p['name']} ({p['role']})" for p in row["participants"]
        ]
        yield row


ACTIVITIES = [
    key("id", _("Identifier of the activity in uprtc."), "integer"),
    key("url", _("Page of the activity."), "url"),
    key("title", _("Title.")),
    key("description", _("Description.")),
    key("language", _("Language of the title and description (ISO 639-1)."), "code"),
    key("status", _("Publication stage; always “published” here."), "code"),
    key(
        "concerned_states",
        _("States concerned (ISO 3166 alpha-3); each consented to publication."),
        "codes",
    ),
    key(
        "participants",
        _("Participating organizations, each as “name (role)”."),
        "texts",
    ),
    key(
        "recommendations",
        _("UPR recommendations supported (ids of the recommendations data set)."),
        "integers",
    ),
    key("themes", _("Human rights themes (UHRI identifiers)."), "codes"),
    key("sdg_goals", _("Sustainable Development Goals (numbers)."), "integers"),
    key("sdg_targets", _("SDG targets (codes such as 16.3)."), "codes"),
    key("modality", _("Modality (training, advice, …)."), "code"),
    key("cooperation_type", _("Type of cooperation."), "code"),
    key(
        "implementation_status",
        _("Implementation status (IATI ActivityStatus, by name)."),
        "code",
    ),
    key("start_date", _("Start date."), "date"),
    key("end_date", _("End date."), "date"),
    key("budget", _("Budget."), "decimal"),
    key("currency", _("Currency of the budget (ISO 4217)."), "code"),
    key("funding_source", _("Source of funding."), "code"),
    key("results", _("Results.")),
    key("lessons", _("Lessons learned.")),
    key("good_practice", _("Presented as a good practice."), "boolean"),
    key("links", _("Links to documents and pages."), "texts"),
    key("languages", _("Working languages (ISO 639-1)."), "codes"),
    key(
        "provenance", _("How the activity reached uprtc (form, file, IATI …)."), "code"
    ),
    key("iati_identifier", _("IATI identifier, when published to IATI."), "code"),
    key("published_at", _("When it was published in uprtc."), "datetime"),
]

# --- recommendations ----------------------------------------------------------


def recommendation_rows() -> Iterator[Recommendation]:
    public = Activity.objects.public().only("pk").order_by("pk")
    qs = (
        Recommendation.objects.select_related("state_under_review", "tracking")
        .prefetch_related(
            "recommending_states",
            "themes",
            "sdg_goals",
            "sdg_targets",
            "affected_persons",
            Prefetch("activities", queryset=public, to_attr="public_activities"),
        )
        .order_by("pk")
    )
    return qs.iterator(chunk_size=CHUNK)


def _tracking(field: str) -> Callable[[Recommendation], Any]:
    def get(rec: Recommendation) -> Any:
        tracking = getattr(rec, "tracking", None)
        return getattr(tracking, field) if tracking else None

    return get


RECOMMENDATIONS = [
    attr("id", _("Identifier of the recommendation in uprtc."), "integer"),
    Column(
        "url", _url("recommendations-detail"), _("Page of the recommendation."), "url"
    ),
    Column(
        "state",
        lambda r: r.state_under_review.iso3,
        _("State under review (ISO 3166 alpha-3)."),
        "code",
    ),
    attr("cycle", _("UPR cycle."), "integer"),
    attr("session", _("UPR Working Group session."), "integer"),
    Column(
        "recommending_states",
        _codes("recommending_states", "iso3"),
        _("Recommending States (ISO 3166 alpha-3)."),
        "codes",
    ),
    attr("recommending_names", _("Recommending States as written in the source.")),
    attr("text", _("Text of the recommendation, as in the UN document.")),
    attr("language", _("Language of the text (ISO 639-1)."), "code"),
    attr(
        "response",
        _("Response of the State: supported, noted, partially-supported, pledge."),
        "code",
    ),
    attr(
        "document_symbol", _("Symbol of the UN document (report of the Working Group).")
    ),
    attr("paragraph", _("Paragraph number in that document.")),
    attr("response_source", _("Document holding the State's response.")),
    attr("action_category", _("Action category (1 to 5, UPR Info scale)."), "integer"),
    Column(
        "themes", _codes("themes", "slug"), _("Themes (UHRI identifiers)."), "codes"
    ),
    Column("sdg_goals", _codes("sdg_goals", "number"), _("SDG goals."), "integers"),
    Column("sdg_targets", _codes("sdg_targets", "code"), _("SDG targets."), "codes"),
    Column(
        "affected_persons",
        _codes("affected_persons", "slug"),
        _("Affected persons (UHRI identifiers)."),
        "codes",
    ),
    Column(
        "activities",
        lambda r: [a.pk for a in r.public_activities],
        _("Published activities supporting it (ids of the activities data set)."),
        "integers",
    ),
    Column(
        "national_status",
        _tracking("status"),
        _("Implementation status reported by the State's national mechanism."),
        "code",
    ),
    Column(
        "national_status_updated_at",
        _tracking("updated_at"),
        _("When the State last updated its tracking."),
        "datetime",
    ),
    attr("source", _("Source the recommendation was imported from."), "code"),
    attr("source_id", _("Identifier in that source.")),
]

# --- requests and offers ------------------------------------------------------


def request_rows() -> Iterator[AssistanceRequest]:
    qs = (
        AssistanceRequest.objects.public()
        .select_related("state", "organization")
        .prefetch_related("recommendations", "themes", "sdg_goals", "sdg_targets")
        .order_by("pk")
    )
    return qs.iterator(chunk_size=CHUNK)


REQUESTS = [
    attr("id", _("Identifier of the request for assistance."), "integer"),
    Column("url", _url("matching-request"), _("Page of the request."), "url"),
    Column(
        "state",
        lambda r: r.state.iso3,
        _("Requesting State (ISO 3166 alpha-3)."),
        "code",
    ),
    Column("organization", lambda r: r.organization.public_name, _("Requesting body.")),
    attr("need", _("The need, in the State's words.")),
    attr("language", _("Language of the text (ISO 639-1)."), "code"),
    Column(
        "recommendations",
        _codes("recommendations", "pk"),
        _("Recommendations concerned (ids of the recommendations data set)."),
        "integers",
    ),
    Column(
        "themes", _codes("themes", "slug"), _("Themes (UHRI identifiers)."), "codes"
    ),
    Column("sdg_goals", _codes("sdg_goals", "number"), _("SDG goals."), "integers"),
    Column("sdg_targets", _codes("sdg_targets", "code"), _("SDG targets."), "codes"),
    attr("modalities", _("Preferred modalities."), "codes"),
    attr("languages", _("Working languages (ISO 639-1)."), "codes"),
    attr("start_date", _("Wanted from."), "date"),
    attr("end_date", _("Wanted until."), "date"),
    attr("budget_situation", _("Budget situation."), "code"),
    attr(
        "status", _("Status (open, matched, in-progress, fulfilled, closed)."), "code"
    ),
    attr("created_at", _("When the request was made."), "datetime"),
]


def offer_rows() -> Iterator[Offer]:
    qs = (
        Offer.objects.public()
        .select_related("organization")
        .prefetch_related("themes", "sdg_goals", "countries")
        .order_by("pk")
    )
    return qs.iterator(chunk_size=CHUNK)


OFFERS = [
    attr("id", _("Identifier of the offer."), "integer"),
    Column("url", _url("matching-offer"), _("Page of the offer."), "url"),
    Column(
        "organization_id",
        lambda o: o.organization.public_id,
        _(
            "Offering organization (id of the organizations data set); empty "
            "for an organization shown anonymously."
        ),
        "integer",
    ),
    Column(
        "organization",
        lambda o: o.organization.public_name,
        _("Offering organization."),
    ),
    attr("expertise", _("Expertise offered.")),
    attr("language", _("Language of the text (ISO 639-1)."), "code"),
    Column(
        "themes", _codes("themes", "slug"), _("Themes (UHRI identifiers)."), "codes"
    ),
    Column("sdg_goals", _codes("sdg_goals", "number"), _("SDG goals."), "integers"),
    attr("modalities", _("Modalities."), "codes"),
    attr("languages", _("Working languages (ISO 639-1)."), "codes"),
    Column(
        "countries",
        _codes("countries", "iso3"),
        _("Countries served (ISO 3166 alpha-3); none and no region means anywhere."),
        "codes",
    ),
    attr("regions", _("Regions served (M49 codes)."), "codes"),
    attr("capacity", _("Engagements at once."), "integer"),
    attr("funding_available", _("Comes with funding."), "boolean"),
    attr("valid_from", _("Valid from."), "date"),
    attr("valid_to", _("Valid until."), "date"),
    attr("active", _("Still open to new engagements."), "boolean"),
    attr("created_at", _("When the offer was made."), "datetime"),
]

# --- organizations, countries, coverage ----------------------------------------


def organization_rows() -> Iterator[Organization]:
    return (
        Organization.objects.public()
        .select_related("country")
        .order_by("pk")
        .iterator(chunk_size=CHUNK)
    )


ORGANIZATIONS = [
    attr("id", _("Identifier of the organization."), "integer"),
    Column(
        "url",
        _url("organizations-detail"),
        _("Public page of the organization."),
        "url",
    ),
    attr("name", _("Name.")),
    attr("org_type", _("Type (state, un-entity, cso, nhri …)."), "code"),
    Column(
        "country",
        lambda o: o.country.iso3 if o.country_id else "",
        _("Country (ISO 3166 alpha-3), when it has one."),
        "code",
    ),
    attr(
        "nhri_status",
        _("Accreditation of a national human rights institution."),
        "code",
    ),
    attr("iati_ref", _("IATI organisation identifier."), "code"),
    attr("website", _("Website."), "url"),
]


def country_rows() -> Iterator[Country]:
    return (
        Country.objects.select_related("region", "subregion")
        .order_by("iso3")
        .iterator(chunk_size=CHUNK)
    )


COUNTRIES = [
    attr("iso3", _("ISO 3166 alpha-3 code."), "code"),
    attr("iso2", _("ISO 3166 alpha-2 code."), "code"),
    attr("m49", _("UN M49 code."), "code"),
    attr("name_en", _("Name in English.")),
    attr("name_fr", _("Name in French.")),
    attr("name_es", _("Name in Spanish.")),
    attr("name_ar", _("Name in Arabic.")),
    attr("name_zh", _("Name in Chinese.")),
    attr("name_ru", _("Name in Russian.")),
    Column(
        "region",
        lambda c: c.region.m49 if c.region_id else "",
        _("M49 region."),
        "code",
    ),
    Column(
        "subregion",
        lambda c: c.subregion.m49 if c.subregion_id else "",
        _("M49 sub-region."),
        "code",
    ),
    attr("regional_group", _("UN regional group."), "code"),
    attr("un_member", _("UN Member State."), "boolean"),
    attr("un_observer", _("UN observer State."), "boolean"),
    attr("ldc", _("Least developed country."), "boolean"),
    attr("lldc", _("Landlocked developing country."), "boolean"),
    attr("sids", _("Small island developing State."), "boolean"),
]


def coverage_rows() -> Iterator[dict[str, Any]]:
    # a few hundred rows at most (one per State): computed in one go
    for iso3, tally in sorted(global_coverage().by_state.items()):
        yield {
            "state": iso3,
            "accepted": tally.accepted,
            "covered": tally.covered,
            "uncovered": tally.uncovered,
            "share": round(tally.share, 4),
        }


COVERAGE = [
    key("state", _("State under review (ISO 3166 alpha-3)."), "code"),
    key("accepted", _("Supported (accepted) recommendations."), "integer"),
    key(
        "covered",
        _("Of these, those supported by at least one published activity."),
        "integer",
    ),
    key("uncovered", _("Of these, those with no published activity."), "integer"),
    key("share", _("covered ÷ accepted, between 0 and 1."), "decimal"),
]

DATASETS = {
    d.name: d
    for d in (
        Dataset(
            "activities",
            _("Activities"),
            _("Published technical cooperation and capacity-building activities."),
            activity_rows,
            ACTIVITIES,
        ),
        Dataset(
            "recommendations",
            _("Recommendations"),
            _("UPR recommendations, with the States' responses and tracking."),
            recommendation_rows,
            RECOMMENDATIONS,
        ),
        Dataset(
            "requests",
            _("Requests for assistance"),
            _("Public requests for assistance made by States."),
            request_rows,
            REQUESTS,
        ),
        Dataset(
            "offers",
            _("Offers of expertise"),
            _("Public offers of expertise made by providers."),
            offer_rows,
            OFFERS,
        ),
        Dataset(
            "organizations",
            _("Organizations"),
            _("Organizations known to uprtc: their public profile."),
            organization_rows,
            ORGANIZATIONS,
        ),
        Dataset(
            "countries",
            _("Countries"),
            _("Countries and territories with their codes, names and groupings."),
            country_rows,
            COUNTRIES,
        ),
        Dataset(
            "coverage",
            _("Coverage"),
            _("For each State, its accepted recommendations that have support."),
            coverage_rows,
            COVERAGE,
        ),
    )
}
