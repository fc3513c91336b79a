"""The leak test: an activity that is not public (unconsented, confidential,
withdrawn) is absent from every public channel; once consented it appears;
after withdrawal it is gone again. Add each new public channel to CHANNELS."""

import pytest

from uprtc.activities import consent
from uprtc.activities.tests import builders
from uprtc.countries.models import Country

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
        f"/en/search/?q={WORD}",
        "/en/search/?q=workshop",
        "/en/search/",
        f"/api/v1/search?q={WORD}",
        "/api/v1/search?type=activity",
        "/api/v1/export/iati.xml",
    ]


def body_of(client, url):
    response = client.get(url)
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def shown(client, url):
    """The page without the echo of the query itself (search box, links)."""
    body = body_of(client, url)
    return body.replace(f'value="{WORD}"', "").replace(f"q={WORD}", "")


def leaks(client, activity, org_id):
    return [url for url in channels(activity, org_id) if WORD in shown(client, url)]


def test_an_unconsented_activity_leaks_nowhere_until_consent(client, personas):
    p = personas
    activity = builders.approved(p, title=f"{WORD} workshop")
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
        personas.focal_point, activity, Country.objects.get(iso3="SVN")
    )
    assert leaks(client, activity, personas.cso.pk) == []


def test_contact_details_are_never_public(client, personas):
    activity = builders.published(
        personas, contact_name="Ana Novak", contact_email="ana@example.si"
    )
    for url in channels(activity, personas.cso.pk):
        body = body_of(client, url)
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
