"""The API docs page (Swagger UI from ninja's own static files) under our CSP.

Swagger UI runs no inline script (its settings are a JSON block, its start-up
is ``swagger-ui-init.js``), but it styles elements inline and draws icons from
``data:`` URIs: only this page gets those allowances."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja.openapi.docs import Swagger

DOCS_CSP_UPDATE = {
    "style-src": ["'unsafe-inline'"],
    "img-src": ["data:"],
}


class StrictSwagger(Swagger):
    def render_page(
        self, request: HttpRequest, api: Any, **kwargs: Any
    ) -> HttpResponse:
        response = super().render_page(request, api, **kwargs)
        response._csp_update = DOCS_CSP_UPDATE  # type: ignore[attr-defined]
        return response
