from ninja import NinjaAPI

from uprtc.api import activities, coverage, errors, matching, search

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
