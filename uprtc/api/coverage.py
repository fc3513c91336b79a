"""Coverage of accepted recommendations: JSON and CSV."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router

from uprtc.countries.models import Country
from uprtc.coverage import exports

router = Router(tags=["coverage"])


def _csv(text: str, name: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get("/coverage", summary="Coverage of accepted recommendations, all States")
def coverage_all(request: HttpRequest) -> dict[str, Any]:
    return exports.global_dict()


@router.get("/coverage.csv", summary="Coverage by UN regional group and theme (CSV)")
def coverage_all_csv(request: HttpRequest) -> HttpResponse:
    return _csv(exports.global_csv(), "uprtc-coverage.csv")


@router.get(
    "/coverage/{iso3}.csv", summary="One State's accepted recommendations (CSV)"
)
def coverage_state_csv(request: HttpRequest, iso3: str) -> HttpResponse:
    country = get_object_or_404(Country, iso3=iso3.upper())
    return _csv(exports.state_csv(country), f"uprtc-coverage-{country.iso3}.csv")


@router.get("/coverage/{iso3}", summary="Coverage of one State")
def coverage_state(request: HttpRequest, iso3: str) -> dict[str, Any]:
    return exports.state_dict(get_object_or_404(Country, iso3=iso3.upper()))
