from django.test import override_settings

from uprtc.core.checks import database_check, production_check


def ids(problems):
    return {p.id for p in problems}


@override_settings(
    SECRET_KEY="insecure-development-key-do-not-use-in-production",
    ALLOWED_HOSTS=[],
    DEBUG=False,
    EMAIL_HOST="",
    REDIS_URL="",
)
def test_it_flags_a_development_configuration_for_deployment():
    found = production_check()
    assert {"uprtc.E002", "uprtc.E003", "uprtc.W002", "uprtc.W003"} <= ids(found)
    assert all(p.hint for p in found)


@override_settings(
    SECRET_KEY="x" * 50,
    ALLOWED_HOSTS=["uprtc.example.org"],
    EMAIL_HOST="smtp.example.org",
    REDIS_URL="redis://127.0.0.1:6379/0",
)
def test_it_accepts_a_production_configuration():
    assert not {"uprtc.E002", "uprtc.E003", "uprtc.W002", "uprtc.W003"} & ids(
        production_check()
    )


def test_it_refuses_an_unsupported_database(monkeypatch):
    from django.conf import settings

    # patch the one key: overriding DATABASES as a whole would reconnect
    monkeypatch.setitem(
        settings.DATABASES["default"], "ENGINE", "django.db.backends.oracle"
    )
    assert ids(database_check()) == {"uprtc.E001"}


LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SHARED_CACHE = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }
}


@override_settings(CACHES=LOCAL_CACHE, REDIS_URL="")
def test_it_warns_that_rate_limits_are_per_process_without_a_shared_cache():
    (warning,) = [p for p in production_check() if p.id == "uprtc.W005"]
    assert "rate limits" in warning.msg
    assert "REDIS_URL" in warning.hint and "WEB_CONCURRENCY" in warning.hint


@override_settings(CACHES=SHARED_CACHE, REDIS_URL="redis://127.0.0.1:6379/0")
def test_a_shared_cache_silences_the_rate_limit_warning():
    assert "uprtc.W005" not in ids(production_check())
