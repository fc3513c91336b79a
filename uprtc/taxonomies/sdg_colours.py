"""The official colours of the 17 Sustainable Development Goals, and the text
colour each badge uses so that it reads at WCAG AA (4.5:1).

site.css holds the same values (``.sdg-N``, ``.sdg-fill-N``); a test checks
that the two agree and that every pair passes.
"""

from __future__ import annotations

# UN Department of Global Communications, SDG guidelines
COLOURS = {
    1: "#e5243b",
    2: "#dda63a",
    3: "#4c9f38",
    4: "#c5192d",
    5: "#ff3a21",
    6: "#26bde2",
    7: "#fcc30b",
    8: "#a21942",
    9: "#fd6925",
    10: "#dd1367",
    11: "#fd9d24",
    12: "#bf8b2e",
    13: "#3f7e44",
    14: "#0a97d9",
    15: "#56c02b",
    16: "#00689d",
    17: "#19486a",
}
WHITE = "#ffffff"
DARK = "#1a1a1a"


def luminance(colour: str) -> float:
    """Relative luminance of ``#rrggbb`` (WCAG 2.x)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colour(background: str) -> str:
    """White or near-black, whichever contrasts more with ``background``."""
    return max((WHITE, DARK), key=lambda ink: contrast(background, ink))


def table() -> list[dict[str, object]]:
    """Goal, background, text colour and contrast ratio, for the docs."""
    rows: list[dict[str, object]] = []
    for number, background in COLOURS.items():
        ink = text_colour(background)
        rows.append(
            {
                "number": number,
                "background": background,
                "text": ink,
                "ratio": round(contrast(background, ink), 2),
            }
        )
    return rows
