"""Bar charts as PNG bytes: the same image goes into the web page, the .docx
and the PDF (python-docx takes no SVG)."""

from __future__ import annotations

import functools
import io
import textwrap

import matplotlib

matplotlib.use("Agg")  # no display on servers; must precede pyplot

from matplotlib import font_manager  # noqa: E402
from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

# Matplotlib falls back glyph by glyph along this list: Latin and Cyrillic,
# then Arabic, then Chinese (Debian: fonts-noto-core, fonts-noto-cjk).
FONTS = ["Noto Sans", "Noto Naskh Arabic", "Noto Sans CJK SC", "DejaVu Sans"]
NOTO = FONTS[:3]
RTL = {"ar"}
COLOUR = "#1f5f8b"  # UN blue, darkened for contrast with white


def bar_chart(
    rows: list[tuple[str, int]], lang: str, *, xlabel: str = "", width: float = 6.3
) -> bytes:
    """Horizontal bars, largest first from the top, the count at each bar's
    end. Arabic charts are mirrored: bars grow to the left, labels on the
    right."""
    # Matplotlib 3.11 shapes Arabic and orders it right to left (libraqm):
    # labels go in as logical text.
    ensure_fonts()
    labels = [textwrap.shorten(label, 60, placeholder="…") for label, _n in rows]
    values = [n for _label, n in rows]
    height = max(1.2, 0.32 * len(rows) + 0.7)
    with plt.rc_context({"font.family": FONTS, "font.size": 8, "svg.hashsalt": "u"}):
        fig, ax = plt.subplots(figsize=(width, height), dpi=150)
        try:
            positions = list(range(len(rows)))[::-1]
            bars = ax.barh(positions, values, color=COLOUR)
            ax.set_yticks(positions, labels)
            counts = ax.bar_label(bars, padding=-2 if lang in RTL else 2)
            for text in counts if lang in RTL else []:
                # the bar ends on the left of a mirrored axis: count beyond it
                text.set_horizontalalignment("right")
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.spines[["top", "right" if lang not in RTL else "left"]].set_visible(
                False
            )
            ax.margins(x=0.12)
            if xlabel:
                ax.set_xlabel(xlabel)
            if lang in RTL:
                ax.invert_xaxis()
                ax.yaxis.tick_right()
            fig.tight_layout()
            out = io.BytesIO()
            fig.savefig(out, format="png", metadata={"Software": None})
        finally:
            plt.close(fig)
    return out.getvalue()


def ensure_fonts() -> None:
    """Matplotlib keeps its list of the system's fonts in a cache file; one
    written before the Noto fonts were installed lacks them, and charts then
    drop Arabic and Chinese glyph by glyph, silently, until it is deleted."""
    known = {font.name for font in font_manager.fontManager.ttflist}
    if not known.issuperset(NOTO):
        _rescan()


@functools.cache  # once a process: fonts not installed at all stay missing
def _rescan() -> None:
    fresh = font_manager._load_fontmanager(try_read_cache=False)  # rewrites the file
    # in place: the renderers hold the one FontManager
    font_manager.fontManager.ttflist = fresh.ttflist
    font_manager.fontManager.afmlist = fresh.afmlist
    font_manager.fontManager._findfont_cached.cache_clear()
