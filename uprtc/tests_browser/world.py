"""A small published world for the browser tests, made through the services:
Slovenia's accepted recommendations, one published activity, an offer and a
request with its matches."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from uprtc.activities import consent, services
from uprtc.activities.choices import OrgRole
from uprtc.activities.models import Activity
from uprtc.activities.services import ActivityData
from uprtc.core.testing import Personas
from uprtc.countries.models import Country
from uprtc.matching import services as matching
from uprtc.matching.models import AssistanceRequest, Offer
from uprtc.recommendations.importers.base import ParsedFile, ParsedRecommendation
from uprtc.recommendations.models import Recommendation
from uprtc.recommendations.services import import_recommendations
from uprtc.search.documents import RECOMMENDATION
from uprtc.search.index import sync
from uprtc.taxonomies.models import SdgGoal, Theme

RECOMMENDATIONS = [
    "Establish a national preventive mechanism against torture and train "
    "judges on the Istanbul Protocol",
    "Ensure that the national human rights institution complies fully with "
    "the Paris Principles",
]


@dataclass
class World:
    p: Personas
    recommendation: Recommendation
    activity: Activity
    offer: Offer
    request: AssistanceRequest


def load_recommendations() -> list[Recommendation]:
    records = [
        ParsedRecommendation(
            line=i,
            state="SVN",
            text=text,
            recommending=["France"],
            session=34,
            cycle=3,
            response="supported",
            paragraph=f"114.{i}",
        )
        for i, text in enumerate(RECOMMENDATIONS, start=1)
    ]
    summary = import_recommendations(
        ParsedFile(records=records, rows=len(records)), source="ohchr-docx"
    )
    sync(RECOMMENDATION, summary.changed_ids)
    return list(Recommendation.objects.order_by("pk"))


def publish(p: Personas, title: str, description: str, **m2m: Any) -> Activity:
    data = ActivityData(
        title=title,
        description=description,
        concerned_states=[Country.objects.get(iso3="SVN")],
        scalars={"modality": "training", "cooperation_type": "bilateral"},
        m2m={
            "themes": list(Theme.objects.order_by("slug")[:1]),
            "sdg_goals": list(SdgGoal.objects.filter(number=16)),
            **m2m,
        },
        participants=[{"organization": p.cso, "role": OrgRole.IMPLEMENTER}],
    )
    activity = services.create_activity(p.submitter, p.cso, data)
    activity = services.submit_activity(p.submitter, activity)
    activity = services.approve_submission(p.reviewer, activity)
    consent.grant_consent(p.focal_point, activity, Country.objects.get(iso3="SVN"))
    return Activity.objects.get(pk=activity.pk)


def offer(p: Personas, expertise: str) -> Offer:
    return matching.create_offer(
        p.submitter,
        p.cso,
        {"expertise": expertise, "languages": ["en", "fr"], "capacity": 2},
        {},
    )


def build() -> World:
    p = Personas()
    recs = load_recommendations()
    activity = publish(
        p,
        "Training of judges on the Istanbul Protocol",
        "Three workshops for judges and prosecutors on documenting torture.",
        recommendations=recs[:1],
    )
    provider = offer(p, "Training of judges and prosecutors on torture prevention")
    req = matching.create_request(
        p.focal_point,
        {"need": "Training for judges on preventing torture", "languages": ["en"]},
        {},
    )
    return World(p, recs[0], activity, provider, req)


def pick(page, name: str, value: str) -> None:
    """Tick ``value`` in the folded checkbox list of field ``name``
    (core/widgets.Picker): open its <details> as a person would, then tick."""
    picker = page.locator(f"details.picker:has(input[name={name}])")
    if picker.get_attribute("open") is None:
        picker.locator("summary").click()
    page.check(f"input[name={name}][value='{value}']")
