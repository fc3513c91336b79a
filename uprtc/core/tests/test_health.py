"""/healthz names each component; with Redis down (REDIS_URL on a closed port)
pages and the API still answer, and the health check says what is down."""

import socket

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_down(settings):
    url = f"redis://127.0.0.1:{closed_port()}/0"
    settings.REDIS_URL = url
    settings.CELERY_BROKER_URL = url
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1},
        }
    }
    return url


@pytest.fixture
def redis_up(settings):
    import redis

    url = "redis://127.0.0.1:6379/13"
    try:
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.REDIS_URL = url
    settings.CELERY_BROKER_URL = url
    return url


def test_health_is_ok_with_the_database_and_redis_answering(client, redis_up):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_health_names_redis_when_it_is_down(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error" and body["database"] == "ok"
    assert body["redis"].startswith("error")


def test_health_names_the_database_when_it_is_down(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionError("database unreachable")

    # the boundary: the database driver's cursor, not our own code
    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error: database unreachable"


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/fr/activities/",
        "/ar/search/?q=torture",
        "/en/countries/SVN/",
        "/api/v1/activities",
        "/api/v1/search?q=justice",
    ],
)
def test_reads_keep_answering_while_redis_is_down(client, redis_down, path):
    from django.core.cache import cache

    assert cache.get("anything", "miss") == "miss"  # a failed read is a miss
    assert client.get(path).status_code == 200
