"""Pure text helpers of the search: tokens, accent folding, CJK pairs."""

from __future__ import annotations

import re
import unicodedata

CJK = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]+"
)
WORD = re.compile(r"[^\W_]+", re.UNICODE)
# PostgreSQL configurations by language; Chinese has none (CJK pairs instead).
PG_CONFIGS = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "ru": "russian",
    "ar": "arabic",
}


def fold(text: str) -> str:
    """Lower case, no accents: "Développement" → "developpement"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def cjk_grams(text: str) -> list[str]:
    """Single characters and overlapping pairs of every CJK run."""
    grams: list[str] = []
    for run in CJK.findall(text):
        grams.extend(run)
        grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def cjk_query_grams(text: str) -> list[str]:
    """A CJK query as the grams a match must contain: pairs, or the single
    character of a one-character word."""
    grams: list[str] = []
    for run in CJK.findall(text):
        if len(run) == 1:
            grams.append(run)
        else:
            grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def words(text: str) -> list[str]:
    """Non-CJK words, folded."""
    return [w for w in WORD.findall(fold(CJK.sub(" ", text))) if w]


def is_short(query: str) -> bool:
    """One or two short words: too little for an embedding to mean much."""
    tokens = words(query) + cjk_query_grams(query)
    return len(tokens) <= 2 and sum(len(t) for t in tokens) <= 6


def detect_language(text: str, default: str = "en") -> str:
    """By script only; Latin-script languages keep the interface language."""
    for ch in text:
        code = ord(ch)
        if 0x0600 <= code <= 0x06FF:
            return "ar"
        if 0x0400 <= code <= 0x04FF:
            return "ru"
        if CJK.match(ch):
            return "zh"
    return default
