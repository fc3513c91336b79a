"""Recommendations, requests and offers for the export tests."""

from __future__ import annotations

import itertools

from uprtc.countries.models import Country
from uprtc.matching.models import AssistanceRequest, Offer
from uprtc.recommendations.models import Recommendation

_seq = itertools.count(1)


def recommendation(
    state: str = "SVN", text: str = "Ratify the Convention.", **extra: object
) -> Recommendation:
    n = next(_seq)
    fields = {"cycle": 3, "session": 34, "response": "supported"}
    fields.update(extra)
    return Recommendation.objects.create(
        state_under_review=Country.objects.get(iso3=state),
        text=text,
        paragraph=f"121.{n}",
        document_symbol="A/HRC/39/8",
        source="ohchr-docx",
        source_key=f"test-{n}",
        content_hash=f"hash-{n}",
        **fields,
    )


def request(p, visibility: str = "public", need: str = "Training") -> AssistanceRequest:
    return AssistanceRequest.objects.create(
        state=Country.objects.get(iso3="SVN"),
        organization=p.slovenia,
        created_by=p.focal_point,
        need=need,
        languages=["en"],
        visibility=visibility,
    )


def offer(p, visibility: str = "public", expertise: str = "Judges") -> Offer:
    return Offer.objects.create(
        organization=p.cso,
        created_by=p.submitter,
        expertise=expertise,
        languages=["en"],
        visibility=visibility,
    )
