"""Cursor pagination shared by every list: newest first by primary key.

A cursor is the last primary key seen, so a page is stable while rows are added
(offsets would shift) and costs one indexed range scan however deep it goes."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from uprtc.core.errors import DomainError
from uprtc.core.integers import fits

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def encode(value: int) -> str:
    return base64.urlsafe_b64encode(str(value).encode()).decode()


def decode(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        value = int(base64.urlsafe_b64decode(cursor.encode()).decode())
    except ValueError:
        value = None
    # a forged cursor past 64 bits would fail in the query (uprtc.core.integers)
    if value is None or not fits(value):
        raise DomainError(_("This cursor is not valid."), field="cursor")
    return value


def page(
    request: HttpRequest,
    qs: QuerySet,
    serialize: Callable[[Any], dict[str, Any]],
    *,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
    prefetch: Iterable[str] = (),
) -> dict[str, Any]:
    """``{"count", "items", "next"}``; ``next`` is the full URL of the next page."""
    if not 1 <= limit <= MAX_LIMIT:
        raise DomainError(
            _("limit must be between 1 and %(max)s.") % {"max": MAX_LIMIT},
            field="limit",
        )
    after = decode(cursor)
    ordered = qs.order_by("-pk")
    if after is not None:
        ordered = ordered.filter(pk__lt=after)
    rows = list(ordered.prefetch_related(*prefetch)[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    next_url = None
    if more:
        query = request.GET.copy()
        query["cursor"] = encode(rows[-1].pk)
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {
        "count": qs.count(),
        "items": [serialize(row) for row in rows],
        "next": next_url,
    }
