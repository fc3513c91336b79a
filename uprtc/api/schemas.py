from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from django.db.models import TextChoices
from ninja import Schema
from pydantic import Field

from uprtc.activities import choices
from uprtc.actors.models import NhriStatus, OrgType
from uprtc.api.params import Int
from uprtc.countries.models import RegionalGroup
from uprtc.matching.models import BudgetSituation, RequestStatus, Visibility
from uprtc.recommendations.models import ContinuityStatus, Response, Source


def choice(codes: type[TextChoices], *extra: str) -> Any:
    """The values of ``codes`` (and ``extra``: "" for a field that may be
    blank) as a ``Literal``, so the OpenAPI description lists them."""
    return Literal[(*codes.values, *extra)]


if TYPE_CHECKING:  # a Literal built at run time is beyond mypy: plain strings
    StageValue = str
    ConsentValue = str
    RoleValue = str
    ProvenanceValue = str
    ModalityValue = str
    CooperationValue = str
    ImplementationValue = str
    FundingValue = str
    OrgTypeValue = str
    NhriValue = str
    RegionalGroupValue = str
    ResponseValue = str
    SourceValue = str
    ContinuityValue = str
    VisibilityValue = str
    BudgetValue = str
    RequestStatusValue = str
else:
    StageValue = choice(choices.Stage)
    ConsentValue = choice(choices.ConsentStatus)
    RoleValue = choice(choices.OrgRole)
    ProvenanceValue = choice(choices.Provenance)
    ModalityValue = choice(choices.Modality, "")
    CooperationValue = choice(choices.CooperationType, "")
    ImplementationValue = choice(choices.ImplementationStatus, "")
    FundingValue = choice(choices.FundingSource, "")
    OrgTypeValue = choice(OrgType)
    NhriValue = choice(NhriStatus, "")
    RegionalGroupValue = choice(RegionalGroup, "")
    ResponseValue = choice(Response, "")
    SourceValue = choice(Source)
    ContinuityValue = choice(ContinuityStatus)
    VisibilityValue = choice(Visibility)
    BudgetValue = choice(BudgetSituation)
    RequestStatusValue = choice(RequestStatus)


class ParticipantIn(Schema):
    name: str = Field(max_length=300)
    role: str = "partner"
    organization_id: Int | None = None


class ActivityIn(Schema):
    title: str = Field(min_length=1, max_length=500)
    description: str = Field(min_length=1)
    concerned_states: list[str] = Field(min_length=1, description="ISO 3166 alpha-3")
    organization_id: Int | None = Field(
        None, description="the organization you submit for; needed if you have several"
    )
    draft: bool = Field(False, description="keep as a draft instead of submitting")
    language: str = "en"
    modality: str = ""
    cooperation_type: str = ""
    implementation_status: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    budget: Decimal | None = None
    currency: str = ""
    funding_source: str = ""
    results: str = ""
    lessons: str = ""
    good_practice: bool = False
    links: list[str] = []
    languages: list[str] = []
    confidential: bool = False
    contact_name: str = ""
    contact_email: str = ""
    recommendations: list[Int] = []
    themes: list[str] = Field([], description="UHRI theme identifiers (slugs)")
    sdg_goals: list[Int] = []
    sdg_targets: list[str] = Field([], description='e.g. "16.3", "5.a"')
    participants: list[ParticipantIn] | None = None


class CreatedOut(Schema):
    id: int
    status: StageValue


class UpdatedOut(CreatedOut):
    pending_change: int | None = Field(
        None, description="a change awaiting a moderator (approved activities)"
    )


class ReviewIn(Schema):
    decision: str = Field(description="approve | return | reject")
    comment: str = ""


class ConsentIn(Schema):
    state: str = Field(description="ISO 3166 alpha-3 of the concerned State")
    decision: str = Field(description="grant | refuse | withdraw")
    comment: str = ""
    evidence_note: str = Field(
        "", description="moderators: reference of the official communication"
    )


class ConsentOut(Schema):
    state: str
    status: ConsentValue


class ParticipantOut(Schema):
    name: str
    role: RoleValue


class ActivityOut(Schema):
    id: int
    title: str
    description: str
    language: str
    status: StageValue
    concerned_states: list[str]
    participants: list[ParticipantOut]
    recommendations: list[int]
    themes: list[str]
    sdg_goals: list[int]
    sdg_targets: list[str]
    modality: ModalityValue
    cooperation_type: CooperationValue
    implementation_status: ImplementationValue
    start_date: dt.date | None
    end_date: dt.date | None
    budget: Decimal | None
    currency: str
    funding_source: FundingValue
    results: str
    lessons: str
    good_practice: bool
    links: list[str]
    languages: list[str]
    provenance: ProvenanceValue
    iati_identifier: str
    published_at: dt.datetime | None
    url: str


class ActivityList(Schema):
    count: int
    items: list[ActivityOut]
    next: str | None


class Names(Schema):
    en: str
    fr: str
    es: str
    ar: str
    zh: str
    ru: str


class CountryOut(Schema):
    iso3: str
    iso2: str
    m49: str
    names: Names
    region: str | None
    subregion: str | None
    regional_group: RegionalGroupValue
    ldc: bool
    lldc: bool
    sids: bool


class CountryDetail(CountryOut):
    recommendations_received: int
    recommendations_supported: int
    recommendations_made: int
    activities: int = Field(description="published activities about this State")


class CountryList(Schema):
    count: int
    items: list[CountryOut]
    next: str | None


class OrganizationOut(Schema):
    id: int
    name: str
    type: OrgTypeValue
    country: str | None
    nhri_status: NhriValue
    iati_ref: str
    website: str


class OrganizationDetail(OrganizationOut):
    activities: int


class OrganizationList(Schema):
    count: int
    items: list[OrganizationOut]
    next: str | None


class RecommendationOut(Schema):
    id: int
    state_under_review: str
    recommending_states: list[str]
    recommending_names: str
    cycle: int
    session: int | None
    text: str
    language: str
    translations: dict[str, str]
    response: ResponseValue
    document_symbol: str
    paragraph: str
    themes: list[str]
    sdg_goals: list[int]
    sdg_targets: list[str]
    affected_persons: list[str]
    activities: list[int] = Field(description="published activities addressing it")
    source: SourceValue
    url: str


class LineageStepOut(Schema):
    id: int
    cycle: int
    session: int | None
    paragraph: str
    response: ResponseValue
    link_status: ContinuityValue | None = Field(
        description="``confirmed``, or ``proposed`` (shown only to moderators and "
        "the State's focal points); null for the recommendation itself"
    )
    url: str


class RecommendationDetailOut(RecommendationOut):
    lineage: list[LineageStepOut] = Field(
        description="the same request across UPR cycles, oldest first "
        "(confirmed continuity links; empty when none)"
    )


class RecommendationList(Schema):
    count: int
    items: list[RecommendationOut]
    next: str | None


class RequestOut(Schema):
    id: int
    state: str
    organization: str
    need: str
    language: str
    recommendations: list[int]
    themes: list[str]
    sdg_goals: list[int]
    sdg_targets: list[str]
    modalities: list[str]
    languages: list[str]
    start_date: dt.date | None
    end_date: dt.date | None
    budget_situation: BudgetValue
    visibility: VisibilityValue
    status: RequestStatusValue
    created_at: dt.datetime
    url: str


class RequestList(Schema):
    count: int
    items: list[RequestOut]
    next: str | None


class OfferOut(Schema):
    id: int
    # null for a CSO shown anonymously: an id would tie its offers together
    organization_id: int | None
    organization: str
    expertise: str
    language: str
    themes: list[str]
    sdg_goals: list[int]
    modalities: list[str]
    languages: list[str]
    countries: list[str]
    regions: list[str]
    capacity: int
    funding_available: bool
    valid_from: dt.date | None
    valid_to: dt.date | None
    visibility: VisibilityValue
    active: bool
    created_at: dt.datetime
    url: str


class OfferList(Schema):
    count: int
    items: list[OfferOut]
    next: str | None
