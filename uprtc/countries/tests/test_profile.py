"""The country profile: public data only, counted from the public querysets;
the focal point's block only for that State's focal point and moderators."""

from __future__ import annotations

import pytest

from uprtc.activities import consent
from uprtc.activities.tests import builders
from uprtc.countries.models import Country
from uprtc.countries.profile import country_profile
from uprtc.matching.models import Match
from uprtc.opendata.tests.builders import offer, recommendation, request
from uprtc.taxonomies.models import Theme

pytestmark = pytest.mark.django_db
URL = "/en/countries/SVN/"


def svn():
    return Country.objects.get(iso3="SVN")


def page(client, user=None, url=URL):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_only_published_activities_are_shown_and_counted(client, personas):
    p = personas
    builders.published(p, title="Published Kestrel workshop")
    builders.draft(p, title="Draft Osprey workshop")
    builders.submitted(p, title="Submitted Osprey workshop")
    builders.approved(p, title="Awaiting Osprey workshop")
    refused = builders.approved(p, title="Refused Osprey workshop")
    consent.refuse_consent(p.focal_point, refused, svn())
    withdrawn = builders.published(p, title="Withdrawn Osprey workshop")
    consent.withdraw_consent(p.focal_point, withdrawn, svn())
    builders.approved(p, title="Confidential Osprey workshop", confidential=True)

    html = page(client)
    assert "Published Kestrel workshop" in html
    assert "Osprey" not in html
    assert country_profile(svn()).activities_received == 1


def test_a_co_concerned_states_refusal_is_not_leaked(client, personas):
    p = personas
    both = builders.approved(p, title="Joint Osprey seminar", states=("SVN", "FRA"))
    consent.grant_consent(p.focal_point, both, svn())
    consent.refuse_consent(p.other_state, both, Country.objects.get(iso3="FRA"))

    assert "Osprey" not in page(client)
    assert "Osprey" not in page(client, url="/en/countries/FRA/")
    assert country_profile(svn()).activities_received == 0


def test_hidden_requests_and_offers_are_not_shown(client, personas):
    p = personas
    request(p, need="Public Kestrel request")
    request(p, visibility="moderators", need="Hidden Osprey request")
    offer(p, expertise="Public Kestrel offer")
    offer(p, visibility="moderators", expertise="Hidden Osprey offer")
    offer(p, visibility="providers", expertise="Members Osprey offer")

    html = page(client)
    assert "Public Kestrel request" in html and "Public Kestrel offer" in html
    assert "Osprey" not in html
    # still hidden for a signed-in person whose desk may show them: the
    # profile is a public page
    assert "Osprey" not in page(client, p.focal_point)


def test_cooperation_provided_is_work_for_other_states(client, personas):
    p = personas
    abroad = builders.approved(p, title="Kestrel mentoring in France", states=("FRA",))
    consent.grant_consent(p.other_state, abroad, Country.objects.get(iso3="FRA"))
    builders.published(p, title="Kestrel training at home")
    hidden = builders.approved(p, title="Osprey mentoring in France", states=("FRA",))
    consent.refuse_consent(p.other_state, hidden, Country.objects.get(iso3="FRA"))

    profile = country_profile(svn())
    assert [c.title for c in profile.provided_cards] == ["Kestrel mentoring in France"]
    assert profile.activities_provided == 1
    assert [c.title for c in profile.received_cards] == ["Kestrel training at home"]
    assert "Osprey" not in page(client)


def test_offers_to_states_it_recommended_to_come_first(personas):
    p = personas
    made = recommendation(state="FRA")
    made.recommending_states.add(svn())
    offer(p, expertise="Anywhere")
    to_france = offer(p, expertise="For France")
    to_france.countries.add(Country.objects.get(iso3="FRA"))

    offers = country_profile(svn()).offers_by_state
    assert [o.expertise for o in offers] == ["For France", "Anywhere"]
    assert [c.iso3 for c in offers[0].recommended] == ["FRA"]


def test_the_timeline_has_one_row_per_review(client, personas):
    for response in ["supported"] * 3 + ["noted"]:
        recommendation(cycle=3, session=34, response=response)
    recommendation(cycle=2, session=20, response="supported")
    recommendation(cycle=2, session=20, response="noted")
    recommendation(cycle=2, session=20, response="")

    rows = country_profile(svn()).timeline
    assert [(r.cycle, r.session) for r in rows] == [(3, 34), (2, 20)]
    assert [(r.received, r.supported, r.noted, r.other) for r in rows] == [
        (4, 3, 1, 0),
        (3, 1, 1, 1),
    ]
    assert rows[0].documents == ["A/HRC/39/8"]
    html = page(client)
    assert 'class="timeline"' in html
    assert "Session 34 · cycle 3" in html
    assert "?state=SVN&amp;cycle=2&amp;response=noted" in html


def test_coverage_bars_count_published_support_only(client, personas):
    p = personas
    theme = Theme.objects.order_by("slug").first()
    recs = [recommendation() for _ in range(4)]
    for rec in recs:
        rec.themes.add(theme)
    noted = recommendation(response="noted")
    noted.themes.add(theme)
    builders.published(p).recommendations.add(recs[0])
    builders.approved(p).recommendations.add(recs[1])  # awaiting consent

    profile = country_profile(svn())
    bar = next(b for b in profile.themes if b.slug == theme.slug)
    assert (bar.tally.accepted, bar.tally.covered, bar.width) == (4, 1, 25)
    assert (profile.accepted, profile.coverage.covered) == (4, 1)
    html = page(client)
    assert 'aria-label="1 of 4 covered"' in html
    assert '<rect class="meter-fill" width="25" height="8"/>' in html


def test_the_focal_point_block_shows_only_to_the_states_focal_point_and_moderators(
    client, personas
):
    p = personas
    builders.approved(p, title="Osprey awaiting consent")
    req = request(p)
    Match.objects.create(
        request=req, offer=offer(p), score=0.9, explanation=[], status="interested"
    )
    marker = "Waiting for you, for Slovenia"

    # the focal point first: nothing of theirs may stay in a shared cache
    for user in (p.focal_point, p.reviewer):
        html = page(client, user)
        assert marker in html
        assert "1 activity awaits this State" in html
        assert "1 match to accept or decline" in html
        assert "Osprey" not in html  # counts only: the profile is public
    for user in (None, p.outsider, p.submitter, p.other_state):
        assert marker not in page(client, user)
    # France's focal point sees France's block, not Slovenia's
    assert "Waiting for you, for France" in page(
        client, p.other_state, "/en/countries/FRA/"
    )


def test_an_unknown_state_is_404(client, db):
    assert client.get("/en/countries/XXX/").status_code == 404
    assert client.get("/en/countries/S%20N/").status_code == 404


def test_the_profile_reads_right_to_left_in_arabic(client, personas):
    recommendation()
    html = page(client, url="/ar/countries/SVN/")
    assert '<html lang="ar" dir="rtl">' in html
    assert "سلوفينيا" in html


def test_the_recommendation_page_shows_its_public_support_only(client, personas):
    p = personas
    rec = recommendation(text="Ratify the Optional Protocol.")
    builders.published(p, title="Kestrel support").recommendations.add(rec)
    builders.approved(p, title="Osprey awaiting consent").recommendations.add(rec)
    req = request(p, need="Kestrel request")
    req.recommendations.add(rec)
    hidden = request(p, visibility="moderators", need="Osprey request")
    hidden.recommendations.add(rec)

    html = page(client, url=f"/en/recommendations/{rec.pk}/")
    assert '<blockquote class="quote"' in html
    assert '<span class="badge badge-ok">Supported</span>' in html
    assert "Kestrel support" in html and "Kestrel request" in html
    assert "Osprey" not in html
    noted = recommendation(response="noted")
    html = page(client, url=f"/en/recommendations/{noted.pk}/")
    assert '<span class="badge badge-info">Noted</span>' in html
