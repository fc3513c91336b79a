"""Errors as ``application/problem+json`` (RFC 9457), naming the field at fault."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from uprtc.core.errors import DomainError, NotAllowed

CONTENT_TYPE = "application/problem+json"
# ninja reports where a value came from; the client only needs the field's name
WRAPPERS = {"body", "query", "path", "payload", "header", "cookie", "form", "file"}


def problem(status: int, title: str, detail: str = "", **extra: Any) -> HttpResponse:
    body = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update({k: v for k, v in extra.items() if v is not None})
    return JsonResponse(
        body,
        status=status,
        content_type=CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def install(api: NinjaAPI) -> None:
    @api.exception_handler(NotAllowed)
    def not_allowed(request: HttpRequest, exc: NotAllowed) -> HttpResponse:
        return problem(403, "Forbidden", exc.message, field=exc.field)

    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return problem(400, "Bad request", exc.message, field=exc.field)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem(404, "Not found", "No such object, or not visible to you.")

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem(
            401, "Unauthorized", "Send a valid token: Authorization: Bearer <token>."
        )

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            {
                "field": ".".join(str(p) for p in e.get("loc", []) if p not in WRAPPERS)
                or None,
                "detail": e.get("msg", ""),
            }
            for e in exc.errors
        ]
        first = errors[0] if errors else {"field": None, "detail": ""}
        return problem(
            422,
            "Invalid input",
            f"{first['field']}: {first['detail']}",
            field=first["field"],
            errors=errors,
        )
