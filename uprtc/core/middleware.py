"""One log line per request, and a request id to follow it across processes."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
