"""The implementation plan of one State as CSV or XLSX, in the layout the
import reads back."""

from __future__ import annotations

from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from uprtc.core.errors import DomainError
from uprtc.countries.models import Country
from uprtc.nmirf.layout import COLUMNS, plan_rows
from uprtc.opendata.writers import respond
from uprtc.recommendations.models import Response

FORMATS = ("csv", "xlsx")


def plan_response(
    country: Country, fmt: str, cycle: int | None = None, response: str | None = None
) -> HttpResponseBase:
    if response and response not in Response.values:
        raise DomainError(
            _("use one of: %(allowed)s") % {"allowed": ", ".join(Response.values)},
            field="response",
        )
    rows = plan_rows(country, cycle, response).iterator(chunk_size=500)
    return respond(f"nmirf-{country.iso3}", fmt, COLUMNS, rows)
