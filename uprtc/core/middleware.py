"""Refusals made before any view runs."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

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
            from uprtc.api.errors import problem

            return problem(400, "Bad request", detail, field=name)
        return HttpResponseBadRequest(detail, content_type="text/plain; charset=utf-8")

    return middleware
