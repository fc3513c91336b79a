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
