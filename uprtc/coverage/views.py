from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from uprtc.countries.models import Country, RegionalGroup
from uprtc.coverage.compute import Tally
from uprtc.coverage.services import UNTHEMED, global_coverage, state_coverage
from uprtc.nmirf.services import can_import
from uprtc.taxonomies.models import Theme


def _theme_rows(by_theme: dict[str, Tally]) -> list[dict[str, Any]]:
    names = {t.slug: t.name for t in Theme.objects.filter(slug__in=by_theme)}
    rows = [
        {"key": k, "label": names.get(k, "—"), "tally": t}
        for k, t in by_theme.items()
        if k != UNTHEMED
    ]
    return sorted(rows, key=lambda r: (-r["tally"].accepted, r["label"]))


def global_view(request: HttpRequest) -> HttpResponse:
    data = global_coverage()
    themes = _theme_rows(data.by_theme)[:15]
    groups = [(value, label) for value, label in RegionalGroup.choices]
    matrix = [
        {
            "group": label,
            "key": value,
            "total": data.by_group.get(value),
            "cells": [data.cells.get((value, t["key"])) for t in themes],
        }
        for value, label in groups
    ]
    countries = Country.objects.in_bulk(list(data.by_state), field_name="iso3")
    states = sorted(data.by_state.items(), key=lambda kv: (-kv[1].accepted, kv[0]))
    return render(
        request,
        "coverage/global.html",
        {
            "data": data,
            "themes": themes,
            "matrix": matrix,
            "states": [(countries[k], t) for k, t in states if k in countries],
        },
    )


def state_view(request: HttpRequest, iso3: str) -> HttpResponse:
    country = get_object_or_404(Country, iso3=iso3.upper())
    data = state_coverage(country)
    page = Paginator(data.uncovered, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "coverage/state.html",
        {
            "country": country,
            "data": data,
            "themes": _theme_rows(data.by_theme),
            "cycles": sorted(data.by_cycle.items(), reverse=True),
            "page": page,
            "can_import_plan": can_import(request.user, country),
        },
    )
