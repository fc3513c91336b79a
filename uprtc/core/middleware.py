"""Before any view: one log line per request with an id to follow it across
processes, and the refusal of what no query can hold."""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import defaults

from uprtc.core.problem import problem

log = logging.getLogger("uprtc.request")

# a proxy's id is kept only when it looks like one, so logs cannot be forged
_GOOD_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestLogMiddleware:
    """Logs method, path, status and duration of every request (static files
    included) under one request id, taken from ``X-Request-ID`` when a proxy
    sent one and returned in the same header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        sent = request.headers.get("X-Request-ID", "")
        request_id = sent if _GOOD_ID.match(sent) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        start = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - start) * 1000, 1)
        response["X-Request-ID"] = request_id
        log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
            },
        )
        return response


NUL = "\x00"


def _nul_parameter(request: HttpRequest) -> str | None:
    """The name of the first parameter that holds a NUL character."""
    if NUL in request.path:
        return "path"
    for params in (request.GET, request.POST):
        for name, values in params.lists():
            if NUL in name or any(NUL in v for v in values):
                return name.replace(NUL, "")
    if request.content_type == "application/json" and b"\\u0000" in request.body:
        return "body"
    return None


def refuse_oversized_forms(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """A form body past DATA_UPLOAD_MAX_MEMORY_SIZE makes Django raise while
    the CSRF check reads it: a bare 400 (a traceback under DEBUG). Read it
    here first and answer 413 in the reader's language, saying what the limit
    is and that the browser's Back button keeps the typed text. Below that
    limit every text field has its own, named in the form's error summary."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.method == "POST":
            try:
                _parsed = request.POST  # once: the CSRF check and the view reuse it
            except RequestDataTooBig:
                return _too_big(request)
        return get_response(request)

    return middleware


def _too_big(request: HttpRequest) -> HttpResponse:
    limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
    if request.path.startswith("/api/"):
        return problem(
            413, "Payload too large", f"The body is larger than {limit_mb} MB."
        )
    return HttpResponse(
        render_to_string("413.html", {"limit_mb": limit_mb}), status=413
    )


def refuse_nul_characters(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """No text a person types holds a NUL character, and PostgreSQL cannot
    store or even compare one: a URL, form or JSON body carrying it is
    refused at once with 400 naming the parameter, instead of reaching a query
    and failing there with a server error."""

    def middleware(request: HttpRequest) -> HttpResponse:
        name = _nul_parameter(request)
        if name is None:
            return get_response(request)
        detail = _("%(name)s contains a NUL character, which no text may hold.") % {
            "name": name
        }
        if request.path.startswith("/api/"):
            return problem(400, "Bad request", detail, field=name)
        return HttpResponseBadRequest(detail, content_type="text/plain; charset=utf-8")

    return middleware


# seconds a client is asked to wait when the database is out of reach
RETRY_AFTER = "30"


def database_unreachable(exception: BaseException | None) -> bool:
    return isinstance(exception, OperationalError | InterfaceError)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: problem+json on the API, otherwise the page in the
    language of the address (or of the browser), since the failure may come
    before LocaleMiddleware has chosen one."""
    if request.path.startswith("/api/"):
        response = problem(
            503, "Service unavailable", "The database is out of reach: try again."
        )
    else:
        language = translation.get_language_from_request(request, check_path=True)
        with translation.override(language):
            response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = RETRY_AFTER
    return response


class DatabaseUnavailableMiddleware:
    """A page whose database is out of reach (restart, failover, full disk)
    answers 503 "service unavailable" in the reader's language, with
    Retry-After, instead of a 500: monitors and people know to come back.

    This sees what views raise. What a middleware raises (loading the session
    to find the user, for one) never reaches it: Django turns it into a 500
    on the spot, which ``server_error`` below, the site's handler500, answers
    the same way."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if not database_unreachable(exception):
            return None
        log.error("database unavailable: %s", exception)
        return database_unavailable(request)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: 503 when the exception being handled is the database out of
    reach, wherever it was raised; otherwise the usual 500 page, in the
    language of the address. Without DEBUG only: DEBUG shows the traceback."""
    if database_unreachable(sys.exc_info()[1]):
        return database_unavailable(request)
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        return defaults.server_error(request)
