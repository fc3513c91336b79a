from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

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
            # shown as an address to copy, not a link: a browser opens a feed
            # as raw XML (the page's <head> announces it to feed readers)
            "feed_url": request.build_absolute_uri(reverse("activities-feed")),
            "states": Country.objects.states()
            .filter(recommendations_received__isnull=False)
            .distinct(),
        },
    )
