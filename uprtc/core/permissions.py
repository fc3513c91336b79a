"""Who may open a page. A view refuses by raising ``Refused`` (a
``PermissionDenied``): every refusal gets the one 403 page, in the reader's
language, saying what role it takes and who grants it. The API answers its
own 403s (problem+json)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import requires_csrf_token

View = Callable[..., HttpResponse]


class Refused(PermissionDenied):
    """``need`` says, to the reader, what role it takes (the 403 page adds
    who grants roles)."""

    def __init__(self, need: str) -> None:
        super().__init__(need)
        self.need = need


def require(predicate: Callable[[Any], bool], need: str) -> Callable[[View], View]:
    """A view decorator: signed in (else the sign-in page), then refused with
    ``need`` unless ``predicate(request.user)``."""

    def decorator(view: View) -> View:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not predicate(request.user):
                raise Refused(need)
            return view(request, *args, **kwargs)

        return login_required(checked)

    return decorator


def is_moderator(user: Any) -> bool:
    return bool(getattr(user, "is_moderator", False))


moderator_required = require(is_moderator, _("This page is for moderators."))


@requires_csrf_token  # as Django's own handler: the menu's sign-out form needs it
def forbidden(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler403``: other refusals (Django's, allauth's) carry technical
    words, not the reader's: only ours are shown."""
    need = exception.need if isinstance(exception, Refused) else ""
    return render(request, "403.html", {"need": need}, status=403)
