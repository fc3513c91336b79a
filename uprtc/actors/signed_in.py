"""The request of a view behind ``login_required``, as mypy should see it."""

from __future__ import annotations

from django.http import HttpRequest

from uprtc.actors.models import User


class SignedInRequest(HttpRequest):
    """Its user is signed in, never anonymous: annotate ``request`` with it in
    views that ``login_required`` guards. Django still builds a plain
    ``HttpRequest``; this class only tells the type checker."""

    user: User
