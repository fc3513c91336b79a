"""Charts as SVG strings, drawn on the server: no database, no JavaScript.

Every chart is ``<svg class="chart" role="img">`` named by its own
``<title>`` and ``<desc>``; colours come only from classes (``chart-bar``,
``chart-bar-2``, ``chart-axis``, ``chart-grid``, ``chart-label``,
``chart-value``) because the pages run under a CSP that forbids inline
styles. The drawing is a ``viewBox`` of ``WIDTH`` units that CSS stretches to
the column's width.

Right-to-left pages get a mirrored picture: bars grow from the right edge and
labels sit on the right. The x coordinates are mirrored here, and the root
carries ``direction="rtl"``: SVG then reads ``text-anchor="start"`` as the
right edge of the text, so the anchors stay the same words in both directions
while the ink lands on the mirrored side (and Arabic labels with a leading
number, "3. الصحة", keep their right-to-left order)."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from django.utils import formats

# 300 units: on a 360 px phone the chart is about 280 px wide, which keeps
# 12-unit text above 11 px; two charts side by side on a wide screen draw it
# about 1.7 times larger, still short of a heading
WIDTH = 300
FONT = 12  # user units, as site.css sets .chart-label and .chart-value
LINE = 15  # distance between two lines of a label
BAR = 13  # thickness of a bar
GAP = 10  # space between two rows
PAD = 2  # space kept at both edges
# width and height attributes: the size without CSS (site.css stretches the
# chart to its column, the viewBox keeping the proportions)
NATURAL = 1.4
MAX_LINES = 3  # a longer label is cut with "…"; the full one is in <title>


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its count and an optional extra class (``sdg-3``)."""

    label: str
    value: int
    css: str = ""


def number(value: float) -> str:
    """A count written the way the active language writes numbers."""
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def text_width(text: str, size: float = FONT) -> float:
    """A generous guess of the width of ``text``: CJK characters one em,
    Arabic letters 0.45 em (Noto Naskh is narrow), others 0.55 em (Noto Sans
    averages 0.5 on running text). Wrapping only needs to stay inside."""
    ems = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in "WF":
            ems += 1
        elif "\u0600" <= char <= "\u06ff":
            ems += 0.45
        else:
            ems += 0.55
    return size * ems


def _chunks(word: str, width: float) -> list[str]:
    """A word too long for a line (or a run of CJK, which has no spaces),
    cut between characters."""
    out, current = [], ""
    for char in word:
        if current and text_width(current + char) > width:
            out.append(current)
            current = ""
        current += char
    return out + ([current] if current else [])


def wrap(text: str, width: float, max_lines: int = MAX_LINES) -> list[str]:
    """``text`` in lines no wider than ``width``, at most ``max_lines`` of
    them, the last one ending with "…" when something was cut."""
    lines: list[str] = []
    for word in text.split():
        for piece in _chunks(word, width):
            joined = f"{lines[-1]} {piece}" if lines else piece
            if lines and text_width(joined) <= width:
                lines[-1] = joined
            else:
                lines.append(piece)
    if len(lines) <= max_lines:
        return lines or [""]
    last = lines[max_lines - 1]
    while last and text_width(last + "…") > width:
        last = last[:-1].rstrip()
    return [*lines[: max_lines - 1], last + "…"]


class _Canvas:
    """Coordinates from the start edge, turned into x from the left."""

    def __init__(self, rtl: bool) -> None:
        self.rtl = rtl

    def x(self, start: float) -> float:
        return WIDTH - start if self.rtl else start

    def rect_x(self, start: float, width: float) -> float:
        return WIDTH - start - width if self.rtl else start


def _n(value: float) -> str:
    """A coordinate, short: 12 rather than 12.0, 3.5 rather than 3.5000001."""
    return f"{round(value, 1):g}"


def _open(chart_id: str, title: str, desc: str, height: float, rtl: bool) -> str:
    cid = escape(chart_id)
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {_n(height)}" width="{_n(WIDTH * NATURAL)}" '
        f'height="{_n(height * NATURAL)}" '
        f'role="img" aria-labelledby="{cid}-title {cid}-desc" '
        f'direction="{"rtl" if rtl else "ltr"}" font-size="{FONT}">'
        f'<title id="{cid}-title">{escape(title)}</title>'
        f'<desc id="{cid}-desc">{escape(desc)}</desc>'
    )


def _text(
    css: str, x: float, y: float, text: str, anchor: str = "start", extra: str = ""
) -> str:
    return (
        f'<text class="{css}" x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}"{extra}>'
        f"{escape(text)}</text>"
    )


def _empty(chart_id: str, title: str, desc: str, message: str, rtl: bool) -> str:
    c = _Canvas(rtl)
    return (
        _open(chart_id, title, desc, 40, rtl)
        + _text("chart-label", c.x(PAD), 24, message)
        + "</svg>"
    )


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    desc: str = "",
    empty: str = "No data",
    rtl: bool = False,
    fmt: Callable[[float], str] = number,
) -> str:
    """Horizontal bars in the given order, each under its label (a label
    above its bar leaves long names — the voluntary funds — readable on a
    phone), the count just beyond the bar's end. No axis line: it would
    run through the labels, and every bar starts at the same edge."""
    if not bars:
        return _empty(chart_id, title, desc, empty, rtl)
    c = _Canvas(rtl)
    values = [fmt(b.value) for b in bars]
    room = max(text_width(v) for v in values) + 8  # for the count after a bar
    longest = WIDTH - 2 * PAD - room
    top = max(b.value for b in bars)
    rows, y = [], 0.0
    for bar, value in zip(bars, values, strict=True):
        lines = wrap(bar.label, WIDTH - 2 * PAD)
        label = "".join(
            f'<tspan x="{_n(c.x(PAD))}" y="{_n(y + FONT + i * LINE)}">'
            f"{escape(line)}</tspan>"
            for i, line in enumerate(lines)
        )
        bar_y = y + FONT + (len(lines) - 1) * LINE + 6
        length = longest * bar.value / top if top else 0
        css = f"chart-bar {bar.css}".strip()
        rows.append(
            f"<g><title>{escape(bar.label)}: {escape(value)}</title>"
            f'<text class="chart-label" text-anchor="start">{label}</text>'
            f'<rect class="{escape(css)}" x="{_n(c.rect_x(PAD, length))}" '
            f'y="{_n(bar_y)}" width="{_n(length)}" height="{BAR}"/>'
            + _text("chart-value", c.x(PAD + length + 4), bar_y + BAR - 2, value)
            + "</g>"
        )
        y = bar_y + BAR + GAP
    height = y - GAP + PAD
    return _open(chart_id, title, desc, height, rtl) + "".join(rows) + "</svg>"


def nice_step(top: float, ticks: int = 4) -> int:
    """A round step (1, 2, 5 × 10ⁿ) giving about ``ticks`` grid lines up to
    ``top``."""
    if top <= ticks:
        return 1
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def column_chart(
    columns: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    desc: str = "",
    empty: str = "No data",
    rtl: bool = False,
    fmt: Callable[[float], str] = number,
) -> str:
    """Vertical columns in order (years, oldest at the start side), grid
    lines at round values, the count above each column when there is room
    and the label under it (every k-th one when they would collide)."""
    if not columns:
        return _empty(chart_id, title, desc, empty, rtl)
    c = _Canvas(rtl)
    height, top_pad, bottom = 220, 22, 24
    top = max(b.value for b in columns)
    step = nice_step(top)
    ceiling = max(step, math.ceil(top / step) * step)
    ticks = [fmt(v) for v in range(0, ceiling + 1, step)]
    start = PAD + max(text_width(t) for t in ticks) + 8
    plot_w, plot_h = WIDTH - PAD - start, height - top_pad - bottom
    base = height - bottom

    def y_of(value: float) -> float:
        return base - plot_h * value / ceiling

    parts = []
    for value, tick in zip(range(0, ceiling + 1, step), ticks, strict=True):
        y = y_of(value)
        parts.append(
            f'<line class="chart-grid" x1="{_n(c.x(start))}" '
            f'x2="{_n(c.x(WIDTH - PAD))}" y1="{_n(y)}" y2="{_n(y)}"/>'
            + _text("chart-label", c.x(start - 6), y + 4, tick, "end")
        )
    slot = plot_w / len(columns)
    width = min(slot * 0.7, 48)
    every = max(1, math.ceil(max(text_width(b.label) for b in columns) / (slot - 4)))
    show_values = all(text_width(fmt(b.value)) <= slot - 2 for b in columns)
    for i, bar in enumerate(columns):
        middle = start + slot * (i + 0.5)
        y = y_of(bar.value)
        css = f"chart-bar {bar.css}".strip()
        parts.append(
            f"<g><title>{escape(bar.label)}: {escape(fmt(bar.value))}</title>"
            f'<rect class="{escape(css)}" x="{_n(c.rect_x(middle - width / 2, width))}"'
            f' y="{_n(y)}" width="{_n(width)}" height="{_n(base - y)}"/>'
            + (
                _text("chart-value", c.x(middle), y - 5, fmt(bar.value), "middle")
                if show_values
                else ""
            )
            + (
                _text("chart-label", c.x(middle), base + 17, bar.label, "middle")
                if i % every == 0
                else ""
            )
            + "</g>"
        )
    axis = (
        f'<line class="chart-axis" x1="{_n(c.x(start))}" x2="{_n(c.x(WIDTH - PAD))}" '
        f'y1="{_n(base)}" y2="{_n(base)}"/>'
    )
    return _open(chart_id, title, desc, height, rtl) + "".join(parts) + axis + "</svg>"


def funnel_chart(
    steps: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    desc: str = "",
    rtl: bool = False,
    fmt: Callable[[float], str] = number,
    share: Callable[[int, int], str] | None = None,
) -> str:
    """Steps as bars centred on one axis, each as wide as its count
    relative to the first step, its label above it and its count (and,
    with ``share``, its share of the step before) at its end side. The last
    step, the outcome, is drawn with ``chart-bar-2``."""
    c = _Canvas(rtl)
    top = max([b.value for b in steps] + [0])
    notes = []
    for i, step in enumerate(steps):
        note = fmt(step.value)
        part = share(step.value, steps[i - 1].value) if share and i else ""
        if part:
            note += f" · {part}"
        notes.append(note)
    room = max([text_width(n) for n in notes] + [0]) + 8
    longest = WIDTH - 2 * PAD - 2 * room
    rows, y = [], 0.0
    for i, (step, note) in enumerate(zip(steps, notes, strict=True)):
        lines = wrap(step.label, WIDTH - 2 * PAD)
        label = "".join(
            f'<tspan x="{_n(WIDTH / 2)}" y="{_n(y + FONT + k * LINE)}">'
            f"{escape(line)}</tspan>"
            for k, line in enumerate(lines)
        )
        bar_y = y + FONT + (len(lines) - 1) * LINE + 6
        length = longest * step.value / top if top else 0
        left = (WIDTH - length) / 2
        css = "chart-bar-2" if i == len(steps) - 1 else "chart-bar"
        rows.append(
            f"<g><title>{escape(step.label)}: {escape(note)}</title>"
            f'<text class="chart-label" text-anchor="middle">{label}</text>'
            f'<rect class="{css}" x="{_n(left)}" y="{_n(bar_y)}" '
            f'width="{_n(length)}" height="{BAR + 6}"/>'
            # the end of a centred bar is at WIDTH/2 + length/2 from the start
            + _text("chart-value", c.x((WIDTH + length) / 2 + 4), bar_y + BAR, note)
            + "</g>"
        )
        y = bar_y + BAR + 6 + GAP
    height = max(y - GAP + PAD, 40)
    return _open(chart_id, title, desc, height, rtl) + "".join(rows) + "</svg>"
