"""What is not public changes no figure of the report. Consent totals are the
exception by design (OHCHR reports every decision, as totals), so they are
left out of the comparison; requests and offers are not activities."""

import dataclasses
import datetime as dt

import pytest
import time_machine

from uprtc.activities import consent, services
from uprtc.countries.models import Country
from uprtc.reports.figures import gather
from uprtc.reports.tests.conftest import END, START, approved, payload, published

pytestmark = pytest.mark.django_db


def figures():
    f = dataclasses.asdict(gather(START, END))
    f.pop("consent")
    return f


def test_drafts_submissions_unconsented_confidential_and_withdrawn_change_nothing(
    world,
):
    p = world
    before = figures()
    svn = Country.objects.get(iso3="SVN")
    with time_machine.travel(dt.datetime(2025, 7, 1, 10, tzinfo=dt.UTC), tick=False):
        services.create_activity(p.submitter, p.cso, payload(p, "A draft", goal=1))
        services.submit_activity(
            p.submitter,
            services.create_activity(p.submitter, p.cso, payload(p, "Submitted")),
        )
        approved(p, "Awaiting consent", states=("FRA",), good_practice=True)
        secret = approved(p, "Confidential one", confidential=True)
        consent.grant_consent(
            p.reviewer, secret, svn, evidence_note="Note verbale 2025/12"
        )
        gone = published(p, "Withdrawn one", funding_source="vf-upr-participation")
        consent.withdraw_consent(p.focal_point, gone, svn)
    assert figures() == before
