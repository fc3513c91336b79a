from typing import Any

from ninja import NinjaAPI

from uprtc.api import (
    activities,
    classification,
    coverage,
    errors,
    linking,
    matching,
    reference,
    search,
    statistics,
)
from uprtc.api.docs import StrictSwagger
from uprtc.api.throttles import AddressThrottle, TokenThrottle
from uprtc.iati import api as iati_api
from uprtc.nmirf import api as nmirf_api
from uprtc.opendata import api as opendata_api


class Api(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return errors.document(super().get_openapi_schema(**kwargs))


api = Api(
    title="uprtc API",
    version="1",
    description=(
        "The UPR technical cooperation repository: activities, recommendations, "
        "States, organizations, requests, offers and matches, coverage and "
        "statistics. Reads need no token and show public data only; writes need "
        "`Authorization: Bearer <token>` and follow the same rules as the web "
        "interface. Lists are `{count, items, next}` with cursor pagination. "
        "Errors are application/problem+json naming the field. Reads carry an "
        "ETag; send If-None-Match to get 304. Rate limits apply per address and "
        "per token (429 with Retry-After)."
    ),
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs=StrictSwagger(),
    throttle=[AddressThrottle(), TokenThrottle()],
)
errors.install(api)
api.add_router("", activities.router)
api.add_router("", linking.router)  # before /recommendations/{id}
api.add_router("", reference.router)
api.add_router("", search.router)
api.add_router("", coverage.router)
api.add_router("", statistics.router)
api.add_router("", matching.router)
api.add_router("", classification.router)
api.add_router("", iati_api.router)
api.add_router("", opendata_api.router)
api.add_router("", nmirf_api.router)
