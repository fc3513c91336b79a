"""Who sees what: personas × channels × object states.

Each case builds one object carrying a unique word (in its text and in the
name of an organization known only through it), then every persona opens
every channel. A *public* channel (lists, search, exports, feed, IATI, the
statistics) may show the word only when the object is public; a *personal*
channel (detail pages and API details, "mine" lists, matches, organization
pages) only when the persona may see it. The expectations are the table
below, which the README's "Security model" section must repeat word for word
(``test_the_readme_states_the_same_rules``)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from uprtc.activities import consent, services
from uprtc.activities.tests import builders
from uprtc.actors.models import OrgType
from uprtc.actors.services import issue_api_token
from uprtc.countries.models import Country
from uprtc.matching import services as matching
from uprtc.matching.models import Match, Offer, Visibility
from uprtc.search.index import sync

pytestmark = pytest.mark.django_db
WORD = "Qorvashtelm"
PERSONAS = ("anonymous", "other_org", "other_state", "focal_point", "reviewer")
LABELS = {
    "anonymous": "anonymous",
    "other_org": "unrelated contributor",
    "other_state": "another State's focal point",
    "focal_point": "the State's focal point",
    "reviewer": "moderator",
}
ALL = set(PERSONAS)
# object state → personas who may open it (the README repeats this table)
SEES = {
    "draft activity": {"reviewer"},
    "submitted activity": {"reviewer"},
    "activity awaiting consent": {"reviewer", "focal_point"},
    "activity whose consent was refused": {"reviewer", "focal_point"},
    "activity whose consent was withdrawn": {"reviewer", "focal_point"},
    "confidential activity": {"reviewer"},
    "published activity": ALL,
    "moderators-only request": {"reviewer", "focal_point"},
    "moderators-only offer": {"reviewer"},
    "providers-only offer": ALL - {"anonymous"},
    "public offer": ALL,
}
PUBLIC = {"published activity", "public offer"}

PUBLIC_CHANNELS = [
    "/en/",
    "/en/activities/",
    f"/en/activities/?q={WORD}",
    "/en/countries/SVN/",
    f"/en/search/?q={WORD}",
    f"/fr/search/?q={WORD}",
    f"/api/v1/search?q={WORD}",
    f"/api/v1/activities?q={WORD}",
    "/api/v1/export/activities.csv",
    "/api/v1/export/activities.json",
    "/api/v1/export/activities.xlsx",
    "/api/v1/export/organizations.csv",
    "/api/v1/export/organizations.json",
    "/api/v1/export/organizations.xlsx",
    "/api/v1/export/requests.csv",
    "/api/v1/export/offers.csv",
    "/api/v1/export/offers.json",
    "/api/v1/export/iati.xml",
    "/feeds/activities.atom",
]
# {a}: the activity, {o}: the organization known only through the object,
# {r} / {f}: a request / an offer of the case (or of its public other side)
PERSONAL_CHANNELS = [
    "/en/activities/{a}/",
    "/api/v1/activities/{a}",
    "/api/v1/activities?mine=true&limit=200",
    "/en/organizations/{o}/",
    "/api/v1/organizations/{o}",
    f"/api/v1/organizations?q={WORD}",
    "/en/matching/",
    "/en/matching/requests/{r}/",
    "/en/matching/offers/{f}/",
    "/api/v1/requests?limit=200",
    "/api/v1/requests/{r}",
    "/api/v1/requests/{r}/matches",
    "/api/v1/offers?limit=200",
    "/api/v1/offers/{f}",
    "/api/v1/offers/{f}/matches",
    "/en/dashboard/",
]


def body(response) -> str:
    data = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            return "".join(book.read(n).decode() for n in book.namelist())
    text = data.decode("utf-8-sig")
    # the echo of the query (search box, links) is not a leak
    return text.replace(f'value="{WORD}"', "").replace(f"q={WORD}", "")


class Case:
    """One object in one state, its ids for the personal channels, and the
    ids of objects a match list must not reveal."""

    def __init__(self, p, state):
        self.p = p
        f = p.factory
        self.org = f.make_org(f"{WORD} Defenders Association", OrgType.CSO, "SVN")
        self.member = f.make_member(self.org, email=f"{WORD.lower()}@example.org")
        self.ids = {"a": 0, "o": self.org.pk, "r": 0, "f": 0}
        self.hidden_match = None
        build = {
            "draft": self.build_draft,
            "submitted": self.build_submitted,
            "activity": self.build_activity,
            "confidential": self.build_activity,
            "published": self.build_published,
            "moderators-only": self.build_moderators,
            "providers-only": self.build_providers,
            "public": self.build_public,
        }
        build[state.split()[0]](state)

    # --- activities -----------------------------------------------------
    def activity(self, stage, **kw):
        p = self.p
        act = services.create_activity(
            self.member, self.org, builders.data(title=f"{WORD} training", **kw)
        )
        if stage in ("draft",):
            return act
        services.submit_activity(self.member, act)
        if stage == "submitted":
            return act
        services.approve_submission(p.reviewer, act)
        return act

    def build_draft(self, state):
        self.ids["a"] = self.activity("draft").pk

    def build_submitted(self, state):
        self.ids["a"] = self.activity("submitted").pk

    def build_activity(self, state):
        svn = Country.objects.get(iso3="SVN")
        if "confidential" in state:
            act = self.activity("approved", confidential=True)
        else:
            act = self.activity("approved")
        if "refused" in state:
            consent.refuse_consent(self.p.focal_point, act, svn)
        if "withdrawn" in state:
            consent.grant_consent(self.p.focal_point, act, svn)
            consent.withdraw_consent(self.p.focal_point, act, svn)
        self.ids["a"] = act.pk

    def build_published(self, state):
        act = self.activity("approved")
        consent.grant_consent(self.p.focal_point, act, Country.objects.get(iso3="SVN"))
        self.ids["a"] = act.pk

    # --- requests and offers -------------------------------------------
    def public_offer(self):
        return matching.create_offer(
            self.p.submitter,
            self.p.cso,
            {"expertise": "Training of judges", "languages": ["en"]},
            {},
        )

    def public_request(self):
        return matching.create_request(
            self.p.focal_point,
            {"need": "Training for judges", "languages": ["en"]},
            {},
        )

    def build_moderators(self, state):
        if "request" in state:
            req = matching.create_request(
                self.p.focal_point,
                {
                    "need": f"{WORD}: training for judges",
                    "languages": ["en"],
                    "visibility": Visibility.MODERATORS,
                },
                {},
            )
            offer = self.public_offer()
            self.hidden_match = ("request_id", req.pk)
        else:
            offer = self.offer(Visibility.MODERATORS)
            req = self.public_request()
            self.hidden_match = ("offer_id", offer.pk)
        Match.objects.get_or_create(
            request=req, offer=offer, defaults={"score": 0.9, "explanation": []}
        )
        self.ids.update(r=req.pk, f=offer.pk)

    def build_providers(self, state):
        offer = self.offer(Visibility.PROVIDERS)
        req = self.public_request()
        Match.objects.get_or_create(
            request=req, offer=offer, defaults={"score": 0.9, "explanation": []}
        )
        self.hidden_match = ("offer_id", offer.pk)
        self.ids.update(r=req.pk, f=offer.pk)

    def build_public(self, state):
        self.build_providers(state)
        Offer.objects.filter(pk=self.ids["f"]).update(visibility=Visibility.PUBLIC)
        sync("offer", [self.ids["f"]])

    def offer(self, visibility):
        return matching.create_offer(
            self.member,
            self.org,
            {
                "expertise": f"{WORD}: training of judges",
                "languages": ["en"],
                "visibility": visibility,
            },
            {},
        )


def opener(client, p, persona):
    user = None if persona == "anonymous" else getattr(p, persona, None)
    if persona == "other_org":
        user = p.factory.make_member(p.factory.make_org("Another NGO"))
    client.logout()
    headers = {}
    if user is not None:
        client.force_login(user)
        headers["HTTP_AUTHORIZATION"] = f"Bearer {issue_api_token(user)}"

    def get(url):
        extra = headers if url.startswith("/api/") else {}
        return client.get(url, **extra)

    return get


def leaks(get, case):
    """(public channels showing the word, personal channels showing it)."""
    public = [u for u in PUBLIC_CHANNELS if WORD in body(get(u))]
    personal = []
    for template in PERSONAL_CHANNELS:
        url = template.format(**case.ids)
        response = get(url)
        text = body(response)
        if WORD in text:
            personal.append(template)
        elif case.hidden_match and url.endswith("/matches"):
            key, pk = case.hidden_match
            if response.status_code == 200 and any(
                item.get(key) == pk for item in response.json()["items"]
            ):
                personal.append(template)
    return public, personal


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("state", list(SEES))
def test_each_persona_sees_only_what_the_rules_allow(client, personas, state, persona):
    case = Case(personas, state)
    public, personal = leaks(opener(client, personas, persona), case)
    if state in PUBLIC:
        assert public, "a public object shows on the public channels"
    else:
        assert public == [], f"{state} leaks to {persona} through {public}"
    if persona in SEES[state]:
        assert personal, f"{persona} should see the {state} somewhere"
    else:
        assert personal == [], f"{state} leaks to {persona} through {personal}"


def test_the_readme_states_the_same_rules():
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    section = readme.split("## Security model", 1)[1].split("\n## ", 1)[0]
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("|") and not re.match(r"^\|\s*-", line)
    ]
    header, *lines = rows
    assert header[1:] == [LABELS[p] for p in PERSONAS]
    table = {
        line[0]: {
            p for p, cell in zip(PERSONAS, line[1:], strict=True) if cell == "yes"
        }
        for line in lines
    }
    assert table == SEES
