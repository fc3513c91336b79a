"""What of a record's text is embedded, the same for every model."""

from __future__ import annotations

import re

# "115.1 " or "121.29. " at the start: the paragraph number in the report
PARAGRAPH = re.compile(r"^\s*\d{1,3}(?:\.\d{1,3})+\.?\s+")
# "(Croatia);" or "(Spain, Tunisia, Portugal)." at the end: who recommended
RECOMMENDERS = re.compile(r"\s*\([^()]{2,300}\)\s*[;.,]?\s*$")
CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
SENTENCE = re.compile(r"(?<=[.!?;؟])\s+|(?<=[。！？；])|\n+")


def clean_recommendation(text: str) -> str:
    """The recommendation without its paragraph number and the recommending
    States in parentheses: both are noise to a model of meaning."""
    text = PARAGRAPH.sub("", text.strip())
    text = RECOMMENDERS.sub("", text)
    return text.strip().rstrip(";").strip()


def _weight(text: str) -> int:
    """Length in Latin-letter equivalents: a Chinese character says as much
    as a short word."""
    return len(text) + 2 * len(CJK_CHAR.findall(text))


def sentences(text: str, shortest: int = 25) -> list[str]:
    """Sentences of a long text; short fragments are joined to the previous
    one, so a heading or "e.g." never stands alone."""
    out: list[str] = []
    for piece in SENTENCE.split(text.strip()):
        piece = piece.strip()
        if not piece:
            continue
        if out and (_weight(piece) < shortest or _weight(out[-1]) < shortest):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out
