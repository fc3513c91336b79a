"""The public statistics page and each chart's numbers as CSV and PNG."""

from __future__ import annotations

import csv
import io

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import formats, timezone
from django.utils.translation import get_language, get_language_bidi, gettext

from uprtc.core.publication import cached
from uprtc.countries.models import Country
from uprtc.opendata.writers import BOM, csv_cell
from uprtc.statistics import png
from uprtc.statistics.charts import number
from uprtc.statistics.figures import (
    NOTHING,
    SPECS,
    Chart,
    chart,
    data,
    headline,
    shown,
    states_with_activities,
)


def _state(request: HttpRequest) -> Country | None:
    """``?state=SVN`` narrows everything to one State, as in the API; an
    unknown code is a 404 there and here."""
    iso3 = request.GET.get("state", "").strip().upper()
    return get_object_or_404(Country, iso3=iso3) if iso3 else None


def _chart(request: HttpRequest, name: str) -> tuple[Chart, Country | None]:
    if name not in SPECS:
        raise Http404
    state = _state(request)
    return chart(name, state), state


def _filename(name: str, state: Country | None, ext: str) -> str:
    where = f"-{state.iso3.lower()}" if state else ""
    return f"uprtc-{name}{where}-{get_language()}.{ext}"


def index(request: HttpRequest) -> HttpResponse:
    state = _state(request)
    return render(
        request,
        "statistics/index.html",
        {
            "state": state,
            "query": f"?state={state.iso3}" if state else "",
            "headline": [(number(n), label) for n, label in headline(data(state))],
            "activity_charts": [chart(n, state) for n in SPECS if n != "funnel"],
            "matchmaking_charts": [chart("funnel", state)],
            "states": states_with_activities(),
        },
    )


def chart_csv(request: HttpRequest, name: str) -> HttpResponse:
    """UTF-8 with a byte order mark (Excel reads UTF-8 only with it), one
    header row, text cells guarded against formulas; counts as plain numbers
    for spreadsheets, whatever the page's language."""
    found, state = _chart(request, name)
    out = io.StringIO()
    writer = csv.writer(out)
    header = [gettext("Code"), found.heading, found.unit]
    if found.shares:
        header.append(gettext("Share of the step before (%)"))
    writer.writerow([csv_cell(h) for h in header])
    for i, row in enumerate(found.rows):
        cells = [csv_cell(row.key), csv_cell(row.label), row.count]
        if found.shares:
            before = found.rows[i - 1].count if i else 0
            cells.append(round(100 * row.count / before, 1) if before else "")
        writer.writerow(cells)
    response = HttpResponse(
        BOM + out.getvalue(), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(name, state, "csv")}"'
    )
    return response


def chart_png(request: HttpRequest, name: str) -> HttpResponse:
    """The chart drawn by matplotlib, with its title and source: for slides
    and documents, where an SVG would not go."""
    found, state = _chart(request, name)

    def build() -> bytes:
        rows = [(r.label, r.count) for r in shown(name, found.rows)]
        source = gettext(
            "Source: UPR technical cooperation repository, public data of %(date)s"
        ) % {"date": formats.date_format(timezone.localdate(), "DATE_FORMAT")}
        title = f"{found.title} — {state.name}" if state else found.title
        options = {
            "title": title,
            "source": source,
            "rtl": get_language_bidi(),
            "empty": str(NOTHING),
        }
        if SPECS[name].kind == "columns":
            return png.columns(rows, **options)
        last = png.SECOND if SPECS[name].kind == "funnel" else None
        return png.bars(rows, last_colour=last, **options)

    body = cached("stats-png", build, name, state.iso3 if state else "")
    response = HttpResponse(body, content_type="image/png")
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(name, state, "png")}"'
    )
    return response
