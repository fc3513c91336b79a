"""Every figure of the report equals the same count taken another way: in
Python, over the objects and their derived ``stage``."""

import datetime as dt
from collections import Counter

import pytest
import time_machine

from uprtc.activities import consent
from uprtc.activities.choices import Stage
from uprtc.activities.models import Activity
from uprtc.countries.models import Country
from uprtc.recommendations.models import Recommendation
from uprtc.reports.figures import gather
from uprtc.reports.tests.conftest import END, START, approved, published

pytestmark = pytest.mark.django_db


def in_period(moment):
    return moment is not None and START <= moment.date() <= END


def period_objects():
    public = [a for a in Activity.objects.all() if a.stage == Stage.PUBLISHED]
    new = [a for a in public if in_period(a.published_at)]
    updated = [
        a
        for a in public
        if a.published_at.date() < START
        and (in_period(a.updated_at) or any(in_period(v.at) for v in a.versions.all()))
    ]
    return public, new, updated


def keyed(rows):
    return {r.key: r.count for r in rows}


def test_every_figure_equals_an_independent_count(world):
    f = gather(START, END)
    public, new, updated = period_objects()
    period = new + updated
    assert f.total_public == len([a for a in public if a.published_at.date() <= END])
    assert (f.new, f.updated, f.reported) == (len(new), len(updated), len(period))
    assert (f.new, f.updated) == (3, 1)
    states = {c.country_id for a in period for c in a.consents.all()}
    assert f.states == len(states) == 2
    orgs = {p.organization_id for a in period for p in a.participants.all()}
    assert f.organizations == len(orgs)
    assert f.good_practices == sum(a.good_practice for a in period) == 1

    def count(values_of):
        return dict(Counter(v for a in period for v in set(values_of(a))))

    expected = {
        "region": lambda a: [c.country.region.m49 for c in a.consents.all()],
        "regional_group": lambda a: [
            c.country.regional_group for c in a.consents.all()
        ],
        "theme": lambda a: [t.slug for t in a.themes.all()],
        "sdg_goal": lambda a: [str(g.number) for g in a.sdg_goals.all()],
        "actor_type": lambda a: [p.organization.org_type for p in a.participants.all()],
        "modality": lambda a: [a.modality],
        "cooperation_type": lambda a: [a.cooperation_type],
        "funding_source": lambda a: [a.funding_source] if a.funding_source else [],
    }
    for name, values_of in expected.items():
        assert keyed(f.breakdowns[name]) == count(values_of), name
    in_order = sorted(period, key=lambda a: (a.published_at, a.pk))
    assert [r.title for r in f.annex] == [a.title for a in in_order]
    assert [r.title for r in f.good_practice_list] == [
        "Training of judges on the Istanbul Protocol"
    ]


def test_consent_figures_are_totals_of_the_period(world):
    p = world
    with time_machine.travel(dt.datetime(2025, 9, 1, 10, tzinfo=dt.UTC), tick=False):
        refused = approved(p, "Refused one")
        consent.refuse_consent(p.focal_point, refused, Country.objects.get(iso3="SVN"))
        gone = published(p, "Withdrawn later")
        consent.withdraw_consent(p.focal_point, gone, Country.objects.get(iso3="SVN"))
    c = gather(START, END).consent
    decided = [
        x
        for a in Activity.objects.all()
        for x in a.consents.all()
        if in_period(x.decided_at)
    ]
    asked = [x for a in Activity.objects.all() for x in a.consents.all()]
    assert c.asked == len([x for x in asked if in_period(x.requested_at)])
    assert c.granted == len([x for x in decided if x.status == "granted"])
    assert (c.refused, c.withdrawn) == (1, 1)
    assert c.median_days == 0.0


def test_coverage_counts_recommendations_linked_at_each_end_of_the_period(world):
    svn = Country.objects.get(iso3="SVN")
    recs = [
        Recommendation.objects.create(
            state_under_review=svn, cycle=4, text=f"Recommendation {i}",
            source_key=f"test-{i}",
            response="supported" if i < 3 else "noted",
        )
        for i in range(4)
    ]  # fmt: skip
    by_title = {a.title: a for a in Activity.objects.all()}
    by_title["Prison monitoring handbook, 2nd edition"].recommendations.add(recs[0])
    by_title["Peer exchange on NHRI accreditation"].recommendations.add(recs[1])
    by_title["Next year's seminar"].recommendations.add(recs[2])
    by_title["Peer exchange on NHRI accreditation"].recommendations.add(recs[3])
    f = gather(START, END)
    assert (f.coverage_start.accepted, f.coverage_start.covered) == (3, 1)
    assert (f.coverage_end.accepted, f.coverage_end.covered) == (3, 2)
