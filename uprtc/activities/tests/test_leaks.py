"""The leak test: an activity that is not public (unconsented, confidential,
withdrawn) is absent from every public channel; once consented it appears;
after withdrawal it is gone again. Add each new public channel to CHANNELS."""

import io
import zipfile

import pytest

from uprtc.activities import consent
from uprtc.activities.tests import builders
from uprtc.countries.models import Country
from uprtc.opendata.tests.builders import recommendation

pytestmark = pytest.mark.django_db
WORD = "Zyxwvuquorble"


def channels(activity, org_id):
    return [
        "/en/",
        "/fr/",
        "/en/activities/",
        f"/en/activities/?q={WORD}",
        "/en/activities/?country=SVN",
        f"/en/activities/{activity.pk}/",
        "/en/countries/SVN/",
        f"/en/organizations/{org_id}/",
        "/feeds/activities.atom",
        "/api/v1/activities",
        f"/api/v1/activities?q={WORD}",
        "/api/v1/activities?country=SVN",
        f"/api/v1/activities/{activity.pk}",
        "/api/v1/activities?mine=true",
        "/api/v1/activities?sdg_goal=16&limit=200",
        f"/en/search/?q={WORD}",
        "/en/search/?q=workshop",
        "/en/search/",
        f"/api/v1/search?q={WORD}",
        "/api/v1/search?type=activity",
        "/api/v1/export/activities.csv",
        "/api/v1/export/activities.xlsx",
        "/api/v1/export/activities.json",
        "/api/v1/export/recommendations.json",
        "/api/v1/export/organizations.csv",
        "/api/v1/export/nmirf/SVN.csv",
        "/api/v1/export/nmirf/SVN.xlsx",
        "/api/v1/export/iati.xml",
    ]


def text(response):
    """The body as text: streamed downloads joined, XLSX (a ZIP) unpacked."""
    if response.streaming:
        data = b"".join(response.streaming_content)
    else:
        data = response.content
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            return "".join(book.read(n).decode() for n in book.namelist())
    return data.decode("utf-8-sig")


def shown(client, url):
    """The page without the echo of the query itself (search box, links)."""
    body = text(client.get(url))
    return body.replace(f'value="{WORD}"', "").replace(f"q={WORD}", "")


def leaks(client, activity, org_id):
    return [url for url in channels(activity, org_id) if WORD in shown(client, url)]


def test_an_unconsented_activity_leaks_nowhere_until_consent(client, personas):
    p = personas
    activity = builders.approved(p, title=f"{WORD} workshop")
    activity.recommendations.set([recommendation()])  # reaches the NMIRF plan
    org_id = p.cso.pk
    assert leaks(client, activity, org_id) == []
    consent.grant_consent(p.focal_point, activity, Country.objects.get(iso3="SVN"))
    shown = leaks(client, activity, org_id)
    assert f"/en/activities/{activity.pk}/" in shown
    assert f"/api/v1/activities?q={WORD}" in shown
    assert "/feeds/activities.atom" in shown
    assert "/api/v1/export/iati.xml" in shown
    assert f"/api/v1/search?q={WORD}" in shown and "/en/search/" in shown
    assert "/en/countries/SVN/" in shown and f"/en/organizations/{org_id}/" in shown
    assert {f"/api/v1/export/activities.{f}" for f in ("csv", "xlsx", "json")} <= set(
        shown
    )
    assert "/api/v1/export/nmirf/SVN.xlsx" in shown
    consent.withdraw_consent(p.focal_point, activity, Country.objects.get(iso3="SVN"))
    assert leaks(client, activity, org_id) == []


@pytest.mark.parametrize("stage", ["draft", "submitted", "approved"])
def test_unpublished_stages_leak_nowhere(client, personas, stage):
    activity = getattr(builders, stage)(personas, title=f"{WORD} seminar")
    assert leaks(client, activity, personas.cso.pk) == []


def test_a_confidential_activity_leaks_nowhere_even_when_consented(client, personas):
    activity = builders.approved(
        personas, title=f"{WORD} confidential", confidential=True
    )
    consent.grant_consent(
        personas.reviewer,
        activity,
        Country.objects.get(iso3="SVN"),
        evidence_note="Note verbale 2025/12",
    )
    assert leaks(client, activity, personas.cso.pk) == []


def test_contact_details_are_never_public(client, personas):
    activity = builders.published(
        personas, contact_name="Ana Novak", contact_email="ana@example.si"
    )
    for url in channels(activity, personas.cso.pk):
        body = text(client.get(url))
        assert "ana@example.si" not in body and "Ana Novak" not in body, url


def test_only_insiders_see_the_submitters_contact(client, personas):
    activity = builders.approved(
        personas, contact_name="Ana Novak", contact_email="ana@example.si"
    )
    url = f"/en/activities/{activity.pk}/"
    for user, sees in (
        (personas.focal_point, False),
        (personas.other_state, False),
        (personas.submitter, True),
        (personas.reviewer, True),
    ):
        client.force_login(user)
        response = client.get(url)
        if response.status_code == 404:
            assert not sees
            continue
        assert ("ana@example.si" in response.content.decode()) == sees, user


def counts(client):
    """Every public figure an unpublished activity could move."""
    stats = client.get("/api/v1/statistics").json()
    return {
        "statistics": stats["activities"],
        "by_state": stats["by_state"],
        "country": client.get("/api/v1/countries/SVN").json()["activities"],
        "organizations": client.get("/api/v1/organizations?type=cso").json()["count"],
        "search_facet": client.get("/api/v1/search?type=activity").json()["count"],
    }


def test_no_public_figure_counts_an_activity_before_consent(client, personas):
    p = personas
    nothing = counts(client)
    activity = builders.approved(p, title=f"{WORD} workshop")
    builders.approved(p, title="Confidential", confidential=True)
    assert counts(client) == nothing
    consent.grant_consent(p.focal_point, activity, Country.objects.get(iso3="SVN"))
    published = counts(client)
    assert published["statistics"] == 1 and published["by_state"] == {"SVN": 1}
    assert published["country"] == 1 and published["organizations"] == 1
    consent.withdraw_consent(p.focal_point, activity, Country.objects.get(iso3="SVN"))
    assert counts(client) == nothing
