"""Anonymous pages and public API reads from the shared cache.

A reader with no session and no token sees what everyone without one sees, so
the whole answer (status, headers, compressed body) is stored once per
address, language and encoding, and handed to the next such reader without
touching the database. Every entry carries the publication version it was
built under (``core.publication``): a change that can alter public content
bumps that number inside its transaction and again when it commits, so the
first read after a withdrawal misses and is built afresh. One round trip to
the cache fetches the number and the page together.

Never stored: a signed-in reader's page (a session cookie is enough to skip
the cache both ways), an answer that sets a cookie (a page carrying a CSRF
token), anything not a plain 200, private or no-store answers, streamed
exports, static files, the health check."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language_from_request

from uprtc.core import publication

# headers a stored answer must not carry to another reader
PERSONAL_HEADERS = {"set-cookie", "x-request-id"}
SKIPPED_PATHS = ("/healthz", "/admin/", "/accounts/", "/metrics")
MAX_BYTES = 2 * 1024 * 1024


def _skipped_prefixes() -> tuple[str, ...]:
    return (
        *SKIPPED_PATHS,
        "/" + settings.STATIC_URL.lstrip("/"),
        "/" + settings.MEDIA_URL.lstrip("/"),
    )


def cacheable_request(request: HttpRequest) -> bool:
    if request.method != "GET" or request.headers.get("Authorization"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return not request.path.startswith(_skipped_prefixes())


def key(request: HttpRequest) -> str:
    gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    parts = (
        request.scheme,
        request.get_host(),
        request.path,
        request.META.get("QUERY_STRING", ""),
        get_language_from_request(request, check_path=True),
        "gz" if gzip else "",
    )
    digest = hashlib.sha1("\n".join(parts).encode()).hexdigest()
    return f"page:{digest}"


def storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "")
    if "private" in control or "no-store" in control:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return len(response.content) <= MAX_BYTES  # type: ignore[attr-defined]


def _stored(response: HttpResponse, version: int) -> dict[str, Any]:
    headers = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in PERSONAL_HEADERS
    ]
    return {
        "version": version,
        "status": response.status_code,
        "headers": headers,
        "content": response.content,
    }


def _replay(request: HttpRequest, entry: dict[str, Any]) -> HttpResponseBase:
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    response["X-Cache"] = "hit"
    # the reader's own copy still fresh: 304 and no body, as on a rendered page
    revalidated = get_conditional_response(
        request, etag=response.get("ETag"), response=response
    )
    return revalidated


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        timeout = settings.PAGE_CACHE_SECONDS
        if not timeout or not cacheable_request(request):
            return self.get_response(request)
        page_key = key(request)
        found = cache.get_many([publication.KEY, page_key])
        current = found.get(publication.KEY)
        if current is None:
            current = publication.version()
        entry = found.get(page_key)
        if entry is not None and entry.get("version") == current:
            return _replay(request, entry)
        response = self.get_response(request)
        if storable(request, response):
            cache.set(page_key, _stored(response, current), timeout)  # type: ignore[arg-type]
            response["X-Cache"] = "miss"
        return response
