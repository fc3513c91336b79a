"""The page's charts as PNG files, for slides and documents: matplotlib with
the annual report's fonts (``uprtc.reports.charts``: Noto for Latin and
Cyrillic, Arabic and Chinese; matplotlib ≥ 3.11 shapes Arabic and orders it
right to left itself, so labels go in as logical text)."""

from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")  # no display on servers; must precede pyplot

from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from uprtc.reports.charts import COLOUR, FONTS, ensure_fonts  # noqa: E402
from uprtc.statistics.charts import number  # noqa: E402

SECOND = "#5b92e5"  # UN blue, for the funnel's outcome


def _finish(fig: plt.Figure, title: str, source: str, rtl: bool) -> bytes:
    ensure_fonts()  # fonts are looked up as the figure is drawn, below
    # constrained layout makes room for the title and the source line
    side = {"x": 0.99, "ha": "right"} if rtl else {"x": 0.01, "ha": "left"}
    fig.suptitle(title, fontsize=10, fontweight="bold", **side)
    fig.supxlabel(source, fontsize=7, color="#555555", **side)
    out = io.BytesIO()
    fig.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


def _nothing(ax: plt.Axes, empty: str) -> None:
    ax.set_axis_off()
    ax.text(0.5, 0.5, empty, ha="center", va="center", transform=ax.transAxes)


def bars(
    rows: list[tuple[str, int]],
    *,
    title: str,
    source: str,
    rtl: bool = False,
    last_colour: str | None = None,
    empty: str = "",
) -> bytes:
    """Horizontal bars in order from the top, the count at each bar's end;
    mirrored for right-to-left languages (bars grow to the left)."""
    # two lines of a label hold a voluntary fund's full name
    labels = [
        textwrap.fill(label, 48, max_lines=2, placeholder=" …") for label, _ in rows
    ]
    values = [n for _, n in rows]
    height = max(2.0, 0.4 * len(rows) + 1.2)
    with plt.rc_context({"font.family": FONTS, "font.size": 8}):
        fig, ax = plt.subplots(figsize=(8, height), dpi=150, layout="constrained")
        try:
            if not rows:
                _nothing(ax, empty)
                return _finish(fig, title, source, rtl)
            positions = list(range(len(rows)))[::-1]
            colours = [COLOUR] * len(rows)
            if last_colour and rows:
                colours[-1] = last_colour
            drawn = ax.barh(positions, values, color=colours)
            ax.set_yticks(positions, labels)
            # on a mirrored axis the offset runs into the bar: turn it round
            counts = ax.bar_label(
                drawn, [number(v) for v in values], padding=-3 if rtl else 3
            )
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.spines[["top", "left" if rtl else "right"]].set_visible(False)
            # from zero, room for the counts; all zeros still get a 0–1 axis
            ax.set_xlim(0, max([*values, 1]) * 1.15)
            if rtl:
                ax.invert_xaxis()
                ax.yaxis.tick_right()
                for text in counts:
                    text.set_horizontalalignment("right")
            return _finish(fig, title, source, rtl)
        finally:
            plt.close(fig)


def columns(
    rows: list[tuple[str, int]],
    *,
    title: str,
    source: str,
    rtl: bool = False,
    empty: str = "",
) -> bytes:
    """Vertical columns (years), oldest at the start side, the count above."""
    labels = [label for label, _ in rows]
    values = [n for _, n in rows]
    with plt.rc_context({"font.family": FONTS, "font.size": 8}):
        fig, ax = plt.subplots(figsize=(8, 3.6), dpi=150, layout="constrained")
        try:
            if not rows:
                _nothing(ax, empty)
                return _finish(fig, title, source, rtl)
            drawn = ax.bar(range(len(rows)), values, color=COLOUR, width=0.6)
            ax.set_xticks(range(len(rows)), labels)
            ax.bar_label(drawn, [number(v) for v in values], padding=2)
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
            ax.spines[["top", "left" if rtl else "right"]].set_visible(False)
            ax.margins(y=0.12)
            # at least six slots wide: one year is not a wall of blue
            extra = max(0.0, (6 - len(rows)) / 2)
            ax.set_xlim(-0.5 - extra, len(rows) - 0.5 + extra)
            if rtl:
                ax.invert_xaxis()
                ax.yaxis.tick_right()
            return _finish(fig, title, source, rtl)
        finally:
            plt.close(fig)
