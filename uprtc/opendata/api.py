"""Bulk downloads of all public data, mounted under /api/v1/export/.
``/export/activities.csv|.xlsx|.json`` is part of the public contract."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from ninja import Router

from uprtc.opendata.datasets import DATASETS, Dataset
from uprtc.opendata.writers import respond

router = Router(tags=["open data"])
FORMATS = ("csv", "xlsx", "json")


def _endpoint(dataset: Dataset, fmt: str) -> Callable[[HttpRequest], HttpResponseBase]:
    def download(request: HttpRequest) -> HttpResponseBase:
        return respond(dataset.name, fmt, dataset.columns, dataset.rows())

    download.__name__ = f"export_{dataset.name}_{fmt}"
    return download


# One route per file, not "/export/{name}.{fmt}": other exports share the
# /export/ prefix (iati.xml, nmirf/…) and must not be shadowed.
for _dataset in DATASETS.values():
    for _fmt in FORMATS:
        router.get(
            f"/export/{_dataset.name}.{_fmt}",
            summary=f"All public {_dataset.name} ({_fmt.upper()})",
            operation_id=f"export_{_dataset.name}_{_fmt}",
        )(_endpoint(_dataset, _fmt))
