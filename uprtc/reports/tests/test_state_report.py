"""The State's report section: its figures are the API's; what is not public
changes nothing in it; the command writes Word and web files in the six
languages (Arabic right to left); only the State's focal points and the
moderators open its page."""

import dataclasses
import datetime as dt
import io
import re

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document
from docx.oxml.ns import qn

from uprtc.activities import consent, services
from uprtc.activities.choices import OrgRole
from uprtc.activities.models import Activity
from uprtc.countries.models import Country
from uprtc.matching import services as matching
from uprtc.matching.models import Match, Visibility
from uprtc.recommendations.models import Recommendation
from uprtc.reports import state_figures
from uprtc.reports.tests.conftest import approved, payload, published
from uprtc.taxonomies.models import Theme

pytestmark = pytest.mark.django_db
SECTION = (
    "Technical cooperation and capacity-building received and provided in support "
    "of implementation"
)


def recommend(svn, i, cycle=4, response="supported", theme=None):
    rec = Recommendation.objects.create(
        state_under_review=svn, cycle=cycle, text=f"Recommendation number {i}",
        paragraph=f"115.{i}", source_key=f"state-test-{cycle}-{i}",
        response=response,
    )  # fmt: skip
    if theme is not None:
        rec.themes.add(theme)
    return rec


@pytest.fixture
def svn_world(world):
    """Five cycle-4 recommendations of Slovenia (four supported), two of them
    supported by published activities; a Slovenian ministry provides one
    published activity to France; a public request with a match and a hidden
    request."""
    p = world
    svn = Country.objects.get(iso3="SVN")
    themes = list(Theme.objects.order_by("slug")[:3])
    recs = [recommend(svn, i, theme=themes[i % 3]) for i in range(4)]
    recommend(svn, 4, response="noted", theme=themes[0])
    recommend(svn, 5, cycle=3)
    by_title = {a.title: a for a in Activity.objects.all()}
    by_title["Prison monitoring handbook, 2nd edition"].recommendations.add(recs[0])
    by_title["Legislative review of the press law"].recommendations.add(recs[1])
    # published in 2026: still published, so it counts as on the API
    by_title["Next year's seminar"].recommendations.add(recs[1])
    given = dataclasses.replace(
        payload(p, "Slovenian support to the French ombudsman", states=("FRA",)),
        participants=[
            {"organization": p.slovenia, "role": OrgRole.FUNDER},
            {"organization": p.cso, "role": OrgRole.IMPLEMENTER},
        ],
    )
    activity = services.create_activity(p.submitter, p.cso, given)
    activity = services.submit_activity(p.submitter, activity)
    activity = services.approve_submission(p.reviewer, activity)
    consent.grant_consent(p.other_state, activity, Country.objects.get(iso3="FRA"))
    offer = matching.create_offer(
        p.submitter, p.cso,
        {"expertise": "Training of prison staff", "languages": ["en"]}, {},
    )  # fmt: skip
    asked = matching.create_request(
        p.focal_point, {"need": "Training for prison staff", "languages": ["en"]}, {}
    )
    Match.objects.get_or_create(
        request=asked, offer=offer, defaults={"score": 0.7, "explanation": []}
    )
    hidden = {"need": "Quiet need", "languages": ["en"]}
    matching.create_request(
        p.focal_point, {**hidden, "visibility": Visibility.MODERATORS}, {}
    )
    p.recs = recs
    return p


def gathered():
    svn = Country.objects.get(iso3="SVN")
    return state_figures.gather(svn, 4)


def test_the_figures_equal_the_api(svn_world, call):
    f = gathered()
    country = call("get", "/api/v1/countries/SVN").json()
    coverage = call("get", "/api/v1/coverage/SVN").json()["by_cycle"]["4"]
    assert f.public_activities == country["activities"]
    assert (f.coverage.accepted, f.coverage.covered) == (
        coverage["accepted"],
        coverage["covered"],
    )
    assert (f.coverage.accepted, f.coverage.covered) == (4, 2)
    assert f.supporting == 3  # the handbook, the press law, next year's seminar
    assert [a.title for a in f.provided] == [
        "Slovenian support to the French ombudsman"
    ]
    assert [r.need for r in f.requests] == ["Training for prison staff"]
    assert f.requests[0].matches == ["Civil Rights Defenders Slovenia (Proposed)"]


def test_the_clusters_list_supporting_activities_and_what_remains(svn_world):
    f = gathered()
    for c in f.clusters:
        assert c.coverage.accepted == c.coverage.covered + len(c.uncovered)
        assert {r.covered for r in c.uncovered} <= {False}
    funded = [a for c in f.clusters for a in c.activities]
    press = next(a for a in funded if a.title == "Legislative review of the press law")
    assert press.recommendations == "115.1"
    assert press.funding == "Bilateral funding"
    uncovered = {r.paragraph for c in f.clusters for r in c.uncovered}
    assert uncovered == {"115.2", "115.3"}


def test_unpublished_and_withdrawn_activities_change_nothing(svn_world):
    p = svn_world
    before = dataclasses.asdict(gathered())
    svn = Country.objects.get(iso3="SVN")
    with time_machine.travel(dt.datetime(2025, 7, 1, 10, tzinfo=dt.UTC), tick=False):
        waiting = approved(p, "Awaiting consent", states=("SVN", "FRA"))
        draft = services.create_activity(p.submitter, p.cso, payload(p, "A draft"))
        gone = published(p, "Withdrawn one")
        consent.withdraw_consent(p.focal_point, gone, svn)
    for activity in (waiting, draft, gone):
        activity.recommendations.add(*p.recs)
    assert dataclasses.asdict(gathered()) == before


def build(tmp_path, lang, fmt="docx,html"):
    out = tmp_path / lang
    call_command("report", "state", "--state", "svn", "--cycle", "4",
                 "--lang", lang, "--format", fmt, "--out", str(out))  # fmt: skip
    return {p.suffix[1:]: p for p in out.iterdir()}


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar", "zh", "ru"])
def test_the_command_writes_word_and_web_files_in_each_language(
    svn_world, tmp_path, capsys, lang
):
    files = build(tmp_path, lang)
    assert sorted(files) == ["docx", "html"]
    assert sorted(capsys.readouterr().out.split()) == sorted(
        str(p) for p in files.values()
    )
    html = files["html"].read_text()
    assert ('dir="rtl"' in html) == (lang == "ar")
    assert "Prison monitoring handbook, 2nd edition" in html
    assert "Slovenian support to the French ombudsman" in html
    assert "Quiet need" not in html and "Withdrawn" not in html
    doc = Document(files["docx"])
    text = [p.text for p in doc.paragraphs]
    numbered = [t for t in text if re.match(r"\d+\.\t", t)]
    assert [t.split(".")[0] for t in numbered] == [
        str(n) for n in range(1, len(numbered) + 1)
    ]
    assert len(numbered) >= 5
    # the annex lists the three published activities supporting the cycle
    assert len(doc.tables[-1].rows) == 1 + 3
    if lang == "en":
        assert SECTION in text
    if lang == "ar":
        bidi = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bidi"
        assert all(p._p.pPr.find(bidi) is not None for p in doc.paragraphs if p.text)


def test_the_command_names_the_argument_at_fault(svn_world, tmp_path):
    cases = {
        ("--state", "XXX", "--cycle", "4"): "--state",
        ("--state", "SVN", "--cycle", "9"): "--cycle",
        ("--state", "SVN", "--cycle", "4", "--lang", "de"): "--lang",
        ("--state", "SVN", "--cycle", "4", "--format", "pdf"): "--format",
    }
    for args, named in cases.items():
        with pytest.raises(CommandError, match=f"^{named}: "):
            call_command("report", "state", *args, "--out", str(tmp_path))


def test_the_page_is_refused_to_another_state_and_to_anonymous_readers(
    client, svn_world
):
    url = "/en/reports/state/SVN/?cycle=4&lang=fr"
    assert client.get(url).status_code == 302  # to sign in
    for user in (svn_world.other_state, svn_world.submitter, svn_world.outsider):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.get("/en/reports/state/SVN/file.docx?cycle=4").status_code == 403


def test_the_focal_point_downloads_the_french_word_document(client, svn_world):
    client.force_login(svn_world.focal_point)
    assert 'href="/en/reports/state/"' in client.get("/en/dashboard/").content.decode()
    assert client.get("/en/reports/state/").url == "/en/reports/state/SVN/"
    page = client.get("/en/reports/state/SVN/?cycle=4&lang=fr")
    body = page.content.decode()
    assert page.status_code == 200 and "<iframe" in body
    link = "/en/reports/state/SVN/file.docx?cycle=4&amp;lang=fr&amp;download=1"
    assert link in body
    got = client.get(link.replace("&amp;", "&"))
    assert got.status_code == 200 and "attachment" in got["Content-Disposition"]
    assert "SVN-upr-cycle-4-cooperation-fr.docx" in got["Content-Disposition"]
    doc = Document(io.BytesIO(got.content))
    lang = doc.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "fr"
    assert [p.style.name for p in doc.paragraphs].count("Heading 1") == 1
    assert any(re.match(r"1\.\t", p.text) for p in doc.paragraphs)
    preview = client.get("/en/reports/state/SVN/file.html?cycle=4&lang=fr")
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert 'lang="fr"' in preview.content.decode()
    client.force_login(svn_world.reviewer)
    assert client.get("/en/reports/state/SVN/?cycle=4").status_code == 200
