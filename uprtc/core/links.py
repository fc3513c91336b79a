"""Absolute links to the site's pages, in the language of whoever reads them
(an e-mail's recipient, a feed's or an API's reader), never a fixed one."""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.utils import translation


class HasPage(Protocol):
    def get_absolute_url(self) -> str: ...


def in_language(path: str, language: str) -> str:
    """``path`` with ``language``'s prefix instead of the one it was made in
    (the language of whoever caused a notification, say); a path without a
    language prefix (the API, a feed) is left as it is."""
    head, sep, rest = path.lstrip("/").partition("/")
    if path.startswith("/") and sep and head in dict(settings.LANGUAGES):
        return f"/{language}/{rest}"
    return path


def absolute_url(target: HasPage | str, language: str | None = None) -> str:
    """``SITE_URL`` + the page of ``target`` (an object with a public page, or
    a path) in ``language``, by default the language being read in."""
    language = _supported(language or translation.get_language())
    with translation.override(language):
        path = target if isinstance(target, str) else target.get_absolute_url()
    return settings.SITE_URL + in_language(path, language)


def _supported(language: str | None) -> str:
    """The site's variant of ``language`` (an API's ``lang``, a profile's):
    an unknown one would make a prefix no page answers."""
    try:
        return translation.get_supported_language_variant(language or "")
    except LookupError:
        return settings.LANGUAGE_CODE
