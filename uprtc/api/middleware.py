from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers


def api_cache_headers(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """An API answer depends on the token sent: a shared cache must never hand
    a moderator's view of an activity to an anonymous reader."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if request.path.startswith("/api/"):
            patch_vary_headers(response, ["Authorization", "Accept-Language"])
            if request.headers.get("Authorization"):
                patch_cache_control(response, private=True)
        return response

    return middleware
