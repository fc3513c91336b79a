"""Small helpers of the web views."""

from __future__ import annotations

from django.http import HttpRequest, QueryDict


def posted(request: HttpRequest) -> QueryDict | None:
    """The data to bind a form to: the POST data on a POST, even an empty
    one (``request.POST or None`` would show an empty post the blank form
    again, without a word on what is missing)."""
    return request.POST if request.method == "POST" else None
