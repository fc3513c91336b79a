from ninja import NinjaAPI

from uprtc.api import activities, coverage, errors, matching, search
from uprtc.iati import api as iati_api
from uprtc.nmirf import api as nmirf_api
from uprtc.opendata import api as opendata_api

api = NinjaAPI(
    title="uprtc API",
    version="1",
    description=(
        "The UPR technical cooperation repository: activities, their review and "
        "the consent of the States concerned. Errors are application/problem+json."
    ),
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
errors.install(api)
api.add_router("", activities.router)
api.add_router("", search.router)
api.add_router("", coverage.router)
api.add_router("", matching.router)
api.add_router("", iati_api.router)
api.add_router("", opendata_api.router)
api.add_router("", nmirf_api.router)
