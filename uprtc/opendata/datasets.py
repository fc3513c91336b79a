"""The open data sets: what each contains and its columns, defined once.

Every activity row starts from ``Activity.objects.public()``; requests and
offers are the ones anonymous visitors may see. Their rows are the plain
shape the API shares (``activity_dict``, ``recommendation_dict``,
``request_dict``, ``offer_dict``) and the columns are keys of it. Contact
details, review notes and submitters are in no data set. Rows are read in
chunks (``iterator(chunk_size=…)`` with prefetching), so memory stays flat
however large the repository grows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from uprtc.activities import fields
from uprtc.activities.models import Activity
from uprtc.activities.serialize import PREFETCH, activity_dict
from uprtc.actors.models import Organization
from uprtc.core.links import absolute_url
from uprtc.countries.models import Country
from uprtc.coverage.services import global_coverage
from uprtc.matching.models import AssistanceRequest, Offer
from uprtc.matching.serialize import (
    OFFER_PREFETCH,
    REQUEST_PREFETCH,
    offer_dict,
    request_dict,
)
from uprtc.opendata.columns import Column, attr, key, shared, url_after_id
from uprtc.recommendations.models import Recommendation
from uprtc.recommendations.serialize import recommendation_dict

CHUNK = 500


@dataclass(frozen=True)
class Dataset:
    name: str
    title: Promise
    description: Promise
    rows: Callable[[], Iterable[Any]]
    columns: list[Column]


# --- activities ---------------------------------------------------------------


def activity_rows() -> Iterator[dict[str, Any]]:
    qs = Activity.objects.public().prefetch_related(*PREFETCH).order_by("pk")
    for activity in qs.iterator(chunk_size=CHUNK):
        row = activity_dict(activity)
        row["participants"] = [
            f"{p['name']} ({p['role']})" for p in row["participants"]
        ]
        yield row


ACTIVITIES = url_after_id([key(f.name, f.description, f.type) for f in fields.PUBLIC])

# --- recommendations ----------------------------------------------------------


def recommendation_rows() -> Iterator[dict[str, Any]]:
    """``recommendation_dict`` and what only the data set shows: the State's
    tracking, the source's identifiers."""
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
    for rec in qs.iterator(chunk_size=CHUNK):
        tracking = getattr(rec, "tracking", None)
        yield {
            **recommendation_dict(rec),
            "state": rec.state_under_review.iso3,
            "response_source": rec.response_source,
            "action_category": rec.action_category,
            "national_status": tracking.status if tracking else None,
            "national_status_updated_at": tracking.updated_at if tracking else None,
            "source_id": rec.source_id,
        }


RECOMMENDATIONS = [
    key("id", _("Identifier of the recommendation in uprtc."), "integer"),
    key("url", _("Page of the recommendation."), "url"),
    *shared("state"),
    key("cycle", _("UPR cycle."), "integer"),
    key("session", _("UPR Working Group session."), "integer"),
    key(
        "recommending_states",
        _("Recommending States (ISO 3166 alpha-3)."),
        "codes",
    ),
    key("recommending_names", _("Recommending States as written in the source.")),
    key("text", _("Text of the recommendation, as in the UN document.")),
    *shared("language"),
    key(
        "response",
        _("Response of the State: supported, noted, partially-supported, pledge."),
        "code",
    ),
    key(
        "document_symbol", _("Symbol of the UN document (report of the Working Group).")
    ),
    key("paragraph", _("Paragraph number in that document.")),
    key("response_source", _("Document holding the State's response.")),
    key("action_category", _("Action category (1 to 5, UPR Info scale)."), "integer"),
    *shared("themes", "sdg_goals", "sdg_targets"),
    key(
        "affected_persons",
        _("Affected persons (UHRI identifiers)."),
        "codes",
    ),
    key(
        "activities",
        _("Published activities supporting it (ids of the activities data set)."),
        "integers",
    ),
    key(
        "national_status",
        _("Implementation status reported by the State's national mechanism."),
        "code",
    ),
    key(
        "national_status_updated_at",
        _("When the State last updated its tracking."),
        "datetime",
    ),
    key("source", _("Source the recommendation was imported from."), "code"),
    key("source_id", _("Identifier in that source.")),
]

# --- requests and offers ------------------------------------------------------


def request_rows() -> Iterator[dict[str, Any]]:
    qs = (
        AssistanceRequest.objects.public()
        .select_related("state", "organization")
        .prefetch_related(*REQUEST_PREFETCH)
        .order_by("pk")
    )
    return map(request_dict, qs.iterator(chunk_size=CHUNK))


REQUESTS = [
    key("id", _("Identifier of the request for assistance."), "integer"),
    key("url", _("Page of the request."), "url"),
    key("state", _("Requesting State (ISO 3166 alpha-3)."), "code"),
    key("organization", _("Requesting body.")),
    key("need", _("The need, in the State's words.")),
    *shared("language"),
    key(
        "recommendations",
        _("Recommendations concerned (ids of the recommendations data set)."),
        "integers",
    ),
    *shared("themes", "sdg_goals", "sdg_targets"),
    key("modalities", _("Preferred modalities."), "codes"),
    *shared("languages"),
    key("start_date", _("Wanted from."), "date"),
    key("end_date", _("Wanted until."), "date"),
    key("budget_situation", _("Budget situation."), "code"),
    key("status", _("Status (open, matched, in-progress, fulfilled, closed)."), "code"),
    key("created_at", _("When the request was made."), "datetime"),
]


def offer_rows() -> Iterator[dict[str, Any]]:
    qs = (
        Offer.objects.public()
        .select_related("organization")
        .prefetch_related(*OFFER_PREFETCH)
        .order_by("pk")
    )
    return map(offer_dict, qs.iterator(chunk_size=CHUNK))


OFFERS = [
    key("id", _("Identifier of the offer."), "integer"),
    key("url", _("Page of the offer."), "url"),
    key(
        "organization_id",
        _(
            "Offering organization (id of the organizations data set); empty "
            "for an organization shown anonymously."
        ),
        "integer",
    ),
    key("organization", _("Offering organization.")),
    key("expertise", _("Expertise offered.")),
    *shared("language", "themes", "sdg_goals"),
    key("modalities", _("Modalities."), "codes"),
    *shared("languages"),
    key(
        "countries",
        _("Countries served (ISO 3166 alpha-3); none and no region means anywhere."),
        "codes",
    ),
    key("regions", _("Regions served (M49 codes)."), "codes"),
    key("capacity", _("Engagements at once."), "integer"),
    key("funding_available", _("Comes with funding."), "boolean"),
    key("valid_from", _("Valid from."), "date"),
    key("valid_to", _("Valid until."), "date"),
    key("active", _("Still open to new engagements."), "boolean"),
    key("created_at", _("When the offer was made."), "datetime"),
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
        absolute_url,
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
    *shared("state"),
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
