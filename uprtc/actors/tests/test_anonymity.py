"""An anonymous CSO's name reaches no public channel (personas × channels).

A CSO with a distinctive name asks to be shown only as "a civil society
organization in Slovenia". It submits and takes part in a published activity
that supports a recommendation, offers expertise matched to a public request
of Slovenia, and carries an IATI identifier. Every public channel's bytes are
read as the public, a signed-in outsider and the focal points of Slovenia (the
State concerned) and France: the name (and its IATI identifier) is in none of
them, the label is where the organization is shown. Its own members and the
moderators still read the name."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core.management import call_command

from uprtc.activities import consent, services
from uprtc.activities.choices import OrgRole
from uprtc.activities.models import Activity
from uprtc.activities.services import ActivityData
from uprtc.actors import onboarding
from uprtc.actors.models import Organization
from uprtc.countries.models import Country
from uprtc.matching import services as matching
from uprtc.matching.models import Match
from uprtc.recommendations.models import Recommendation
from uprtc.reports import state
from uprtc.search.documents import BUILDERS
from uprtc.taxonomies.models import SdgGoal, Theme

pytestmark = pytest.mark.django_db

NAME = "Zorya Lantern Defenders Collective"
SECRET = re.compile(rb"zorya|lantern defenders|XM-ZORYA", re.I)
LABEL = "A civil society organization in Slovenia"
TITLE = "Monitoring of detention conditions in Maribor"


@pytest.fixture
def anon(personas):
    p = personas
    svn = Country.objects.get(iso3="SVN")
    Organization.objects.filter(pk=p.cso.pk).update(name=NAME, iati_ref="XM-ZORYA-1")
    p.cso.refresh_from_db()
    onboarding.set_public_anonymous(p.org_admin, p.cso, True)
    p.rec = Recommendation.objects.create(
        state_under_review=svn, cycle=4, text="Improve detention conditions",
        paragraph="115.9", source_key="anon-115.9", response="supported",
    )  # fmt: skip
    theme = Theme.objects.order_by("slug").first()
    data = ActivityData(
        title=TITLE,
        description="Visits to places of detention and a public report.",
        concerned_states=[svn],
        scalars={"modality": "training", "cooperation_type": "bilateral"},
        m2m={
            "themes": [theme],
            "sdg_goals": list(SdgGoal.objects.filter(number=16)),
            "recommendations": [p.rec],
        },
        participants=[{"organization": p.cso, "role": OrgRole.IMPLEMENTER}],
    )
    activity = services.create_activity(p.submitter, p.cso, data)
    activity = services.submit_activity(p.submitter, activity)
    activity = services.approve_submission(p.reviewer, activity)
    consent.grant_consent(p.focal_point, activity, svn)
    # an IATI import keeps the identifier on the participation as well
    activity.participants.update(iati_ref="XM-ZORYA-1")
    p.activity = Activity.objects.get(pk=activity.pk)
    assert Activity.objects.public().filter(pk=p.activity.pk).exists()
    p.offer = matching.create_offer(
        p.submitter, p.cso,
        {"expertise": "Monitoring places of detention", "languages": ["en"]},
        {"themes": [theme], "countries": [svn]},
    )  # fmt: skip
    p.request = matching.create_request(
        p.focal_point, {"need": "Monitoring of prisons", "languages": ["en"]}, {}
    )
    p.match, _ = Match.objects.get_or_create(
        request=p.request, offer=p.offer, defaults={"score": 0.7, "explanation": []}
    )
    return p


def content(response) -> bytes:
    if getattr(response, "streaming", False):
        data = b"".join(response.streaming_content)
    else:
        data = response.content
    if data[:2] == b"PK":  # xlsx: the text is in the zipped XML
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            data = b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml"))
    return data


def pages(p) -> list[str]:
    a, o, r = p.activity.pk, p.offer.pk, p.request.pk
    return [
        f"/en/activities/{a}/",
        "/en/activities/",
        "/en/search/?q=detention",
        "/en/search/?q=detention&type=offer",
        f"/en/matching/offers/{o}/",
        f"/en/matching/requests/{r}/",
        "/en/matching/",
        "/en/countries/SVN/",
        "/en/statistics/",
        f"/en/recommendations/{p.rec.pk}/",
        f"/ar/activities/{a}/",
        "/feeds/activities.atom",
        "/api/v1/activities",
        f"/api/v1/activities/{a}",
        f"/api/v1/activities?organization={p.cso.pk}",
        "/api/v1/organizations",
        "/api/v1/organizations?q=Zorya",
        "/api/v1/search?q=detention",
        "/api/v1/search?q=Zorya",
        "/api/v1/offers",
        f"/api/v1/offers/{o}",
        f"/api/v1/requests/{r}",
        f"/api/v1/requests/{r}/matches",
        "/api/v1/export/iati.xml",
        *[
            f"/api/v1/export/{name}.{fmt}"
            for name in ("activities", "requests", "offers", "organizations")
            for fmt in ("csv", "json", "xlsx")
        ],
    ]


PERSONAS = ["public", "outsider", "focal_point", "other_state"]


def fetch(client, call, p, persona, url):
    user = None if persona == "public" else getattr(p, persona)
    if url.startswith("/api/"):
        return call("get", url, user=user)
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_public_channel_names_an_anonymous_cso(anon, client, call, persona):
    leaks = []
    for url in pages(anon):
        response = fetch(client, call, anon, persona, url)
        assert response.status_code in (200, 404), (url, response.status_code)
        body = content(response)
        if SECRET.search(body):
            leaks.append(url)
    assert leaks == []


def test_the_label_stands_where_the_organization_is_shown(anon, client, call):
    a = anon.activity.pk
    assert LABEL in client.get(f"/en/activities/{a}/").content.decode()
    assert LABEL in content(call("get", f"/api/v1/activities/{a}")).decode()
    assert LABEL in content(call("get", "/api/v1/export/activities.csv")).decode()
    assert LABEL in content(call("get", "/api/v1/export/iati.xml")).decode()
    offer = client.get(f"/en/matching/offers/{anon.offer.pk}/").content.decode()
    assert LABEL in offer


def test_the_organization_page_is_not_found_for_the_public(anon, client):
    # a page gathering all its activities would help to tell who it is
    assert client.get(f"/en/organizations/{anon.cso.pk}/").status_code == 404
    client.force_login(anon.focal_point)
    assert client.get(f"/en/organizations/{anon.cso.pk}/").status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_searching_its_name_finds_nothing(anon, client, call, persona):
    # the search page repeats the query, so its bytes hold the word: the
    # results must be empty instead
    for url in ("/api/v1/search?q=Zorya", "/api/v1/organizations?q=Zorya"):
        assert fetch(client, call, anon, persona, url).json()["items"] == [], url
    page = fetch(client, call, anon, persona, "/en/search/?q=Zorya").content
    assert f"/activities/{anon.activity.pk}/".encode() not in page


def test_search_documents_hold_no_name(anon):
    from uprtc.search.documents import ACTIVITY, OFFER

    for kind, pk in ((ACTIVITY, anon.activity.pk), (OFFER, anon.offer.pk)):
        doc = BUILDERS[kind]([pk])[pk]
        assert not SECRET.search(repr(doc).encode())


def test_the_annual_report_names_it_by_its_label(anon, tmp_path):
    call_command("report", "annual", "--session", "61", "--from", "2000-01-01",
                 "--to", "2100-12-31", "--lang", "en", "--format", "html,docx",
                 "--out", str(tmp_path))  # fmt: skip
    html = next(tmp_path.glob("*.html")).read_bytes()
    assert not SECRET.search(html)
    assert LABEL.encode() in html
    word = next(tmp_path.glob("*.docx")).read_bytes()
    docx = content(type("R", (), {"content": word}))
    assert not SECRET.search(docx)


def test_the_state_report_section_names_it_by_its_label(anon):
    report = state.build_report(Country.objects.get(iso3="SVN"), 4, "en")
    for fmt in ("html", "docx"):
        body = content(type("R", (), {"content": state.render(report, fmt)}))
        assert not SECRET.search(body), fmt
    assert LABEL.encode() in state.render(report, "html")


@pytest.mark.parametrize("persona", ["submitter", "org_admin", "reviewer"])
def test_its_members_and_moderators_still_read_the_name(anon, client, persona):
    client.force_login(getattr(anon, persona))
    page = client.get(f"/en/activities/{anon.activity.pk}/").content.decode()
    assert NAME in page
    org_page = client.get(f"/en/organizations/{anon.cso.pk}/")
    assert org_page.status_code == 200 and NAME in org_page.content.decode()


def test_setting_anonymity_drops_cached_public_pages(personas, client, settings):
    from uprtc.core import publication

    before = publication.version()
    onboarding.set_public_anonymous(personas.org_admin, personas.cso, True)
    assert publication.version() != before


def test_the_name_is_back_when_anonymity_is_lifted(anon, client):
    onboarding.set_public_anonymous(anon.reviewer, anon.cso, False)
    page = client.get(f"/en/activities/{anon.activity.pk}/").content.decode()
    assert NAME in page
