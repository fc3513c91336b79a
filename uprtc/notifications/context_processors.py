from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from uprtc.notifications import desk as desk_service


def desk(request: HttpRequest) -> dict[str, Any]:
    """The number of things waiting for the signed-in person, shown in the
    menu beside "My desk". Lazy: counted only when a template shows it, and
    never for an anonymous visitor (no query at all)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"desk_count": 0}
    return {"desk_count": SimpleLazyObject(lambda: desk_service.waiting_count(user))}
