"""Resolving the many spellings of a State's name to one country.

Files name States in many ways ("Iran", "Iran (Islamic Republic of)",
"Côte d'Ivoire", "Cote d’Ivoire", "the Netherlands"). Names are compared after
:func:`normalize`; the candidates are every country's names in the six
languages, its ISO codes, and the maintained alias table (``data/aliases.csv``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from uprtc.countries.models import Country, CountryAlias

_ARTICLE_SUFFIX = re.compile(r"\((the|l'|l’|le|la|les|el|los|las)\)\s*$", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_LEADING_THE = re.compile(r"^the\s+")


def normalize(name: str) -> str:
    """A comparison key: no accents, case, punctuation, articles or UN asterisks."""
    text = name.replace("*", " ").strip()
    text = _ARTICLE_SUFFIX.sub("", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("&", " and ").replace("st.", "saint ")
    text = _NON_WORD.sub(" ", text).strip()
    return _LEADING_THE.sub("", text)


def clean_display_name(name: str) -> str:
    """A UNTERM name for display: no observer asterisk, no trailing "(the)"."""
    return _ARTICLE_SUFFIX.sub("", name.replace("*", "")).strip()


class CountryResolver:
    """Maps names to country ids. Built once per import from plain data so the
    hot loop does no queries."""

    def __init__(self, names: Iterable[tuple[str, int]]) -> None:
        self._index: dict[str, int] = {}
        for name, country_id in names:
            key = normalize(name)
            if key:
                self._index.setdefault(key, country_id)

    @classmethod
    def from_db(cls) -> CountryResolver:
        pairs: list[tuple[str, int]] = []
        # Aliases first: they are curated, so they win over an accidental clash.
        for alias in CountryAlias.objects.values_list("alias", "country_id"):
            pairs.append(alias)
        fields = ["iso3", "iso2"] + [
            f"{kind}_{suffix}"
            for kind in ("name", "formal_name")
            for suffix in ("en", "fr", "es", "ar", "zh", "ru")
        ]
        for row in Country.objects.values("id", *fields):
            pairs.extend((row[f], row["id"]) for f in fields if row[f])
        return cls(pairs)

    def resolve(self, name: str) -> int | None:
        return self._index.get(normalize(name))
