from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema
from pydantic import Field


class ParticipantIn(Schema):
    name: str = Field(max_length=300)
    role: str = "partner"
    organization_id: int | None = None


class ActivityIn(Schema):
    title: str = Field(min_length=1, max_length=500)
    description: str = Field(min_length=1)
    concerned_states: list[str] = Field(min_length=1, description="ISO 3166 alpha-3")
    organization_id: int | None = Field(
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
    recommendations: list[int] = []
    themes: list[str] = Field([], description="UHRI theme identifiers (slugs)")
    sdg_goals: list[int] = []
    sdg_targets: list[str] = Field([], description='e.g. "16.3", "5.a"')
    participants: list[ParticipantIn] | None = None


class CreatedOut(Schema):
    id: int
    status: str


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
    status: str


class ParticipantOut(Schema):
    name: str
    role: str


class ActivityOut(Schema):
    id: int
    title: str
    description: str
    language: str
    status: str
    concerned_states: list[str]
    participants: list[ParticipantOut]
    recommendations: list[int]
    themes: list[str]
    sdg_goals: list[int]
    sdg_targets: list[str]
    modality: str
    cooperation_type: str
    implementation_status: str
    start_date: dt.date | None
    end_date: dt.date | None
    budget: Decimal | None
    currency: str
    funding_source: str
    results: str
    lessons: str
    good_practice: bool
    links: list[str]
    languages: list[str]
    provenance: str
    iati_identifier: str
    published_at: dt.datetime | None
    url: str


class ActivityList(Schema):
    count: int
    items: list[ActivityOut]
    next: str | None
