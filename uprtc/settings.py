"""The one settings module. Every value that varies between machines comes from
the environment through the typed helpers of ``uprtc.env`` (see README,
"Configuration")."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from uprtc.core.logs import config as logging_config
from uprtc.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("UPRTC_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)

# A fixed key is acceptable only on a developer's machine; anywhere else it must
# come from the environment, or sessions and tokens could be forged.
DEV_SECRET_KEY = "insecure-development-key-do-not-use-in-production"
SECRET_KEY = env_str(
    "SECRET_KEY", DEV_SECRET_KEY if DEBUG else None, required=not DEBUG
)

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Our IATI organisation identifier: reporting-org of the IATI export and the
# prefix of identifiers of activities that did not come from IATI.
IATI_PUBLISHER_REF = env_str("IATI_PUBLISHER_REF", "XM-UPRTC")
IATI_PUBLISHER_NAME = env_str(
    "IATI_PUBLISHER_NAME", "UPR technical cooperation repository (uprtc)"
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # serves Swagger UI from our own static files, not a CDN
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "uprtc.core",
    "uprtc.countries",
    "uprtc.taxonomies",
    "uprtc.actors",
    "uprtc.recommendations",
    "uprtc.activities",
    "uprtc.notifications",
    "uprtc.api",
    "uprtc.embeddings",
    "uprtc.search",
    "uprtc.coverage",
    "uprtc.statistics",
    "uprtc.matching",
    "uprtc.classification",
    "uprtc.iati",
    "uprtc.opendata",
    "uprtc.nmirf",
    "uprtc.reports",
    "uprtc.demo",
]

MIDDLEWARE = [
    # first, so that its one log line per request times everything below it
    "uprtc.core.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # anonymous pages and public API reads straight from the shared cache,
    # compressed, before anything below touches the database (issue 16)
    "uprtc.core.pagecache.AnonymousPageCacheMiddleware",
    # pages and their inline SVG maps and charts shrink 4-6 times (issue 14:
    # under 100 KB on slow links); the CSRF token is masked anew in every
    # response, which is Django's answer to BREACH. Above WhiteNoise so that
    # development's uncompressed static files shrink too; production's come
    # compressed already (Content-Encoding set), which it leaves alone.
    "django.middleware.gzip.GZipMiddleware",
    # static files straight from the web process, before sessions and i18n
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag on every read, 304 on If-None-Match: cheap revalidation on slow links
    "django.middleware.http.ConditionalGetMiddleware",
    "uprtc.api.middleware.api_cache_headers",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "uprtc.core.middleware.refuse_oversized_forms",
    "uprtc.core.middleware.refuse_nul_characters",  # PostgreSQL cannot hold NUL
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # after authentication: a focal point or moderator without a second factor
    # in this session can do nothing but set one up or pass it
    "uprtc.actors.mfa.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # last, so that it sees the exceptions of the views: 503, not 500
    "uprtc.core.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "uprtc.urls"
WSGI_APPLICATION = "uprtc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "uprtc" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "uprtc.core.context_processors.languages",
                "uprtc.notifications.context_processors.desk",
            ],
        },
    },
]

# Database: SQLite under var/ is the embedded default; PostgreSQL in production.
_default_db = f"sqlite:///{VAR_DIR / 'uprtc.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL", _default_db) or _default_db,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
            # a kept connection is tested before reuse, so that a restarted
            # database costs one failed request per process at most, not many
            conn_health_checks=True,
        )
    }
except ValueError as exc:  # dj-database-url reports unknown schemes this way
    raise ImproperlyConfigured(f"DATABASE_URL is not usable: {exc}") from exc

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed during an import; IMMEDIATE avoids "database is
    # locked" errors when two writers upgrade their locks at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "actors.User"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "core-home"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Sign-in (django-allauth): by e-mail address, never a username. Sign-up is
# open but vetted: a new account has no role until an organization's
# administrator or a moderator grants one (uprtc/actors/onboarding.py).
ACCOUNT_ADAPTER = "uprtc.actors.allauth.AccountAdapter"
ACCOUNT_FORMS = {"signup": "uprtc.actors.forms.SignupForm"}  # with a honeypot
SIGNUP_OPEN = env_bool("SIGNUP_OPEN", True)
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
# nothing but "confirm your e-mail" before the address is proved; accounts
# that operators make count as verified (actors.models.mark_email_verified)
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # a link scanner must not confirm for you
# signed in on confirming, only in the browser session that signed up
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# anti-abuse without a CAPTCHA: a verified address before any request, and at
# most this many join or registration requests waiting at once per account
ONBOARDING_MAX_PENDING_REQUESTS = env_int("ONBOARDING_MAX_PENDING_REQUESTS", 3)
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
# Wrong passwords are throttled per client address and per account
# (allauth counts in the cache: use Redis when several workers run).
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("LOGIN_RATE_LIMIT", "10/m/ip,5/5m/key"),
    "login": "30/m/ip",
    "signup": env_str("SIGNUP_RATE_LIMIT", "20/h/ip"),
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "uprtc")
MFA_RECOVERY_CODE_COUNT = 10
# allauth would first ask to verify the address, which an administrator gave
MFA_ALLOW_UNVERIFIED_EMAIL = True
# Whoever must use a second factor sets it up only through a one-time link
# e-mailed to them, valid this many hours (uprtc/actors/enrolment.py).
MFA_ENROLMENT_LINK_HOURS = env_int("MFA_ENROLMENT_LINK_HOURS", 24)
# API tokens of focal points and moderators stop working at this age; tokens of
# anyone else at API_TOKEN_OTHER_MAX_AGE_DAYS (0: they do not expire).
API_TOKEN_MAX_AGE_DAYS = env_int("API_TOKEN_MAX_AGE_DAYS", 90)
API_TOKEN_OTHER_MAX_AGE_DAYS = env_int("API_TOKEN_OTHER_MAX_AGE_DAYS", 0)
if MFA_ENROLMENT_LINK_HOURS < 1 or API_TOKEN_MAX_AGE_DAYS < 1:
    raise ImproperlyConfigured(
        "MFA_ENROLMENT_LINK_HOURS and API_TOKEN_MAX_AGE_DAYS must be at least 1."
    )
if API_TOKEN_OTHER_MAX_AGE_DAYS < 0:
    raise ImproperlyConfigured("API_TOKEN_OTHER_MAX_AGE_DAYS must be 0 or more.")
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

REDIS_URL = env_str("REDIS_URL")

# Background work (uprtc/core/tasks.py): with TASKS_INLINE, the embedded default,
# a task runs in the process that asks for it once its transaction commits.
# Otherwise it is written to the outbox in that transaction and, when a broker is
# set, sent to Celery after the commit (beat re-sends what a broker outage held
# back); with no broker, `uprtc run-tasks --loop` works the outbox.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
TASKS_INLINE = env_bool("TASKS_INLINE", not CELERY_BROKER_URL)
# inline tasks long enough to block a page (a report takes seconds): run in a
# thread of the same process, the page showing their progress meanwhile
TASKS_INLINE_THREADED = env_list("TASKS_INLINE_THREADED", ["reports.process"])
# A job (coordinated plan, report build) whose worker shows no sign of life for
# this long is taken back: queued again, failed after three starts
# (uprtc/core/jobs.py). Longer than the slowest step between two progress updates.
JOB_STUCK_AFTER = env_int("JOB_STUCK_AFTER", 900)
if JOB_STUCK_AFTER < 1:
    raise ImproperlyConfigured(
        f"JOB_STUCK_AFTER={JOB_STUCK_AFTER}: seconds, at least 1."
    )
CELERY_TASK_IGNORE_RESULT = True
# a task whose worker dies mid-way goes back to the queue instead of vanishing;
# tasks are written to be run twice without harm
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task taken by a worker that then dies whole (SIGKILL, machine lost) stays
# unacknowledged in Redis until this many seconds after it was taken, then
# goes to another worker. Longer than the longest task (an import): a task
# still running past it would be handed to a second worker as well (harmless,
# tasks are idempotent, but wasted). bench/scaleout.py shortens it to show the
# hand-over. (A worker's pool process killed alone is caught at once by
# reject_on_worker_lost above.)
_visibility_timeout = env_int("CELERY_VISIBILITY_TIMEOUT", 3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _visibility_timeout,
    # look for such tasks every tenth of it, at most every 10 s (kombu's own
    # default sweeps about every 100 s, whatever the timeout)
    "unacked_restore_interval": max(1, min(10, _visibility_timeout // 10)),
    "unacked_restore_throttle": 1,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
# a web request must not wait long for a broker that is down: the outbox keeps
# the task and beat sends it later
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0.2}
CELERY_TIMEZONE = "UTC"
# worker and beat log through LOGGING below (JSON lines), not their own format
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE = {
    "send-outbox": {
        "task": "uprtc.run",
        "schedule": 60.0,
        "kwargs": {"name": "core.send_outbox"},
    },
    "process-plans": {
        "task": "uprtc.run",
        "schedule": 60.0,
        "kwargs": {"name": "matching.process_plans"},
    },
    "process-reports": {
        "task": "uprtc.run",
        "schedule": 60.0,
        "kwargs": {"name": "reports.process"},
    },
    "notification-email-retry": {
        "task": "uprtc.run",
        "schedule": 300.0,
        "kwargs": {"name": "notifications.retry_emails"},
    },
    "notification-digest": {
        "task": "uprtc.run",
        "schedule": 24 * 3600.0,
        "kwargs": {"name": "notifications.send_digests"},
    },
    # conditional GETs: an unchanged publisher file costs one request
    "iati-harvest": {
        "task": "uprtc.run",
        "schedule": env_int("IATI_HARVEST_EVERY", 6 * 3600),
        "kwargs": {"name": "iati.harvest"},
    },
}
IATI_HARVEST_MAX_BYTES = env_int("IATI_HARVEST_MAX_BYTES", 200 * 1024 * 1024)
IATI_HARVEST_TIMEOUT = env_int("IATI_HARVEST_TIMEOUT", 30)

# API rate limits ("N/s", "N/min", "N/h"): per client address and per token.
API_RATE_ADDRESS = env_str("API_RATE_ADDRESS", "300/min")
API_RATE_TOKEN = env_str("API_RATE_TOKEN", "1200/min")
# Reverse proxies in front of the web tier that append to X-Forwarded-For: the
# client address is the entry that many places from the right, for the API
# throttles (ninja) and the sign-in limits (allauth) alike. 0 trusts no
# X-Forwarded-For, which any client can forge. NUM_PROXIES is its former name.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", env_int("NUM_PROXIES", 0))
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(
        f"TRUSTED_PROXY_COUNT={TRUSTED_PROXY_COUNT} must be 0 or more."
    )
NINJA_NUM_PROXIES = TRUSTED_PROXY_COUNT
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "uprtc"),
            "OPTIONS": {
                # Redis down must not take pages down: a failed read is a miss,
                # a failed write is skipped (rate limits then count nothing)
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# How long an anonymous page may be served from the cache (seconds; 0 turns the
# page cache off). A change to public content invalidates it at once; this only
# bounds what depends on the clock alone (a deadline passing).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)

# The six official UN languages; Arabic is written right to left.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("ru", _("Russian")),
]
LANGUAGES_RTL = {"ar"}
LOCALE_PATHS = [BASE_DIR / "uprtc" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "uprtc" / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
# Production serves hashed, compressed copies made by collectstatic, cached for a
# year; development and tests read the source files (no collectstatic needed).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# in development (and tests, which pytest runs with DEBUG off) the source files
# are served as they change; in production the collected ones, indexed at start
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "uprtc <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

# Sessions and cookies: secure unless DEBUG; the session ends with the browser
# on shared computers after SESSION_COOKIE_AGE at most.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# HTTPS: the redirect is usually done by the proxy in front; HSTS defaults to a
# year outside DEBUG, with subdomains and preload (set them to 0 if a subdomain
# still serves plain HTTP).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# "HTTP_X_FORWARDED_PROTO,https" when a proxy terminates TLS; only if the proxy
# overwrites that header, or any client could claim HTTPS.
_proxy_header = env_list("SECURE_PROXY_SSL_HEADER")
if _proxy_header:
    if len(_proxy_header) != 2:
        raise ImproperlyConfigured(
            "SECURE_PROXY_SSL_HEADER is 'HEADER,value', "
            "e.g. HTTP_X_FORWARDED_PROTO,https"
        )
    SECURE_PROXY_SSL_HEADER = (_proxy_header[0], _proxy_header[1])

# Content-Security-Policy: our pages load nothing but our own files, never
# inline script or style. The API docs page adds its own allowances
# (uprtc.api.docs).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Uploads: the largest file accepted per kind (bytes); the content is checked
# too (uprtc.core.uploads). Django keeps bodies above this in a temporary file.
UPLOAD_MAX_EVIDENCE = env_int("UPLOAD_MAX_EVIDENCE", 10 * 1024 * 1024)
UPLOAD_MAX_TABLE = env_int("UPLOAD_MAX_TABLE", 5 * 1024 * 1024)
UPLOAD_MAX_XML = env_int("UPLOAD_MAX_XML", 20 * 1024 * 1024)
# An XLSX or DOCX is a ZIP: refuse one that would expand beyond this or by a
# ratio beyond UPLOAD_MAX_ZIP_RATIO (a zip bomb) before any parser opens it.
UPLOAD_MAX_UNZIPPED = env_int("UPLOAD_MAX_UNZIPPED", 200 * 1024 * 1024)
UPLOAD_MAX_ZIP_RATIO = env_int("UPLOAD_MAX_ZIP_RATIO", 200)
# a form's text (files aside): large enough that 10 MB pasted into a text
# field reaches the form, which names the field and its limit and keeps the
# rest of the input; beyond it, a 413 page (core.middleware.refuse_oversized_forms)
DATA_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# One line per event on standard output: JSON for log collectors, or text for a
# person at a terminal. `uprtc.request` logs every request (core/middleware.py).
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use json or text.")
LOGGING = logging_config(
    LOG_FORMAT,
    root={"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    loggers={
        # the request logger above says the same, with the request id
        "django.server": {"level": "WARNING"},
    },
)
