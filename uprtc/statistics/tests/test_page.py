"""The statistics page, its CSV and its PNG: public data only, the API's
numbers, in the page's language and direction."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from uprtc.activities import consent
from uprtc.activities.models import Activity
from uprtc.activities.tests import builders
from uprtc.countries.models import Country
from uprtc.matching.models import AssistanceRequest, Match, MatchStatus, Offer
from uprtc.statistics import png
from uprtc.statistics.figures import SPECS, data
from uprtc.taxonomies.models import SdgGoal, Theme

pytestmark = pytest.mark.django_db

# chart → the API's breakdown it draws
API_KEYS = {
    name: spec.source for name, spec in SPECS.items() if spec.source != "funnel"
}


def request_for(p, state="SVN", **kw):
    return AssistanceRequest.objects.create(
        state=Country.objects.get(iso3=state),
        organization=p.slovenia,
        created_by=p.focal_point,
        need="Training of prison staff",
        languages=["en"],
        **kw,
    )


@pytest.fixture
def world(personas):
    """One published activity, born of an accepted public match; a draft and
    a refused one; a hidden request whose accepted match names the same
    activity."""
    p = personas
    public = builders.published(
        p, title="Prison monitoring", modality="training", funding_source="bilateral"
    )
    builders.draft(p, title="A draft", modality="grant", funding_source="own-resources")
    refused = builders.approved(
        p,
        title="Refused one",
        modality="expert-deployment",
        funding_source="vf-technical-cooperation",
    )
    consent.refuse_consent(p.focal_point, refused, Country.objects.get(iso3="SVN"))
    offer = Offer.objects.create(
        organization=p.cso,
        created_by=p.submitter,
        expertise="Prisons",
        languages=["en"],
    )
    for req in (request_for(p), request_for(p, visibility="moderators")):
        Match.objects.create(
            request=req,
            offer=offer,
            score=0.9,
            status=MatchStatus.ACCEPTED,
            activity=public,
        )
    return p


def csv_rows(client, name, query=""):
    response = client.get(f"/en/statistics/{name}.csv{query}")
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads UTF-8 only with the mark
    return list(csv.reader(io.StringIO(text[1:])))


def counts(rows):
    """Non-zero counts of a chart's CSV, by code, as the API gives them."""
    return {code: int(n) for code, _label, n, *_ in rows[1:] if int(n)}


def test_drafts_refused_activities_and_hidden_requests_count_nowhere(
    client, world, monkeypatch
):
    page = client.get("/en/statistics/").content.decode()
    figures = re.findall(r'<strong class="figure">([^<]+)</strong>', page)
    assert figures[0] == "1"  # published activities
    assert figures[3] == "1"  # public requests
    assert "Own resources" in page  # the vocabulary is there, with zero
    modalities = counts(csv_rows(client, "modalities"))
    assert modalities == {"training": 1}
    assert counts(csv_rows(client, "funding-sources")) == {"bilateral": 1}
    funnel = csv_rows(client, "funnel")
    assert [int(r[2]) for r in funnel[1:]] == [1, 1, 1, 1]
    drawn = []
    monkeypatch.setattr(
        png, "bars", lambda rows, **kw: drawn.append(rows) or b"\x89PNG"
    )
    for name in ("modalities", "funding-sources", "funnel"):
        assert client.get(f"/en/statistics/{name}.png").status_code == 200
    assert drawn[0] == [("Training", 1)]
    assert ("Own resources", 0) not in drawn[1] and ("Bilateral funding", 1) in drawn[1]
    assert [n for _label, n in drawn[2]] == [1, 1, 1, 1]


@pytest.mark.parametrize("state", ["", "SVN", "FRA"])
def test_the_page_shows_the_apis_numbers(client, call, world, state):
    query = f"?state={state}" if state else ""
    api = call("get", f"/api/v1/statistics{query}").json()
    page = client.get(f"/en/statistics/{query}").content.decode()
    figures = re.findall(r'<strong class="figure">([^<]+)</strong>', page)
    made = api["matchmaking"]
    assert figures == [
        str(n)
        for n in (
            api["activities"],
            api["states_concerned"],
            api["good_practices"],
            made["requests"],
            made["offers_active"],
            made["matches_accepted"],
        )
    ]
    for name, key in API_KEYS.items():
        assert counts(csv_rows(client, name, query)) == api[key], name


def test_an_unknown_state_or_chart_is_not_found(client, world):
    assert client.get("/en/statistics/?state=XXX").status_code == 404
    assert client.get("/en/statistics/nothing.csv").status_code == 404
    assert client.get("/en/statistics/themes.csv?state=XXX").status_code == 404


def test_every_chart_has_its_table_and_downloads(client, world):
    page = client.get("/en/statistics/").content.decode()
    assert page.count('<figure class="chart-figure"') == len(SPECS)
    assert page.count('<svg class="chart"') == len(SPECS)
    assert page.count('<details class="chart-data">') == len(SPECS)
    assert page.count('tabindex="0" role="region" aria-label=') == len(SPECS)
    assert page.count("<caption>") == len(SPECS)
    for name in SPECS:
        assert f'href="/en/statistics/{name}.csv"' in page
        assert f'href="/en/statistics/{name}.png"' in page
    assert 'style="' not in page and "<style" not in page
    assert len(page.encode()) < 100_000
    svn = client.get("/en/statistics/?state=SVN").content.decode()
    assert 'href="/en/statistics/themes.csv?state=SVN"' in svn


def test_all_seventeen_goals_are_drawn_in_the_page_language(client, world):
    Activity.objects.public().get().sdg_goals.add(SdgGoal.objects.get(number=16))
    with translation.override("fr"):
        page = client.get("/fr/statistics/").content.decode()
    goals = re.search(r'<svg class="chart".*?id="chart-sdg-goals-title".*?</svg>', page)
    assert goals and goals.group(0).count('class="chart-bar"') == 17
    assert "Pas de pauvreté" in goals.group(0)


def test_arabic_charts_are_mirrored(client, world):
    page = client.get("/ar/statistics/").content.decode()
    assert page.count('direction="rtl"') == len(SPECS)
    assert 'direction="ltr"' not in page


def test_a_chart_with_nothing_to_count_says_so(client, world):
    page = client.get("/en/statistics/").content.decode()
    goals = re.search(r'<svg class="chart".*?id="chart-sdg-goals-title".*?</svg>', page)
    assert "Nothing to count here yet." in goals.group(0)
    assert 'class="chart-bar"' not in goals.group(0)
    assert counts(csv_rows(client, "sdg-goals")) == {}
    assert len(csv_rows(client, "sdg-goals")) == 18  # the table keeps the 17


def test_the_counts_are_computed_once_for_all_languages(client, world):

    with translation.override("en"):
        english = data(None)
    with translation.override("ar"):
        assert data(None) is not None
    with translation.override("ru"), CaptureQueriesContext(connection) as queries:
        assert data(None) == english
    assert len(queries) == 0


def test_csv_cells_cannot_run_as_formulas(client, world):

    theme = Theme.objects.create(slug="formula", name_en="=HYPERLINK(1)")
    activity = builders.published(world, title="With a formula theme")
    activity.themes.add(theme)
    rows = csv_rows(client, "themes")
    assert ["formula", "'=HYPERLINK(1)", "1"] in rows
    page = client.get("/en/statistics/themes.png")
    assert page["Content-Type"] == "image/png" and page.content[:4] == b"\x89PNG"


def test_charts_are_cached_until_something_is_published(
    client, world, django_assert_max_num_queries
):
    client.get("/en/statistics/")
    with django_assert_max_num_queries(3):
        client.get("/en/statistics/")
    builders.published(world, title="Another", modality="training")
    assert counts(csv_rows(client, "modalities")) == {"training": 2}
