from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.security import HttpBearer

from uprtc.actors.services import user_for_token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``, tokens from ``uprtc add-user --token``."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is not None:
            request.api_token = token  # type: ignore[attr-defined]  # rate limit key
        return user


class OptionalTokenAuth(TokenAuth):
    """Reads work without a token (public data only); a wrong token is refused."""

    def __call__(self, request: HttpRequest) -> Any:
        if not request.headers.get("Authorization"):
            return AnonymousUser()
        return super().__call__(request)


def user_of(request: HttpRequest) -> Any:
    """The signed-in user of an optionally authenticated call, else None."""
    user = getattr(request, "auth", None)
    return user if getattr(user, "is_authenticated", False) else None
