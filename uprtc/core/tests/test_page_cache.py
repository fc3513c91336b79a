"""Anonymous pages from the shared cache: served without the database, never
stale after a change to public content, never a signed-in reader's page.

The withdrawal test runs on the cache of the settings (memory in tests) and on
the real Redis when one answers on REDIS_URL or 127.0.0.1:6379."""

from __future__ import annotations

import gzip
import os
import socket
import uuid
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from uprtc.activities import consent, services
from uprtc.activities.tests import builders
from uprtc.actors.models import OrgType
from uprtc.actors.services import issue_api_token
from uprtc.core.tests.test_visibility_matrix import PUBLIC_CHANNELS, WORD, body
from uprtc.countries.models import Country

pytestmark = pytest.mark.django_db
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip"}


def _redis_url() -> str | None:
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    host, _, port = url.split("//", 1)[1].split("/", 1)[0].rpartition(":")
    try:
        socket.create_connection((host or "127.0.0.1", int(port or 6379)), 0.5).close()
    except OSError:
        return None
    return url


@pytest.fixture(params=["settings", "redis"])
def shared_cache(request, settings):
    """The cache the page cache talks to: the one of the settings, or the
    real Redis under a key prefix of this test alone."""
    if request.param == "redis":
        url = _redis_url()
        if url is None:
            pytest.skip("no Redis on REDIS_URL or 127.0.0.1:6379")
        settings.CACHES = {
            "default": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": f"uprtc-test-{uuid.uuid4().hex}",
            }
        }
    cache = caches["default"]
    yield cache
    if request.param == "redis":
        cache.delete_pattern("*")


def published_activity(p):
    org = p.factory.make_org(f"{WORD} Defenders Association", OrgType.CSO, "SVN")
    member = p.factory.make_member(org, email=f"{WORD.lower()}@example.org")
    act = services.create_activity(
        member, org, builders.data(title=f"{WORD} training of judges")
    )
    services.submit_activity(member, act)
    services.approve_submission(p.reviewer, act)
    consent.grant_consent(p.focal_point, act, Country.objects.get(iso3="SVN"))
    return act, org


def channels(act, org) -> list[str]:
    return [
        *PUBLIC_CHANNELS,
        f"/en/activities/{act.pk}/",
        f"/ar/activities/{act.pk}/",
        f"/api/v1/activities/{act.pk}",
        f"/en/organizations/{org.pk}/",
        f"/api/v1/organizations/{org.pk}",
        "/fr/countries/SVN/",
        "/en/statistics/",
    ]


def test_withdrawing_consent_empties_every_cached_channel_at_once(
    client, personas, shared_cache
):
    act, org = published_activity(personas)
    urls = channels(act, org)
    for url in urls:
        body_of(client.get(url, **GZIP))
    served = {url: client.get(url, **GZIP) for url in urls}
    shown = [url for url, r in served.items() if WORD in body_of(r)]
    cached = [url for url, r in served.items() if r.get("X-Cache") == "hit"]
    # the reads before the withdrawal did show it, most from the cache
    assert len(shown) >= 15, shown
    assert len(cached) >= 15, cached

    consent.withdraw_consent(personas.focal_point, act, Country.objects.get(iso3="SVN"))

    after = {url: client.get(url, **GZIP) for url in urls}
    assert not [url for url, r in after.items() if r.get("X-Cache") == "hit"]
    leaked = [url for url, r in after.items() if WORD in body_of(r)]
    assert leaked == []


def body_of(response) -> str:
    """The text a reader gets, uncompressed (streamed exports included)."""
    if response.streaming:
        data = b"".join(response.streaming_content)
        if getattr(response, "file_to_stream", None) is not None:
            response.close()  # a spreadsheet's file (an explicit close of a
            # generator's response breaks PostgreSQL's test transaction)
    else:
        data = response.content
    if response.get("Content-Encoding") == "gzip":
        data = gzip.decompress(data)
    return body(SimpleNamespace(streaming=False, content=data))


def test_a_cached_page_is_served_without_the_database(client, personas):
    client.get("/en/")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/en/")
    assert again["X-Cache"] == "hit"
    assert len(queries) == 0


def test_each_language_and_encoding_has_its_own_entry(client, personas):
    english = client.get("/en/")
    french = client.get("/fr/")
    assert english["X-Cache"] == french["X-Cache"] == "miss"
    assert client.get("/fr/")["Content-Language"] == "fr"
    compressed = client.get("/en/", **GZIP)
    assert compressed["X-Cache"] == "miss"
    assert compressed["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in client.get("/en/")
    api_fr = client.get("/api/v1/activities", HTTP_ACCEPT_LANGUAGE="fr")
    api_en = client.get("/api/v1/activities", HTTP_ACCEPT_LANGUAGE="en")
    assert api_fr["X-Cache"] == api_en["X-Cache"] == "miss"


def test_a_cached_page_answers_304_to_its_etag(client, personas):
    client.get("/en/countries/SVN/")
    hit = client.get("/en/countries/SVN/")
    assert hit["X-Cache"] == "hit" and hit["ETag"]
    again = client.get("/en/countries/SVN/", HTTP_IF_NONE_MATCH=hit["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_a_signed_in_reader_never_gets_nor_leaves_a_cached_page(client, personas):
    from uprtc.core.testing import login

    login(client, personas.reviewer)
    first = client.get("/en/")
    second = client.get("/en/")
    assert "X-Cache" not in first and "X-Cache" not in second
    client.logout()
    client.cookies.clear()
    # nothing was stored by the moderator's reads
    assert client.get("/en/")["X-Cache"] == "miss"
    assert client.get("/en/")["X-Cache"] == "hit"
    login(client, personas.reviewer)
    mine = client.get("/en/")
    assert "X-Cache" not in mine
    assert personas.reviewer.email in mine.content.decode() or b"Sign out" in (
        mine.content
    )


def test_an_api_token_bypasses_the_cache(client, personas):
    token = issue_api_token(personas.reviewer)
    client.get("/api/v1/activities")
    with_token = client.get("/api/v1/activities", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert "X-Cache" not in with_token


def test_a_page_that_sets_a_cookie_is_not_stored(client, personas):
    client.get("/accounts/login/")
    client.cookies.clear()
    page = client.get("/en/accounts/login/")
    assert page.get("X-Cache") != "hit"


def test_a_bump_the_cache_missed_is_kept_in_the_outbox(
    settings, db, django_capture_on_commit_callbacks
):
    """A cache cut off (not restarted) would come back with its pages and
    the old number: the missed bump waits in the database until it answers."""
    from uprtc.core import publication
    from uprtc.core.models import OutboxTask

    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
        }
    }
    settings.TASKS_INLINE = False
    settings.CELERY_BROKER_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        publication.bump()
    assert OutboxTask.objects.filter(name="core.bump_publication").count() == 1


def test_a_zero_lifetime_turns_the_page_cache_off(client, personas, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/en/")
    assert "X-Cache" not in client.get("/en/")
