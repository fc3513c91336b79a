"""A published activity carrying everything IATI can carry, for tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from uprtc.activities import consent, services
from uprtc.activities.models import Activity
from uprtc.activities.services import ActivityData
from uprtc.countries.models import Country
from uprtc.recommendations.models import Recommendation
from uprtc.taxonomies.models import SdgGoal, SdgTarget, Theme


def rich(p, title: str = "Istanbul Protocol training for judges") -> Activity:
    """Published through the workflow, with participants, SDGs, themes,
    recommendations, budget, dates, status, links and a (private) contact."""
    svn = Country.objects.get(iso3="SVN")
    data = ActivityData(
        title=title,
        description=f"{title}: three workshops for judges & prosecutors <Ljubljana>.",
        concerned_states=[svn],
        scalars={
            "language": "en",
            "implementation_status": "implementation",
            "start_date": dt.date(2025, 3, 1),
            "end_date": dt.date(2027, 2, 28),
            "budget": Decimal("45000.50"),
            "currency": "EUR",
            "cooperation_type": "bilateral",
            "links": ["https://example.org/report.pdf", "https://example.org/agenda"],
            "contact_name": "Ana Novak",
            "contact_email": "ana@example.si",
        },
        m2m={
            "sdg_goals": list(SdgGoal.objects.filter(number__in=[5, 16])),
            "sdg_targets": list(SdgTarget.objects.filter(code__in=["16.3", "5.a"])),
            "themes": list(Theme.objects.order_by("slug")[:2]),
            "recommendations": recommendations(svn),
        },
        participants=[
            {"organization": p.cso, "role": "provider"},
            {"organization": None, "name": "Peace Institute", "role": "implementer"},
            {
                "organization": None,
                "name": "Sweden",
                "role": "funder",
                "iati_ref": "SE-0",
            },
        ],
    )
    activity = services.create_activity(p.submitter, p.cso, data)
    services.submit_activity(p.submitter, activity)
    services.approve_submission(p.reviewer, activity)
    consent.grant_consent(p.focal_point, activity, svn)
    return Activity.objects.get(pk=activity.pk)


def recommendations(state: Country) -> list[Recommendation]:
    return [
        Recommendation.objects.get_or_create(
            source_key=f"iati-test-{n}",
            defaults={
                "state_under_review": state,
                "cycle": 3,
                "text": f"Ratify convention {n}",
                "document_symbol": "A/HRC/43/15" if n == 1 else "",
                "paragraph": "121.1" if n == 1 else "",
                "source": "upr-info",
                "content_hash": f"h{n}",
            },
        )[0]
        for n in (1, 2)
    ]
