from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from uprtc.activities.feeds import ActivityFeed
from uprtc.api.api import api
from uprtc.api.guide import api_reference
from uprtc.core import design as core_design
from uprtc.core import views as core_views

# The admin site signs in through allauth too: one sign-in page, with its rate
# limits and second factor.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

# a 500 whose cause is the database out of reach answers 503 instead, also
# when a middleware raised it (uprtc.core.middleware.server_error)
handler500 = "uprtc.core.middleware.server_error"
# every refusal of a page, with what role it takes (uprtc.core.permissions)
handler403 = "uprtc.core.permissions.forbidden"

urlpatterns = [
    path("healthz", core_views.health, name="core-health"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("api/v1/", api.urls),
    path("feeds/activities.atom", ActivityFeed(), name="activities-feed"),
]

urlpatterns += i18n_patterns(
    path("", core_views.home, name="core-home"),
    path("design/", core_design.design, name="design"),
    path("recommendations/", include("uprtc.recommendations.urls")),
    path("countries/", include("uprtc.countries.urls")),
    path("activities/", include("uprtc.activities.urls")),
    path("search/", include("uprtc.search.urls")),
    path("coverage/", include("uprtc.coverage.urls")),
    path("statistics/", include("uprtc.statistics.urls")),
    path("matching/", include("uprtc.matching.urls")),
    path("classification/", include("uprtc.classification.urls")),
    path("iati/", include("uprtc.iati.urls")),
    path("open-data/", include("uprtc.opendata.urls")),
    path("api/", api_reference, name="api-reference"),
    path("nmirf/", include("uprtc.nmirf.urls")),
    path("reports/", include("uprtc.reports.urls")),
    path("organizations/", include("uprtc.actors.urls")),
    path("dashboard/", include("uprtc.notifications.urls")),
    path("notifications/", include("uprtc.notifications.email_urls")),
    path("accounts/", include("uprtc.actors.account_urls")),  # enrolment, tokens
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
