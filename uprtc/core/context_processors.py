from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def languages(request: HttpRequest) -> dict[str, Any]:
    """The language switcher: plain links to this page in each UN language, so it
    works without JavaScript and can be bookmarked."""
    current = get_language() or settings.LANGUAGE_CODE
    path = request.get_full_path()
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "url": translate_url(path, code),
                "current": code == current,
            }
        )
    return {
        "language_links": links,
        "LANGUAGE_DIR": "rtl" if current in settings.LANGUAGES_RTL else "ltr",
    }
