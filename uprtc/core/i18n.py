"""Helpers for data stored in the six UN languages.

Reference tables keep one column per language (``name_en`` … ``name_ru``):
the set of languages is fixed by the UN, and columns keep queries, sorting and
indexes simple.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import get_language

# The six UN languages are the site's (settings.LANGUAGES). A column's suffix is
# the language code without its script: "zh-hans" in URLs, "zh" in columns.
LANG_SUFFIXES = {code: code.split("-")[0] for code, _name in settings.LANGUAGES}
SUFFIXES = tuple(LANG_SUFFIXES.values())
# The six UN languages by ISO 639-1 code, which is also their column suffix.
UN_LANGUAGES = [(LANG_SUFFIXES[code], name) for code, name in settings.LANGUAGES]


def current_suffix() -> str:
    lang = (get_language() or "en").lower()
    return LANG_SUFFIXES.get(lang, LANG_SUFFIXES.get(lang.split("-")[0], "en"))


def localized(obj: Any, field: str) -> str:
    """``obj.<field>_<current language>``, falling back to English when empty."""
    value = getattr(obj, f"{field}_{current_suffix()}", "")
    return value or getattr(obj, f"{field}_en", "")


def localized_field(field: str) -> str:
    """The column name to sort or filter on for the current language."""
    return f"{field}_{current_suffix()}"
