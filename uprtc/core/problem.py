"""Errors as ``application/problem+json`` (RFC 9457): the API answers every
error in this shape, and so do the middlewares that refuse a request under
``/api/`` before it reaches the API."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse, JsonResponse

CONTENT_TYPE = "application/problem+json"


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
