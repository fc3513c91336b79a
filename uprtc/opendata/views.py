from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from uprtc.countries.models import Country
from uprtc.nmirf.layout import COLUMNS as NMIRF_COLUMNS
from uprtc.opendata.api import FORMATS
from uprtc.opendata.columns import TYPES
from uprtc.opendata.datasets import DATASETS


def data_dictionary(request: HttpRequest) -> HttpResponse:
    """Every data set with its download links and the meaning of each column."""
    return render(
        request,
        "opendata/index.html",
        {
            "datasets": DATASETS.values(),
            "formats": FORMATS,
            "types": TYPES,
            "nmirf_columns": NMIRF_COLUMNS,
            "states": Country.objects.states()
            .filter(recommendations_received__isnull=False)
            .distinct(),
        },
    )
