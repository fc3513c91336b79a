"""What of a record's text is embedded, the same for every model."""

from __future__ import annotations

import re

# "115.1 " or "121.29. " at the start: the paragraph number in the report
PARAGRAPH = re.compile(r"^\s*\d{1,3}(?:\.\d{1,3})+\.?\s+")
# "(Croatia);" or "(Spain, Tunisia, Portugal)." at the end: who recommended
RECOMMENDERS = re.compile(r"\s*\([^()]{2,300}\)\s*[;.,]?\s*$")
SENTENCE = re.compile(r"(?<=[.!?;؟])\s+|(?<=[。！？；])|\n+")


def clean_recommendation(text: str) -> str:
    """The recommendation without its paragraph number and the recommending
    States in parentheses: both are noise to a model of meaning."""
    text = PARAGRAPH.sub("", text.strip())
    text = RECOMMENDERS.sub("", text)
    return text.strip().rstrip(";").strip()


def sentences(text: str, shortest: int = 25) -> list[str]:
    """Sentences of a long text; short fragments are joined to the previous
    one, so a heading or "e.g." never stands alone."""
    out: list[str] = []
    for piece in SENTENCE.split(text.strip()):
        piece = piece.strip()
        if not piece:
            continue
        if out and (len(piece) < shortest or len(out[-1]) < shortest):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out
