"""The API reference page for people: the OpenAPI description, read once and
rendered as plain HTML.

Swagger UI (``/api/v1/docs``) stays for those who want to try calls, but it
weighs 1.7 MB of JavaScript and fails accessibility checks we cannot fix; this
page is the one the site links to. The endpoints' own texts (summaries,
descriptions) come from the schema and stay in English."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

# Several methods on one path read best in this order.
METHOD_ORDER = ("get", "post", "put", "patch", "delete")
METHOD_BADGES = {
    "get": "badge-info",
    "post": "badge-warn",
    "put": "badge-warn",
    "patch": "badge-warn",
    "delete": "badge-bad",
}
LOCATIONS = {
    "query": _("query"),
    "path": _("path"),
    "header": _("header"),
    "cookie": _("cookie"),
}
# Our two security schemes: a token that must be sent, and a token that only
# widens what a read shows (see uprtc/api/auth.py).
AUTH_LABELS = {
    "required": _("Token required"),
    "optional": _("No token needed; with one, you also see what you may open"),
    "none": _("No token needed"),
}
# ``code`` (reStructuredText, as in our docstrings) or `code` (Markdown).
CODE = re.compile(r"``([^`]+)``|`([^`]+)`")
NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Tags are lower-case identifiers in the schema; these read as acronyms.
ACRONYMS = {"iati": "IATI", "nmirf": "NMIRF"}


@dataclass(frozen=True)
class Segment:
    text: str
    code: bool = False


@dataclass(frozen=True)
class Parameter:
    name: str
    location: Any
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: tuple[Segment, ...]
    parameters: tuple[Parameter, ...]
    body: str
    body_type: str
    auth: str
    anchor: str

    @property
    def path_parts(self) -> list[str]:
        """The path's segments: the template lets long paths wrap after each
        slash rather than inside a name."""
        return self.path.split("/")

    @property
    def badge(self) -> str:
        return METHOD_BADGES.get(self.method.lower(), "")

    @property
    def auth_label(self) -> Any:
        return AUTH_LABELS[self.auth]

    @property
    def has_descriptions(self) -> bool:
        """Whether the parameters table needs its description column."""
        return any(p.description for p in self.parameters)


@dataclass
class TagGroup:
    name: str
    slug: str
    operations: list[Operation] = field(default_factory=list)

    @property
    def title(self) -> str:
        return ACRONYMS.get(self.name, self.name.capitalize())


def type_label(schema: dict[str, Any]) -> str:
    """A short, readable type: ``integer (int64)``, ``array of string``,
    ``one of: a | b``, or a component's name."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "enum" in schema:
        return "one of: " + " | ".join(str(v) for v in schema["enum"])
    for key in ("anyOf", "oneOf"):
        if key in schema:
            # an optional parameter is "X or null": the null says nothing more
            kinds = [type_label(s) for s in schema[key] if s.get("type") != "null"]
            return " | ".join(dict.fromkeys(kinds))
    kind = schema.get("type", "")
    if kind == "array":
        return f"array of {type_label(schema.get('items', {}))}"
    if schema.get("format"):
        return f"{kind} ({schema['format']})"
    return kind


def first_paragraph(text: str | None) -> tuple[Segment, ...]:
    """The description's first paragraph on one line, split into plain text
    and code so that the template marks code up without trusting HTML."""
    paragraph = " ".join((text or "").strip().split("\n\n", 1)[0].split())
    segments: list[Segment] = []
    position = 0
    for match in CODE.finditer(paragraph):
        if match.start() > position:
            segments.append(Segment(paragraph[position : match.start()]))
        segments.append(Segment(match.group(1) or match.group(2), code=True))
        position = match.end()
    if position < len(paragraph):
        segments.append(Segment(paragraph[position:]))
    return tuple(segments)


def auth_of(operation: dict[str, Any]) -> str:
    schemes = {name for entry in operation.get("security") or [] for name in entry}
    if "TokenAuth" in schemes:
        return "required"
    return "optional" if schemes else "none"


def body_of(operation: dict[str, Any]) -> tuple[str, str]:
    """The request body's schema name and media type, or empty strings."""
    content = operation.get("requestBody", {}).get("content", {})
    for media_type, entry in content.items():
        schema = entry.get("schema", {})
        name = type_label(schema) if "$ref" in schema else schema.get("title", "")
        return name, media_type
    return "", ""


def parameter_of(parameter: dict[str, Any]) -> Parameter:
    schema = parameter.get("schema", {})
    return Parameter(
        name=parameter["name"],
        location=LOCATIONS.get(parameter.get("in", ""), parameter.get("in", "")),
        type=type_label(schema),
        required=bool(parameter.get("required")),
        description=" ".join(
            (parameter.get("description") or schema.get("description") or "").split()
        ),
    )


def anchor_of(method: str, path: str) -> str:
    """A readable fragment: ``get-api-v1-activities-activity-id``."""
    return NON_ALNUM.sub("-", f"{method} {path}".lower()).strip("-")


def build(schema: dict[str, Any]) -> list[TagGroup]:
    """Operations grouped by tag, tags in alphabetical order, operations by
    path then method."""
    groups: dict[str, TagGroup] = {}
    for path, item in sorted(schema.get("paths", {}).items()):
        methods = sorted((m for m in item if m in METHOD_ORDER), key=METHOD_ORDER.index)
        for method in methods:
            operation = item[method]
            tag = (operation.get("tags") or ["other"])[0]
            group = groups.setdefault(tag, TagGroup(tag, "api-" + slugify(tag)))
            body, body_type = body_of(operation)
            group.operations.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=operation.get("summary", ""),
                    description=first_paragraph(operation.get("description")),
                    parameters=tuple(
                        parameter_of(p) for p in operation.get("parameters", [])
                    ),
                    body=body,
                    body_type=body_type,
                    auth=auth_of(operation),
                    anchor=anchor_of(method, path),
                )
            )
    return [groups[tag] for tag in sorted(groups)]


@cache
def reference() -> list[TagGroup]:
    """The schema does not change while the process runs: build it once."""
    from uprtc.api.api import api  # the API imports every app's routers

    return build(api.get_openapi_schema())


def api_reference(request: HttpRequest) -> HttpResponse:
    groups = reference()
    return render(
        request,
        "api/reference.html",
        {
            "groups": groups,
            "operation_count": sum(len(g.operations) for g in groups),
            # shown as addresses, not links: see the module docstring, and a
            # browser opening JSON gets a page without language or title
            "openapi_url": request.build_absolute_uri(reverse("api-v1:openapi-json")),
            "docs_url": request.build_absolute_uri(reverse("api-v1:openapi-view")),
        },
    )
