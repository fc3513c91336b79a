"""NMIRF implementation plans, mounted under /api/v1/: export for anyone,
import for the State's focal point or a moderator."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from ninja import File, Router, UploadedFile

from uprtc.api.auth import TokenAuth
from uprtc.api.params import Int
from uprtc.countries.models import Country
from uprtc.nmirf.exports import plan_response
from uprtc.nmirf.services import import_implementation_plan

router = Router(tags=["nmirf"])


def _state(iso3: str) -> Country:
    return get_object_or_404(Country, iso3=iso3.upper())


@router.get(
    "/export/nmirf/{iso3}.csv",
    summary="Implementation plan of a State (CSV), one row per recommendation",
)
def export_plan_csv(
    request: HttpRequest, iso3: str, cycle: Int | None = None, response: str = ""
) -> HttpResponseBase:
    return plan_response(_state(iso3), "csv", cycle, response)


@router.get(
    "/export/nmirf/{iso3}.xlsx",
    summary="Implementation plan of a State (XLSX), one row per recommendation",
)
def export_plan_xlsx(
    request: HttpRequest, iso3: str, cycle: Int | None = None, response: str = ""
) -> HttpResponseBase:
    return plan_response(_state(iso3), "xlsx", cycle, response)


@router.post(
    "/nmirf/{iso3}/import",
    auth=TokenAuth(),
    summary="Import a State's implementation plan (CSV or XLSX, export layout)",
)
def import_plan(
    request: HttpRequest, iso3: str, file: File[UploadedFile]
) -> dict[str, Any]:
    report = import_implementation_plan(request.auth, _state(iso3), file)
    return report.as_dict()
