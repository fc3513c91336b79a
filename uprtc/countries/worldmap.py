"""A choropleth world map, drawn on the server as SVG.

The country shapes are Natural Earth 1:110m in the Equal Earth projection,
prepared once by ``scripts/build_world_map.py`` (see ``data/README.md``).
Everything here is a pure function of its arguments: the caller says which
countries are States with a page (``href_for``), what each one's title says
(``label_for``) and how values are classed (``Bins``), so that the drawing
is tested without a database and cached by the caller.

Colours come only from classes (strict CSP: no inline style): ``.map-bin-0``
(no data or zero) to ``.map-bin-5`` (highest), ``.map-none`` for land that
is not a State in our list. The map is never mirrored in right-to-left
pages (geography does not turn round); the legend is HTML and follows the
page direction."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

DATA = Path(__file__).resolve().parent / "data" / "world-110m-paths.json"
CLASSES = 5  # bins 1..5 carry data; bin 0 is "no data or zero"

Number = int | float


@dataclass(frozen=True)
class Geometry:
    width: int
    height: int
    paths: dict[str, str]  # ISO 3166 alpha-3 → SVG path data


@cache
def geometry() -> Geometry:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return Geometry(int(data["width"]), int(data["height"]), data["paths"])


def path_for(iso3: str) -> str | None:
    """The country's outline, or None for a State too small for 1:110m
    (most small island States): such States are only in the table."""
    return geometry().paths.get(iso3.upper())


@dataclass(frozen=True)
class Bins:
    """Classes by lower bound: a value is in bin ``k`` (1-based) when it is
    at least ``lowers[k-1]`` and below ``lowers[k]``; a value below the first
    bound, or no value, is in bin 0. ``top`` is the highest value (for the
    last legend label); ``percent`` says the values are percentages."""

    lowers: tuple[Number, ...]
    top: Number
    percent: bool = False

    def bin_of(self, value: Number | None) -> int:
        if value is None or not self.lowers or value < self.lowers[0]:
            return 0
        return sum(1 for lower in self.lowers if value >= lower)

    def labels(self) -> list[tuple[int, str]]:
        """(bin, label) for bins 1..n: "1–2", "3", "10–25" or "0–19%"."""
        out = []
        for i, lower in enumerate(self.lowers):
            last = i + 1 == len(self.lowers)
            if self.percent:
                upper = 100 if last else self.lowers[i + 1] - 1
            else:
                upper = self.top if last else self.lowers[i + 1] - 1
            low, high = _fmt(lower), _fmt(upper)
            text = low if low == high else f"{low}–{high}"
            if self.percent:
                text = gettext("%(range)s%%") % {"range": text}
            out.append((i + 1, text))
        return out


def _fmt(value: Number) -> str:
    return number_format(value, decimal_pos=0, force_grouping=True)


def count_bins(values: Iterable[Number], classes: int = CLASSES) -> Bins:
    """Quantile classes over the non-zero counts: each colour holds about as
    many States (counts are skewed: a few States have most activities).
    Bounds are whole numbers taken from the data, so no class is empty; the
    first is the smallest non-zero value."""
    data = sorted(v for v in values if v and v > 0)
    if not data:
        return Bins((), 0)
    lowers: list[int] = [math.ceil(data[0])]
    for k in range(1, classes):
        bound = math.ceil(data[(k * len(data)) // classes])
        if bound > lowers[-1]:
            lowers.append(bound)
    # Ties (many States with 1 or 2 activities) merge quantiles: split the
    # class holding the most distinct values until there are enough classes
    distinct = sorted({math.ceil(v) for v in data})
    while len(lowers) < classes:
        members = [
            [v for v in distinct if lower <= v < upper]
            for lower, upper in zip(lowers, [*lowers[1:], math.inf], strict=True)
        ]
        widest = max(members, key=len)
        if len(widest) < 2:
            break
        lowers = sorted([*lowers, widest[len(widest) // 2]])
    return Bins(tuple(lowers), math.ceil(data[-1]))


def percent_bins() -> Bins:
    """Fixed steps of 20 % from 0: coverage is compared between States and
    over time, so the classes never move. 0 % is data (bin 1)."""
    return Bins((0, 20, 40, 60, 80), 100, percent=True)


@dataclass(frozen=True)
class LegendItem:
    css: str  # map-bin-K or map-none
    label: str


def legend(bins: Bins, zero_label: str, none_label: str) -> list[LegendItem]:
    return [
        LegendItem("map-bin-0", zero_label),
        *(LegendItem(f"map-bin-{k}", text) for k, text in bins.labels()),
        LegendItem("map-none", none_label),
    ]


def render(
    values: Mapping[str, Number],
    *,
    bins: Bins,
    label_for: Callable[[str, Number | None], str],
    href_for: Callable[[str], str | None],
    title: str,
    description: str = "",
    html_id: str = "world-map",
) -> SafeString:
    """The map as one ``<svg>``: each country that ``href_for`` gives a link
    is an ``<a class="map-country">`` with a ``<title>`` (``label_for``) and
    its path classed ``map-bin-K`` by its value; other land is ``map-none``.

    ``role="group"``, not ``"img"``: an image's children are presentational,
    so links inside one are hidden from assistive technologies (axe-core:
    ``nested-interactive``, serious); as a named group, each country link is
    reachable with its title.

    Links are written ``xlink:href`` (SVG 1.1, read by every browser): in an
    SVG ``<a>`` the ``href`` property is an object, not a string, and tools
    that collect ``a[href]`` across a page as strings (crawlers, link
    checkers) break on it; the country profiles are linked from HTML too."""
    geo = geometry()
    countries = []
    for iso3, d in geo.paths.items():
        href = href_for(iso3)
        if not href:
            countries.append(format_html('<path class="map-none" d="{}"/>', d))
            continue
        value = values.get(iso3)
        countries.append(
            format_html(
                '<a class="map-country" xlink:href="{}"><title>{}</title>'
                '<path class="map-bin-{}" d="{}"/></a>',
                href,
                label_for(iso3, value),
                bins.bin_of(value),
                d,
            )
        )
    labelled = f"{html_id}-title"
    desc = ""
    if description:
        labelled += f" {html_id}-desc"
        desc = format_html('<desc id="{}-desc">{}</desc>', html_id, description)
    head = format_html(
        '<svg class="map" id="{}" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'viewBox="0 0 {} {}" role="group" '
        'aria-labelledby="{}"><title id="{}-title">{}</title>{}',
        html_id,
        geo.width,
        geo.height,
        labelled,
        html_id,
        title,
        desc,
    )
    return mark_safe(head + "".join(countries) + "</svg>")  # noqa: S308 - parts escaped above


def legend_html(items: list[LegendItem], label: str) -> SafeString:
    """``<ul class="map-legend">`` of colour keys (SVG squares: colours only
    through classes) and their labels."""
    rows = format_html_join(
        "",
        '<li><svg viewBox="0 0 14 14" width="14" height="14" aria-hidden="true">'
        '<rect class="{}" width="14" height="14"/></svg> {}</li>',
        ((item.css, item.label) for item in items),
    )
    return format_html('<ul class="map-legend" aria-label="{}">{}</ul>', label, rows)
