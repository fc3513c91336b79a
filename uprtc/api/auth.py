from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from uprtc.actors.models import User
from uprtc.actors.services import resolve_api_token


class TokenExpired(AuthenticationError):
    """The same 401 as an unknown token, saying why (``uprtc.api.errors``)."""

    detail = "This token has expired: ask an administrator for a new one."


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``, tokens from ``uprtc add-user --token``.
    Unknown, revoked and expired tokens are refused (401)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        check = resolve_api_token(token)
        if check.expired:
            raise TokenExpired()
        if check.user is not None:
            request.api_token = token  # type: ignore[attr-defined]  # rate limit key
        return check.user


class TokenRequest(HttpRequest):
    """The request of an endpoint behind ``TokenAuth``, as mypy should see it:
    ninja sets ``auth`` to the token's user (Django builds a plain
    ``HttpRequest``; this class only tells the type checker)."""

    auth: User


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
