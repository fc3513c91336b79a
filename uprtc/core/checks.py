"""System checks for configuration, with hints. ``uprtc check`` runs them; the
``deploy`` ones also run under ``uprtc check --deploy``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.utils.translation import gettext as _

SUPPORTED_ENGINES = {"django.db.backends.sqlite3", "django.db.backends.postgresql"}


@register(Tags.compatibility)
def database_check(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine not in SUPPORTED_ENGINES:
        return [
            Error(
                f"Database engine {engine} is not supported.",
                hint="Set DATABASE_URL to sqlite:///PATH or postgres://USER@HOST:PORT/NAME.",
                id="uprtc.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def production_check(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    problems: list[Any] = []
    if settings.SECRET_KEY == settings.DEV_SECRET_KEY:
        problems.append(
            Error(
                "SECRET_KEY is the development key.",
                hint="Set SECRET_KEY (or SECRET_KEY_FILE) to a long random value: "
                "python -c 'import secrets; print(secrets.token_urlsafe(50))'",
                id="uprtc.E002",
            )
        )
    if not settings.DEBUG and not settings.ALLOWED_HOSTS:
        problems.append(
            Error(
                "ALLOWED_HOSTS is empty, so every request would be refused.",
                hint="Set ALLOWED_HOSTS to the public host name(s), comma-separated.",
                id="uprtc.E003",
            )
        )
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        problems.append(
            Warning(
                "SQLite is the embedded default; production runs several processes.",
                hint="Set DATABASE_URL to a PostgreSQL database.",
                id="uprtc.W001",
            )
        )
    if not settings.EMAIL_HOST:
        problems.append(
            Warning(
                "EMAIL_HOST is not set: notifications are printed, not sent.",
                hint="Set EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER and "
                "EMAIL_HOST_PASSWORD.",
                id="uprtc.W002",
            )
        )
    if not settings.REDIS_URL:
        problems.append(
            Warning(
                "REDIS_URL is not set: the cache is per process.",
                hint="Set REDIS_URL=redis://HOST:6379/0 so that web processes "
                "share a cache.",
                id="uprtc.W003",
            )
        )
    problems += rate_limit_problems()
    return problems


# caches that live inside one process (or count nothing at all)
PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


def rate_limit_problems() -> list[Any]:
    """The API throttles (``uprtc.api.throttles``) and allauth's sign-in limits
    count in the default cache: without a shared one each web process keeps
    its own counters, and a client gets the limit once per process."""
    if settings.CACHES["default"]["BACKEND"] not in PROCESS_CACHES:
        return []
    return [
        Warning(
            _(
                "API and sign-in rate limits are counted per process: "
                "the cache is not shared."
            ),
            hint=_(
                "Set REDIS_URL=redis://HOST:6379/0. Until then every web process "
                "(WEB_CONCURRENCY of them, on each machine) allows API_RATE_ADDRESS, "
                "API_RATE_TOKEN and LOGIN_RATE_LIMIT on its own."
            ),
            id="uprtc.W005",
        )
    ]


@register()
def translations_check(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    """The interface needs compiled catalogues (.mo) for its five other languages."""

    def compiled(code: str) -> bool:
        folder = code.replace("-hans", "_Hans")
        return any(
            (Path(p) / folder / "LC_MESSAGES" / "django.mo").exists()
            for p in settings.LOCALE_PATHS
        )

    missing = [
        code
        for code, _name in settings.LANGUAGES
        if code != "en" and not compiled(code)
    ]
    if missing:
        return [
            Warning(
                f"No compiled translations for: {', '.join(missing)}.",
                hint="Run `uprtc compilemessages` (make does this).",
                id="uprtc.W004",
            )
        ]
    return []
