"""The design system's own page (``/<lang>/design/``): every component, drawn
and with its markup to copy. For moderators, or anyone when DEBUG is on.

Each specimen is a small template (templates/core/design/), rendered here and
shown next to its own source, so the page cannot drift from what it documents.
The sample content is illustrative English, as in docs/design.md.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.utils.translation import gettext_lazy as _

from uprtc.taxonomies.sdg_colours import table as sdg_table

TOKENS = {
    "blue": ["un-blue", "blue-50", "blue-100", "blue-200", "blue-300", "blue-600",
             "blue-700", "blue-800", "blue-900"],
    "grey": ["grey-0", "grey-50", "grey-100", "grey-200", "grey-300", "grey-500",
             "grey-600", "grey-700", "grey-900"],
    "status": ["ok", "ok-bg", "warn", "warn-bg", "bad", "bad-bg", "info", "info-bg"],
    "data": ["bin-0", "bin-1", "bin-2", "bin-3", "bin-4", "bin-5", "map-none",
             "series-1", "series-2"],
}  # fmt: skip

# (template in core/design/, title): the order of the page
SPECIMENS = [
    ("type", _("Typography")),
    ("breadcrumbs", _("Breadcrumbs")),
    ("buttons", _("Buttons")),
    ("badges", _("Badges")),
    ("sdg", _("SDG goal badges")),
    ("tags", _("Tags and filter chips")),
    ("cards", _("Cards")),
    ("figures", _("Headline figures")),
    ("alerts", _("Alerts and empty states")),
    ("summary", _("Summary box")),
    ("tables", _("Tables")),
    ("pagination", _("Pagination")),
    ("forms", _("Forms and inline errors")),
    ("facets", _("Sidebar with facets")),
    ("timeline", _("Timeline and steps")),
    ("charts", _("Chart and map legend")),
]


def allowed(user: object) -> bool:
    return settings.DEBUG or bool(getattr(user, "is_moderator", False))


def design(request: HttpRequest) -> HttpResponse:
    if not allowed(request.user):
        raise Http404  # not a public page: as if it did not exist
    extra = {"numbers": range(1, 18), "bins": range(6)}
    specimens = []
    for key, title in SPECIMENS:
        template = get_template(f"core/design/{key}.html")
        specimens.append(
            {
                "key": key,
                "title": title,
                "source": template.template.source.strip(),
                "html": template.render(extra, request),
            }
        )
    return render(
        request,
        "core/design.html",
        {"specimens": specimens, "tokens": TOKENS, "sdg": sdg_table()},
    )
