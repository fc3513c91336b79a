from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def desk(request: HttpRequest) -> dict[str, Any]:
    """The number of things waiting for the signed-in person, shown in the
    menu beside "My desk" (to be computed by the desk's own service)."""
    return {"desk_count": 0}
