"""Errors as ``application/problem+json`` (RFC 9457), naming the field at fault."""

from __future__ import annotations

from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from uprtc.core.errors import DomainError, NotAllowed
from uprtc.core.middleware import database_unavailable
from uprtc.core.problem import CONTENT_TYPE, problem

# ninja reports where a value came from; the client only needs the field's name
WRAPPERS = {"body", "query", "path", "payload", "header", "cookie", "form", "file"}


def install(api: NinjaAPI) -> None:
    @api.exception_handler(NotAllowed)
    def not_allowed(request: HttpRequest, exc: NotAllowed) -> HttpResponse:
        return problem(403, "Forbidden", exc.message, field=exc.field)

    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return problem(400, "Bad request", exc.message, field=exc.field)

    # a lost connection surfaces as either, depending on when it was lost
    @api.exception_handler(OperationalError)
    @api.exception_handler(InterfaceError)
    def unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
        return database_unavailable(request)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem(404, "Not found", "No such object, or not visible to you.")

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        # an expired token says so (uprtc.api.auth.TokenExpired); same status
        detail = getattr(exc, "detail", None)
        return problem(
            401,
            "Unauthorized",
            detail or "Send a valid token: Authorization: Bearer <token>.",
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja's own refusals (429 rate limit, 405 …) in the same shape
        return problem(exc.status_code, exc.message)

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


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "field": {"type": "string", "description": "the input field at fault"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": ["string", "null"]},
                    "detail": {"type": "string"},
                },
            },
        },
    },
    "required": ["type", "title", "status"],
}
ERROR_CODES = {
    "400": "The request breaks a rule of the workflow",
    "401": "No valid token",
    "403": "Your role does not allow this",
    "404": "No such object, or not visible to you",
    "422": "Invalid input; `field` names the first field at fault",
    "429": "Rate limit reached; see Retry-After",
    "503": "The database is out of reach for a moment; see Retry-After",
}


def document(schema: dict[str, Any]) -> dict[str, Any]:
    """Every operation can answer with these problems; say so in the OpenAPI
    description so that clients (and schemathesis) know them."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = (
        PROBLEM_SCHEMA
    )
    ref = {"$ref": "#/components/schemas/Problem"}
    for item in schema.get("paths", {}).values():
        for method, operation in item.items():
            responses = operation.setdefault("responses", {})
            for code, text in ERROR_CODES.items():
                responses.setdefault(
                    code,
                    {"description": text, "content": {CONTENT_TYPE: {"schema": ref}}},
                )
            if method == "get":
                responses.setdefault("304", {"description": "Not modified (ETag)"})
    return schema
