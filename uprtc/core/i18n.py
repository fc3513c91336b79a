"""Helpers for data stored in the six UN languages.

Reference tables keep one column per language (``name_en`` … ``name_ru``):
the set of languages is fixed by the UN, and columns keep queries, sorting and
indexes simple.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# Column suffix of each UI language code (Chinese is "zh-hans" in URLs).
LANG_SUFFIXES = {
    "en": "en",
    "fr": "fr",
    "es": "es",
    "ar": "ar",
    "zh-hans": "zh",
    "ru": "ru",
}
SUFFIXES = tuple(LANG_SUFFIXES.values())
# The six UN languages by ISO 639-1 code, which is also their column suffix.
UN_LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("zh", _("Chinese")),
    ("ru", _("Russian")),
]


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
