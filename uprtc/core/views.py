from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.templatetags.static import static

from uprtc.core import dashboard


def home(request: HttpRequest) -> HttpResponse:
    """The public dashboard; ``?map=coverage`` switches the world map."""
    kind = request.GET.get("map", "")
    return render(request, "core/home.html", dashboard.home(kind))


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and feed readers ask for /favicon.ico whatever the page
    links: the site's icon, not a 404."""
    return HttpResponsePermanentRedirect(static("core/icon.svg"))


def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: each component's state, 503 when one
    is down. Redis (cache, and broker when it is Redis) counts only where
    configured."""
    components = {"database": _database_state()}
    for name, url in _redis_urls().items():
        components[name] = _redis_state(url)
    healthy = all(state == "ok" for state in components.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **components},
        status=200 if healthy else 503,
    )


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # any database failure means "not healthy"
        return f"error: {exc}"
    return "ok"


def _redis_urls() -> dict[str, str]:
    urls = {}
    if settings.REDIS_URL:
        urls["redis"] = settings.REDIS_URL
    broker = settings.CELERY_BROKER_URL
    if broker and broker != settings.REDIS_URL and broker.startswith("redis"):
        urls["broker"] = broker
    return urls


def _redis_state(url: str) -> str:
    # redis takes about a second to import: only when a Redis URL is set
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except redis.RedisError as exc:
        return f"error: {exc}"
    finally:
        client.close()
    return "ok"
